import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** One comment a writer means to post; retries reuse its key. */
export interface Intent {
  page: string;
  key: string;
  visitor: string;
  body: string;
}

/** How one POST /api/comments ended. */
export interface PostAnswer {
  status: number;
  /** The comment id when the server acknowledged it (201 or a 200 replay). */
  id: string | null;
  retryAfter: string | null;
  error: { code: unknown; message: unknown } | null;
}

/** Makes `count` intents with unique keys, visitors and bodies. */
export function intents(page: string, count: number, label: string): Intent[] {
  const run = Date.now().toString(36);
  return Array.from({ length: count }, (_, i) => ({
    page,
    key: `${label}-${run}-${i}`,
    visitor: `${label}-visitor-${String(i).padStart(8, '0')}`,
    body: `${label} comment number ${i} of run ${run}`,
  }));
}

/** Posts `intent` as a guest to the server at `url`; network failures answer status 0. */
export async function post(url: string, intent: Intent, timeoutMs = 30_000): Promise<PostAnswer> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/comments`, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'idempotency-key': intent.key, 'x-natter-visitor': intent.visitor },
      body: JSON.stringify({ pageId: intent.page, parentId: null, body: intent.body, guest: { name: 'Load Reader', email: `${intent.visitor}@example.org` }, elapsedMs: 60_000, honeypot: '' }),
    });
  } catch {
    return { status: 0, id: null, retryAfter: null, error: null };
  }
  const answer: unknown = await response.json().catch(() => null);
  const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined);
  const id = field(field(answer, 'comment'), 'id');
  const error = field(answer, 'error');
  return {
    status: response.status,
    id: response.ok && typeof id === 'string' ? id : null,
    retryAfter: response.headers.get('retry-after'),
    error: error === undefined ? null : { code: field(error, 'code'), message: field(error, 'message') },
  };
}

/** Every approved comment id of `page` as the server at `url` lists it. */
export async function listIds(url: string, page: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ page, limit: '100', ...(cursor === null ? {} : { cursor }) }).toString();
    const response = await fetch(`${url}/api/comments?${query}`, { signal: AbortSignal.timeout(30_000) });
    if (response.status !== 200) throw new Error(`listing ${page} answered ${response.status}`);
    const body: unknown = await response.json();
    const comments: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'comments') : null;
    for (const c of Array.isArray(comments) ? comments : []) {
      const id: unknown = typeof c === 'object' && c !== null ? Reflect.get(c, 'id') : null;
      if (typeof id === 'string') ids.push(id);
    }
    const next: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'nextCursor') : null;
    cursor = typeof next === 'string' ? next : null;
  } while (cursor !== null);
  return ids;
}

/** Serves `app` on a free loopback port. */
export async function serveApp(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    }),
  };
}
