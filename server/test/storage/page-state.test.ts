import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let dir: string;
let storage: KyselyStorage;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'natter-page-state-'));
  storage = await openStorage(join(dir, 'natter.db'));
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const anon = { userId: null, visitorHash: null };
/** The next turn of the event loop: another connection's commits are looked for once per turn. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('page states kept between changes (SQLite)', () => {
  it('sees a change another connection committed (a backup, an import from the command line) from the next turn of the event loop', async () => {
    expect((await storage.pageState('/p', anon)).version).toBe(0);
    expect((await storage.pageState('/p', anon)).version).toBe(0);
    const other = new SqliteDatabase(join(dir, 'natter.db'));
    try {
      other.prepare("insert into pages (page_id, version) values ('/p', 7)").run();
      await nextTurn();
      expect((await storage.pageState('/p', anon)).version).toBe(7);
      other.prepare("insert into likes (page_id, liker_key, name, created_at) values ('/p', 'v:x', 'X', 1)").run();
      await nextTurn();
      expect((await storage.pageState('/p', anon, 'v:x')).liked).toBe(true);
    } finally {
      other.close();
    }
  });

  it('sees this connection\'s own changes, whichever page or viewer was read before', async () => {
    expect(await storage.pageState('/p', anon, 'v:a')).toEqual({ version: 0, viewerWrote: false, liked: false });
    await storage.putLike({ pageId: '/p', likerKey: 'v:a', userId: null, name: 'A', url: null, email: null, avatarKey: null, provider: null, createdAt: 1 });
    expect(await storage.pageState('/p', anon, 'v:a')).toEqual({ version: 1, viewerWrote: false, liked: true });
    await storage.deleteLike('/p', 'v:a');
    expect(await storage.pageState('/p', anon, 'v:a')).toEqual({ version: 2, viewerWrote: false, liked: false });
  });
});

describe('page states kept between changes (PostgreSQL)', () => {
  let postgres: TestPostgres;
  let url: string;
  let reader: KyselyStorage;
  let writer: KyselyStorage;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres.stop();
  });
  beforeEach(async () => {
    url = await postgres.createDatabase(`page_state_${Math.random().toString(36).slice(2, 10)}`);
    reader = await openStorage(url);
    writer = await openStorage(url);
  });
  afterEach(async () => {
    await Promise.all([reader.close(), writer.close()]);
  });

  /** Reads until `check` passes (a notification arrives a moment after the commit), for at most 5 s. */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (const started = Date.now(); !(await check());) {
      if (Date.now() - started > 5000) throw new Error('the change was not seen within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Counts the queries `storage` sends while `run` runs. */
  async function queriesDuring(storage: KyselyStorage, run: () => Promise<unknown>): Promise<number> {
    let count = 0;
    const executor = storage.db.getExecutor();
    const original = executor.executeQuery.bind(executor);
    executor.executeQuery = ((...args: Parameters<typeof original>) => { count++; return original(...args); }) as typeof original;
    try {
      await run();
    } finally {
      executor.executeQuery = original;
    }
    return count;
  }

  it('answers a state read again from memory, and sees another server\'s change once its notification arrives', async () => {
    await eventually(async () => (await queriesDuring(reader, () => reader.pageState('/p', anon))) === 0);
    expect((await reader.pageState('/p', anon)).version).toBe(0);
    await writer.putLike({ pageId: '/p', likerKey: 'v:x', userId: null, name: 'X', url: null, email: null, avatarKey: null, provider: null, createdAt: 1 });
    // Every state of the page kept before is dropped once the notification arrives (until then one read may
    // come from the database and another from memory: the moment between a commit and its notification).
    await eventually(async () => (await reader.pageState('/p', anon, 'v:x')).liked && (await reader.pageState('/p', anon)).version === 1);
    // So is an import from the command line, which announces its pages when it is done.
    await sql`update pages set version = 9 where page_id = '/p'`.execute(writer.db);
    await writer.announceChange();
    await eventually(async () => (await reader.pageState('/p', anon)).version === 9);
  });

  it('keeps nothing while its listening connection is cut, so no change is missed', async () => {
    await eventually(async () => (await queriesDuring(reader, () => reader.pageState('/p', anon))) === 0);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN natter_changes'`.execute(writer.db);
    // Until it listens again every read asks the database, and sees each change at once.
    await eventually(async () => (await queriesDuring(reader, () => reader.pageState('/p', anon))) === 1);
    await sql`insert into pages (page_id, version) values ('/p', 4)`.execute(writer.db);
    expect((await reader.pageState('/p', anon)).version).toBe(4);
    // Then it listens again and keeps states again.
    await eventually(async () => (await queriesDuring(reader, () => reader.pageState('/p', anon))) === 0);
    expect((await reader.pageState('/p', anon)).version).toBe(4);
  });
});
