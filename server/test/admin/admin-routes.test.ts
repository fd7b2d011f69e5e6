import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, postComment, testServer, type TestServer } from '../helpers/server-app';

let t: TestServer;
let token: string;
beforeEach(async () => {
  t = await testServer();
  token = (await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json()).token;
});
afterEach(async () => { await t.close(); });

const auth = () => ({ Authorization: `Bearer ${token}` });

describe('admin login', () => {
  it('issues a token for the right password and 401 for a wrong one', async () => {
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const wrong = await t.app.request('/api/admin/login', json('POST', { password: 'correct horse batterY' }));
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    const badShape = await t.app.request('/api/admin/login', json('POST', { password: 1 }));
    expect(badShape.status).toBe(400);
  });

  /** Tries a password; on 429 returns the Retry-After seconds. */
  const attempt = async (password: string, forwardedFor: string) => {
    const res = await t.app.request('/api/admin/login', json('POST', { password }, { 'X-Forwarded-For': forwardedFor }));
    const retryAfter = res.status === 429 ? Number(res.headers.get('Retry-After')) : null;
    if (res.status === 429) expect((await res.json()).error.code).toBe('rate_limited');
    return { status: res.status, retryAfter };
  };
  /** A guesser who waits out every delay and tries again, `count` wrong passwords in all. */
  const persistentGuesser = async (count: number, forwardedFor: string) => {
    for (let wrong = 0; wrong < count;) {
      const r = await attempt(`guess-${wrong}`, forwardedFor);
      if (r.status === 401) wrong++;
      else if (r.retryAfter !== null) t.clock.now += r.retryAfter * 1000;
      else throw new Error(`unexpected ${r.status}`);
    }
  };

  it('slows a guesser: past the fifth wrong password each one doubles the wait, and a try inside the wait is refused unchecked', async () => {
    await t.close();
    t = await testServer({ config: { trustProxy: 1 } });
    for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`, '10.9.9.9')).status).toBe(401);
    expect(await attempt('guess-5', '10.9.9.9')).toEqual({ status: 429, retryAfter: 1 });
    t.clock.now += 1000;
    expect((await attempt('guess-6', '10.9.9.9')).status).toBe(401);
    // Even the right password is not looked at inside the wait, so guessing gains nothing there.
    expect(await attempt('correct horse battery', '10.9.9.9')).toEqual({ status: 429, retryAfter: 2 });
    t.clock.now += 2000;
    expect((await attempt('correct horse battery', '10.9.9.9')).status).toBe(200);
    // The right password forgets the failures.
    for (let i = 0; i < 5; i++) expect((await attempt(`again-${i}`, '10.9.9.9')).status).toBe(401);
  });

  it('keeps the moderator out for at most a minute after a passer-by\'s wrong passwords behind a reverse proxy without --trust-proxy', async () => {
    // Every request arrives from the proxy's address; X-Forwarded-For is not trusted.
    await persistentGuesser(25, '203.0.113.9');
    const moderator = await attempt('correct horse battery', '198.51.100.7');
    expect(moderator.status).toBe(429);
    expect(moderator.retryAfter).toBeLessThanOrEqual(60);
    t.clock.now += (moderator.retryAfter ?? 0) * 1000;
    expect((await attempt('correct horse battery', '198.51.100.7')).status).toBe(200);
  });

  it('holds a guessing address back for longer than the moderator at another address (--trust-proxy)', async () => {
    await t.close();
    t = await testServer({ config: { trustProxy: 1 } });
    await persistentGuesser(13, '10.0.0.66');
    const guesser = await attempt('guess-again', '10.0.0.66');
    const moderator = await attempt('correct horse battery', '10.0.0.7');
    expect(guesser).toEqual({ status: 429, retryAfter: 256 });
    expect(moderator).toEqual({ status: 429, retryAfter: 60 });
    t.clock.now += 60_000;
    expect((await attempt('guess-again', '10.0.0.66')).status).toBe(429);
    expect((await attempt('correct horse battery', '10.0.0.7')).status).toBe(200);
  });

  it('is disabled without an admin password', async () => {
    await t.close();
    t = await testServer({ config: { adminPassword: null } });
    const res = await t.app.request('/api/admin/login', json('POST', { password: 'anything' }));
    expect(res.status).toBe(404);
    expect((await t.app.request('/api/admin/comments')).status).toBe(404);
  });

  it('requires a valid admin token for every admin endpoint', async () => {
    const user = await t.storage.upsertUser({ provider: 'google', subject: 'g', name: 'G', avatarUrl: null, profileUrl: null, email: null }, 1);
    const { SessionManager } = await import('../../src/auth/sessions');
    const userToken = (await new SessionManager(t.storage, 'test-secret-test-secret-test-secret-0123', () => t.clock.now).issueUserSession(user.id)).token;
    const endpoints: [string, RequestInit][] = [
      ['/api/admin/comments', {}],
      ['/api/admin/comments/1/status', json('POST', { status: 'approved' })],
      ['/api/admin/comments/1', json('PATCH', { body: 'x' })],
      ['/api/admin/export?page=/post', {}],
      ['/api/admin/commenters/export?email=a@example.com', {}],
      ['/api/admin/commenters?email=a@example.com', { method: 'DELETE' }],
    ];
    for (const [url, init] of endpoints) {
      for (const headers of [{}, { Authorization: 'Bearer nonsense' }, { Authorization: `Bearer ${userToken}` }] as Record<string, string>[]) {
        const res = await t.app.request(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...headers } });
        expect(res.status, url).toBe(401);
        expect((await res.json()).error.code).toBe('unauthorized');
      }
    }
  });

  it('revokes the admin token on logout', async () => {
    expect((await t.app.request('/api/admin/session', { method: 'DELETE', headers: auth() })).status).toBe(204);
    expect((await t.app.request('/api/admin/comments', { headers: auth() })).status).toBe(401);
  });
});

describe('moderation queue', () => {
  it('lists pending comments across pages with emails and pages them with a cursor', async () => {
    await postComment(t.app, { pageId: '/a', body: 'first', pageTitle: 'Page A', pageUrl: 'https://blog.example/a' });
    await postComment(t.app, { pageId: '/b', body: 'second', guest: { name: 'Bo', email: 'bo@example.com' } });
    const res = await t.app.request('/api/admin/comments?status=pending&limit=1', { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const page1 = await res.json();
    expect(page1.comments.length).toBe(1);
    expect(page1.comments[0]).toMatchObject({ pageId: '/b', status: 'pending', author: { name: 'Bo', email: 'bo@example.com' }, source: 'second' });
    const page2 = await (await t.app.request(`/api/admin/comments?status=pending&limit=1&cursor=${page1.nextCursor}`, { headers: auth() })).json();
    expect(page2.comments[0]).toMatchObject({ pageId: '/a', pageTitle: 'Page A', pageUrl: 'https://blog.example/a' });
    expect(page2.nextCursor).toBeNull();
    const search = await (await t.app.request('/api/admin/comments?status=all&q=SECOND', { headers: auth() })).json();
    expect(search.comments.map((c: { source: string }) => c.source)).toEqual(['second']);
    const byPage = await (await t.app.request('/api/admin/comments?status=all&page=/a', { headers: auth() })).json();
    expect(byPage.comments.map((c: { pageId: string }) => c.pageId)).toEqual(['/a']);
  });

  it('rejects bad queries', async () => {
    for (const q of ['status=bogus', 'limit=0', 'limit=500', 'cursor=xyz', `q=${'q'.repeat(201)}`, 'status=pending&status=spam']) {
      const res = await t.app.request(`/api/admin/comments?${q}`, { headers: auth() });
      expect(res.status, q).toBe(400);
    }
  });

  it('approves, marks as spam, deletes and edits; bad statuses and ids change nothing', async () => {
    const { comment } = await (await postComment(t.app, { body: 'moderate me' })).json();
    const approve = await t.app.request(`/api/admin/comments/${comment.id}/status`, json('POST', { status: 'approved' }, auth()));
    expect((await approve.json()).comment.status).toBe('approved');
    expect((await (await t.app.request('/api/comments?page=/post')).json()).total).toBe(1);
    const edit = await t.app.request(`/api/admin/comments/${comment.id}`, json('PATCH', { body: 'moderated' }, auth()));
    expect((await edit.json()).comment).toMatchObject({ source: 'moderated', bodyHtml: '<p>moderated</p>' });
    for (const [url, init, status] of [
      [`/api/admin/comments/${comment.id}/status`, json('POST', { status: 'published' }, auth()), 400],
      [`/api/admin/comments/${comment.id}/status`, json('POST', { status: 'spam', extra: 1 }, auth()), 400],
      ['/api/admin/comments/99999/status', json('POST', { status: 'spam' }, auth()), 404],
      ['/api/admin/comments/abc/status', json('POST', { status: 'spam' }, auth()), 404],
      [`/api/admin/comments/${comment.id}`, json('PATCH', { body: '' }, auth()), 400],
    ] as [string, RequestInit, number][]) {
      expect((await t.app.request(url, init)).status).toBe(status);
    }
    expect((await t.storage.getComment(comment.id))!.status).toBe('approved');
    await t.app.request(`/api/admin/comments/${comment.id}/status`, json('POST', { status: 'spam' }, auth()));
    expect((await (await t.app.request('/api/comments?page=/post')).json()).total).toBe(0);
    await t.app.request(`/api/admin/comments/${comment.id}/status`, json('POST', { status: 'deleted' }, auth()));
    expect((await t.storage.getComment(comment.id))!.status).toBe('deleted');
  });

  it('exports a page as JSON', async () => {
    await postComment(t.app, { body: 'exported' });
    const res = await t.app.request('/api/admin/export?page=/post', { headers: auth() });
    expect(res.headers.get('Content-Disposition')).toContain('attachment');
    const body = await res.json();
    expect(body.pageId).toBe('/post');
    expect(body.comments.map((c: { source: string }) => c.source)).toEqual(['exported']);
    expect((await t.app.request('/api/admin/export', { headers: auth() })).status).toBe(400);
  });

  it('exports and erases one commenter’s data', async () => {
    await postComment(t.app, { body: 'mine', notifyReplies: true, guest: { name: 'Eve', email: 'eve@example.com', url: 'https://eve.example' } });
    await postComment(t.app, { body: 'not mine', guest: { name: 'Bo', email: 'bo@example.com' } });
    const exported = await (await t.app.request('/api/admin/commenters/export?email=eve@example.com', { headers: auth() })).json();
    expect(exported.comments.map((c: { source: string }) => c.source)).toEqual(['mine']);
    expect(exported.subscriptions).toHaveLength(1);
    const erased = await (await t.app.request('/api/admin/commenters?email=eve@example.com', { method: 'DELETE', headers: auth() })).json();
    expect(erased).toEqual({ comments: 1, likes: 0, subscriptions: 1 });
    const after = await (await t.app.request('/api/admin/commenters/export?email=eve@example.com', { headers: auth() })).json();
    expect(after.comments).toEqual([]);
    const all = await t.storage.exportPage('/post');
    expect(all.map((c) => c.authorName).sort()).toEqual(['Anonymous', 'Bo']);
    expect((await t.app.request('/api/admin/commenters?email=not-an-email', { method: 'DELETE', headers: auth() })).status).toBe(400);
  });
});

describe('admin page', () => {
  it('serves /admin as a page that loads /admin.js, with a strict CSP', async () => {
    const res = await t.app.request('/admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<script type="module" src="/admin.js"></script>');
  });
});

describe('new post announcements', () => {
  it('sends one notice to every new-post subscriber with an unsubscribe link, and validates input', async () => {
    const sent: unknown[] = [];
    await t.close();
    t = await testServer({ deps: { notifier: { commentApproved: async () => {}, postPublished: async (n) => { sent.push(n); } } } });
    token = (await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json()).token;
    await postComment(t.app, { body: 'sub me', notifyPosts: true });
    const res = await t.app.request('/api/admin/posts', json('POST', { title: 'A new post', url: 'https://blog.example/new', excerpt: 'Short.' }, auth()));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ recipients: 1 });
    await t.settle();
    expect(sent).toEqual([{ title: 'A new post', url: 'https://blog.example/new', excerpt: 'Short.', recipients: [{ email: 'ada@example.com', name: 'Ada', unsubscribeUrl: expect.stringMatching(/^http:\/\/natter\.test\/api\/unsubscribe\?token=/) }] }]);
    for (const bad of [{ title: '', url: 'https://blog.example/x' }, { title: 'T', url: 'javascript:x' }, { title: 'T' }, { title: 'T', url: 'https://b.example/', extra: 1 }]) {
      expect((await t.app.request('/api/admin/posts', json('POST', bad, auth()))).status).toBe(400);
    }
    expect((await t.app.request('/api/admin/posts', json('POST', { title: 'T', url: 'https://b.example/' }))).status).toBe(401);
  });

  it('answers 422 unsupported when email is not configured', async () => {
    await t.close();
    t = await testServer({ deps: { notifier: undefined } });
    token = (await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json()).token;
    const res = await t.app.request('/api/admin/posts', json('POST', { title: 'T', url: 'https://b.example/' }, auth()));
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('unsupported');
  });
});
