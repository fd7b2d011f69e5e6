import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/announce';
import { testServer, type TestServer } from '../helpers/server-app';

const SECRET = 'test-secret-test-secret-test-secret-0123';
let t: TestServer;
beforeEach(async () => { t = await testServer(); });
afterEach(async () => { await t.close(); });

describe('unsubscribe', () => {
  it('shows a confirmation page on GET without changing anything, and unsubscribes on POST', async () => {
    const sub = await t.storage.subscribe({ kind: 'replies', pageId: '/post', email: 'sub@example.com', name: '<b>Sub</b>', createdAt: 1 });
    const token = unsubscribeToken(SECRET, sub.id);
    const page = await t.app.request(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(page.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<form method="post"');
    expect(await t.storage.getSubscription(sub.id)).not.toBeNull();
    const oneClick = await t.app.request(`/api/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.status).toBe(200);
    expect(await t.storage.getSubscription(sub.id)).toBeNull();
    const jsonAnswer = await t.app.request(`/api/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(await jsonAnswer.json()).toEqual({ unsubscribed: true });
  });

  it('answers 404 for forged, malformed or missing tokens and removes nothing', async () => {
    const sub = await t.storage.subscribe({ kind: 'posts', pageId: '', email: 'keep@example.com', name: 'Keep', createdAt: 1 });
    const forged = `${sub.id}.${'A'.repeat(43)}`;
    const otherSecret = unsubscribeToken('another-secret-another-secret-another', sub.id);
    for (const token of [forged, otherSecret, '', 'abc', `${sub.id}`, '../../etc/passwd']) {
      for (const method of ['GET', 'POST']) {
        const res = await t.app.request(`/api/unsubscribe?token=${encodeURIComponent(token)}`, { method });
        expect(res.status).toBe(404);
        expect((await res.json()).error.code).toBe('not_found');
      }
    }
    expect(await t.storage.getSubscription(sub.id)).not.toBeNull();
  });
});
