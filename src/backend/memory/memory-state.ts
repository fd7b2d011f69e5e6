import { PROVIDERS } from '../../model/types';
import type { Author, ProviderId, VisibleStatus } from '../../model/types';
import type { MemorySeed } from './memory-seed';
import { textToHtml } from './memory-text';

/** A comment as the memory backend keeps it (with what it never shows: owner and email). */
export interface StoredComment {
  id: string;
  pageId: string;
  parentId: string | null;
  author: Author;
  /** Who may edit it and sees it while pending: `v:<visitor id>` or `u:<provider>:<user id>`. */
  owner: string;
  /** Lower-cased guest email, or `''`. */
  email: string;
  source: string;
  bodyHtml: string;
  createdAt: string;
  editedAt?: string;
  status: VisibleStatus;
  /** Insertion order, the tie-breaker for equal timestamps. */
  seq: number;
}

/** One like: `liker` is an owner key as in {@link StoredComment.owner}. */
export interface StoredLike {
  pageId: string;
  liker: string;
  author: Author;
  at: string;
}

/** Everything a memory backend stores. */
export interface MemoryState {
  seq: number;
  comments: StoredComment[];
  likes: StoredLike[];
  /** `<owner>\n<idempotency key>` → comment id. */
  keys: Record<string, string>;
  /** Guest emails that have commented before (their next comments skip moderation). */
  knownEmails: string[];
}

/** A fresh state holding `seed`. */
export function stateFromSeed(seed: MemorySeed = {}): MemoryState {
  const state: MemoryState = { seq: 0, comments: [], likes: [], keys: Object.create(null), knownEmails: [] };
  for (const c of seed.comments ?? []) {
    const email = c.email?.trim().toLowerCase() ?? '';
    state.comments.push({
      id: c.id, pageId: c.pageId, parentId: c.parentId, author: { ...c.author }, owner: `seed:${c.id}`, email,
      source: c.body, bodyHtml: textToHtml(c.body), createdAt: c.createdAt, status: c.status ?? 'approved', seq: ++state.seq,
    });
    if (email && !state.knownEmails.includes(email)) state.knownEmails.push(email);
  }
  for (const [i, like] of (seed.likes ?? []).entries()) {
    state.likes.push({ pageId: like.pageId, liker: `seed:like:${i}`, author: { ...like.liker }, at: like.at });
  }
  return state;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const optString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isProvider = (v: unknown): v is ProviderId => PROVIDERS.some((p) => p === v);

/** An {@link Author} read from storage, or `null`. */
export function parseAuthor(v: unknown): Author | null {
  if (!isRecord(v) || !isString(v.name) || !optString(v.url) || !optString(v.avatarUrl)) return null;
  if (v.provider !== undefined && !isProvider(v.provider)) return null;
  const author: Author = { name: v.name };
  if (v.url !== undefined) author.url = v.url;
  if (v.avatarUrl !== undefined) author.avatarUrl = v.avatarUrl;
  if (v.provider !== undefined) author.provider = v.provider;
  return author;
}

function parseComment(v: unknown): StoredComment | null {
  if (!isRecord(v)) return null;
  const { id, pageId, parentId, owner, email, source, bodyHtml, createdAt, editedAt, status, seq } = v;
  const author = parseAuthor(v.author);
  if (!author || !isString(id) || !isString(pageId) || !(parentId === null || isString(parentId))) return null;
  if (!isString(owner) || !isString(email) || !isString(source) || !isString(bodyHtml) || !isString(createdAt)) return null;
  if (!optString(editedAt) || (status !== 'approved' && status !== 'pending') || typeof seq !== 'number') return null;
  const comment: StoredComment = { id, pageId, parentId, author, owner, email, source, bodyHtml, createdAt, status, seq };
  if (editedAt !== undefined) comment.editedAt = editedAt;
  return comment;
}

function parseLike(v: unknown): StoredLike | null {
  if (!isRecord(v) || !isString(v.pageId) || !isString(v.liker) || !isString(v.at)) return null;
  const author = parseAuthor(v.author);
  return author && { pageId: v.pageId, liker: v.liker, author, at: v.at };
}

function parseList<T>(v: unknown, parse: (item: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const item of v) {
    const parsed = parse(item);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

/** A {@link MemoryState} read back from storage (JSON text), or `null` when it is not one. */
export function parseState(text: string): MemoryState | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || typeof v.seq !== 'number' || !isRecord(v.keys)) return null;
  const comments = parseList(v.comments, parseComment);
  const likes = parseList(v.likes, parseLike);
  const knownEmails = parseList(v.knownEmails, (e) => (isString(e) ? e : null));
  if (!comments || !likes || !knownEmails) return null;
  const keys: Record<string, string> = Object.create(null);
  for (const [key, id] of Object.entries(v.keys)) {
    if (!isString(id)) return null;
    keys[key] = id;
  }
  return { seq: v.seq, comments, likes, keys, knownEmails };
}
