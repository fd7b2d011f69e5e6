import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServerProcess, type ServerProcess } from '../helpers/built-server';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/**
 * docs/security.md R3: a comment the server acknowledged survives `kill -9` of the server the
 * instant after. The server runs as `natter serve` in a child process, from a
 * server bundle built for this file.
 */

const VISITOR = 'durability-visitor-0123456789';
const PAGE = '/durability/article';

/** One intended comment: its idempotency key and text. */
interface Intent {
  key: string;
  body: string;
}

/** Posts `intent`; resolves with the comment id on a 2xx, `null` when no answer came. */
async function post(url: string, intent: Intent): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/comments`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', 'idempotency-key': intent.key, 'x-natter-visitor': VISITOR },
      body: JSON.stringify({ pageId: PAGE, parentId: null, body: intent.body, guest: { name: 'Durable Reader', email: 'durable@example.org' }, elapsedMs: 60_000, honeypot: '' }),
    });
  } catch {
    return null;
  }
  if (!response.ok) throw new Error(`post answered ${response.status}: ${await response.text()}`);
  const answer: unknown = await response.json();
  const comment: unknown = typeof answer === 'object' && answer !== null ? Reflect.get(answer, 'comment') : null;
  const id: unknown = typeof comment === 'object' && comment !== null ? Reflect.get(comment, 'id') : null;
  if (typeof id !== 'string') throw new Error('post answered without a comment id');
  return id;
}

/** Every comment of the page as `id → body text`, through the public API. */
async function listAll(url: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ page: PAGE, limit: '100', ...(cursor === null ? {} : { cursor }) }).toString();
    const response = await fetch(`${url}/api/comments?${query}`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    const page: unknown = await response.json();
    const comments: unknown = typeof page === 'object' && page !== null ? Reflect.get(page, 'comments') : null;
    for (const c of Array.isArray(comments) ? comments : []) {
      const id: unknown = Reflect.get(c, 'id');
      const html: unknown = Reflect.get(c, 'bodyHtml');
      if (typeof id === 'string' && typeof html === 'string') seen.set(id, html);
    }
    const next: unknown = typeof page === 'object' && page !== null ? Reflect.get(page, 'nextCursor') : null;
    cursor = typeof next === 'string' ? next : null;
  } while (cursor !== null);
  return seen;
}

/**
 * Posts from `workers` concurrent loops until `ackedBeforeKill` comments were
 * acknowledged, kills the server with SIGKILL while posts are in flight, and
 * returns what was acknowledged and what was left without an answer.
 */
async function postThroughKill(natter: ServerProcess, workers: number, ackedBeforeKill: number) {
  const acked = new Map<string, Intent>();
  const unanswered: Intent[] = [];
  let n = 0;
  let killing: Promise<void> | null = null;
  const worker = async (w: number) => {
    for (;;) {
      n += 1;
      const intent = { key: `durable-${w}-${n}-${Date.now()}`, body: `Durable comment number ${n} from loop ${w}` };
      const id = await post(natter.url, intent);
      if (id === null) {
        unanswered.push(intent);
        return;
      }
      acked.set(id, intent);
      if (acked.size >= ackedBeforeKill) killing ??= natter.stop({ kill: true });
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  await killing;
  return { acked, unanswered };
}

describe.each(['sqlite', 'postgres'] as const)('natter serve on %s, killed with SIGKILL while posting', (kind) => {
  let dir: string;
  let pg: TestPostgres | null = null;
  let database: string;
  let running: ServerProcess | null = null;
  let bundle: { cli: string; remove(): void };
  const start = () => startServerProcess(bundle.cli, ['--db', database, '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none']);

  beforeAll(async () => {
    bundle = await buildServer();
    dir = mkdtempSync(join(tmpdir(), 'natter-durability-'));
    if (kind === 'postgres') {
      pg = await startPostgres();
      database = await pg.createDatabase('durability');
    } else {
      database = join(dir, 'natter.db');
    }
  });
  afterAll(async () => {
    await running?.stop({ kill: true });
    bundle?.remove();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every comment it acknowledged, and a retried key still makes one comment', async () => {
    running = await start();
    const { acked, unanswered } = await postThroughKill(running, 4, 60);
    expect(acked.size).toBeGreaterThanOrEqual(60);
    // Every loop was stopped by the kill: the kill came mid-stream.
    expect(running.child.signalCode).toBe('SIGKILL');
    expect(unanswered).toHaveLength(4);

    running = await start();
    const stored = await listAll(running.url);
    for (const [id, intent] of acked) {
      expect(stored.get(id), `acknowledged comment ${id} is missing after the restart`).toContain(intent.body);
    }

    // The posts cut off by the kill are retried with their keys, as the widget does.
    for (const intent of unanswered) expect(await post(running.url, intent)).not.toBeNull();
    for (const [id, intent] of acked) expect(await post(running.url, intent)).toBe(id);
    const after = await listAll(running.url);
    expect(after.size).toBe(acked.size + unanswered.length);
    const bodies = [...after.values()];
    expect(new Set(bodies).size).toBe(bodies.length);
    await running.stop();
    running = null;
  }, 120_000);
});
