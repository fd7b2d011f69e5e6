import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, postComment, testServer, visitor, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer(); });
afterEach(async () => { await t.close(); });

async function approveAll(): Promise<void> {
  for (const c of await t.storage.exportPage('/post')) await t.storage.setCommentStatus(c.id, 'approved');
}

describe('POST /api/comments', () => {
  it('holds a guest first comment and shows it only to its author', async () => {
    const res = await postComment(t.app, { body: 'First!' }, { 'X-Natter-Visitor': visitor(1) });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.comment).toMatchObject({ pageId: '/post', parentId: null, status: 'pending', mine: true, source: 'First!', bodyHtml: '<p>First!</p>' });
    expect(body.comment.author).toEqual({ name: 'Ada', avatarUrl: expect.stringMatching(/^http:\/\/natter\.test\/avatars\/[A-Za-z0-9_-]+$/) });
    expect(typeof body.editToken).toBe('string');
    const mine = await (await t.app.request('/api/comments?page=/post', { headers: { 'X-Natter-Visitor': visitor(1) } })).json();
    expect(mine.comments.map((c: { id: string }) => c.id)).toEqual([body.comment.id]);
    const other = await (await t.app.request('/api/comments?page=/post', { headers: { 'X-Natter-Visitor': visitor(2) } })).json();
    expect(other).toEqual({ comments: [], nextCursor: null, total: 0 });
  });

  it('approves a later comment from a guest who already has an approved one', async () => {
    await postComment(t.app, { body: 'one' });
    await approveAll();
    const res = await postComment(t.app, { body: 'two' });
    expect((await res.json()).comment.status).toBe('approved');
    const other = await postComment(t.app, { body: 'three', guest: { name: 'Ada', email: 'someone-else@example.com' } });
    expect((await other.json()).comment.status).toBe('pending');
  });

  it('returns the same comment for a retried idempotency key and stores one row', async () => {
    const init = json('POST', { pageId: '/post', parentId: null, body: 'Once', guest: { name: 'Ada', email: 'ada@example.com' } }, { 'Idempotency-Key': 'retry-key-123' });
    const first = await t.app.request('/api/comments', init);
    const again = await t.app.request('/api/comments', json('POST', { pageId: '/post', parentId: null, body: 'Once', guest: { name: 'Ada', email: 'ada@example.com' } }, { 'Idempotency-Key': 'retry-key-123' }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = await first.json();
    const b = await again.json();
    expect(b.comment.id).toBe(a.comment.id);
    expect(a.editToken).toEqual(expect.any(String));
    // Without a visitor id the key is scoped by the email, which anyone may type: no secret on a replay.
    expect(b.editToken).toBeUndefined();
    expect((await t.storage.exportPage('/post')).length).toBe(1);
  });

  it('hands the edit secret back on a replay only to the browser that posted', async () => {
    const me = { 'Idempotency-Key': 'retry-key-visitor', 'X-Natter-Visitor': visitor(7) };
    const body = { pageId: '/post', parentId: null, body: 'Mine', guest: { name: 'Ada', email: 'ada@example.com' }, elapsedMs: 60_000, honeypot: '' };
    const first = await (await t.app.request('/api/comments', json('POST', body, me))).json();
    const again = await t.app.request('/api/comments', json('POST', body, me));
    expect(again.status).toBe(200);
    expect((await again.json()).editToken).toBe(first.editToken);
    const stranger = await t.app.request('/api/comments', json('POST', body, { ...me, 'X-Natter-Visitor': visitor(8) }));
    expect(stranger.status).toBe(409);
    expect(JSON.stringify(await stranger.json())).not.toContain(first.editToken);
  });

  it('stores one comment when the same key is posted concurrently', async () => {
    const body = { pageId: '/post', parentId: null, body: 'Race', guest: { name: 'Ada', email: 'ada@example.com' } };
    const results = await Promise.all(Array.from({ length: 6 }, () => t.app.request('/api/comments', json('POST', body, { 'Idempotency-Key': 'same-key-race' }))));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).comment.id)));
    expect(ids.size).toBe(1);
    expect((await t.storage.exportPage('/post')).length).toBe(1);
  });

  it('answers 409 duplicate with WordPress’s message for the same text twice', async () => {
    await postComment(t.app, { body: 'Same  words' });
    const res = await postComment(t.app, { body: 'same words' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'duplicate', message: "Duplicate comment detected; it looks as though you've already said that!" } });
  });

  it('accepts a reply to a visible comment on the same page and rejects other parents', async () => {
    await postComment(t.app, { body: 'parent' });
    await approveAll();
    const [parent] = await t.storage.exportPage('/post');
    const reply = await postComment(t.app, { body: 'child', parentId: parent!.id });
    expect(reply.status).toBe(201);
    expect((await reply.json()).comment.parentId).toBe(parent!.id);
    for (const [pageId, parentId] of [['/other', parent!.id], ['/post', '999999'], ['/post', 'abc'], ['/post', 5]] as const) {
      const res = await postComment(t.app, { body: `bad parent ${pageId} ${parentId}`, pageId, parentId });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid');
    }
    const pendingOther = await postComment(t.app, { body: 'pending by someone', guest: { name: 'Bo', email: 'bo@example.com' } });
    const pendingId = (await pendingOther.json()).comment.id;
    const res = await postComment(t.app, { body: 'reply to hidden', parentId: pendingId }, { 'X-Natter-Visitor': visitor(9) });
    expect(res.status).toBe(400);
  });

  it('subscribes the author to replies and notifies subscribers (not the author) when a reply is approved', async () => {
    await postComment(t.app, { body: 'I want replies', notifyReplies: true, pageTitle: 'Post', pageUrl: 'https://blog.example/post' });
    await approveAll();
    const res = await postComment(t.app, { body: 'A reply', guest: { name: 'Bo', email: 'bo@example.com' } });
    const bo = (await res.json()).comment;
    expect(bo.status).toBe('pending');
    expect(t.notices).toEqual([]);
    const login = await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }));
    const { token } = await login.json();
    await t.app.request(`/api/admin/comments/${bo.id}/status`, json('POST', { status: 'approved' }, { Authorization: `Bearer ${token}` }));
    await t.settle();
    expect(t.notices.length).toBe(1);
    const notice = t.notices[0]!;
    expect(notice.recipients.map((r) => r.email)).toEqual(['ada@example.com']);
    expect(notice.recipients[0]!.unsubscribeUrl).toMatch(/^http:\/\/natter\.test\/api\/unsubscribe\?token=/);
    expect(notice.pageTitle).toBe('Post');
    expect(notice.commentUrl).toBe(`https://blog.example/post#comment-${bo.id}`);
    const ada = await postComment(t.app, { body: 'Ada again' });
    expect((await ada.json()).comment.status).toBe('approved');
    await t.settle();
    expect(t.notices.length).toBe(1);
  });

  it('keeps a pageUrl only when it is on an allowed site origin', async () => {
    const res = await postComment(t.app, { pageUrl: 'https://evil.example/phish' });
    expect(res.status).toBe(201);
    expect((await t.storage.getPage('/post'))?.url).toBeNull();
    await postComment(t.app, { pageUrl: 'https://blog.example/post' });
    expect((await t.storage.getPage('/post'))?.url).toBe('https://blog.example/post');
    const bad = await postComment(t.app, { pageUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
  });

  it('rejects bad fields with a 4xx naming the field and stores nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ body: '' }, 400, 'invalid', 'body'],
      [{ body: '   ' }, 400, 'invalid', 'body'],
      [{ body: 'x'.repeat(10_001) }, 400, 'too_long', 'body'],
      [{ body: 42 }, 400, 'invalid', 'body'],
      [{ guest: { name: '', email: 'a@example.com' } }, 400, 'invalid', 'name'],
      [{ guest: { name: 'n'.repeat(65), email: 'a@example.com' } }, 400, 'too_long', 'name'],
      [{ guest: { name: 'Evil\u202Egnp.exe', email: 'a@example.com' } }, 400, 'invalid', 'name'],
      [{ guest: { name: 'Zero\u200Bwidth', email: 'a@example.com' } }, 400, 'invalid', 'name'],
      [{ guest: { name: 'Ada', email: 'not-an-email' } }, 400, 'invalid', 'email'],
      [{ guest: { name: 'Ada', email: 'a@example.com', url: 'javascript:alert(1)' } }, 400, 'invalid', 'url'],
      [{ guest: { name: 'Ada', email: 'a@example.com', url: 'https://user:pw@example.com/' } }, 400, 'invalid', 'url'],
      [{ guest: { name: 'Ada', email: 'a@example.com', url: `https://example.com/${'a'.repeat(2100)}` } }, 400, 'too_long', 'url'],
      [{ guest: { name: 'Ada', email: 'a@example.com', status: 'approved' } }, 400, 'invalid', 'status'],
      [{ guest: undefined }, 400, 'invalid', 'guest'],
      [{ pageId: 'p'.repeat(513) }, 400, 'too_long', 'pageId'],
      [{ pageId: '' }, 400, 'invalid', 'pageId'],
      [{ status: 'approved' }, 400, 'invalid', 'status'],
      [{ id: '1' }, 400, 'invalid', 'id'],
      [{ notifyReplies: 'yes' }, 400, 'invalid', 'notifyReplies'],
      [{ elapsedMs: -1 }, 400, 'invalid', 'elapsedMs'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await postComment(t.app, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const err = await res.json();
      expect(err.error.code, JSON.stringify(body).slice(0, 80)).toBe(code);
      expect(err.error.field, JSON.stringify(body).slice(0, 80)).toBe(field);
    }
    expect(await t.storage.exportPage('/post')).toEqual([]);
  });

  it('stores the website normalised and the name NFC-normalised', async () => {
    const res = await postComment(t.app, { guest: { name: 'Zoe\u0301', email: 'Zoe@EXAMPLE.com', url: 'HTTPS://Example.COM' } });
    const { comment } = await res.json();
    expect(comment.author.name).toBe('Zo\u00e9');
    expect(comment.author.url).toBe('https://example.com/');
    const [stored] = await t.storage.exportPage('/post');
    expect(stored!.authorEmail).toBe('Zoe@example.com');
  });

  it('requires the Idempotency-Key header and a JSON content type', async () => {
    const noKey = await t.app.request('/api/comments', json('POST', { pageId: '/post', parentId: null, body: 'x', guest: { name: 'A', email: 'a@example.com' } }));
    expect(noKey.status).toBe(400);
    expect((await noKey.json()).error.field).toBe('idempotencyKey');
    const form = await t.app.request('/api/comments', { method: 'POST', body: 'body=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': 'abcdefgh1' } });
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe('invalid');
    const plain = await t.app.request('/api/comments', { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': 'abcdefgh2' } });
    expect(plain.status).toBe(415);
  });

  it('rejects the honeypot and too-fast posts as spam without storing them', async () => {
    const honey = await postComment(t.app, { honeypot: 'http://spam.example' });
    expect(honey.status).toBe(400);
    expect((await honey.json()).error.code).toBe('spam');
    const fast = await postComment(t.app, { elapsedMs: 300 });
    expect(fast.status).toBe(400);
    expect((await fast.json()).error.code).toBe('spam');
    const human = await postComment(t.app, { elapsedMs: 20_000, honeypot: '' });
    expect(human.status).toBe(201);
    expect((await t.storage.exportPage('/post')).length).toBe(1);
  });

  it('holds comments with many links even from approved guests', async () => {
    await postComment(t.app, { body: 'fine' });
    await approveAll();
    const res = await postComment(t.app, { body: 'see https://a.example https://b.example https://c.example' });
    expect((await res.json()).comment.status).toBe('pending');
  });

  it('follows the spam checker: spam is stored as spam and hidden, unsure is held', async () => {
    await t.close();
    const verdicts = ['spam', 'unsure', 'ham'] as const;
    let i = 0;
    t = await testServer({ config: { moderation: 'none' }, spamChecker: { check: async () => verdicts[i++]! } });
    const spam = await (await postComment(t.app, { body: 'buy' })).json();
    const unsure = await (await postComment(t.app, { body: 'hmm' })).json();
    const ham = await (await postComment(t.app, { body: 'nice' })).json();
    expect([spam.comment.status, unsure.comment.status, ham.comment.status]).toEqual(['pending', 'pending', 'approved']);
    expect((await t.storage.getComment(spam.comment.id))!.status).toBe('spam');
  });

  it('applies the moderation policies all and none', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'all' } });
    await postComment(t.app, { body: 'x' });
    await approveAll();
    expect((await (await postComment(t.app, { body: 'y' })).json()).comment.status).toBe('pending');
    await t.close();
    t = await testServer({ config: { moderation: 'none' } });
    expect((await (await postComment(t.app, { body: 'z' })).json()).comment.status).toBe('approved');
  });

  it('rate-limits posts per identity and per IP with 429 and Retry-After', async () => {
    await t.close();
    t = await testServer({ config: { rateLimit: 9, trustProxy: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postComment(t.app, { body: `m${i}` }, { 'X-Forwarded-For': '10.0.0.1' })).status);
    const limited = await postComment(t.app, { body: 'm3' }, { 'X-Forwarded-For': '10.0.0.1' });
    expect(statuses).toEqual([201, 201, 201]);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
    for (let i = 0; i < 9; i++) await postComment(t.app, { body: `ip${i}`, guest: { name: 'G', email: `g${i}@example.com` } }, { 'X-Forwarded-For': '10.0.0.2' });
    const ipLimited = await postComment(t.app, { body: 'ip-last', guest: { name: 'G', email: 'g-last@example.com' } }, { 'X-Forwarded-For': '10.0.0.2' });
    expect(ipLimited.status).toBe(429);
    const elsewhere = await postComment(t.app, { body: 'other ip', guest: { name: 'H', email: 'h@example.com' } }, { 'X-Forwarded-For': '10.0.0.3' });
    expect(elsewhere.status).toBe(201);
    // Within the minute after its posts, still refused; once its Retry-After has passed, let through.
    t.clock.now += 59_000;
    expect((await postComment(t.app, { body: 'too soon' }, { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(429);
    t.clock.now += retryAfter * 1000;
    expect((await postComment(t.app, { body: 'later' }, { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(201);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted', async () => {
    await t.close();
    t = await testServer({ config: { rateLimit: 3 } });
    for (let i = 0; i < 3; i++) await postComment(t.app, { body: `n${i}`, guest: { name: 'G', email: `n${i}@example.com` } }, { 'X-Forwarded-For': `10.1.0.${i}` });
    const res = await postComment(t.app, { body: 'n4', guest: { name: 'G', email: 'n4@example.com' } }, { 'X-Forwarded-For': '10.1.0.99' });
    expect(res.status).toBe(429);
  });
});

describe('GET /api/comments', () => {
  async function seed(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await (await postComment(t.app, { body: `c${i}` })).json()).comment.id);
    await approveAll();
    return ids;
  }

  it('pages top-level comments with an opaque cursor, replies included oldest first', async () => {
    const [a, b, c] = await seed(3);
    await postComment(t.app, { body: 'reply to a', parentId: a });
    const first = await (await t.app.request('/api/comments?page=/post&limit=2')).json();
    expect(first.comments.map((x: { body: string; id: string }) => x.id).slice(0, 2)).toEqual([a, b]);
    expect(first.comments.length).toBe(3);
    expect(first.comments[2].parentId).toBe(a);
    expect(first.total).toBe(4);
    expect(typeof first.nextCursor).toBe('string');
    const second = await (await t.app.request(`/api/comments?page=/post&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.comments.map((x: { id: string }) => x.id)).toEqual([c]);
    expect(second.nextCursor).toBeNull();
    const newest = await (await t.app.request('/api/comments?page=/post&sort=newest&limit=1')).json();
    expect(newest.comments.map((x: { id: string }) => x.id)).toEqual([c]);
    const bad = await t.app.request(`/api/comments?page=/post&sort=newest&cursor=${first.nextCursor}`);
    expect(bad.status).toBe(400);
  });

  it('answers 304 for a matching ETag and a new ETag after any visible change', async () => {
    await seed(1);
    const first = await t.app.request('/api/comments?page=/post');
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await t.app.request('/api/comments?page=/post', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const stranger = await t.app.request('/api/comments?page=/post', { headers: { 'If-None-Match': etag, 'X-Natter-Visitor': visitor(3) } });
    expect(stranger.status).toBe(304);
    await postComment(t.app, { body: 'held, visible to its author only' }, { 'X-Natter-Visitor': visitor(4) });
    const anonymous = (await t.app.request('/api/comments?page=/post')).headers.get('ETag');
    const author = await t.app.request('/api/comments?page=/post', { headers: { 'If-None-Match': anonymous!, 'X-Natter-Visitor': visitor(4) } });
    expect(author.status).toBe(200);
    expect(author.headers.get('ETag')).not.toBe(anonymous);
    expect((await author.json()).comments.length).toBe(2);
    const [only] = await t.storage.exportPage('/post');
    await t.storage.setCommentStatus(only!.id, 'spam');
    const changed = await t.app.request('/api/comments?page=/post', { headers: { 'If-None-Match': anonymous! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(anonymous);
  });

  it('rejects bad queries with 400', async () => {
    for (const q of ['', 'page=/post&limit=0', 'page=/post&limit=101', 'page=/post&limit=abc', 'page=/post&limit=1.5', 'page=/post&sort=random',
      'page=/post&cursor=notbase64!', 'page=/post&cursor=AAAA', 'page=a&page=b', `page=${'x'.repeat(600)}`]) {
      const res = await t.app.request(`/api/comments?${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code).toMatch(/^(invalid|too_long)$/);
    }
  });

  it('never exposes email, IP or user agent', async () => {
    await postComment(t.app, { body: 'private', guest: { name: 'Ada', email: 'secret-mail@example.com', url: 'https://ada.example/' } }, { 'User-Agent': 'UA-Marker', 'X-Natter-Visitor': visitor(1) });
    await approveAll();
    for (const headers of [{}, { 'X-Natter-Visitor': visitor(1) }] as Record<string, string>[]) {
      const text = await (await t.app.request('/api/comments?page=/post', { headers })).text();
      expect(text).not.toContain('secret-mail');
      expect(text).not.toContain('UA-Marker');
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toMatch(/[0-9a-f]{32}/);
    }
  });
});

describe('PATCH and DELETE /api/comments/:id', () => {
  async function guestComment(): Promise<{ id: string; editToken: string }> {
    const res = await postComment(t.app, { body: 'original' });
    const body = await res.json();
    return { id: body.comment.id, editToken: body.editToken };
  }

  it('lets a guest edit with the edit token within the window', async () => {
    const { id, editToken } = await guestComment();
    const res = await t.app.request(`/api/comments/${id}`, json('PATCH', { body: 'edited' }, { 'X-Natter-Edit-Token': editToken }));
    expect(res.status).toBe(200);
    const { comment } = await res.json();
    expect(comment.bodyHtml).toBe('<p>edited</p>');
    expect(comment.editedAt).toBe(new Date(t.clock.now).toISOString());
    expect((await t.storage.getComment(id))!.source).toBe('edited');
  });

  it('refuses edits and deletes without the token, with a wrong one, or after the window, changing nothing', async () => {
    const { id, editToken } = await guestComment();
    const cases: [RequestInit, number, string][] = [
      [json('PATCH', { body: 'x' }), 403, 'forbidden'],
      [json('PATCH', { body: 'x' }, { 'X-Natter-Edit-Token': 'wrong' }), 403, 'forbidden'],
      [{ method: 'DELETE', headers: { 'X-Natter-Edit-Token': `${editToken}x` } }, 403, 'forbidden'],
    ];
    for (const [init, status, code] of cases) {
      const res = await t.app.request(`/api/comments/${id}`, init);
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    t.clock.now += 16 * 60_000;
    const late = await t.app.request(`/api/comments/${id}`, json('PATCH', { body: 'late' }, { 'X-Natter-Edit-Token': editToken }));
    expect(late.status).toBe(403);
    expect((await late.json()).error.code).toBe('edit_window_closed');
    const lateDelete = await t.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Natter-Edit-Token': editToken } });
    expect(lateDelete.status).toBe(403);
    const stored = await t.storage.getComment(id);
    expect(stored!.source).toBe('original');
    expect(stored!.status).toBe('pending');
  });

  it('answers 404 for unknown, deleted and malformed ids', async () => {
    const { id, editToken } = await guestComment();
    const del = await t.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Natter-Edit-Token': editToken } });
    expect(del.status).toBe(204);
    expect((await t.storage.getComment(id))!.status).toBe('deleted');
    for (const bad of [id, '999999', 'abc', '1%27%20OR%201%3D1', '..%2F..%2Fetc%2Fpasswd', '0']) {
      const res = await t.app.request(`/api/comments/${bad}`, json('PATCH', { body: 'x' }, { 'X-Natter-Edit-Token': editToken }));
      expect(res.status, bad).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('lets a signed-in author edit and delete by session, and nobody else', async () => {
    const user = await t.storage.upsertUser({ provider: 'google', subject: 'g-1', name: 'Gina', avatarUrl: null, profileUrl: null, email: 'gina@example.com' }, t.clock.now);
    const other = await t.storage.upsertUser({ provider: 'google', subject: 'g-2', name: 'Otto', avatarUrl: null, profileUrl: null, email: null }, t.clock.now);
    const { SessionManager } = await import('../../src/auth/sessions');
    const sessions = new SessionManager(t.storage, 'test-secret-test-secret-test-secret-0123', () => t.clock.now);
    const mine = (await sessions.issueUserSession(user.id)).token;
    const theirs = (await sessions.issueUserSession(other.id)).token;
    const res = await postComment(t.app, { body: 'signed in', guest: undefined }, { Authorization: `Bearer ${mine}` });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.editToken).toBeUndefined();
    expect(body.comment).toMatchObject({ status: 'approved', mine: true, author: { name: 'Gina', provider: 'google' } });
    const id = body.comment.id;
    const forbidden = await t.app.request(`/api/comments/${id}`, json('PATCH', { body: 'hijack' }, { Authorization: `Bearer ${theirs}` }));
    expect(forbidden.status).toBe(403);
    const edit = await t.app.request(`/api/comments/${id}`, json('PATCH', { body: 'mine edited' }, { Authorization: `Bearer ${mine}` }));
    expect(edit.status).toBe(200);
    expect(edit.headers.get('Cache-Control')).toBe('no-store');
    const bogus = await t.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { Authorization: 'Bearer not.a.token' } });
    expect(bogus.status).toBe(401);
    const del = await t.app.request(`/api/comments/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${mine}` } });
    expect(del.status).toBe(204);
    expect((await (await t.app.request('/api/comments?page=/post')).json()).comments).toEqual([]);
  });
});

describe('deleted threads', () => {
  it('keeps showing replies after their top-level comment is deleted by its author', async () => {
    const top = await (await postComment(t.app, { body: 'top' })).json();
    await approveAll();
    await postComment(t.app, { body: 'a reply', parentId: top.comment.id, guest: { name: 'Bo', email: 'bo@example.com' } });
    await approveAll();
    const del = await t.app.request(`/api/comments/${top.comment.id}`, { method: 'DELETE', headers: { 'X-Natter-Edit-Token': top.editToken } });
    expect(del.status).toBe(204);
    const list = await (await t.app.request('/api/comments?page=/post')).json();
    expect(list.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>a reply</p>']);
    expect(list.total).toBe(1);
  });
});
