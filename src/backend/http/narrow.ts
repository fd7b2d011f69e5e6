import { PROVIDERS } from '../../model/types';
import type { Author, Comment, LikeSummary, ProviderId, Session, SiteConfig, VisibleStatus } from '../../model/types';
import { isErrorCode } from '../../protocol/error-codes';
import type { ErrorBody } from '../../protocol/api';
import type { LiveEvent } from '../backend';

/**
 * Lean adapters for the natter server's JSON: each takes `unknown`, checks the
 * fields it needs and returns a `model/` type, or throws a `TypeError` naming
 * the first field that is wrong. Unknown fields are dropped; `null` is absent.
 */

type Json = Record<string, unknown>;
/** Checks one value, named `what` in the error: returns it typed, or throws. */
type Check<T> = (value: unknown, what: string) => T;
/** The checks of an object's fields, by name. */
type Shape = Record<string, Check<unknown>>;
type Checked<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

function fail(what: string): never {
  throw new TypeError(`unexpected ${what}`);
}

/** The check of a type guard. */
const guard = <T>(is: (value: unknown) => value is T): Check<T> => (value, what) => (is(value) ? value : fail(what));

/** True for a JSON object (not an array). */
export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = guard(isRecord);
const str = guard((v): v is string => typeof v === 'string');
const bool = guard((v): v is boolean => typeof v === 'boolean');
const count = guard((v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0);
const provider = guard((v): v is ProviderId => PROVIDERS.some((p) => p === v));
const status = guard((v): v is VisibleStatus => v === 'approved' || v === 'pending');
/** `check`, or `undefined` (the field left out) when the value is absent or `null`. */
const opt = <T>(check: Check<T>): Check<T | undefined> => (v, what) => (v == null ? undefined : check(v, what));
/** `check`, or `null` when the value is absent or `null`. */
const nullable = <T>(check: Check<T>): Check<T | null> => (v, what) => (v == null ? null : check(v, what));
const list = <T>(each: Check<T>): Check<T[]> => (v, what) => guard(Array.isArray)(v, what).map((item) => each(item, what));

/** An object with the fields of `shape`, each checked; fields that come out `undefined` are left out, unknown ones dropped. */
function obj<S extends Shape>(shape: S): Check<Checked<S>> {
  return (value, what) => {
    const o = rec(value, what);
    const out: Partial<Checked<S>> = {};
    for (const key in shape) {
      const field = shape[key]?.(o[key], key);
      if (field !== undefined) Reflect.set(out, key, field);
    }
    // Every field of `shape` was checked above; only the left-out optional ones are missing.
    return out as Checked<S>;
  };
}

const author: Check<Author> = obj({ name: str, url: opt(str), avatarUrl: opt(str), provider: opt(provider) });
const comment: Check<Comment> = obj({
  id: str, pageId: str, parentId: nullable(str), author, bodyHtml: str, createdAt: str, status,
  editedAt: opt(str), editableUntil: opt(str), source: opt(str), mine: opt(bool),
});
// Pure: a bundle that reads no session (the script tag's first paint) drops it.
const session: Check<Session | null> = /* @__PURE__ */ nullable(/* @__PURE__ */ obj({
  provider, user: /* @__PURE__ */ obj({ id: str, name: str, avatarUrl: /* @__PURE__ */ opt(str), profileUrl: /* @__PURE__ */ opt(str) }),
}));

/** An {@link Author}. */
export const toAuthor = (value: unknown): Author => author(value, 'author');

/** A {@link Comment}. */
export const toComment = (value: unknown): Comment => comment(value, 'comment');

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
  const page = obj({ comments: list(comment), nextCursor: nullable(str), total: count })(value, 'page');
  return { ...page, comments: threadOrder(page.comments) };
}

/** `POST /api/comments`: the comment and, for guests, its edit token. */
export const toPosted = (value: unknown): { comment: Comment; editToken?: string } =>
  obj({ comment, editToken: opt(str) })(value, 'answer');

/** `PATCH /api/comments/:id`. */
export const toEdited = (value: unknown): Comment => obj({ comment })(value, 'answer').comment;

/** A {@link SiteConfig}. */
export const toSiteConfig = (value: unknown): SiteConfig => obj({
  providers: list(provider),
  guests: bool,
  requireNameEmail: bool,
  features: obj({ likes: bool, notifyReplies: bool, notifyPosts: bool, edit: bool, live: bool }),
  limits: obj({ bodyMaxLength: count, nameMaxLength: count, urlMaxLength: count, editWindowSeconds: count, pageSizeMax: count }),
  simulatedSignIn: opt(bool),
})(value, 'config');

/** A {@link LikeSummary}. */
export const toLikes = (value: unknown): LikeSummary => obj({ count, liked: bool, likers: list(author) })(value, 'likes');

/** A {@link Session}, or `null`. */
export const toSession = (value: unknown): Session | null => session(value, 'session');

/** `GET /api/session`: the session, or `null` when signed out. */
export const toSessionAnswer = (value: unknown): Session | null => obj({ session })(value, 'answer').session;

/** `POST /auth/exchange`: the bearer token and the session. */
export function toExchange(value: unknown): { token: string; session: Session } {
  const answer = obj({ token: str, session })(value, 'answer');
  return { token: answer.token, session: answer.session ?? fail('session') };
}

/** `GET /api/counts`. */
export function toCounts(value: unknown): Record<string, number> {
  const counts = obj({ counts: rec })(value, 'answer').counts;
  const out: Record<string, number> = {};
  for (const page of Object.keys(counts)) out[page] = count(counts[page], page);
  return out;
}

/** The `error` of an API error body, or `null` when the body is not one. */
export function toErrorBody(value: unknown): ErrorBody['error'] | null {
  try {
    return obj({ error: obj({ code: guard(isErrorCode), message: str, field: opt(str) }) })(value, 'body').error;
  } catch {
    return null;
  }
}

/** A Server-Sent Event of `type` with JSON `data` as a {@link LiveEvent}, or `null` when it is not one. */
export function toLiveEvent(type: string, data: unknown): LiveEvent | null {
  try {
    const event = JSON.parse(str(data, 'data'));
    if (type === 'comment') return { type, comment: comment(event, 'event') };
    if (type === 'deleted') return { type, id: obj({ id: str })(event, 'event').id };
    if (type === 'likes') return { type, count: obj({ count })(event, 'event').count };
  } catch {
    // A malformed event is dropped; the next list refresh shows the truth.
  }
  return null;
}

/** `GET /api/thread`: config, the first page and the likes. */
export const toThread = (value: unknown): { config: SiteConfig; page: ReturnType<typeof toCommentPage>; likes: LikeSummary } => {
  const o = rec(value, 'thread');
  return { config: toSiteConfig(o.config), page: toCommentPage(o.page), likes: toLikes(o.likes) };
};
