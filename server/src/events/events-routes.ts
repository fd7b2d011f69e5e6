import { Hono } from 'hono';
import { ApiError } from '../http/api-error';
import { clientIp } from '../http/caller';
import { pageParam } from '../http/parse-with';
import { queryOne } from '../http/request-helpers';
import type { Services } from '../services';
import { LiveHub } from './live-hub';

/**
 * `GET /api/events?page=`: Server-Sent Events for one page — `comment` (a new
 * or changed approved comment, as every reader sees it), `deleted` (`{id}`)
 * and `likes` (`{count}`). One client address holds at most
 * `livePerClient` streams; past that it gets a 429.
 */
export function eventRoutes(s: Services): Hono {
  const app = new Hono();
  const hub = new LiveHub({
    events: s.events,
    storage: s.storage,
    view: { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs },
    maxPerClient: s.config.livePerClient,
    log: s.log,
  });
  app.get('/api/events', (c) => {
    const pageId = pageParam(queryOne(c, 'page'));
    const stream = hub.open(pageId, clientIp(c, s.config.trustProxy));
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
