import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { EventSource as UndiciEventSource } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../src/backend/backend';
import { HttpBackend } from '../../src/backend/http/http';
import type { HttpBackendOptions, LiveSource } from '../../src/backend/http/http';
import { NatterError, isNatterError } from 'natter';
import { createApp } from '../src/app';
import { createSignIn } from '../src/auth/sign-in';
import { parseConfig } from '../src/config';
import { MemoryEventBus } from '../src/events/memory-event-bus';
import { renderMarkdown } from '../src/comments/markdown';
import { openStorage } from '../src/storage/open-storage';
import { ERROR_CODES } from 'natter/protocol';
import { ALL_CAPABILITIES, describeBackendContract, expectNatterError } from '../../test/helpers/backend-contract';
import { Browser, consentForm, postedMessage } from './auth/flow-harness';
import { freePort } from '../../test/helpers/free-port';

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
    throw new Error(`expected a NatterError, got ${String(error)}`, { cause: error });
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

  it('does not ask a busy server (503, Retry-After) again sooner than it said, and reports when to', async () => {
    const busy = fakeFetch(() => new Response('busy', { status: 503, headers: { 'retry-after': '30' } }));
    const error = await caught(backend(busy.fetch).getConfig());
    expect(error.code).toBe('server');
    expect(error.retryAfter).toBe(30);
    expect(busy.seen).toHaveLength(1);
  });

  it('asks a 503 again after a Retry-After short enough to wait for', async () => {
    const busy = fakeFetch((_, n) => (n === 1 ? new Response('busy', { status: 503, headers: { 'retry-after': '1' } }) : json({ comments: [], nextCursor: null, total: 0 })));
    const started = Date.now();
    await backend(busy.fetch).listComments({ pageId: '/p' });
    expect(busy.seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('opens a stream that gave up again from the last event it had, and asks for nothing else', async () => {
    /** An EventSource the test drives by hand. */
    class HandSource implements LiveSource {
      static opened: HandSource[] = [];
      readyState = 1;
      readonly listeners = new Map<string, ((event: Event) => void)[]>();
      constructor(readonly url: string) {
        HandSource.opened.push(this);
      }
      addEventListener(type: string, listener: (event: Event) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
      }
      close() {}
      fire(type: string, init?: MessageEventInit) {
        for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, init));
      }
    }
    const { fetch, seen } = fakeFetch(() => json({ comments: [], nextCursor: null, total: 0 }));
    const events: LiveEvent[] = [];
    vi.useFakeTimers();
    const stop = backend(fetch, { EventSource: HandSource }).subscribe('/p', (e) => events.push(e));
    try {
      const [first] = HandSource.opened;
      expect(new URL(first!.url).searchParams.get('since')).toBeNull();
      first!.fire('open');
      first!.fire('ready', { data: '{}', lastEventId: '1700000000000' });
      first!.fire('comment', { data: JSON.stringify(comment('8')), lastEventId: '1700000005000' });
      // An id that is not a position this server sends is not one to resume from.
      first!.fire('likes', { data: '{"count":3}', lastEventId: 'x' });
      expect(events).toEqual([{ type: 'comment', comment: expect.objectContaining({ id: '8' }) }, { type: 'likes', count: 3 }]);
      // The server answered an error: EventSource gave up (CLOSED), the backend opens another after a pause.
      first!.readyState = 2;
      first!.fire('error');
      expect(HandSource.opened).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(HandSource.opened).toHaveLength(2);
      const again = new URL(HandSource.opened[1]!.url);
      expect(again.pathname).toBe('/api/events');
      expect(again.searchParams.get('page')).toBe('/p');
      expect(again.searchParams.get('since')).toBe('1700000005000');
      // What it missed comes on the stream itself: no list request.
      expect(seen).toHaveLength(0);
    } finally {
      stop();
      vi.useRealTimers();
    }
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

  it('lists each thread followed by its replies when the server sends the top-level comments first', async () => {
    const { fetch } = fakeFetch(() => json({
      comments: [comment('9'), comment('4'), comment('10', { parentId: '9' }), comment('11', { parentId: '4' }), comment('12', { parentId: '10' })],
      nextCursor: null, total: 5,
    }));
    const page = await backend(fetch).listComments({ pageId: '/p', sort: 'newest' });
    expect(page.comments.map((c) => c.id)).toEqual(['9', '10', '12', '4', '11']);
  });

  it('reads without custom headers (no CORS preflight): the visitor id in the query, revalidation left to the HTTP cache', async () => {
    const { fetch, seen } = fakeFetch((request) => (new URL(request.url).pathname === '/api/thread'
      ? json({ config: { providers: [], guests: true, requireNameEmail: true,
        features: { likes: true, notifyReplies: false, notifyPosts: false, edit: true, live: false },
        limits: { bodyMaxLength: 10, nameMaxLength: 10, urlMaxLength: 10, editWindowSeconds: 0, pageSizeMax: 100 } },
      page: { comments: [comment('1')], nextCursor: null, total: 1 }, likes: { count: 0, liked: false, likers: [] } })
      : json({ comments: [comment('1')], nextCursor: null, total: 1 }, 200, { etag: 'W/"v1"' })));
    const b = backend(fetch, { storage: new MapStorage() });
    const thread = await b.loadThread({ pageId: '/p', limit: 10 });
    expect(thread.page.comments.map((c) => c.id)).toEqual(['1']);
    await b.listComments({ pageId: '/p', limit: 10 });
    await b.getLikes('/p').catch(() => {});
    for (const read of seen) {
      expect([...read.headers.keys()].filter((name) => name !== 'accept'), read.url).toEqual([]);
      expect(new URL(read.url).searchParams.get('visitor'), read.url).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    }
    expect(new URL(seen[0]?.url ?? '').pathname).toBe('/api/thread');
    expect(new URL(seen[1]?.url ?? '').searchParams.toString()).toMatch(/^page=%2Fp&limit=10&visitor=/);
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
    const visitors = seen.map((s) => new URL(s.url).searchParams.get('visitor'));
    expect(visitors[0]).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
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

// ---------------------------------------------------------------------------
// Against a live natter server on 127.0.0.1 (SQLite in a temporary file).

/** The article page's origin that embeds the widget. */
const SITE = 'https://blog.example.test';
const ADMIN_PASSWORD = 'correct horse battery staple';

/** A natter server as `natter serve --dev` builds it (stand-in providers), with a clock the tests can move. */
interface Live {
  url: string;
  clock: { offset: number };
  /** Approves a held comment through the admin API. */
  approve(id: string): Promise<void>;
  close(): Promise<void>;
}

async function startLive(flags: string[] = []): Promise<Live> {
  const dir = mkdtempSync(join(tmpdir(), 'natter-http-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = parseConfig(['--port', String(port), '--host', '127.0.0.1', '--db', join(dir, 'natter.db'), '--public-url', url,
    '--origins', SITE, '--admin-password', ADMIN_PASSWORD, '--rate-limit', '0', '--moderation', 'first', '--dev', ...flags], {});
  const storage = await openStorage(config.database);
  const events = new MemoryEventBus();
  const signIn = await createSignIn({ config, env: {}, db: storage.db });
  const clock = { offset: 0 };
  const app = createApp({
    config, storage, events, secret: 'live-test-secret-live-test-secret-0123456', renderMarkdown,
    providers: signIn.providers, extraRoutes: signIn.routes, now: () => Date.now() + clock.offset, log: () => {},
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  let adminToken: string | null = null;
  const admin = async (path: string, body: unknown, token?: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5000),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    clock,
    async approve(id) {
      if (adminToken === null) {
        const login = await admin('/api/admin/login', { password: ADMIN_PASSWORD });
        const token: unknown = typeof login === 'object' && login !== null ? Reflect.get(login, 'token') : null;
        if (typeof token !== 'string') throw new Error('no admin token');
        adminToken = token;
      }
      await admin(`/api/admin/comments/${encodeURIComponent(id)}/status`, { status: 'approved' }, adminToken);
    },
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await events.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every URL a set of backends asked for, over fetch, EventSource and the sign-in popup. */
class Recorder {
  readonly urls: string[] = [];
  readonly statuses: number[] = [];
  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    // Like the browser on the article page: every cross-origin request names the page's origin.
    request.headers.set('origin', SITE);
    this.urls.push(request.url);
    const response = await fetch(request);
    this.statuses.push(response.status);
    return response;
  };
  readonly EventSource: new (url: string) => LiveSource;
  constructor() {
    const urls = this.urls;
    this.EventSource = class extends UndiciEventSource {
      constructor(url: string) {
        urls.push(url);
        super(url);
      }
    };
  }
}

/** Runs a sign-in journey from natter's start URL to its callback (consent as `user`); returns the callback's answer. */
async function signInJourney(server: string, start: string, user: string, recorder: Recorder) {
  const browser = new Browser();
  try {
    const provider = /\/auth\/([a-z]+)\/start/.exec(start)?.[1] ?? '';
    const consent = await browser.follow(start);
    const form = consentForm(consent.body);
    const back = await browser.follow(form.action, `${server}/auth/${provider}/callback`, { method: 'POST', form: { ...form.fields, user } });
    return await browser.request(back.location ?? '');
  } finally {
    recorder.urls.push(...browser.urls);
  }
}

/** Options for {@link articleWindow}. */
interface ArticleWindowOptions {
  /** The stand-in user who consents. @default 'ada' */
  user?: string;
  /** The browser blocks popups. */
  blocked?: boolean;
  /** The address the page was loaded at. @default the article */
  href?: string;
  /** The tab's sessionStorage (kept across a reload). */
  sessionStorage?: Storage;
  /** Called when the page navigates away. */
  assign?: (url: string) => void;
}

/**
 * The embedding page's window as the sign-in code uses it: `open` runs the
 * popup's journey with a cookie-keeping client and delivers the callback
 * page's message as the browser would — from the server's origin, with the
 * popup as source.
 */
function articleWindow(server: string, recorder: Recorder, options: ArticleWindowOptions = {}, opened: string[] = []): Window {
  const listeners = new Set<(event: unknown) => void>();
  const href = options.href ?? `${SITE}/2026/hello/`;
  const location = {
    origin: SITE, href, hash: new URL(href).hash,
    assign: (url: string) => { recorder.urls.push(url); options.assign?.(url); },
  };
  const win = {
    location,
    crypto: globalThis.crypto,
    sessionStorage: options.sessionStorage ?? new MapStorage(),
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => { location.href = url; location.hash = new URL(url).hash; },
    },
    screenX: 0, screenY: 0, outerWidth: 1280, outerHeight: 800,
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
    addEventListener: (type: string, fn: (event: unknown) => void) => { if (type === 'message') listeners.add(fn); },
    removeEventListener: (type: string, fn: (event: unknown) => void) => { if (type === 'message') listeners.delete(fn); },
    // The popup opens blank in the click and is sent to the start page once the sign-in code has loaded.
    open(url: string) {
      if (options.blocked) return null;
      const journey = (start: string) => {
        recorder.urls.push(start);
        void signInJourney(server, start, options.user ?? 'ada', recorder).then((page) => {
          const { message } = postedMessage(page.body);
          for (const listener of [...listeners]) listener({ origin: server, source: popup, data: message });
        }).finally(() => { popup.closed = true; });
      };
      const popup = { closed: false, close() { popup.closed = true; }, location: { replace: journey } };
      opened.push(url);
      return popup;
    },
  };
  // A test double: only the members the sign-in code touches exist.
  return win as unknown as Window;
}

let live: Live;
beforeAll(async () => { live = await startLive(); });
afterAll(async () => { await live?.close(); });

function liveBackend(recorder = new Recorder(), options: Partial<HttpBackendOptions> = {}): HttpBackend {
  return new HttpBackend({
    baseUrl: live.url, storage: new MapStorage(), fetch: recorder.fetch, EventSource: recorder.EventSource,
    window: articleWindow(live.url, recorder), timeoutMs: 5000, ...options,
  });
}

describeBackendContract('HttpBackend on a live natter server', async () => ({
  backend: liveBackend(),
  other: async () => liveBackend(),
  approve: (id) => live.approve(id),
  signIn: async (backend) => { await backend.signIn?.('wordpress'); },
}), { requires: ALL_CAPABILITIES });

describe('HttpBackend on a live natter server', () => {
  const guest = (n: string) => ({ name: `Reader ${n}`, email: `${n}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org` });
  let seq = 0;
  const input = (pageId: string, body: string, extra: Record<string, unknown> = {}) => {
    seq += 1;
    return { pageId, parentId: null, body, guest: guest(`g${seq}`), idempotencyKey: `live-key-${Date.now()}-${seq}`, elapsedMs: 60_000, honeypot: '', ...extra };
  };
  const page = (name: string) => `/live/${name}/${Date.now().toString(36)}-${(seq += 1)}`;

  it("answers a browser cache's revalidation of a read with 304 until the page changes, per visitor", async () => {
    const recorder = new Recorder();
    const b = liveBackend(recorder);
    const pageId = page('etag');
    const posted = await b.postComment(input(pageId, 'Cache me'));
    await b.loadThread({ pageId });
    const [read] = recorder.urls.slice(-1);
    if (!read) throw new Error('no read');
    const first = await fetch(read);
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await fetch(read, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // Another visitor's view of the same page has another ETag (the author sees their own held comment).
    const other = new URL(read);
    other.searchParams.set('visitor', 'another-visitor-0123456789');
    expect((await fetch(other, { headers: { 'if-none-match': etag } })).status).toBe(200);
    await b.editComment(posted.id, { body: 'Changed' });
    const changed = await fetch(read, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(JSON.stringify(await changed.json())).toContain('Changed');
  });

  it("loads config, the first page with the reader's own held comment, and the likes in one read", async () => {
    const recorder = new Recorder();
    const b = liveBackend(recorder);
    const pageId = page('thread');
    const posted = await b.postComment(input(pageId, 'Held for now'));
    await b.setLike(pageId, true);
    const before = recorder.urls.length;
    const thread = await b.loadThread({ pageId, limit: 5 });
    expect(recorder.urls.length - before).toBe(1);
    expect(thread.page.comments.map((c) => [c.id, c.status, c.mine])).toEqual([[posted.id, 'pending', true]]);
    expect(thread.likes).toMatchObject({ count: 1, liked: true });
    expect(thread.config.features.likes).toBe(true);
    expect((await liveBackend().loadThread({ pageId })).page.comments).toEqual([]);
  });

  it('keeps a guest comment editable from another HttpBackend on the same storage, and nowhere else', async () => {
    const storage = new MapStorage();
    const pageId = page('edit-token');
    const posted = await liveBackend(new Recorder(), { storage }).postComment(input(pageId, 'Mine to edit'));
    const later = liveBackend(new Recorder(), { storage });
    expect((await later.editComment(posted.id, { body: 'Edited after a reload' })).bodyHtml).toContain('Edited after a reload');
    await expectNatterError(liveBackend().editComment(posted.id, { body: 'Not yours' }), 'forbidden');
    await later.deleteComment(posted.id);
    expect((await later.listComments({ pageId })).comments).toEqual([]);
  });

  it('maps the server answers to error codes with the field, and leaves nothing stored', async () => {
    const b = liveBackend();
    const pageId = page('errors');
    const first = await b.postComment(input(pageId, 'Original words'));
    await live.approve(first.id);
    await expectNatterError(b.listComments({ pageId, cursor: 'forged' }), 'invalid', 'cursor');
    await expectNatterError(b.postComment(input(pageId, 'x'.repeat(10_001))), 'too_long', 'body');
    await expectNatterError(b.postComment(input(pageId, 'Original words', { guest: undefined })), 'invalid', 'guest');
    await expectNatterError(b.postComment(input(pageId, 'Bot words', { honeypot: 'http://spam.example' })), 'spam');
    await expectNatterError(b.editComment('999999999', { body: 'Ghost' }), 'not_found');
    await expectNatterError(liveBackend().deleteComment(first.id), 'forbidden');
    const who = guest('twice');
    const once = await b.postComment({ ...input(pageId, 'Say it once'), guest: who });
    await expectNatterError(b.postComment({ ...input(pageId, 'Say it  once'), guest: who }), 'duplicate');
    expect((await b.listComments({ pageId })).comments.map((c) => c.id)).toEqual([first.id, once.id]);
  });

  it('reports edit_window_closed once the edit window has passed', async () => {
    const b = liveBackend();
    const posted = await b.postComment(input(page('window'), 'Quick, edit me'));
    live.clock.offset = 16 * 60_000;
    try {
      await expectNatterError(b.editComment(posted.id, { body: 'Too late' }), 'edit_window_closed');
      await expectNatterError(b.deleteComment(posted.id), 'edit_window_closed');
    } finally {
      live.clock.offset = 0;
    }
  });

  it('reports rate_limited with the Retry-After seconds', async () => {
    const limited = await startLive(['--rate-limit', '1']);
    // The server's clock starts a second into its one-minute window, so both posts fall in the same window.
    limited.clock.offset = 1000 - (Date.now() % 60_000);
    try {
      const b = new HttpBackend({ baseUrl: limited.url, storage: new MapStorage(), window: null });
      const who = guest('fast');
      await b.postComment({ ...input('/limited', 'One'), guest: who });
      let error: unknown = null;
      await b.postComment({ ...input('/limited', 'Two'), guest: who }).catch((e: unknown) => { error = e; });
      expect(isNatterError(error) && error.code).toBe('rate_limited');
      expect(isNatterError(error) && error.retryAfter).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('drops a revoked session token and reads as signed out', async () => {
    const storage = new MapStorage();
    const b = liveBackend(new Recorder(), { storage });
    await b.signIn('google');
    expect((await b.getSession())?.provider).toBe('google');
    const other = liveBackend(new Recorder(), { storage });
    await other.signOut();
    // The first backend still shares the storage: the token is gone for both.
    expect(await b.getSession()).toBeNull();
    for (const [key] of storage.map) expect(key.endsWith(':token')).toBe(false);
  });

  it('never puts a session token, edit token or visitor secret in a URL', async () => {
    const recorder = new Recorder();
    const storage = new MapStorage();
    const b = liveBackend(recorder, { storage });
    const pageId = page('urls');
    const events: LiveEvent[] = [];
    const stop = b.subscribe(pageId, (e) => events.push(e));
    try {
      const asGuest = await b.postComment(input(pageId, 'As a guest'));
      await b.editComment(asGuest.id, { body: 'As a guest, edited' });
      await b.setLike(pageId, true, guest('liker'));
      await b.signIn('twitter');
      const signedIn = await b.postComment({ ...input(pageId, 'Signed in'), guest: undefined });
      await b.editComment(signedIn.id, { body: 'Signed in, edited' });
      await b.countComments([pageId]);
      await vi.waitFor(() => expect(events.some((e) => e.type === 'comment' && e.comment.id === signedIn.id)).toBe(true), { timeout: 5000 });
      const secrets = [...storage.map.values()].flatMap((v) => v.match(/[A-Za-z0-9_.~+/=-]{16,}/g) ?? []);
      expect(secrets.length).toBeGreaterThanOrEqual(3);
      expect(recorder.urls.length).toBeGreaterThan(10);
      for (const url of recorder.urls) {
        for (const secret of secrets) expect(url).not.toContain(secret);
      }
      await b.signOut();
    } finally {
      stop();
    }
  });

  it('opens the sign-in popup blank in the call itself, before the sign-in code has loaded, and sends it to the start page after', async () => {
    const recorder = new Recorder();
    const opened: string[] = [];
    let release = () => {};
    const loaded = new Promise<void>((resolve) => { release = resolve; });
    let loads = 0;
    const b = liveBackend(recorder, {
      window: articleWindow(live.url, recorder, {}, opened),
      loadSignIn: async () => {
        loads += 1;
        await loaded;
        return import('../../src/identity/sign-in-flow');
      },
    });
    await b.getConfig();
    expect(loads).toBe(0);
    const signingIn = b.signIn('google');
    // Synchronously, while the reader's click still allows a popup.
    expect(opened).toEqual(['about:blank']);
    expect(recorder.urls.some((url) => url.includes('/auth/google/start'))).toBe(false);
    release();
    expect((await signingIn).provider).toBe('google');
    expect(loads).toBe(1);
    expect(recorder.urls.some((url) => url.includes('/auth/google/start?'))).toBe(true);
    await b.signOut();
  });

  it('closes the blank popup and reports network when the sign-in code cannot load', async () => {
    const recorder = new Recorder();
    const win = articleWindow(live.url, recorder);
    const popups: { closed: boolean }[] = [];
    const open = win.open.bind(win);
    Reflect.set(win, 'open', (...args: Parameters<typeof window.open>) => {
      const popup = open(...args);
      if (popup) popups.push(popup);
      return popup;
    });
    const b = liveBackend(recorder, {
      window: win,
      loadSignIn: () => Promise.reject(new NatterError('network', 'signIn: natter.sign-in.js did not load')),
    });
    await expectNatterError(b.signIn('facebook'), 'network');
    expect(popups).toHaveLength(1);
    expect(popups[0]?.closed).toBe(true);
    expect(await b.getSession()).toBeNull();
  });

  it('falls back to a full-page redirect when the popup is blocked, and finishes signing in after the return', async () => {
    const recorder = new Recorder();
    const storage = new MapStorage();
    const tab = new MapStorage();
    let left: string | null = null;
    const before = liveBackend(recorder, {
      storage, window: articleWindow(live.url, recorder, { blocked: true, sessionStorage: tab, assign: (url) => { left = url; } }),
    });
    const controller = new AbortController();
    const waiting = before.signIn('facebook', { signal: controller.signal });
    await vi.waitFor(() => expect(left).not.toBeNull());
    const start = new URL(left ?? '');
    expect(start.pathname).toBe('/auth/facebook/start');
    expect(start.searchParams.get('mode')).toBe('redirect');
    controller.abort();
    await expectNatterError(waiting, 'cancelled');

    const back = await signInJourney(live.url, start.href, 'ada', recorder);
    expect(back.status).toBe(303);
    const returned = back.headers.get('location') ?? '';
    const window = articleWindow(live.url, recorder, { href: returned, sessionStorage: tab });
    const after = liveBackend(recorder, { storage, window });
    expect((await after.getSession())?.provider).toBe('facebook');
    expect(window.location.href).toBe(`${SITE}/2026/hello/`);
    await after.signOut();
  });
});

describe('HttpBackend live events', () => {
  let server: Server;
  let base = '';
  let connections = 0;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      connections += 1;
      // The first connection fails outright (EventSource gives up on it); the next one streams.
      if (connections === 1) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      const good = { id: '7', pageId: '/p', parentId: null, author: { name: 'Ada' }, bodyHtml: '<p>Hi</p>', createdAt: '2026-01-01T00:00:00Z', status: 'approved' };
      res.write([
        'event: ready\ndata: {}\n\n',
        'event: comment\ndata: not json\n\n',
        `event: comment\ndata: ${JSON.stringify({ ...good, status: 'spam' })}\n\n`,
        `event: comment\ndata: ${JSON.stringify({ ...good, author: { name: 7 } })}\n\n`,
        'event: likes\ndata: {"count":-1}\n\n',
        'event: deleted\ndata: {"id":7}\n\n',
        'event: bogus\ndata: {"id":"1"}\n\n',
        'data: {"type":"comment"}\n\n',
        'event: deleted\ndata: {"id":"6"}\n\n',
        'event: likes\ndata: {"count":3}\n\n',
        `event: comment\ndata: ${JSON.stringify({ ...good, email: 'leak@example.org' })}\n\n`,
      ].join(''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reconnects after a failed stream and delivers only events that narrow to the contract', async () => {
    const recorder = new Recorder();
    const b = new HttpBackend({ baseUrl: base, storage: null, window: null, EventSource: recorder.EventSource });
    const events: LiveEvent[] = [];
    const stop = b.subscribe('/p', (e) => events.push(e));
    try {
      await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 8000 });
      expect(events).toEqual([
        { type: 'deleted', id: '6' },
        { type: 'likes', count: 3 },
        { type: 'comment', comment: { id: '7', pageId: '/p', parentId: null, author: { name: 'Ada' }, bodyHtml: '<p>Hi</p>', createdAt: '2026-01-01T00:00:00Z', status: 'approved' } },
      ]);
      expect(recorder.urls.every((u) => u === `${base}/api/events?page=%2Fp`)).toBe(true);
      expect(recorder.urls.length).toBeGreaterThanOrEqual(2);
    } finally {
      stop();
      stop();
    }
  });
});
