import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServerProcess, type ServerProcess } from '../helpers/built-server';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { openReaders, type LiveReader } from './live-reader';
import { intents, listIds, post, type Intent } from './load-helpers';

/**
 * Two `natter serve` processes on one PostgreSQL, 2,000 readers holding the
 * page's live stream open (1,000 on each), 50 writers posting to either
 * process. Bounded: every wait below has a deadline.
 */

const PAGE = '/load/live';
const READERS_PER_SERVER = 1000;
const WRITERS = 50;
const POSTS_PER_WRITER = 2;

let pg: TestPostgres;
let bundle: { cli: string; remove(): void };
let servers: ServerProcess[] = [];
const readers: LiveReader[] = [];
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean, timeoutMs: number, progress = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what} ${progress()}`);
    await sleep(100);
  }
}

/**
 * `WRITERS` writers at once, each posting its share one after the other to
 * the processes in turn, retrying a post that failed (503, or no answer in
 * time) with the same key until it is acknowledged, as the widget does.
 * Returns the id acknowledged per key.
 */
async function write(all: Intent[], retryForMs = 0): Promise<Map<string, string>> {
  const acknowledged = new Map<string, string>();
  const refusals = new Map<number, number>();
  await Promise.all(Array.from({ length: WRITERS }, async (_, writer) => {
    const mine = all.filter((_intent, i) => i % WRITERS === writer);
    for (const [n, intent] of mine.entries()) {
      const deadline = Date.now() + retryForMs;
      for (let attempt = 0; ; attempt++) {
        const server = servers[(writer + n + attempt) % servers.length];
        if (!server) throw new Error('no server');
        const answer = await post(server.url, intent);
        if (answer.id !== null) {
          acknowledged.set(intent.key, answer.id);
          break;
        }
        refusals.set(answer.status, (refusals.get(answer.status) ?? 0) + 1);
        // While the database is away a post must fail clearly (503) or not connect at all, never half-succeed.
        expect([0, 503]).toContain(answer.status);
        if (Date.now() > deadline) throw new Error(`post ${intent.key} not acknowledged: ${answer.status}`);
        await sleep(200);
      }
    }
  }));
  if (refusals.size > 0) console.info(`posts refused or unanswered, then retried: ${JSON.stringify(Object.fromEntries(refusals))}`);
  return acknowledged;
}

/** How far delivery of `ids` got, for a timeout's message. */
function deliveries(ids: string[]): string {
  const got = readers.reduce((n, r) => n + ids.filter((id) => r.received.has(id)).length, 0);
  return `(${got} of ${ids.length * readers.length} deliveries; ${readers.filter((r) => r.ended !== null).length} streams ended)`;
}

/** Readers that have not received `id` yet. */
const missing = (id: string) => readers.filter((r) => !r.received.has(id)).length;

beforeAll(async () => {
  bundle = await buildServer();
  pg = await startPostgres();
  const database = await pg.createDatabase('live_load');
  // Every reader comes from 127.0.0.1: lift the per-client cap on live streams above them all.
  const flags = ['--db', database, '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none', '--live-per-client', String(READERS_PER_SERVER + 10)];
  servers = [await startServerProcess(bundle.cli, flags), await startServerProcess(bundle.cli, flags)];
  for (const server of servers) readers.push(...(await openReaders(server.url, PAGE, READERS_PER_SERVER, agent)));
}, 180_000);
afterAll(async () => {
  // Both processes lived through everything above.
  const exitCodes = servers.map((s) => s.child.exitCode);
  for (const reader of readers) reader.close();
  agent.destroy();
  for (const server of servers) await server.stop();
  bundle?.remove();
  await pg?.stop();
  expect(exitCodes).toEqual(servers.map(() => null));
});

describe('2,000 live readers on one page, two server processes, one PostgreSQL', () => {
  const acknowledged = new Map<string, string>();

  it('delivers every approved comment of 50 writers to every reader exactly once', async () => {
    expect(readers).toHaveLength(2 * READERS_PER_SERVER);
    const phase = await write(intents(PAGE, WRITERS * POSTS_PER_WRITER, 'live'), 60_000);
    for (const [key, id] of phase) acknowledged.set(key, id);
    expect(phase.size).toBe(WRITERS * POSTS_PER_WRITER);
    const ids = [...phase.values()];
    await until('every reader has every comment', () => readers.every((r) => r.has(ids)), 150_000, () => deliveries(ids));
    for (const reader of readers) {
      expect(reader.ended).toBeNull();
      expect(reader.received.size).toBe(ids.length);
      expect([...reader.received.values()].every((n) => n === 1)).toBe(true);
    }
    console.info(`readers ${readers.length}, posts ${ids.length}, deliveries ${readers.reduce((n, r) => n + r.received.size, 0)}`);
  }, 240_000);

  it('loses no acknowledged comment when PostgreSQL restarts mid-load, and readers resume', async () => {
    const before = new Map(readers.map((r) => [r, r.received.size]));
    // Writers keep posting while PostgreSQL goes down for a second and comes back.
    const writing = write(intents(PAGE, WRITERS * POSTS_PER_WRITER, 'restart'), 90_000);
    await sleep(300);
    await pg.restart({ downMs: 1000 });
    const during = await writing;
    expect(during.size).toBe(WRITERS * POSTS_PER_WRITER);
    for (const [key, id] of during) acknowledged.set(key, id);

    // Both processes' live listeners are back: a comment posted to each reaches the other's readers.
    for (const [from, to] of [[0, 1], [1, 0]] as const) {
      const fromServer = servers[from];
      const toServer = servers[to];
      if (!fromServer || !toServer) throw new Error('no server');
      const listener = readers[to * READERS_PER_SERVER];
      if (!listener) throw new Error('no reader');
      const deadline = Date.now() + 90_000;
      for (let probe = 0; ; probe++) {
        const [intent] = intents(PAGE, 1, `probe-${from}-${probe}`);
        if (!intent) throw new Error('no intent');
        const answer = await post(fromServer.url, intent);
        if (answer.id !== null) {
          acknowledged.set(intent.key, answer.id);
          const id = answer.id;
          const heard = await until('the probe arrives', () => listener.received.has(id), 5000).then(() => true, () => false);
          if (heard) break;
        }
        if (Date.now() > deadline) throw new Error(`server ${to + 1} never heard server ${from + 1} again (${probe + 1} probes)`);
        await sleep(250);
      }
    }

    // Readers resume: everything posted from now on reaches every one of them once.
    const after = await write(intents(PAGE, WRITERS, 'resumed'), 60_000);
    for (const [key, id] of after) acknowledged.set(key, id);
    const resumed = [...after.values()];
    await until('every reader has every comment posted after the restart', () => readers.every((r) => r.has(resumed)), 150_000, () => deliveries(resumed));
    for (const reader of readers) {
      expect(reader.ended).toBeNull();
      expect([...reader.received.values()].every((n) => n === 1)).toBe(true);
      expect(reader.received.size).toBeGreaterThan(before.get(reader) ?? 0);
    }

    // No acknowledged comment is lost or doubled: both processes list exactly the acknowledged ones.
    const all = [...acknowledged.values()].sort();
    expect(new Set(all).size).toBe(acknowledged.size);
    for (const server of servers) expect((await listIds(server.url, PAGE)).sort()).toEqual(all);

    const duringIds = [...during.values()];
    const missed = duringIds.reduce((n, id) => n + missing(id), 0);
    console.info(`restart: posts ${during.size}, deliveries ${duringIds.length * readers.length - missed}, missed ${missed}`);
    // Comments whose notification was lost while the listeners reconnected come from each server's catch-up.
    expect(missed).toBe(0);
  }, 300_000);
});

