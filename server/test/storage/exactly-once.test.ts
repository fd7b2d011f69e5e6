import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServerProcess, type ServerProcess } from '../helpers/built-server';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/**
 * docs/security.md R2 and R4 across processes: two `natter serve` processes on one PostgreSQL
 * take 200 concurrent posts to one page, each sent to both processes at once
 * and retried again, and store exactly 200 comments. Each is `natter serve`
 * in a child process, from a server bundle built for this file.
 */

const PAGE = '/exactly-once/article';
const POSTS = 200;

/** One reader's intended comment. */
interface Intent {
  key: string;
  visitor: string;
  email: string;
  body: string;
}

/** Posts `intent` to `url`; returns the HTTP status and the comment id. */
async function post(url: string, intent: Intent): Promise<{ status: number; id: string }> {
  const response = await fetch(`${url}/api/comments`, {
    method: 'POST',
    signal: AbortSignal.timeout(60_000),
    headers: { 'content-type': 'application/json', 'idempotency-key': intent.key, 'x-natter-visitor': intent.visitor },
    body: JSON.stringify({ pageId: PAGE, parentId: null, body: intent.body, guest: { name: 'Concurrent Reader', email: intent.email }, elapsedMs: 60_000, honeypot: '' }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`post of ${intent.key} answered ${response.status}: ${text}`);
  const answer: unknown = JSON.parse(text);
  const comment: unknown = typeof answer === 'object' && answer !== null ? Reflect.get(answer, 'comment') : null;
  const id: unknown = typeof comment === 'object' && comment !== null ? Reflect.get(comment, 'id') : null;
  if (typeof id !== 'string') throw new Error('post answered without a comment id');
  return { status: response.status, id };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return response.json();
}

/** The page as one process lists it: ids in order, and the approved total. */
async function listAll(url: string): Promise<{ ids: string[]; total: unknown }> {
  const ids: string[] = [];
  let total: unknown;
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ page: PAGE, limit: '100', ...(cursor === null ? {} : { cursor }) }).toString();
    const page: unknown = await getJson(`${url}/api/comments?${query}`);
    if (typeof page !== 'object' || page === null) throw new Error('not a page');
    const comments: unknown = Reflect.get(page, 'comments');
    for (const c of Array.isArray(comments) ? comments : []) {
      const id: unknown = Reflect.get(c, 'id');
      if (typeof id === 'string') ids.push(id);
    }
    total = Reflect.get(page, 'total');
    const next: unknown = Reflect.get(page, 'nextCursor');
    cursor = typeof next === 'string' ? next : null;
  } while (cursor !== null);
  return { ids, total };
}

describe('two natter serve processes on one PostgreSQL', () => {
  let pg: TestPostgres;
  let bundle: { cli: string; remove(): void };
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    bundle = await buildServer();
    pg = await startPostgres();
    const database = await pg.createDatabase('exactly_once');
    const flags = ['--db', database, '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none'];
    // One after the other, so the second finds the migrations applied.
    a = await startServerProcess(bundle.cli, flags);
    b = await startServerProcess(bundle.cli, flags);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    bundle?.remove();
    await pg?.stop();
  });

  it('store 200 concurrent posts exactly once, however the retries of each key are spread', async () => {
    const intents: Intent[] = Array.from({ length: POSTS }, (_, i) => ({
      key: `exactly-once-${i}-${Date.now()}`,
      visitor: `concurrent-visitor-${String(i).padStart(6, '0')}`,
      email: `reader-${i}@example.org`,
      body: `Concurrent comment number ${i}`,
    }));
    const servers = [a.url, b.url];
    // Each post goes to both processes at the same moment (a retry racing the original)…
    const racing = await Promise.all(intents.flatMap((intent, i) => [
      post(servers[i % 2] ?? '', intent).then((r) => ({ ...r, key: intent.key })),
      post(servers[(i + 1) % 2] ?? '', intent).then((r) => ({ ...r, key: intent.key })),
    ]));
    // …and is retried once more afterwards, on either process.
    const later = await Promise.all(intents.map((intent, i) => post(servers[(i * 7) % 2] ?? '', intent).then((r) => ({ ...r, key: intent.key }))));

    const idsByKey = new Map<string, Set<string>>();
    for (const answer of [...racing, ...later]) {
      const ids = idsByKey.get(answer.key) ?? new Set<string>();
      ids.add(answer.id);
      idsByKey.set(answer.key, ids);
    }
    expect(idsByKey.size).toBe(POSTS);
    for (const [key, ids] of idsByKey) expect([...ids], `key ${key}`).toHaveLength(1);
    expect(new Set([...idsByKey.values()].flatMap((ids) => [...ids])).size).toBe(POSTS);
    // One answer per key said "created"; every other one was a replay.
    expect(racing.filter((r) => r.status === 201)).toHaveLength(POSTS);
    expect(later.every((r) => r.status === 200)).toBe(true);

    const orders: string[][] = [];
    for (const url of servers) {
      const listed = await listAll(url);
      orders.push(listed.ids);
      expect(listed.ids).toHaveLength(POSTS);
      expect(new Set(listed.ids).size).toBe(POSTS);
      expect(listed.total).toBe(POSTS);
      const counts: unknown = await getJson(`${url}/api/counts?page=${encodeURIComponent(PAGE)}`);
      expect(counts).toEqual({ counts: { [PAGE]: POSTS } });
    }
    // Both processes show the one thread in the same order.
    expect(orders[1]).toEqual(orders[0]);
  }, 180_000);
});
