import { PROVIDERS } from '../model/types';
import type { Author, Comment, LikeSummary, ProviderId, Session, SiteConfig } from '../model/types';
import { isErrorCode } from '../shared/error-codes';
import type { ErrorBody } from '../shared/error-codes';
import type { LiveEvent } from './backend';

/**
 * Lean adapters for the natter server's JSON: each takes `unknown`, checks the
 * fields it needs and returns a `model/` type, or throws a `TypeError` naming
 * the first field that is wrong. Unknown fields are dropped.
 */

/** A field reader over a JSON object; `undefined` and `null` both mean absent. */
type Fields = (key: string) => unknown;

function fail(what: string): never {
  throw new TypeError(`unexpected ${what}`);
}

function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(what);
  return (key) => (Object.hasOwn(value, key) ? Reflect.get(value, key) ?? undefined : undefined);
}

function str(value: unknown, what: string): string {
  return typeof value === 'string' ? value : fail(what);
}

function optStr(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : str(value, what);
}

function bool(value: unknown, what: string): boolean {
  return typeof value === 'boolean' ? value : fail(what);
}

function count(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fail(what);
}

function list<T>(value: unknown, what: string, each: (item: unknown) => T): T[] {
  return Array.isArray(value) ? value.map(each) : fail(what);
}

function provider(value: unknown): ProviderId {
  const found = PROVIDERS.find((p) => p === value);
  return found ?? fail('provider');
}

/** Copies the defined optional string fields of `f` onto `target`. */
function optionals<T extends object>(target: T, f: Fields, keys: readonly (keyof T & string)[]): T {
  for (const key of keys) {
    const value = optStr(f(key), key);
    if (value !== undefined) Reflect.set(target, key, value);
  }
  return target;
}

/** An {@link Author}. */
export function toAuthor(value: unknown): Author {
  const f = fields(value, 'author');
  const author = optionals<Author>({ name: str(f('name'), 'author name') }, f, ['url', 'avatarUrl']);
  if (f('provider') !== undefined) author.provider = provider(f('provider'));
  return author;
}

/** A {@link Comment}. */
export function toComment(value: unknown): Comment {
  const f = fields(value, 'comment');
  const status = f('status');
  if (status !== 'approved' && status !== 'pending') fail('comment status');
  const parentId = f('parentId');
  const comment = optionals<Comment>({
    id: str(f('id'), 'comment id'),
    pageId: str(f('pageId'), 'pageId'),
    parentId: parentId === undefined ? null : str(parentId, 'parentId'),
    author: toAuthor(f('author')),
    bodyHtml: str(f('bodyHtml'), 'bodyHtml'),
    createdAt: str(f('createdAt'), 'createdAt'),
    status,
  }, f, ['editedAt', 'editableUntil', 'source']);
  if (f('mine') !== undefined) comment.mine = bool(f('mine'), 'mine');
  return comment;
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
  const f = fields(value, 'comment page');
  const next = f('nextCursor');
  return {
    comments: threadOrder(list(f('comments'), 'comments', toComment)),
    nextCursor: next === undefined ? null : str(next, 'nextCursor'),
    total: count(f('total'), 'total'),
  };
}

/** `POST /api/comments`: the comment and, for guests, its edit token. */
export function toPosted(value: unknown): { comment: Comment; editToken?: string } {
  const f = fields(value, 'post answer');
  const editToken = optStr(f('editToken'), 'editToken');
  const comment = toComment(f('comment'));
  return editToken === undefined ? { comment } : { comment, editToken };
}

/** `PATCH /api/comments/:id`. */
export function toEdited(value: unknown): Comment {
  return toComment(fields(value, 'edit answer')('comment'));
}

/** A {@link SiteConfig}. */
export function toSiteConfig(value: unknown): SiteConfig {
  const f = fields(value, 'config');
  const features = fields(f('features'), 'features');
  const limits = fields(f('limits'), 'limits');
  const config: SiteConfig = {
    providers: list(f('providers'), 'providers', provider),
    guests: bool(f('guests'), 'guests'),
    requireNameEmail: bool(f('requireNameEmail'), 'requireNameEmail'),
    features: {
      likes: bool(features('likes'), 'likes'),
      notifyReplies: bool(features('notifyReplies'), 'notifyReplies'),
      notifyPosts: bool(features('notifyPosts'), 'notifyPosts'),
      edit: bool(features('edit'), 'edit'),
      live: bool(features('live'), 'live'),
    },
    limits: {
      bodyMaxLength: count(limits('bodyMaxLength'), 'bodyMaxLength'),
      nameMaxLength: count(limits('nameMaxLength'), 'nameMaxLength'),
      urlMaxLength: count(limits('urlMaxLength'), 'urlMaxLength'),
      editWindowSeconds: count(limits('editWindowSeconds'), 'editWindowSeconds'),
      pageSizeMax: count(limits('pageSizeMax'), 'pageSizeMax'),
    },
  };
  if (f('simulatedSignIn') !== undefined) config.simulatedSignIn = bool(f('simulatedSignIn'), 'simulatedSignIn');
  return config;
}

/** A {@link LikeSummary}. */
export function toLikes(value: unknown): LikeSummary {
  const f = fields(value, 'likes');
  return { count: count(f('count'), 'count'), liked: bool(f('liked'), 'liked'), likers: list(f('likers'), 'likers', toAuthor) };
}

/** A {@link Session}, or `null`. */
export function toSession(value: unknown): Session | null {
  if (value === null || value === undefined) return null;
  const f = fields(value, 'session');
  const user = fields(f('user'), 'user');
  return {
    provider: provider(f('provider')),
    user: optionals<Session['user']>({ id: str(user('id'), 'user id'), name: str(user('name'), 'user name') }, user, ['avatarUrl', 'profileUrl']),
  };
}

/** `POST /auth/exchange`: the bearer token and the session. */
export function toExchange(value: unknown): { token: string; session: Session } {
  const f = fields(value, 'sign-in answer');
  const session = toSession(f('session'));
  return { token: str(f('token'), 'token'), session: session ?? fail('session') };
}

/** `GET /api/counts`. */
export function toCounts(value: unknown): Record<string, number> {
  const counts = fields(value, 'counts')('counts');
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) fail('counts');
  const out: Record<string, number> = {};
  for (const [page, n] of Object.entries(counts)) out[page] = count(n, 'count');
  return out;
}

/** The `error` of an API error body, or `null` when the body is not one. */
export function toErrorBody(value: unknown): ErrorBody['error'] | null {
  try {
    const f = fields(fields(value, 'error body')('error'), 'error');
    const code = f('code');
    if (!isErrorCode(code)) return null;
    const field = optStr(f('field'), 'field');
    const message = str(f('message'), 'message');
    return field === undefined ? { code, message } : { code, message, field };
  } catch {
    return null;
  }
}

/** A Server-Sent Event of `type` with JSON `data` as a {@link LiveEvent}, or `null` when it is not one. */
export function toLiveEvent(type: string, data: unknown): LiveEvent | null {
  try {
    const value: unknown = typeof data === 'string' ? JSON.parse(data) : fail('event data');
    if (type === 'comment') return { type, comment: toComment(value) };
    if (type === 'deleted') return { type, id: str(fields(value, 'deletion')('id'), 'id') };
    if (type === 'likes') return { type, count: count(fields(value, 'likes')('count'), 'count') };
  } catch {
    // A malformed event is dropped; the next list refresh shows the truth.
  }
  return null;
}
