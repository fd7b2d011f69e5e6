import type { Hono } from 'hono';
import { createApp } from '../../src/app';
import type { ServerConfig } from '../../src/config';
import { MemoryEventBus } from '../../src/events/memory-event-bus';
import type { ApprovedCommentNotice, Notifier, SpamCheck } from '../../src/plugins';
import type { AppDeps } from '../../src/services';
import { openStorage } from '../../src/storage/open-storage';
import type { Storage } from '../../src/storage/storage';

/** A tiny stand-in renderer for route tests: escapes everything, one paragraph. */
export function escapeRender(source: string): string {
  return `<p>${source.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`;
}

/** The config route tests start from. */
export function testConfig(overrides: Partial<ServerConfig> = {}): Omit<ServerConfig, 'secret'> {
  return {
    port: 0, host: '127.0.0.1', database: ':memory:', publicUrl: 'http://natter.test', origins: ['https://blog.example'],
    adminPassword: 'correct horse battery', smtpUrl: null, mailFrom: 'natter@natter.test', siteName: 'Test Blog', moderation: 'first', editWindowSeconds: 900, trustProxy: 0,
    rateLimit: 30, pageCacheMb: 32, livePerClient: 16, dev: false, ...overrides,
  };
}

/** A test server: the app, its storage, a controllable clock and captured notices. */
export interface TestServer {
  app: Hono;
  storage: Storage;
  events: MemoryEventBus;
  notices: ApprovedCommentNotice[];
  clock: { now: number };
  /** Waits for background work (events, mail) to settle. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Builds an app on a fresh in-memory SQLite database (or the given storage). */
export async function testServer(options: {
  config?: Partial<ServerConfig>;
  storage?: Storage;
  spamChecker?: SpamCheck;
  deps?: Partial<AppDeps>;
} = {}): Promise<TestServer> {
  const storage = options.storage ?? (await openStorage(':memory:'));
  const events = new MemoryEventBus();
  const notices: ApprovedCommentNotice[] = [];
  const clock = { now: Date.parse('2026-01-01T12:00:00Z') };
  const notifier: Notifier = { async commentApproved(notice) { notices.push(notice); } };
  const app = createApp({
    config: testConfig(options.config),
    storage,
    events,
    secret: 'test-secret-test-secret-test-secret-0123',
    renderMarkdown: escapeRender,
    notifier,
    now: () => clock.now,
    log: () => {},
    ...(options.spamChecker ? { spamChecker: options.spamChecker } : {}),
    ...options.deps,
  });
  return {
    app, storage, events, notices, clock,
    settle: () => new Promise((r) => setTimeout(r, 20)),
    close: async () => { await events.close(); await storage.close(); },
  };
}

let keySeq = 0;

/** A JSON request's init. */
export function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

/** Posts a comment as a guest (or with the given headers) and returns the response. */
export async function postComment(app: Hono, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  keySeq += 1;
  const full = { pageId: '/post', parentId: null, body: `Comment ${keySeq}`, guest: { name: 'Ada', email: 'ada@example.com' }, elapsedMs: 60_000, honeypot: '', ...body };
  return app.request('/api/comments', json('POST', full, { 'Idempotency-Key': `key-${keySeq}-${Date.now()}`, ...headers }));
}

/** A visitor id of the right shape. */
export function visitor(n = 1): string {
  return `visitor-${String(n).padStart(16, '0')}`;
}
