import { Hono } from 'hono';
import { EVENT_ID_PATTERN } from 'natter/protocol';
import { ApiError, invalid } from '../http/api-error';
import { clientIp } from '../http/caller';
import { pageParam } from '../http/parse-with';
import { queryOne, queryOptional } from '../http/request-helpers';
import type { Services } from '../services';
import { LiveHub, RESUME_WINDOW_MS } from './live-hub';

const EVENT_ID = new RegExp(EVENT_ID_PATTERN);

/**
 * Where a reconnecting reader resumes: the `Last-Event-ID` its EventSource
 * sends by itself, else `since` (a stream the widget opened again). Null for
 * a first connection, and for a position outside {@link RESUME_WINDOW_MS}
 * (an id from long ago, or not one this server sends).
 */
function resumeFrom(lastEventId: string | undefined, since: string | undefined, now: number): number | null {
  if (since !== undefined && !EVENT_ID.test(since)) {
    throw invalid('since must be the id of an event this stream sent (epoch milliseconds)', 'since');
  }
  const id = lastEventId !== undefined && EVENT_ID.test(lastEventId.trim()) ? lastEventId.trim() : since;
  if (id === undefined) return null;
  const at = Number(id);
  // A minute ahead at most: another server's clock may run a little fast.
  return at >= now - RESUME_WINDOW_MS && at <= now + 60_000 ? at : null;
}

/**
 * `GET /api/events?page=`: Server-Sent Events for one page — `comment` (a new
 * or changed approved comment, as every reader sees it), `deleted` (`{id}`)
 * and `likes` (`{count}`). One client address holds at most
 * `livePerClient` streams; past that it gets a 429. Each event's id is the
 * position to resume from: a reader reconnecting with it (`Last-Event-ID`, or
 * `&since=`) first gets what changed while it was away: comments written,
 * edited or approved, and those deleted or held.
 */
export function eventRoutes(s: Services): Hono {
  const app = new Hono();
  const hub = new LiveHub({
    events: s.events,
    storage: s.storage,
    view: { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs },
    maxPerClient: s.config.livePerClient,
    log: s.log,
    now: s.now,
  });
  app.get('/api/events', (c) => {
    const pageId = pageParam(queryOne(c, 'page'));
    const from = resumeFrom(c.req.header('last-event-id'), queryOptional(c, 'since'), s.now());
    const stream = hub.open(pageId, clientIp(c, s.config.trustProxy), from);
    if (stream === null) {
      throw new ApiError(429, 'rate_limited', `Too many live connections from this address (at most ${s.config.livePerClient}); close one and try again`, { retryAfter: 30 });
    }
    return c.body(stream, 200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
  });
  return app;
}
