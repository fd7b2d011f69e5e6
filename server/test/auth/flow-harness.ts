import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import SqliteDatabase from 'better-sqlite3';
import { Hono } from 'hono';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { ApiError } from '../../src/http/api-error';
import { providerClients, readAuthSettings, standinClients } from '../../src/auth/auth-config';
import { KyselyAuthStore } from '../../src/auth/auth-store';
import { authRoutes } from '../../src/auth/routes';
import { standinRoutes } from '../../src/auth/standin/standin-routes';
import { SessionManager } from '../../src/auth/sessions';
import { KyselyStorage } from '../../src/storage/kysely-storage';
import { SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import type { Database } from '../../src/storage/schema';

/** The embedding page's origin allowed in these tests. */
export const SITE = 'https://blog.example.test';

/** A natter server with sign-in and the four stand-ins, on 127.0.0.1. */
export interface FlowServer {
  url: string;
  storage: KyselyStorage;
  sessions: SessionManager;
  /** Every line the sign-in routes logged. */
  logs: string[];
  /** Moves natter's clock (not the stand-ins'). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startFlowServer(): Promise<FlowServer> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => SQLITE_MIGRATIONS } }).migrateToLatest();
  if (error !== undefined) throw error;
  const storage = new KyselyStorage(db, 'sqlite');
  let offset = 0;
  const now = () => Date.now() + offset;
  const sessions = new SessionManager(storage, 's'.repeat(40), now);
  const logs: string[] = [];

  // Requests that arrive before the routes are ready get a 503.
  const ready: { app?: Hono } = {};
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req, env) => (ready.app ? ready.app.fetch(req, env) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const clients = standinClients(url);
  const root = new Hono();
  root.route('/auth', authRoutes({
    publicUrl: url,
    allowedOrigins: [SITE],
    providers: providerClients({ publicUrl: url, settings: readAuthSettings({}), standins: clients }),
    store: new KyselyAuthStore(db),
    storage,
    sessions,
    log: (line) => logs.push(line),
    now,
  }));
  root.route('/_standin', await standinRoutes({ publicUrl: url, clients, onError: (e) => logs.push(`standin: ${String(e)}`) }));
  root.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    logs.push(`unexpected: ${String(err)}`);
    return c.json({ error: { code: 'server', message: 'Something went wrong' } }, 500);
  });
  ready.app = root;
  return {
    url, storage, sessions, logs,
    advance: (ms) => { offset += ms; },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

/** One step of a browsing session: the request URL and the answer. */
export interface Visit { url: string; status: number; location: string | null; body: string; headers: Headers }

/**
 * A tiny browser: follows redirects by hand, keeps cookies, submits the
 * stand-in consent form, and remembers every URL it saw.
 */
export class Browser {
  readonly urls: string[] = [];
  readonly visits: Visit[] = [];
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Visit> {
    this.urls.push(url);
    const headers = new Headers();
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | undefined;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get('location');
    const absolute = location === null ? null : new URL(location, url).href;
    if (absolute !== null) this.urls.push(absolute);
    const visit = { url, status: response.status, location: absolute, body: await response.text(), headers: response.headers };
    this.visits.push(visit);
    return visit;
  }

  /** Follows redirects from `url` until a page answers, or a redirect leaves for `stopAt`. */
  async follow(url: string, stopAt?: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Visit> {
    let visit = await this.request(url, init);
    for (let hops = 0; visit.location !== null && hops < 10; hops++) {
      if (stopAt !== undefined && visit.location.startsWith(stopAt)) return visit;
      visit = await this.request(visit.location);
    }
    return visit;
  }
}

/** The consent form of a stand-in page: where it posts and its hidden fields. */
export function consentForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`No consent form in: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] ?? ''] = m[2] ?? '';
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return { action: decode(action), fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, decode(v)])) };
}

/** The message and target origin the callback page's script posts. */
export function postedMessage(html: string): { message: unknown; origin: unknown } {
  const message = /var message = (.*);/.exec(html)?.[1];
  const origin = /var origin = (.*);/.exec(html)?.[1];
  if (message === undefined || origin === undefined) throw new Error(`No message in: ${html.slice(0, 300)}`);
  return { message: JSON.parse(message), origin: JSON.parse(origin) };
}
