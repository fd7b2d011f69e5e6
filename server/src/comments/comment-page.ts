import type { Context } from 'hono';
import { LIMITS, type CommentListResponse } from 'natter/protocol';
import { invalid } from '../http/api-error';
import type { Caller } from '../http/caller';
import { hmac } from '../http/crypto';
import { JsonBytes, jsonBytes } from '../http/json-bytes';
import { pageParam } from '../http/parse-with';
import { queryOne, queryOptional, queryParams } from '../http/request-helpers';
import type { Services } from '../services';
import type { Viewer } from '../storage/storage';
import { publicComment } from './comment-view';
import { decodeCursor, encodeCursor } from './cursor';

/** Which page of a thread a read asks for. */
export interface PageQuery {
  pageId: string;
  sort: 'oldest' | 'newest';
  limit: number;
  /** The last thread of the previous page (a decoded cursor), or `null` for the first page. */
  after: string | null;
}

/** The `page`, `sort`, `limit` and `cursor` query parameters, checked (400 when wrong). */
export function pageQuery(c: Context): PageQuery {
  const q = queryParams(c);
  const pageId = pageParam(queryOne(q, 'page'));
  const sort = queryOptional(q, 'sort') ?? 'oldest';
  if (sort !== 'oldest' && sort !== 'newest') throw invalid('sort must be "oldest" or "newest"', 'sort');
  const limitRaw = queryOptional(q, 'limit') ?? String(LIMITS.pageSizeDefault);
  if (!/^[0-9]{1,3}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > LIMITS.pageSizeMax) {
    throw invalid(`limit must be a whole number from 1 to ${LIMITS.pageSizeMax}`, 'limit');
  }
  const cursorRaw = queryOptional(q, 'cursor');
  return { pageId, sort, limit: Number(limitRaw), after: cursorRaw === undefined ? null : decodeCursor(sort, cursorRaw) };
}

/**
 * What a caller's answer about a page depends on besides the query: the
 * page's version, whose view it is, and (when asked) whether the caller
 * likes the page.
 */
export interface PageView {
  version: number;
  /**
   * The caller, when they wrote on the page (they see their own pending
   * comments and their own comments' sources); else nobody, so that every
   * such reader shares one answer.
   */
  viewer: Viewer;
  liked: boolean;
}

/** Reads the {@link PageView} of `caller` in one statement; `likerKey` when the answer carries the likes. */
export async function viewPage(s: Services, pageId: string, caller: Caller, likerKey: string | null = null): Promise<PageView> {
  const viewer = { userId: caller.user?.id ?? null, visitorHash: caller.visitorHash };
  const state = await s.storage.pageState(pageId, viewer, likerKey);
  return {
    version: state.version,
    viewer: state.viewerWrote ? viewer : { userId: null, visitorHash: null },
    liked: state.liked,
  };
}

/**
 * The key of an answer kept in {@link Services.answers}: the route, the
 * query and everything in the view. Nothing else goes into the answer, so a
 * key names one answer, and a change to the page makes a new key.
 */
export function answerKey(route: string, query: PageQuery, view: PageView): string {
  return JSON.stringify([route, query.pageId, view.version, query.sort, query.limit, query.after, view.viewer.userId, view.viewer.visitorHash, view.liked]);
}

/** The weak ETag of the answer kept under `key` (keyed, so it tells nothing of the viewer). */
export function answerEtag(s: Services, key: string): string {
  return `W/"${hmac(s.secret, 'etag', key).slice(0, 27)}"`;
}

/**
 * Reads one page of threads as `viewer` sees it: the body of `GET
 * /api/comments`, and the `page` of `GET /api/thread`. Its comments come
 * as JSON written by the database when the storage can write it (SQLite),
 * the same bytes as {@link publicComment}'s objects would make.
 */
export async function readCommentPage(s: Services, query: PageQuery, viewer: Viewer): Promise<CommentListResponse | JsonBytes<CommentListResponse>> {
  const view = { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs };
  const nextCursor = (p: { hasMore: boolean; lastThread?: string }) => (p.hasMore && p.lastThread !== undefined ? encodeCursor(query.sort, p.lastThread) : null);
  const written = await s.storage.listThreadsJson?.({ ...query, viewer }, view);
  if (written !== undefined && written !== null) {
    // The keys in CommentListResponse's order, as the object below has them.
    return new JsonBytes(jsonBytes({ comments: new JsonBytes(written.comments), nextCursor: nextCursor(written), total: written.total }));
  }
  const threads = await s.storage.listThreads({ ...query, viewer });
  return {
    comments: threads.comments.map((x) => publicComment(x, view, viewer)),
    nextCursor: nextCursor(threads),
    total: threads.total,
  };
}
