import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';

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
