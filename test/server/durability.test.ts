import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/**
 * R3: a comment the server acknowledged survives `kill -9` of the server the
 * instant after. The server runs as `natter serve` from the built CLI
 * (`dist/server/cli.js`): `npm test` builds first; on its own, run
 * `npm run build` (or `npx vite build --mode server`) before this file.
 */

const CLI = join(process.cwd(), 'bin', 'natter.js');
const VISITOR = 'durability-visitor-0123456789';
const PAGE = '/durability/article';

/** A `natter serve` child process. */
interface Natter {
  url: string;
  child: ChildProcess;
  /** Sends SIGKILL (by PID) and waits for the process to be gone. */
  kill(): Promise<void>;
}

async function startNatter(database: string): Promise<Natter> {
  if (!existsSync(join(process.cwd(), 'dist', 'server', 'cli.js'))) {
    throw new Error('dist/server/cli.js is missing: run `npm run build` before this test');
  }
  const child = spawn(process.execPath, [CLI, 'serve', '--db', database, '--port', '0', '--host', '127.0.0.1',
    '--rate-limit', '0', '--moderation', 'none'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`natter did not start in time:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`natter exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      await exited;
    },
  };
}

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
      body: JSON.stringify({ pageId: PAGE, parentId: null, body: intent.body, guest: { name: 'Durable Reader', email: 'durable@example.org' } }),
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
async function postThroughKill(natter: Natter, workers: number, ackedBeforeKill: number) {
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
      if (acked.size >= ackedBeforeKill) killing ??= natter.kill();
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
  let running: Natter | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'natter-durability-'));
    if (kind === 'postgres') {
      pg = await startPostgres();
      database = await pg.createDatabase('durability');
    } else {
      database = join(dir, 'natter.db');
    }
  });
  afterAll(async () => {
    await running?.kill();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every comment it acknowledged, and a retried key still makes one comment', async () => {
    running = await startNatter(database);
    const { acked, unanswered } = await postThroughKill(running, 4, 60);
    expect(acked.size).toBeGreaterThanOrEqual(60);
    // Every loop was stopped by the kill: the kill came mid-stream.
    expect(unanswered).toHaveLength(4);

    running = await startNatter(database);
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
    await running.kill();
    running = null;
  }, 120_000);
});
