import { PROVIDERS } from '../model/types';
import type { Author, Comment, LikeSummary, ProviderId, Session, SiteConfig } from '../model/types';
import { isErrorCode } from '../shared/error-codes';
import type { ErrorBody } from '../shared/error-codes';
import type { LiveEvent } from './backend';

/**
 * Lean adapters for the natter server's JSON: each takes `unknown`, checks the
 * fields it needs and returns a `model/` type, or throws a `TypeError` naming
 * the first field that is wrong. Unknown fields are dropped; `null` is absent.
 */

type Json = Record<string, unknown>;
type Is<T> = (value: unknown) => value is T;

function fail(what: string): never {
  throw new TypeError(`unexpected ${what}`);
}

/** True for a JSON object (not an array). */
export const isRecord: Is<Json> = (v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString: Is<string> = (v): v is string => typeof v === 'string';
const isBoolean: Is<boolean> = (v): v is boolean => typeof v === 'boolean';
const isCount: Is<number> = (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isProvider: Is<ProviderId> = (v): v is ProviderId => PROVIDERS.some((p) => p === v);

/** `value` when it passes `is`, else a TypeError naming `what`. */
function must<T>(value: unknown, is: Is<T>, what: string): T {
  return is(value) ? value : fail(what);
}

/** Field `key` of `o`, checked by `is`; absent optional fields are `undefined`. */
function get<T>(o: Json, key: string, is: Is<T>): T;
function get<T>(o: Json, key: string, is: Is<T>, optional: true): T | undefined;
function get<T>(o: Json, key: string, is: Is<T>, optional?: true): T | undefined {
  const value = o[key] ?? undefined;
  return optional && value === undefined ? undefined : must(value, is, key);
}

const rec = (value: unknown, what: string): Json => must(value, isRecord, what);
const str = (o: Json, key: string): string => get(o, key, isString);
const count = (o: Json, key: string): number => get(o, key, isCount);
const bool = (o: Json, key: string): boolean => get(o, key, isBoolean);
const list = <T>(o: Json, key: string, each: (item: unknown) => T): T[] => must(o[key], Array.isArray, key).map(each);

/** Copies the optional fields `keys` of `o` that are present onto `target`, each checked by `is`. */
function optionals<T extends object>(target: T, o: Json, keys: readonly (keyof T & string)[], is: Is<unknown> = isString): T {
  for (const key of keys) {
    const value = get(o, key, is, true);
    if (value !== undefined) Reflect.set(target, key, value);
  }
  return target;
}

/** An {@link Author}. */
export function toAuthor(value: unknown): Author {
  const o = rec(value, 'author');
  return optionals(optionals<Author>({ name: str(o, 'name') }, o, ['url', 'avatarUrl']), o, ['provider'], isProvider);
}

/** A {@link Comment}. */
export function toComment(value: unknown): Comment {
  const o = rec(value, 'comment');
  const status = o.status === 'approved' || o.status === 'pending' ? o.status : fail('status');
  const comment: Comment = {
    id: str(o, 'id'),
    pageId: str(o, 'pageId'),
    parentId: get(o, 'parentId', isString, true) ?? null,
    author: toAuthor(o.author),
    bodyHtml: str(o, 'bodyHtml'),
    createdAt: str(o, 'createdAt'),
    status,
  };
  return optionals(optionals(comment, o, ['editedAt', 'editableUntil', 'source']), o, ['mine'], isBoolean);
}

/**
 * Each thread followed by its replies, as the contract lists a page. The
 * server sends the top-level comments first and then every reply, oldest
 * first (a parent always before its replies); relative order is kept.
 */
function threadOrder(comments: Comment[]): Comment[] {
  const rootOf = new Map<string, string>();
  const threads = new Map<string, Comment[]>();
  for (const c of comments) {
    const root = (c.parentId !== null && rootOf.get(c.parentId)) || c.id;
    rootOf.set(c.id, root);
    const thread = threads.get(root);
    if (thread) thread.push(c);
    else threads.set(root, [c]);
  }
  return [...threads.values()].flat();
}

/** `GET /api/comments`, threads in order with their replies. */
export function toCommentPage(value: unknown): { comments: Comment[]; nextCursor: string | null; total: number } {
  const o = rec(value, 'page');
  return {
    comments: threadOrder(list(o, 'comments', toComment)),
    nextCursor: get(o, 'nextCursor', isString, true) ?? null,
    total: count(o, 'total'),
  };
}

/** `POST /api/comments`: the comment and, for guests, its edit token. */
export function toPosted(value: unknown): { comment: Comment; editToken?: string } {
  const o = rec(value, 'answer');
  return optionals<{ comment: Comment; editToken?: string }>({ comment: toComment(o.comment) }, o, ['editToken']);
}

/** `PATCH /api/comments/:id`. */
export function toEdited(value: unknown): Comment {
  return toComment(rec(value, 'answer').comment);
}

/** A {@link SiteConfig}. */
export function toSiteConfig(value: unknown): SiteConfig {
  const o = rec(value, 'config');
  const features = rec(o.features, 'features');
  const limits = rec(o.limits, 'limits');
  const config: SiteConfig = {
    providers: list(o, 'providers', (p) => must(p, isProvider, 'provider')),
    guests: bool(o, 'guests'),
    requireNameEmail: bool(o, 'requireNameEmail'),
    features: {
      likes: bool(features, 'likes'),
      notifyReplies: bool(features, 'notifyReplies'),
      notifyPosts: bool(features, 'notifyPosts'),
      edit: bool(features, 'edit'),
      live: bool(features, 'live'),
    },
    limits: {
      bodyMaxLength: count(limits, 'bodyMaxLength'),
      nameMaxLength: count(limits, 'nameMaxLength'),
      urlMaxLength: count(limits, 'urlMaxLength'),
      editWindowSeconds: count(limits, 'editWindowSeconds'),
      pageSizeMax: count(limits, 'pageSizeMax'),
    },
  };
  return optionals(config, o, ['simulatedSignIn'], isBoolean);
}

/** A {@link LikeSummary}. */
export function toLikes(value: unknown): LikeSummary {
  const o = rec(value, 'likes');
  return { count: count(o, 'count'), liked: bool(o, 'liked'), likers: list(o, 'likers', toAuthor) };
}

/** A {@link Session}, or `null`. */
export function toSession(value: unknown): Session | null {
  if (value == null) return null;
  const o = rec(value, 'session');
  const user = rec(o.user, 'user');
  return {
    provider: get(o, 'provider', isProvider),
    user: optionals<Session['user']>({ id: str(user, 'id'), name: str(user, 'name') }, user, ['avatarUrl', 'profileUrl']),
  };
}

/** `GET /api/session`: the session, or `null` when signed out. */
export function toSessionAnswer(value: unknown): Session | null {
  return toSession(rec(value, 'answer').session);
}

/** `POST /auth/exchange`: the bearer token and the session. */
export function toExchange(value: unknown): { token: string; session: Session } {
  const o = rec(value, 'answer');
  return { token: str(o, 'token'), session: toSession(o.session) ?? fail('session') };
}

/** `GET /api/counts`. */
export function toCounts(value: unknown): Record<string, number> {
  const counts = rec(rec(value, 'answer').counts, 'counts');
  const out: Record<string, number> = {};
  for (const page of Object.keys(counts)) out[page] = count(counts, page);
  return out;
}

/** The `error` of an API error body, or `null` when the body is not one. */
export function toErrorBody(value: unknown): ErrorBody['error'] | null {
  try {
    const o = rec(rec(value, 'body').error, 'error');
    return optionals<ErrorBody['error']>({ code: get(o, 'code', isErrorCode), message: str(o, 'message') }, o, ['field']);
  } catch {
    return null;
  }
}

/** A Server-Sent Event of `type` with JSON `data` as a {@link LiveEvent}, or `null` when it is not one. */
export function toLiveEvent(type: string, data: unknown): LiveEvent | null {
  try {
    const o = rec(JSON.parse(must(data, isString, 'data')), 'event');
    if (type === 'comment') return { type, comment: toComment(o) };
    if (type === 'deleted') return { type, id: str(o, 'id') };
    if (type === 'likes') return { type, count: count(o, 'count') };
  } catch {
    // A malformed event is dropped; the next list refresh shows the truth.
  }
  return null;
}
