import { sql, type CompiledQuery } from 'kysely';
import type { CompiledShapes, Slot } from './prepared-query';
import { pictureKey } from './picture-key';
import { commentStatus, idString } from './rows';
import type { ListedComment, ThreadQuery } from './storage';
import { visibleSql } from './visible-sql';

/** One page of threads, as {@link Storage.listThreads} answers it. */
export interface ThreadPage {
  comments: ListedComment[];
  hasMore: boolean;
  lastThread?: string;
  total: number;
}

/** What the statement is filled with per query. */
export interface ThreadParams {
  pageId: string;
  after: number | null;
  userId: string | null;
  visitorHash: string | null;
}

/**
 * A row of the statement, read as an array: the page's figures (kind 0, one
 * row), or a visible top-level comment (kind 1) or reply (kind 2). Arrays
 * cost less to read than row objects, and the same order serves both
 * databases.
 */
type ThreadRow = [
  kind: number, threads: number | null, lastThread: number | null, total: number | null,
  id: number, parentId: number | null, rootId: number | null, status: string, userId: string | null,
  authorName: string, authorUrl: string | null, authorProvider: string | null, avatarKey: string | null,
  visitorHash: string | null, bodyHtml: string, createdAt: number, editedAt: number | null, source: string | null,
];

/**
 * The page-of-threads statement for `query`, ready to run; its rows are read
 * by {@link readThreadPage}. One shape per sort, cursor or not, which of the
 * viewer's ids are known, and page size. The page size is written into the
 * text, not bound: SQLite (with STAT4, as better-sqlite3 builds it) prepares
 * a statement again whenever a LIMIT parameter is bound, which cost a
 * quarter of the statement's time. Sizes are bounded (`LIMITS.pageSizeMax`),
 * and so is the number of shapes.
 */
export function threadStatement(shapes: CompiledShapes<keyof ThreadParams>, query: ThreadQuery, after: number | null): CompiledQuery {
  const params: ThreadParams = { pageId: query.pageId, after, userId: query.viewer.userId, visitorHash: query.viewer.visitorHash };
  const key = `threads:${query.sort}:${query.limit}:${after === null ? '' : 'a'}:${params.userId === null ? '' : 'u'}:${params.visitorHash === null ? '' : 'v'}`;
  return shapes.fill(key, (slot) => threadSql(slot, query.sort, query.limit, params), params);
}

/**
 * The statement with every value a {@link Slot}: the page's next `limit` + 1
 * threads after the cursor (a thread is listed when any of its comments is
 * visible, so replies stay visible when their top-level comment was deleted
 * or is held), then one row of figures and the visible comments of the first
 * `limit` threads, unordered (the caller orders them). The page's total of
 * approved comments is the one its `pages` row keeps (migration 0009), not
 * counted: counting read every comment of the page on each read.
 *
 * For SQLite: the two CTEs are materialized, so each is computed once rather
 * than once per UNION ALL branch, and `page p cross join comments c` keeps
 * the few picked threads the outer loop (else the planner may read every
 * comment of the page to find the replies). There is no ORDER BY over the
 * wide rows: sorting 50-odd rows in JavaScript costs less than SQLite's temp
 * B-trees. PostgreSQL reads the same text as an ordinary join.
 */
function threadSql(slot: Slot<keyof ThreadParams>, sort: ThreadQuery['sort'], limit: number, params: ThreadParams) {
  const { picked, visible, own, last } = pickedThreads(slot, sort, limit, params);
  // Only the columns a listed comment shows (a row of every column costs
  // twice as much to read); the source only of the viewer's own comments.
  const source = own === null ? sql`null` : sql`case when ${own} then c.source end`;
  const columns = sql`c.id, c.parent_id, c.root_id, c.status, c.user_id, c.author_name, c.author_url,
    c.author_provider, ${pictureKey('c', 'av')}, c.visitor_hash, c.body_html, c.created_at, c.edited_at, ${source}`;
  return sql<ThreadRow>`
    ${picked}
    select 0 as kind, (select count(*) from picked) as threads, (select ${last} from page) as last_thread,
      (select pg.approved_comments from pages pg where pg.page_id = ${slot('pageId')}) as total,
      null as id, null as parent_id, null as root_id, null as status, null as user_id, null as author_name,
      null as author_url, null as author_provider, null as avatar_key, null as visitor_hash, null as body_html,
      null as created_at, null as edited_at, null as source
    union all
    select 1, null, null, null, ${columns}
    from page p cross join comments c left join avatars av on av.key = c.avatar_key
    where c.id = p.thread and c.page_id = ${slot('pageId')} and ${visible}
    union all
    select 2, null, null, null, ${columns}
    from page p cross join comments c left join avatars av on av.key = c.avatar_key
    where c.root_id = p.thread and c.page_id = ${slot('pageId')} and ${visible}
  `;
}

