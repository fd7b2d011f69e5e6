import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postComment, testServer, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer({ config: { moderation: 'none' } }); });
afterEach(async () => { await t.close(); });

describe('counts', () => {
  it('counts approved comments of many pages in one request', async () => {
    await postComment(t.app, { pageId: '/a', body: 'one' });
    await postComment(t.app, { pageId: '/a', body: 'two' });
    await postComment(t.app, { pageId: '/b', body: 'three' });
    const res = await t.app.request('/api/counts?page=/a&page=/b&page=/c&page=/a');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ counts: { '/a': 2, '/b': 1, '/c': 0 } });
  });

  it('rejects no pages, more than 100, and bad page ids', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `page=/p${i}`).join('&');
    for (const q of ['', many, `page=${'x'.repeat(513)}`, 'page=']) {
      const res = await t.app.request(`/api/counts?${q}`);
      expect(res.status, q.slice(0, 30)).toBe(400);
      expect((await res.json()).error.code).toMatch(/^(invalid|too_long)$/);
    }
    const hundred = Array.from({ length: 100 }, (_, i) => `page=/p${i}`).join('&');
    expect((await t.app.request(`/api/counts?${hundred}`)).status).toBe(200);
  });

  it('serves the listing-page script', async () => {
    const res = await t.app.request('/count.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    const text = await res.text();
    expect(text).toContain('data-natter-count');
    expect(text).toContain('/api/counts?');
    expect(text).not.toContain('innerHTML');
  });
});
