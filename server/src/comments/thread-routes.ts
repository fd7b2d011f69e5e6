import { Hono } from 'hono';
import type { ThreadResponse } from 'natter/protocol';
import { resolveCaller } from '../http/caller';
import type { WithJsonBytes } from '../http/json-bytes';
import { siteConfig } from '../http/config-routes';
import { likeSummary, likerKey } from '../likes/likes-routes';
import type { Services } from '../services';
import { answerEtag, answerKey, pageQuery, readCommentPage, viewPage } from './comment-page';

/**
 * `GET /api/thread?page=…&sort=…&limit=…&visitor=…`: what the widget's first
 * render needs — the site config, the first page of comments and the like
 * summary — in one answer (`ThreadResponse`). The visitor id travels as a
 * query parameter so that the browser sends a simple request (no preflight);
 * the answer is `private`.
 *
 * It is kept ready in the same cache as `GET /api/comments`, under a key
 * that names everything personal in it: the viewer when they wrote on the
 * page (their pending comments, their sources), and whether they like the
 * page. Every other part is public, so readers who wrote nothing there share
 * one answer per like state; no reader is ever sent another's.
 */
export function threadRoutes(s: Services): Hono {
  const app = new Hono();

  app.get('/api/thread', async (c) => {
    const query = pageQuery(c);
    const caller = await resolveCaller(c, s);
    const page = await viewPage(s, query.pageId, caller, likerKey(caller));
    const key = answerKey('thread', query, page);
    return s.answers.json(c, key, () => answerEtag(s, key), async (): Promise<WithJsonBytes<ThreadResponse>> => {
      // The likers are public; `liked` comes from the key, never from another reader's read.
      const [comments, likes] = await Promise.all([readCommentPage(s, query, page.viewer), likeSummary(s, query.pageId, null)]);
      return { config: siteConfig(s), page: comments, likes: { ...likes, liked: page.liked } };
    }, { vary: 'Authorization, X-Natter-Visitor', cacheControl: caller.user === null ? 'private, no-cache' : 'no-store' });
  });

  return app;
}
