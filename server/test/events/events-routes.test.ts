import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, postComment, testServer, visitor, type TestServer } from '../helpers/server-app';
import { SseReader } from '../helpers/sse-reader';

let t: TestServer;
let reader: SseReader | null = null;
beforeEach(async () => { t = await testServer(); });
afterEach(async () => { await reader?.close(); reader = null; await t.close(); });

async function open(page = '/post'): Promise<SseReader> {
  const controller = new AbortController();
  const res = await t.app.request(`/api/events?page=${encodeURIComponent(page)}`, { signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
  const r = new SseReader(res);
  expect((await r.next()).event).toBe('ready');
  return r;
}

describe('GET /api/events', () => {
  it('streams approved comments, edits, deletions and likes of its page only', async () => {
    reader = await open();
    await postComment(t.app, { body: 'held first' });
    const otherPage = await postComment(t.app, { pageId: '/elsewhere', body: 'elsewhere' });
    expect(otherPage.status).toBe(201);
    const [held] = await t.storage.exportPage('/post');
    const login = await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json();
    await t.app.request(`/api/admin/comments/${held!.id}/status`, json('POST', { status: 'approved' }, { Authorization: `Bearer ${login.token}` }));
    const approved = await reader.next();
    expect(approved.event).toBe('comment');
    const comment = JSON.parse(approved.data);
    expect(comment).toMatchObject({ id: held!.id, status: 'approved', bodyHtml: '<p>held first</p>' });
    expect(comment.mine).toBeUndefined();
    expect(comment.source).toBeUndefined();
    expect(approved.data).not.toContain('ada@example.com');

    await t.app.request(`/api/admin/comments/${held!.id}`, json('PATCH', { body: 'edited by admin' }, { Authorization: `Bearer ${login.token}` }));
    const edited = await reader.next();
    expect(JSON.parse(edited.data).bodyHtml).toBe('<p>edited by admin</p>');

    await t.app.request('/api/likes?page=/post', json('PUT', {}, { 'X-Natter-Visitor': visitor(1) }));
    expect(await reader.next()).toEqual({ event: 'likes', data: '{"count":1}' });

    await t.app.request(`/api/admin/comments/${held!.id}/status`, json('POST', { status: 'spam' }, { Authorization: `Bearer ${login.token}` }));
    expect(await reader.next()).toEqual({ event: 'deleted', data: JSON.stringify({ id: held!.id }) });
  });

  it('streams a new comment that is approved straight away', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none' } });
    reader = await open();
    const res = await postComment(t.app, { body: 'live!' });
    const { comment } = await res.json();
    const event = await reader.next();
    expect(event.event).toBe('comment');
    expect(JSON.parse(event.data).id).toBe(comment.id);
  });

  it('rejects a missing or bad page', async () => {
    for (const q of ['', `?page=${'x'.repeat(513)}`, '?page=a&page=b']) {
      const res = await t.app.request(`/api/events${q}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBeDefined();
    }
  });
});
