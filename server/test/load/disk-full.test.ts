import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { MemoryEventBus } from '../../src/events/memory-event-bus';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import { escapeRender, testConfig } from '../helpers/server-app';
import { intents, listIds, post, serveApp, type PostAnswer } from './load-helpers';

/**
 * The disk fills under a SQLite server: SQLite's `max_page_count` caps the
 * database file where a full disk would, on the server's own connection, and
 * writers keep posting over real HTTP until the cap bites.
 */

const PAGE = '/load/disk-full';
let dir: string;
let storage: KyselyStorage;
let server: { url: string; close(): Promise<void> };

async function pragma(statement: string): Promise<unknown[]> {
  const result = await sql.raw(`PRAGMA ${statement}`).execute(storage.db);
  return result.rows.map((row) => (typeof row === 'object' && row !== null ? Object.values(row)[0] : row));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'natter-full-'));
  storage = await openStorage(join(dir, 'natter.db'));
  const app = createApp({
    config: testConfig({ moderation: 'none', rateLimit: 0 }), storage, events: new MemoryEventBus(),
    secret: 'disk-full-secret-disk-full-secret-000000', renderMarkdown: escapeRender, log: () => {},
  });
  server = await serveApp(app);
});
afterAll(async () => {
  await server?.close();
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a SQLite server whose disk fills', () => {
  it('answers posts with a clear 503 while full, half-writes nothing, and takes them again once space returns', async () => {
    const [first, ...rest] = intents(PAGE, 400, 'full');
    if (!first) throw new Error('no intents');
    expect((await post(server.url, first)).status).toBe(201);
    const pages = Number((await pragma('page_count'))[0]);
    await pragma(`max_page_count = ${pages + 2}`);

    // Writers post one after another until the cap bites.
    const acknowledged = new Map<string, string>([[first.key, (await post(server.url, first)).id ?? '']]);
    let refused: { intent: (typeof rest)[number]; answer: PostAnswer } | null = null;
    for (const intent of rest) {
      const answer = await post(server.url, intent);
      if (answer.status === 201 && answer.id !== null) {
        acknowledged.set(intent.key, answer.id);
        continue;
      }
      refused = { intent, answer };
      break;
    }
    if (refused === null) throw new Error(`400 posts fitted in ${pages + 2} pages: the cap never bit`);
    expect(refused.answer.status).toBe(503);
    expect(refused.answer.error).toEqual({ code: 'server', message: 'The server is out of disk space; nothing was saved. Try again later' });
    expect(Number(refused.answer.retryAfter)).toBeGreaterThan(0);

    // Still full: the same post (same key) is refused the same way, and readers still read.
    expect((await post(server.url, refused.intent)).status).toBe(503);
    const listed = await listIds(server.url, PAGE);
    expect(listed.sort()).toEqual([...acknowledged.values()].sort());
    expect(await pragma('integrity_check')).toEqual(['ok']);

    // Space returns: the refused post goes through once, its retry replays it, new posts work.
    await pragma('max_page_count = 1073741823');
    const again = await post(server.url, refused.intent);
    expect(again.status).toBe(201);
    const replay = await post(server.url, refused.intent);
    expect(replay).toMatchObject({ status: 200, id: again.id });
    const [next] = intents(PAGE, 1, 'after-full');
    if (!next) throw new Error('no intent');
    expect((await post(server.url, next)).status).toBe(201);
    const after = await listIds(server.url, PAGE);
    expect(after).toHaveLength(acknowledged.size + 2);
    expect(new Set(after).size).toBe(after.length);
  }, 120_000);
});
