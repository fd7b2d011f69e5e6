import { describe, expect, it } from 'vitest';
import { HttpBackend } from '../../src/backend/http';
import type { HttpBackendOptions } from '../../src/backend/http';
import { isNatterError } from '../../src/model/errors';
import type { NatterError } from '../../src/model/errors';
import { ERROR_CODES } from '../../src/shared/error-codes';
import { expectNatterError } from '../helpers/backend-contract';

const BASE = 'http://natter.test';

/** What a fake server saw. */
interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch answering from `answer`, recording every request; like a real one, it stops on abort. */
function fakeFetch(answer: (request: Seen, n: number) => Response | Promise<Response>): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const entry = { method: request.method, url: request.url, headers: request.headers, body: await request.text() };
    seen.push(entry);
    return new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      Promise.resolve(answer(entry, seen.length)).then(resolve, reject);
    });
  };
  return { fetch: fetchFn, seen };
}

const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });

async function caught(promise: Promise<unknown>): Promise<NatterError> {
  try {
    await promise;
  } catch (error) {
    if (isNatterError(error)) return error;
    throw new Error(`expected a NatterError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

function backend(fetchFn: typeof fetch, options: Partial<HttpBackendOptions> = {}): HttpBackend {
  return new HttpBackend({ baseUrl: BASE, fetch: fetchFn, storage: null, window: null, retry: { limit: 2, delay: () => 0 }, ...options });
}

const comment = (id: string, extra: Record<string, unknown> = {}) => ({
  id, pageId: '/p', parentId: null, author: { name: 'Ada' }, bodyHtml: '<p>Hi</p>',
  createdAt: '2026-01-01T00:00:00.000Z', status: 'approved', ...extra,
});

/** A Storage over a Map, like the browser's. */
class MapStorage implements Storage {
  readonly map = new Map<string, string>();
  get length() { return this.map.size; }
  clear() { this.map.clear(); }
  getItem(key: string) { return this.map.get(key) ?? null; }
  key(index: number) { return [...this.map.keys()][index] ?? null; }
  removeItem(key: string) { this.map.delete(key); }
  setItem(key: string, value: string) { this.map.set(key, String(value)); }
}

/** A Storage that throws like Safari's private mode or a full quota. */
class RefusingStorage extends MapStorage {
  override getItem(): string | null { throw new DOMException('denied', 'SecurityError'); }
  override setItem(): void { throw new DOMException('full', 'QuotaExceededError'); }
  override removeItem(): void { throw new DOMException('denied', 'SecurityError'); }
}

describe('HttpBackend with a stand-in fetch', () => {
  it.each(ERROR_CODES.map((code) => [code]))('turns an API error with code %s into a NatterError naming the operation', async (code) => {
    const { fetch } = fakeFetch(() => json({ error: { code, message: `Server says ${code}`, field: 'body' } }, 400, { 'retry-after': '7' }));
    const error = await caught(backend(fetch).listComments({ pageId: '/p' }));
    expect(error.code).toBe(code);
    expect(error.field).toBe('body');
    expect(error.retryAfter).toBe(7);
    expect(error.message).toContain('listComments');
    expect(error.message).toContain(`Server says ${code}`);
  });

  it('maps statuses without an error body to codes, and never retries a 4xx', async () => {
    const cases: [number, string][] = [
      [401, 'unauthorized'], [403, 'forbidden'], [404, 'not_found'], [409, 'duplicate'], [413, 'too_long'],
      [429, 'rate_limited'], [400, 'invalid'], [422, 'invalid'],
    ];
    for (const [status, code] of cases) {
      const { fetch, seen } = fakeFetch(() => new Response('<html>proxy</html>', { status, headers: { 'content-type': 'text/html' } }));
      await expectNatterError(backend(fetch).getConfig(), code as NatterError['code']);
      expect(seen).toHaveLength(1);
    }
  });

  it('retries a 5xx and a dropped connection, then reports server or network', async () => {
    const down = fakeFetch(() => new Response('bad gateway', { status: 502 }));
    await expectNatterError(backend(down.fetch).getConfig(), 'server');
    expect(down.seen).toHaveLength(3);
    const offline = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    await expectNatterError(backend(offline.fetch).getConfig(), 'network');
    expect(offline.seen).toHaveLength(3);
  });

  it('retries a post after a dropped connection with the same idempotency key', async () => {
    const { fetch, seen } = fakeFetch((_, n) => (n === 1 ? Promise.reject(new TypeError('connection reset')) : json({ comment: comment('1') }, 201)));
    const posted = await backend(fetch).postComment({
      pageId: '/p', parentId: null, body: 'Hi', idempotencyKey: 'key-12345678', guest: { name: 'Ada', email: 'ada@example.org' },
    });
    expect(posted.id).toBe('1');
    expect(seen.map((s) => s.headers.get('idempotency-key'))).toEqual(['key-12345678', 'key-12345678']);
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ pageId: '/p', parentId: null, body: 'Hi', guest: { name: 'Ada', email: 'ada@example.org' } });
  });

  it('gives up on an answer that never comes with a timeout, without retrying it', async () => {
    const { fetch, seen } = fakeFetch(() => new Promise<Response>(() => {}));
    await expectNatterError(backend(fetch, { timeoutMs: 50 }).listComments({ pageId: '/p' }), 'timeout');
    expect(seen).toHaveLength(1);
  });

  it('reports cancelled for an aborted request, before or during the request', async () => {
    const { fetch, seen } = fakeFetch(() => new Promise<Response>(() => {}));
    await expectNatterError(backend(fetch).getConfig(AbortSignal.abort()), 'cancelled');
    expect(seen).toHaveLength(0);
    const controller = new AbortController();
    const pending = backend(fetch).getConfig(controller.signal);
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expectNatterError(pending, 'cancelled');
  });

  it('reports a malformed or non-JSON answer as a server error', async () => {
    for (const answer of [json({ comments: 'nope', nextCursor: null, total: 0 }), json({ comments: [comment('1', { status: 'spam' })], nextCursor: null, total: 1 }),
      new Response('not json', { status: 200 })]) {
      const { fetch } = fakeFetch(() => answer);
      await expectNatterError(backend(fetch, { retry: 0 }).listComments({ pageId: '/p' }), 'server');
    }
  });

  it('drops fields the contract does not know from answers', async () => {
    const { fetch } = fakeFetch(() => json({ comments: [comment('1', { email: 'x@example.org', ip: '10.0.0.1' })], nextCursor: null, total: 1, extra: 1 }));
    const page = await backend(fetch).listComments({ pageId: '/p' });
    expect(page).toEqual({ comments: [comment('1')], nextCursor: null, total: 1 });
  });

  it('sends If-None-Match and reuses the cached page on 304', async () => {
    const { fetch, seen } = fakeFetch((request) => (request.headers.get('if-none-match') === 'W/"v1"'
      ? new Response(null, { status: 304, headers: { etag: 'W/"v1"' } })
      : json({ comments: [comment('1')], nextCursor: null, total: 1 }, 200, { etag: 'W/"v1"' })));
    const b = backend(fetch);
    const first = await b.listComments({ pageId: '/p', limit: 10 });
    const second = await b.listComments({ pageId: '/p', limit: 10 });
    expect(second).toEqual(first);
    expect(seen.map((s) => s.headers.get('if-none-match'))).toEqual([null, 'W/"v1"']);
    expect(new URL(seen[0]?.url ?? '').searchParams.toString()).toBe('page=%2Fp&limit=10');
  });

  it('keeps working from memory when storage throws', async () => {
    const { fetch, seen } = fakeFetch(() => json({ comment: comment('9', { mine: true }), editToken: 'edit-secret-0123456789' }, 201));
    const b = backend(fetch, { storage: new RefusingStorage() });
    await b.postComment({ pageId: '/p', parentId: null, body: 'Hi', idempotencyKey: 'key-abcdefgh', guest: { name: 'Ada', email: 'a@example.org' } });
    await b.editComment('9', { body: 'Edited' }).catch(() => {});
    expect(seen[1]?.headers.get('x-natter-edit-token')).toBe('edit-secret-0123456789');
    expect(seen[0]?.headers.get('x-natter-visitor')).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    expect(seen[1]?.headers.get('x-natter-visitor')).toBe(seen[0]?.headers.get('x-natter-visitor'));
  });

  it('keeps the visitor secret in storage, so the same browser stays the same visitor', async () => {
    const storage = new MapStorage();
    const { fetch, seen } = fakeFetch(() => json({ count: 0, liked: false, likers: [] }));
    await backend(fetch, { storage }).getLikes('/p');
    await backend(fetch, { storage }).getLikes('/p');
    await backend(fetch, { storage: new MapStorage() }).getLikes('/p');
    const visitors = seen.map((s) => s.headers.get('x-natter-visitor'));
    expect(visitors[0]).toBe(visitors[1]);
    expect(visitors[2]).not.toBe(visitors[0]);
  });

  it('asks for counts of many pages in requests of at most 100 pages', async () => {
    const { fetch, seen } = fakeFetch((request) => json({ counts: Object.fromEntries(new URL(request.url).searchParams.getAll('page').map((p) => [p, 1])) }));
    const ids = Array.from({ length: 150 }, (_, i) => `/post/${i}`);
    const counts = await backend(fetch).countComments([...ids, '/post/0']);
    expect(Object.keys(counts)).toHaveLength(150);
    expect(seen.map((s) => new URL(s.url).searchParams.getAll('page').length)).toEqual([100, 50]);
  });
});
