import type { CommentStatus, StoredLike, StoredSubscription, StoredUser } from '../storage/storage';

/** The page (thread) a comment belongs to, as the source system named it. */
export interface ImportedPage {
  /** natter's page id: the path of the article's URL (what the widget uses by default). */
  pageId: string;
  title: string | null;
  url: string | null;
}

/** One comment read from an export, in natter's terms but not yet stored. */
export interface ImportedComment {
  /** The source system (`wxr:<site>`, `disqus:<forum>`, `natter:<instance>`) … */
  source: string;
  /** … and the comment's id there; together they make the import idempotent. */
  id: string;
  /** The parent's id, or null for a top-level comment … */
  parentId: string | null;
  /** … in this source, unless named here (natter's JSON: a reply written on natter to an imported comment). */
  parentSource?: string;
  page: ImportedPage;
  status: CommentStatus;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  ip: string | null;
  createdAt: number;
  /** The body as the source wrote it. */
  body: string;
  /** `html` for WordPress and Disqus bodies, `markdown` for comments written on natter. */
  format: 'html' | 'markdown';
  /** Where the comment starts in the file, for the summary. */
  line: number;
  /** Everything else natter keeps, present when natter's own JSON is imported (lossless). */
  natter?: NatterCommentExtras;
}

/** Fields only natter's own export carries. */
export interface NatterCommentExtras {
  bodyHtml: string;
  contentHash: string;
  idempotencyKey: string;
  userId: string | null;
  authorProvider: string | null;
  avatarKey: string | null;
  visitorHash: string | null;
  editTokenHash: string | null;
  userAgent: string | null;
  editedAt: number | null;
}

/** What a reader hands the importer, in file order. */
export type ImportRecord =
  | { kind: 'page'; page: ImportedPage }
  | { kind: 'comment'; comment: ImportedComment }
  /** Something in the file that is deliberately not imported, and why. */
  | { kind: 'skip'; id: string; reason: string; line: number }
  /** natter's own JSON also carries its users, avatars, likes and subscriptions. */
  | { kind: 'user'; user: StoredUser }
  | { kind: 'avatar'; key: string; email: string | null; url: string | null }
  | { kind: 'like'; like: StoredLike }
  | { kind: 'subscription'; subscription: Omit<StoredSubscription, 'id'> };

/** natter's page id for an article URL: its path (and query, when it has one). */
export function pageIdFromUrl(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  try {
    const url = new URL(raw.trim());
    return url.pathname + url.search;
  } catch {
    return raw.trim().startsWith('/') ? raw.trim() : null;
  }
}

/** An author's website as natter stores it (absolute http(s), at most 2048 characters), or null. */
export function websiteOrNull(raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= 2048 ? url.href : null;
  } catch {
    return null;
  }
}

/** Bidi controls, zero-width characters and other control characters: never part of a name. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** An author's name as natter shows it: visible characters, NFC, 1–64 characters ("Anonymous" when empty). */
export function authorName(raw: string): string {
  const clean = raw.replace(INVISIBLE, '').replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
    const code = c.charCodeAt(0);
    const paired = code < 0xdc00 ? /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '') : /[\uD800-\uDBFF]/.test(s[i - 1] ?? '');
    return paired ? c : '';
  }).normalize('NFC').replace(/\s+/g, ' ').trim();
  if (clean === '') return 'Anonymous';
  const chars = [...clean];
  return chars.length <= 64 ? clean : `${chars.slice(0, 63).join('')}…`;
}

/** An email address as stored, or null when the field is empty or not an address. */
export function emailOrNull(raw: string | null): string | null {
  const value = raw?.trim() ?? '';
  return /^[^\s@]+@[^\s@]+$/.test(value) && value.length <= 254 ? value : null;
}
