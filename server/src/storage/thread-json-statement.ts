import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import { PROVIDER_IDS } from '../auth/provider-ids';
import type { CompiledShapes } from './prepared-query';
import { pictureKey } from './picture-key';
import type { ThreadQuery } from './storage';
import { pickedThreads, type ThreadParams } from './thread-statement';

/** What the JSON of a comment needs besides the row: `ViewOptions` of the comment view. */
export interface CommentJsonView {
  /** The server's public URL, before `/avatars/…`. */
  publicUrl: string;
  /** How long after posting its author may edit a comment, in milliseconds. */
  editWindowMs: number;
}

/** One page of threads with its comments already written as JSON, as {@link Storage.listThreadsJson} answers it. */
export interface ThreadJsonPage {
  /** The UTF-8 bytes of the JSON array of the page's comments, each as `publicComment` writes it. */
  comments: Uint8Array;
  hasMore: boolean;
  lastThread?: string;
  total: number;
}

/** The values of the statement: the thread statement's, and the view's. */
export type ThreadJsonParams = ThreadParams & { avatarBase: string; editWindowMs: number };

/** The SQL functions the statement calls for values its own functions would not write as JavaScript does ({@link threadJsonFunctions}). */
const ISO_TIME = 'natter_iso_time';
const URI_COMPONENT = 'natter_uri_component';

/**
 * The functions the statement needs on the SQLite connection, to register
 * once (better-sqlite3's `function`): `Date.prototype.toISOString` for
 * times SQLite's `strftime` does not write the same way (outside years
 * 0–9999, or not a whole number of milliseconds), and `encodeURIComponent`
 * for avatar keys that are not base64url. Natter's own values never need
 * them; they keep the answer right for any row.
 */
export const threadJsonFunctions: ReadonlyArray<{ name: string; apply: (value: unknown) => string | null }> = [
  { name: ISO_TIME, apply: (value) => (value === null ? null : new Date(Number(value)).toISOString()) },
  { name: URI_COMPONENT, apply: (value) => (value === null ? null : encodeURIComponent(String(value))) },
];

/**
 * The page-of-threads statement of {@link threadStatement}, for SQLite,
 * answering one row: the figures and the page's comments as the bytes of
 * their JSON array, written by SQLite exactly as `JSON.stringify` writes
 * the objects of `publicComment` (comments/comment-view.ts): the same keys
 * in the same order, optional keys left out, strings escaped by
 * `json_quote` (which escapes as `JSON.stringify` does text that SQLite can
 * hold), times by `strftime`. Reading 66 comments as rows, building their
 * objects and serialising them cost twice the instructions of this
 * statement. A change to the public shape of a comment changes both; the
 * test `thread-json-statement.test.ts` holds them to the same bytes.
 */
export function threadJsonStatement(shapes: CompiledShapes<keyof ThreadJsonParams>, query: ThreadQuery, after: number | null, view: CommentJsonView): CompiledQuery {
  const params: ThreadJsonParams = {
    pageId: query.pageId, after, userId: query.viewer.userId, visitorHash: query.viewer.visitorHash,
    avatarBase: `${view.publicUrl}/avatars/`, editWindowMs: view.editWindowMs,
  };
  const key = `threads-json:${query.sort}:${query.limit}:${after === null ? '' : 'a'}:${params.userId === null ? '' : 'u'}:${params.visitorHash === null ? '' : 'v'}`;
  return shapes.fill(key, (slot) => {
    const { picked, visible, own, last } = pickedThreads(slot, query.sort, query.limit, params);
    const json = commentJson(own, slot('avatarBase'), slot('editWindowMs'));
    const order = query.sort === 'oldest' ? sql`id` : sql`case when kind = 1 then -id else id end`;
    return sql`
      ${picked},
      listed as (
        select 1 as kind, c.id as id, ${json} as json
        from page p cross join comments c left join avatars av on av.key = c.avatar_key
        where c.id = p.thread and c.page_id = ${slot('pageId')} and ${visible}
        union all
        select 2, c.id, ${json}
        from page p cross join comments c left join avatars av on av.key = c.avatar_key
        where c.root_id = p.thread and c.page_id = ${slot('pageId')} and ${visible}
      )
      select (select count(*) from picked) as threads, (select ${last} from page) as last_thread,
        (select pg.approved_comments from pages pg where pg.page_id = ${slot('pageId')}) as total,
        cast('[' || coalesce((select group_concat(json, ',' order by kind, ${order}) from listed), '') || ']' as blob) as comments
    `;
  }, params);
}