/**
 * The part of a page-of-threads statement that picks the threads: CTEs
 * `picked` (the next `limit` + 1 threads after the cursor that have a
 * comment visible to the viewer) and `page` (the first `limit` of them), the
 * visibility rule on `c`, whether `c` is the viewer's own (`null` for a
 * viewer of no known id), and the page's last thread as an aggregate over
 * `page`. Shared by {@link threadStatement} and the SQLite statement that
 * writes the answer's JSON (`threadJsonStatement`), so both list the same comments.
 */
export function pickedThreads(slot: Slot<keyof ThreadParams>, sort: ThreadQuery['sort'], limit: number, params: ThreadParams) {
  const dir = sort === 'oldest' ? sql`asc` : sql`desc`;
  const last = sort === 'oldest' ? sql`max(thread)` : sql`min(thread)`;
  const viewer = { userId: params.userId === null ? null : slot('userId'), visitorHash: params.visitorHash === null ? null : slot('visitorHash') };
  const visible = visibleSql(sql.ref('c.status'), sql.ref('c.user_id'), sql.ref('c.visitor_hash'), viewer);
  const thread = sql`coalesce(c.root_id, c.id)`;
  const keyset = params.after === null ? sql`` : sort === 'oldest' ? sql`and ${thread} > ${slot('after')}` : sql`and ${thread} < ${slot('after')}`;
  const mine = [];
  if (viewer.userId !== null) mine.push(sql`c.user_id = ${viewer.userId}`);
  if (viewer.visitorHash !== null) mine.push(sql`c.visitor_hash = ${viewer.visitorHash}`);
  const picked = sql`
    with picked as materialized (
      select distinct ${thread} as thread from comments c
      where c.page_id = ${slot('pageId')} and ${visible} ${keyset}
      order by thread ${dir} limit ${sql.lit(limit + 1)}
    ),
    page as materialized (select thread from picked order by thread ${dir} limit ${sql.lit(limit)})`;
  return { picked, visible, own: mine.length === 0 ? null : sql`(${sql.join(mine, sql` or `)})`, last };
}

/**
 * Reads the statement's rows: top-level comments in thread order (ids
 * ascending for oldest, descending for newest), then replies oldest first.
 */
export function readThreadPage(rows: readonly unknown[][], query: ThreadQuery): ThreadPage {
  let figures: ThreadRow | undefined;
  const tops: ThreadRow[] = [];
  const replies: ThreadRow[] = [];
  // The statement's columns, in its order (see ThreadRow); each is named, so
  // PostgreSQL's row objects keep one value per column.
  for (const row of rows as ThreadRow[]) {
    if (row[0] === 0) figures = row;
    else (row[0] === 1 ? tops : replies).push(row);
  }
  if (figures === undefined) throw new Error('The thread statement answered no figures');
  tops.sort(query.sort === 'oldest' ? (a, b) => a[4] - b[4] : (a, b) => b[4] - a[4]);
  replies.sort((a, b) => a[4] - b[4]);
  const comments: ListedComment[] = [];
  for (const row of tops) comments.push(listedComment(row, query.pageId));
  for (const row of replies) comments.push(listedComment(row, query.pageId));
  const total = Number(figures[3] ?? 0);
  if (comments.length === 0) return { comments, hasMore: false, total };
  return {
    comments,
    hasMore: Number(figures[1]) > query.limit,
    lastThread: String(figures[2]),
    total,
  };
}

function listedComment(row: ThreadRow, pageId: string): ListedComment {
  return {
    id: String(row[4]),
    pageId,
    parentId: idString(row[5]),
    rootId: idString(row[6]),
    status: commentStatus(row[7]),
    userId: row[8],
    authorName: row[9],
    authorUrl: row[10],
    authorProvider: row[11],
    avatarKey: row[12],
    visitorHash: row[13],
    bodyHtml: row[14],
    createdAt: Number(row[15]),
    editedAt: row[16] === null ? null : Number(row[16]),
    source: row[17],
  };
}
