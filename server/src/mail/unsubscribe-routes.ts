import { Hono, type Context } from 'hono';
import { unsubscribeToken } from '../announce';
import { ApiError } from '../http/api-error';
import { safeEqual } from '../http/crypto';
import { escapeHtml, htmlPage, PAGE_HEADERS } from '../http/html-page';
import type { Services } from '../services';
import type { StoredSubscription } from '../storage/storage';

/**
 * One-click unsubscribe: `GET /api/unsubscribe?token=` shows a confirmation
 * page (GET never changes anything), `POST /api/unsubscribe?token=` removes the
 * subscription (RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
 */
export function unsubscribeRoutes(s: Services): Hono {
  const app = new Hono();

  const find = async (c: Context): Promise<{ token: string; sub: StoredSubscription | null }> => {
    const token = c.req.query('token') ?? '';
    const m = /^([1-9][0-9]{0,14})\.[A-Za-z0-9_-]{43}$/.exec(token);
    if (!m || m[1] === undefined || !safeEqual(unsubscribeToken(s.secret, m[1]), token)) {
      throw new ApiError(404, 'not_found', 'This unsubscribe link is not valid');
    }
    return { token, sub: await s.storage.getSubscription(m[1]) };
  };
  const what = (sub: StoredSubscription) => (sub.kind === 'replies' ? 'follow-up comments on one page' : 'new posts');

  app.get('/api/unsubscribe', async (c) => {
    const { token, sub } = await find(c);
    const body = sub
      ? `<h1>Unsubscribe</h1><p>Stop emails to ${escapeHtml(sub.email)} about ${what(sub)}?</p>
<form method="post" action="/api/unsubscribe?token=${escapeHtml(encodeURIComponent(token))}"><button type="submit">Unsubscribe</button></form>`
      : '<h1>Unsubscribed</h1><p>You will not get these emails any more.</p>';
    return c.body(htmlPage('Unsubscribe', body), 200, PAGE_HEADERS);
  });

  app.post('/api/unsubscribe', async (c) => {
    const { sub } = await find(c);
    if (sub) await s.storage.deleteSubscription(sub.id);
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('application/json')) return c.json({ unsubscribed: true });
    return c.body(htmlPage('Unsubscribed', '<h1>Unsubscribed</h1><p>You will not get these emails any more.</p>'), 200, PAGE_HEADERS);
  });
  return app;
}
