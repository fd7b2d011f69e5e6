import { Hono } from 'hono';
import { resolveCaller } from '../http/caller';
import { hmac } from '../http/crypto';
import { siteConfig } from '../http/config-routes';
import { likeSummary, likerKey } from '../likes/likes-routes';
import type { Services } from '../services';
import { commentPageReader, notModified, pageQuery } from './comment-page';

/**
 * `GET /api/thread?page=…&sort=…&limit=…&visitor=…`: what the widget's first
 * render needs — the site config, the first page of comments and the like
 * summary — in one answer (`ThreadResponse`). The visitor id travels as a
 * query parameter so that the browser sends a simple request (no preflight);
 * the answer is `private` and its ETag names the caller's view.
 */
export function threadRoutes(s: Services): Hono {
  const app = new Hono();
  const readPage = commentPageReader(s);

  app.get('/api/thread', async (c) => {
    const query = pageQuery(c);
    const caller = await resolveCaller(c, s);
    const [page, likes] = await Promise.all([readPage(query, caller), likeSummary(s, query.pageId, likerKey(caller))]);
    const config = JSON.stringify(siteConfig(s));
    const likesJson = JSON.stringify(likes);
    // The page's ETag names its version and viewer; the config and likes are hashed in whole.
    const etag = `W/"${hmac(s.secret, 'thread-etag', JSON.stringify([page.etag, config, likesJson, caller.user?.id ?? null, caller.visitorHash])).slice(0, 27)}"`;
    c.header('ETag', etag);
    // The visitor id is in the URL; a bearer token is not, so caches must key on it.
    c.header('Vary', 'Authorization, X-Natter-Visitor');
    c.header('Cache-Control', 'private, no-cache');
    if (notModified(c, etag)) return c.body(null, 304);
    const body = `{"config":${config},"page":${new TextDecoder().decode(page.bytes)},"likes":${likesJson}}`;
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  return app;
}