/** Reads the statement's one row. */
export function readThreadJsonPage(rows: readonly unknown[][], query: ThreadQuery): ThreadJsonPage {
  const row = rows[0];
  if (row === undefined) throw new Error('The thread statement answered no row');
  const [threads, lastThread, total, comments] = row;
  if (!(comments instanceof Uint8Array)) throw new Error('The thread statement answered no JSON');
  // '[]': no comment is visible on the page (from the cursor on).
  if (comments.byteLength <= 2) return { comments, hasMore: false, total: Number(total ?? 0) };
  return { comments, hasMore: Number(threads) > query.limit, lastThread: String(lastThread), total: Number(total ?? 0) };
}

/** A JSON string of `text`. */
const quoted = (text: RawBuilder<unknown>) => sql`json_quote(${text})`;

/** A time (epoch milliseconds) as `toISOString` writes it: by `strftime` for whole milliseconds in years 0–9999. */
function isoTime(ms: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`case when typeof(${ms}) = 'integer' and ${ms} between -62167219200000 and 253402300799999
    then strftime('%Y-%m-%dT%H:%M:%fZ', ${ms} / 1000.0, 'unixepoch') else ${sql.raw(ISO_TIME)}(${ms}) end`;
}

/**
 * The JSON object of the comment `c` as `publicComment` writes it for a
 * viewer whose own comments `own` picks out (`null`: nobody's): the row's
 * stored parts (`json_head`, `json_tail`, migration 0010) with the avatar
 * URL and the provider between them and the viewer's own fields after. Where `json_tail` is
 * null (a time `strftime` does not write as `toISOString` does), it is
 * written here.
 */
function commentJson(own: RawBuilder<unknown> | null, avatarBase: unknown, editWindowMs: unknown): RawBuilder<string> {
  const c = (column: string) => sql.ref(`c.${column}`);
  const key = pictureKey('c', 'av');
  const providers = sql.join(PROVIDER_IDS.map((id) => sql.lit(id)));
  // Keys of base64url characters (every key natter makes) need no escaping in a URL.
  const avatar = sql`case when ${key} is null then ''
    else ',"avatarUrl":' || ${quoted(sql`${avatarBase} || case when c.avatar_key glob '*[^A-Za-z0-9_-]*'
      then ${sql.raw(URI_COMPONENT)}(c.avatar_key) else c.avatar_key end`)} end`;
  const mine = own === null ? sql`''` : sql`case when ${own}
    then ',"mine":true,"editableUntil":"' || ${isoTime(sql`(c.created_at + ${editWindowMs})`)} || '"'
      || case when c.source is null then '' else ',"source":' || ${quoted(c('source'))} end
    else '' end`;
  const provider = sql`case when c.author_provider in (${providers}) then ',"provider":"' || c.author_provider || '"' else '' end`;
  const tail = sql`'},"bodyHtml":' || ${quoted(c('body_html'))}
    || ',"createdAt":"' || ${isoTime(c('created_at'))} || '"'
    || ',"status":"' || case when c.status = 'approved' then 'approved' else 'pending' end || '"'
    || case when c.edited_at is null then '' else ',"editedAt":"' || ${isoTime(c('edited_at'))} || '"' end`;
  return sql<string>`c.json_head || ${avatar} || ${provider} || coalesce(c.json_tail, ${tail}) || ${mine} || '}'`;
}
