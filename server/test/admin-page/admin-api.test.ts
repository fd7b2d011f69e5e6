import { describe, expect, it } from 'vitest';
import { createAdminApi, narrowAdminComment } from '../../admin/admin-api';
import { isNatterError } from 'natter';
import { fakeAdminServer, fakeComment, PASSWORD } from './fake-admin-server';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createAdminApi', () => {
  it('logs in with the password as JSON and returns the token', async () => {
    const server = fakeAdminServer([]);
    const api = createAdminApi({ fetch: server.fetch, baseUrl: 'https://comments.example/' });
    const token = await api.login(PASSWORD);
    expect(token).toBe('admin-token-1');
    expect(server.calls[0]).toMatchObject({ method: 'POST', path: '/api/admin/login', contentType: 'application/json', body: { password: PASSWORD } });
  });

  it('refuses a wrong password with an unauthorized error', async () => {
    const api = createAdminApi({ fetch: fakeAdminServer([]).fetch });
    const error = await caught(api.login('wrong'));
    expect(isNatterError(error) && error.code).toBe('unauthorized');
  });

  it('lists comments with the bearer token, status, search and cursor', async () => {
    const server = fakeAdminServer([fakeComment({ id: '1', source: 'hello there' }), fakeComment({ id: '2', source: 'hello again' })], { pageSize: 1 });
    const api = createAdminApi({ fetch: server.fetch });
    const token = await api.login(PASSWORD);
    const first = await api.listComments(token, { status: 'pending', q: 'hello' });
    expect(first.comments.map((c) => c.id)).toEqual(['1']);
    expect(first.nextCursor).toBe('1');
    const second = await api.listComments(token, { status: 'pending', q: 'hello', cursor: first.nextCursor });
    expect(second.comments.map((c) => c.id)).toEqual(['2']);
    expect(second.nextCursor).toBeNull();
    const call = server.calls[2];
    expect(call?.authorization).toBe(`Bearer ${token}`);
    expect(Object.fromEntries(call?.query ?? [])).toEqual({ status: 'pending', q: 'hello', cursor: '1' });
  });

  it('narrows the moderator fields of a comment, email included', async () => {
    const server = fakeAdminServer([fakeComment({ id: '7', author: { name: 'Ada', url: 'https://ada.example', email: 'ada@example.com' } })]);
    const api = createAdminApi({ fetch: server.fetch });
    const { comments } = await api.listComments(await api.login(PASSWORD), { status: 'all' });
    expect(comments[0]).toEqual({
      id: '7', pageId: '/small-is-beautiful', pageTitle: 'Small is beautiful?', pageUrl: 'https://blog.example/small-is-beautiful',
      status: 'pending', author: { name: 'Ada', url: 'https://ada.example', email: 'ada@example.com' },
      bodyHtml: '<p>Comment 7</p>', source: 'Comment 7', createdAt: comments[0]?.createdAt,
    });
  });

  it('treats an answer of the wrong shape as a server error', async () => {
    const server = fakeAdminServer([]);
    const api = createAdminApi({ fetch: server.fetch });
    const token = await api.login(PASSWORD);
    server.failNextWith(new Response(JSON.stringify({ comments: [{ id: 1 }], nextCursor: null }), { status: 200 }));
    const error = await caught(api.listComments(token, { status: 'pending' }));
    expect(isNatterError(error) && error.code).toBe('server');
  });

  it('rejects comments whose fields have the wrong types', () => {
    expect(narrowAdminComment(null)).toBeNull();
    expect(narrowAdminComment({ ...fakeComment({ id: '1' }), status: 'published' })).toBeNull();
    expect(narrowAdminComment({ ...fakeComment({ id: '1' }), bodyHtml: 42 })).toBeNull();
    expect(narrowAdminComment({ ...fakeComment({ id: '1' }), author: 'Ada' })).toBeNull();
    expect(narrowAdminComment({ ...fakeComment({ id: '1' }), author: { name: 'Ada', email: { evil: true } } })?.author.email).toBeNull();
  });

  it('takes the error code from the error body, and Retry-After', async () => {
    const server = fakeAdminServer([]);
    const api = createAdminApi({ fetch: server.fetch });
    server.failNextWith(new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), { status: 429, headers: { 'retry-after': '30' } }));
    const error = await caught(api.login(PASSWORD));
    expect(isNatterError(error) && error.code).toBe('rate_limited');
    expect(isNatterError(error) && error.retryAfter).toBe(30);
  });

  it('falls back to the HTTP status when the error body is not the error shape', async () => {
    const server = fakeAdminServer([]);
    const api = createAdminApi({ fetch: server.fetch });
    server.failNextWith(new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await caught(api.login(PASSWORD));
    expect(isNatterError(error) && error.code).toBe('server');
    expect(String(error)).not.toContain('Bad gateway');
  });

  it('reports a failed connection as a network error', async () => {
    const api = createAdminApi({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const error = await caught(api.login(PASSWORD));
    expect(isNatterError(error) && error.code).toBe('network');
  });

  it('changes a status and edits a body, returning the updated comment', async () => {
    const server = fakeAdminServer([fakeComment({ id: 'a/b' })]);
    const api = createAdminApi({ fetch: server.fetch });
    const token = await api.login(PASSWORD);
    expect((await api.setStatus(token, 'a/b', 'approved')).status).toBe('approved');
    expect(server.calls[1]).toMatchObject({ method: 'POST', path: '/api/admin/comments/a%2Fb/status', body: { status: 'approved' } });
    expect((await api.editComment(token, 'a/b', 'New *text*')).source).toBe('New *text*');
    expect(server.calls[2]).toMatchObject({ method: 'PATCH', path: '/api/admin/comments/a%2Fb', body: { body: 'New *text*' } });
  });

  it('exports a page as a JSON file', async () => {
    const server = fakeAdminServer([fakeComment({ id: '1', pageId: '/p?x=1&y' })]);
    const api = createAdminApi({ fetch: server.fetch });
    const file = await api.exportPage(await api.login(PASSWORD), '/p?x=1&y');
    expect(server.calls[1]?.query.get('page')).toBe('/p?x=1&y');
    expect(file.type).toBe('application/json');
    const data: unknown = JSON.parse(await file.text());
    expect(data).toMatchObject({ pageId: '/p?x=1&y', comments: [{ id: '1' }] });
  });

  it('signs out by revoking the token', async () => {
    const server = fakeAdminServer([]);
    const api = createAdminApi({ fetch: server.fetch });
    const token = await api.login(PASSWORD);
    await api.logout(token);
    expect(server.tokens.has(token)).toBe(false);
  });
});
