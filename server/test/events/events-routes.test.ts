import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, postComment, testServer, visitor, type TestServer } from '../helpers/server-app';
import { SseReader } from '../helpers/sse-reader';

let t: TestServer;
let reader: SseReader | null = null;
beforeEach(async () => { t = await testServer(); });
afterEach(async () => { await reader?.close(); reader = null; await t.close(); });

async function open(page = '/post', { query = '', headers = {} }: { query?: string; headers?: Record<string, string> } = {}): Promise<SseReader> {
  const controller = new AbortController();
  const res = await t.app.request(`/api/events?page=${encodeURIComponent(page)}${query}`, { signal: controller.signal, headers });
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

  it('reads a new comment from the database once, however many readers the page has', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none', livePerClient: 100 } });
    const readers = await Promise.all(Array.from({ length: 20 }, () => open()));
    try {
      const reads = vi.spyOn(t.storage, 'getComment');
      const { comment } = await (await postComment(t.app, { body: 'to everyone' })).json();
      const events = await Promise.all(readers.map((r) => r.next()));
      expect(events.map((e) => e.event)).toEqual(Array(20).fill('comment'));
      expect(new Set(events.map((e) => e.data)).size).toBe(1);
      expect(JSON.parse(events[0]!.data).id).toBe(comment.id);
      expect(reads.mock.calls.filter(([id]) => id === comment.id)).toHaveLength(1);
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
  });

  it('answers 429 rate_limited past the live connections one client may hold, and frees a place on close', async () => {
    await t.close();
    t = await testServer({ config: { livePerClient: 2 } });
    const first = await open();
    const second = await open();
    const over = await t.app.request('/api/events?page=/post');
    expect(over.status).toBe(429);
    expect(over.headers.get('Retry-After')).toBe('30');
    expect((await over.json()).error).toMatchObject({ code: 'rate_limited' });
    const elsewhere = await t.app.request('/api/events?page=/other');
    expect(elsewhere.status).toBe(429);
    await first.close();
    await new Promise((r) => setTimeout(r, 10));
    reader = await open('/other');
    await second.close();
  });

  it('catches a reader coming back with its last event id up on what it missed, then streams on', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none', livePerClient: 10 } });
    const away = await open();
    const ready = Number(away.lastEventId);
    expect(ready).toBe(t.clock.now);
    t.clock.now += 1000;
    const before = await (await postComment(t.app, { body: 'seen before leaving' })).json();
    expect(JSON.parse((await away.next()).data).id).toBe(before.comment.id);
    const left = away.lastEventId;
    expect(Number(left)).toBe(ready + 1000);
    await away.close();
    t.clock.now += 60_000;
    const missed = await (await postComment(t.app, { body: 'posted while away' })).json();
    await postComment(t.app, { pageId: '/elsewhere', body: 'another page' });

    // What the page has had since shortly before the reader's position, oldest first.
    const since = [before.comment.id, missed.comment.id];
    // EventSource reconnecting by itself sends Last-Event-ID; a stream the widget opens again says since=.
    for (const [n, back] of [{ headers: { 'Last-Event-ID': left } }, { query: `&since=${left}` }].entries()) {
      const r = await open('/post', back);
      try {
        expect(r.lastEventId).toBe(left);
        const caughtUp = [];
        for (const _ of since) caughtUp.push(JSON.parse((await r.next()).data));
        // From a little before its position (times are taken before the events go out): the one it had comes again, merged by id.
        expect(caughtUp.map((c) => c.id)).toEqual(since);
        expect(caughtUp[1]).toMatchObject({ id: missed.comment.id, bodyHtml: '<p>posted while away</p>', status: 'approved' });
        expect(caughtUp[1].mine).toBeUndefined();
        t.clock.now += 1000;
        const after = await (await postComment(t.app, { body: `live again, ${n}` })).json();
        const live = await r.next();
        expect(JSON.parse(live.data).id).toBe(after.comment.id);
        expect(Number(r.lastEventId)).toBeGreaterThan(Number(left));
        since.push(after.comment.id);
      } finally {
        await r.close();
      }
    }
  });

  it('tells a returning reader of the comments approved, deleted or held while it was away', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none', livePerClient: 10 } });
    const login = await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json();
    const admin = { Authorization: `Bearer ${login.token}` };
    const setStatus = (id: string, status: string) => t.app.request(`/api/admin/comments/${id}/status`, json('POST', { status }, admin));
    const gone = (await (await postComment(t.app, { body: 'deleted while away' })).json()).comment;
    const held = (await (await postComment(t.app, { body: 'held while away' })).json()).comment;
    const back = (await (await postComment(t.app, { body: 'approved while away' })).json()).comment;
    await setStatus(back.id, 'pending');
    const neverShown = (await (await postComment(t.app, { body: 'held, then deleted while away' })).json()).comment;
    await setStatus(neverShown.id, 'pending');
    t.clock.now += 2 * 60_000;
    const away = await open();
    const left = away.lastEventId;
    await away.close();
    t.clock.now += 60_000;
    expect((await setStatus(gone.id, 'deleted')).status).toBe(200);
    expect((await setStatus(held.id, 'pending')).status).toBe(200);
    expect((await setStatus(back.id, 'approved')).status).toBe(200);
    expect((await setStatus(neverShown.id, 'deleted')).status).toBe(200);

    const r = await open('/post', { headers: { 'Last-Event-ID': left } });
    try {
      const events = [await r.next(), await r.next(), await r.next()];
      expect(events.map((e) => e.event)).toEqual(['comment', 'deleted', 'deleted']);
      expect(JSON.parse(events[0]!.data)).toMatchObject({ id: back.id, status: 'approved', bodyHtml: '<p>approved while away</p>' });
      expect(events.slice(1).map((e) => JSON.parse(e.data))).toEqual([{ id: gone.id }, { id: held.id }]);
      // Nothing about the comment readers never saw: the next event is the next comment.
      t.clock.now += 1000;
      const next = (await (await postComment(t.app, { body: 'after the catch-up' })).json()).comment;
      expect(JSON.parse((await r.next()).data).id).toBe(next.id);
    } finally {
      await r.close();
    }
  });

  it('says a comment is gone once, though a catch-up and the live event both carry it', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none' } });
    const { comment } = await (await postComment(t.app, { body: 'soon gone' })).json();
    reader = await open();
    const gone = { type: 'deleted' as const, pageId: '/post', id: comment.id };
    await t.events.publish(gone);
    await t.events.publish(gone);
    // Approved again, it comes back; deleted again, readers are told again.
    await t.events.publish({ type: 'comment', pageId: '/post', id: comment.id });
    await t.events.publish(gone);
    const events = [await reader.next(), await reader.next(), await reader.next()];
    expect(events.map((e) => `${e.event} ${JSON.parse(e.data).id}`)).toEqual([`deleted ${comment.id}`, `comment ${comment.id}`, `deleted ${comment.id}`]);
    await expect(reader.next(300)).rejects.toThrow('No event arrived in time');
  });

  it('starts a stream without catch-up for a position from long ago or not its own, and refuses a malformed since', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none', livePerClient: 10 } });
    await postComment(t.app, { body: 'written earlier' });
    t.clock.now += 2 * 60 * 60_000;
    const hoursAgo = String(t.clock.now - 2 * 60 * 60_000);
    const backs = [{ headers: { 'Last-Event-ID': hoursAgo } }, { query: `&since=${hoursAgo}` }, { headers: { 'Last-Event-ID': 'comment-7' } }, { headers: { 'Last-Event-ID': '42' } }];
    for (const [n, back] of backs.entries()) {
      const r = await open('/post', back);
      try {
        const fresh = await (await postComment(t.app, { body: `only this one, ${n}` })).json();
        expect(JSON.parse((await r.next()).data).id).toBe(fresh.comment.id);
      } finally {
        await r.close();
      }
    }
    for (const since of ['abc', '-5', '1e12', '12345678901234567', '1&since=2']) {
      const res = await t.app.request(`/api/events?page=/post&since=${since}`);
      expect(res.status, since).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'invalid', field: 'since' });
    }
  });
});
