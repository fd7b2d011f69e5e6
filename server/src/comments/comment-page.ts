import type { Context } from 'hono';
import { LIMITS, type CommentListResponse } from 'natter/protocol';
import { invalid } from '../http/api-error';
import type { Caller } from '../http/caller';
import { hmac } from '../http/crypto';
import { pageParam } from '../http/parse-with';
import { queryOne, queryOptional } from '../http/request-helpers';
import type { Services } from '../services';
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

/** A page of comments as sent: its ETag (page version, query and viewer) and its JSON bytes. */
export interface RenderedPage {
  etag: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** The `page`, `sort`, `limit` and `cursor` query parameters, checked (400 when wrong). */
export function pageQuery(c: Context): PageQuery {
  const pageId = pageParam(queryOne(c, 'page'));
  const sort = queryOptional(c, 'sort') ?? 'oldest';
  if (sort !== 'oldest' && sort !== 'newest') throw invalid('sort must be "oldest" or "newest"', 'sort');
  const limitRaw = queryOptional(c, 'limit') ?? String(LIMITS.pageSizeDefault);
  if (!/^[0-9]{1,3}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > LIMITS.pageSizeMax) {
    throw invalid(`limit must be a whole number from 1 to ${LIMITS.pageSizeMax}`, 'limit');
  }
  const cursorRaw = queryOptional(c, 'cursor');
  return { pageId, sort, limit: Number(limitRaw), after: cursorRaw === undefined ? null : decodeCursor(sort, cursorRaw) };
}

/** True when the request's `If-None-Match` names `etag`. */
export function notModified(c: Context, etag: string): boolean {
  const inm = c.req.header('if-none-match');
  return inm !== undefined && inm.split(',').map((t) => t.trim()).includes(etag);
}

/**
 * Reads pages of comments as a caller sees them, for `GET /api/thread` (the
 * same page `GET /api/comments` answers, which keeps its own compressed answer cache). Rendered pages are kept by ETag: the ETag names the
 * page version, query and viewer, so an entry can never be stale; the oldest
 * entries go first.
 */
export function commentPageReader(s: Services): (query: PageQuery, caller: Caller) => Promise<RenderedPage> {
  const view = { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs };
  const rendered = new Map<string, Uint8Array<ArrayBuffer>>();
  const remember = (etag: string, body: Uint8Array<ArrayBuffer>) => {
    if (rendered.size >= 500) {
      const oldest = rendered.keys().next();
      if (!oldest.done) rendered.delete(oldest.value);
    }
    rendered.set(etag, body);
  };

  return async ({ pageId, sort, limit, after }, caller) => {
    let viewer = { userId: caller.user?.id ?? null, visitorHash: caller.visitorHash };
    const state = await s.storage.pageState(pageId, viewer);
    // A reader who wrote nothing here sees what everyone sees: share that page (and its cache entry).
    if (!state.viewerWrote) viewer = { userId: null, visitorHash: null };
    const etag = `W/"${hmac(s.secret, 'etag', JSON.stringify([pageId, state.version, sort, limit, after, viewer.userId, viewer.visitorHash])).slice(0, 27)}"`;
    const cached = rendered.get(etag);
    if (cached !== undefined) return { etag, bytes: cached };

    const threads = await s.storage.listThreads({ pageId, sort, after, limit, viewer });
    const body: CommentListResponse = {
      comments: threads.comments.map((x) => publicComment(x, view, viewer)),
      nextCursor: threads.hasMore && threads.lastThread !== undefined ? encodeCursor(sort, threads.lastThread) : null,
      total: threads.total,
    };
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    remember(etag, bytes);
    return { etag, bytes };
  };
}
