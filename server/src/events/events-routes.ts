import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { publicComment } from '../comments/comment-view';
import type { PageEvent } from './event-bus';
import { pageParam } from '../http/parse-with';
import { queryOne } from '../http/request-helpers';
import type { Services } from '../services';

/** Seconds between keep-alive comments on an idle stream. */
export const KEEPALIVE_SECONDS = 25;

/**
 * `GET /api/events?page=`: Server-Sent Events for one page — `comment` (a new
 * or changed approved comment, as every reader sees it), `deleted` (`{id}`)
 * and `likes` (`{count}`).
 */
export function eventRoutes(s: Services): Hono {
  const app = new Hono();
  // Every connection of a page hears the same event object: load and render its
  // comment once for all of them, not once per reader.
  const rendered = new WeakMap<PageEvent, Promise<{ id: string; data: string } | null>>();
  const render = (event: PageEvent & { type: 'comment' }) => {
    let shared = rendered.get(event);
    if (!shared) {
      shared = s.storage.getComment(event.id).then((comment) => {
        if (!comment || comment.status !== 'approved') return null;
        const data = publicComment(comment, { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs }, null);
        return { id: `${comment.id}`, data: JSON.stringify(data) };
      });
      rendered.set(event, shared);
    }
    return shared;
  };
  app.get('/api/events', (c) => {
    const pageId = pageParam(queryOne(c, 'page'));
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: PageEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = s.events.subscribe(pageId, (event) => {
        queue.push(event);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        while (open) {
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              const timer = setTimeout(resolve, KEEPALIVE_SECONDS * 1000);
              timer.unref?.();
            });
            wake = null;
            if (open && queue.length === 0) await stream.write(': keep-alive\n\n');
            continue;
          }
          if (event.type === 'comment') {
            const comment = await render(event);
            if (!comment) continue;
            await stream.writeSSE({ event: 'comment', ...comment });
          } else if (event.type === 'deleted') {
            await stream.writeSSE({ event: 'deleted', data: JSON.stringify({ id: event.id }) });
          } else {
            await stream.writeSSE({ event: 'likes', data: JSON.stringify({ count: event.count }) });
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return app;
}
