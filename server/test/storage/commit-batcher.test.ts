import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitBatcher } from '../../src/storage/commit-batcher';
import { FileSync } from '../../src/storage/file-sync';
import { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import type { Database } from '../../src/storage/schema';
import { statementRunner, withStatementCache } from '../../src/storage/statement-cache';

/** A log sync the test finishes by hand, counting how often it was asked for. */
function manualSync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    pending,
    sync: () => new Promise<void>((resolve, reject) => { pending.push({ resolve, reject }); }),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

let storage: KyselyStorage;
beforeEach(async () => { storage = await openStorage(':memory:'); });
afterEach(async () => { await storage.close(); });

const setting = (key: string) => (trx: Parameters<Parameters<CommitBatcher['run']>[0]>[0]) =>
  trx.executeQuery(storage.db.insertInto('settings').values({ key, value: 'v' }).compile()).then(() => key);

const stored = async (key: string) =>
  (await storage.db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;

describe.each([
  ['through a Kysely transaction', false],
  ['with its statements run on the connection directly', true],
])('CommitBatcher %s', (_name, direct) => {
  let db: Kysely<Database>;
  let batcherOn: (options?: { walSync?: { sync(): Promise<void> } }) => CommitBatcher;
  beforeEach(async () => {
    const database = withStatementCache(new SqliteDatabase(':memory:'));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    await db.schema.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
    batcherOn = (options = {}) => new CommitBatcher(db, { ...options, statements: direct ? statementRunner(database) : null });
  });
  afterEach(async () => { await db.destroy(); });
  const put = (key: string) => (trx: Parameters<Parameters<CommitBatcher['run']>[0]>[0]) =>
    trx.executeQuery(db.insertInto('settings').values({ key, value: 'v' }).compile()).then(() => key);
  const keys = async () => (await db.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key);

  it('rolls a failing write back alone and commits the others of its batch', async () => {
    const batcher = batcherOn();
    const failing = batcher.run(async (trx) => {
      await put('half')(trx);
      await put('half')(trx);
    });
    const [before, after] = [batcher.run(put('before')), batcher.run(put('after'))];
    await expect(failing).rejects.toThrow(/UNIQUE/);
    expect([await before, await after]).toEqual(['before', 'after']);
    expect(await keys()).toEqual(['after', 'before']);
  });

  it('commits nothing of a batch that cannot take the write lock, and leaves no transaction open', async () => {
    await db.schema.dropTable('settings').execute();
    const batcher = batcherOn({ walSync: { sync: async () => {} } });
    await expect(batcher.run(async () => 'never')).rejects.toThrow(/no such table/);
    await db.schema.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
    expect(await batcher.run(put('next'))).toBe('next');
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(rows[0]?.synchronous).toBe(2);
  });
});

describe('CommitBatcher with a log synced off the event loop', () => {
  it('acknowledges a durable write only after its batch is on disk, a non-durable one at its commit', async () => {
    const wal = manualSync();
    const batcher = new CommitBatcher(storage.db, { walSync: wal });
    let durableDone = false;
    const durable = batcher.run(setting('durable')).then((v) => { durableDone = true; return v; });
    const count = batcher.run(setting('count'), { durable: false });
    expect(await count).toBe('count');
    expect(await stored('durable')).toBe(true);
    await tick();
    expect(durableDone).toBe(false);
    expect(wal.pending).toHaveLength(1);
    wal.pending[0]?.resolve();
    expect(await durable).toBe('durable');
  });

  it('gathers the writes that arrive while a batch is synced into one next batch, committed after that sync', async () => {
    const wal = manualSync();
    const batcher = new CommitBatcher(storage.db, { walSync: wal });
    const first = batcher.run(setting('first'));
    while (wal.pending.length === 0) await tick();
    const second = batcher.run(setting('second'));
    for (let i = 0; i < 3; i++) await tick();
    const third = batcher.run(setting('third'));
    for (let i = 0; i < 3; i++) await tick();
    expect(await stored('second')).toBe(false);
    wal.pending[0]?.resolve();
    expect(await first).toBe('first');
    while (wal.pending.length === 1) await tick();
    expect([await stored('second'), await stored('third')]).toEqual([true, true]);
    for (let i = 0; i < 3; i++) await tick();
    expect(wal.pending).toHaveLength(2);
    wal.pending[1]?.resolve();
    expect([await second, await third]).toEqual(['second', 'third']);
  });

  it('fails the writes of a batch whose sync failed', async () => {
    const wal = manualSync();
    const batcher = new CommitBatcher(storage.db, { walSync: wal });
    const write = batcher.run(setting('lost'));
    while (wal.pending.length === 0) await tick();
    wal.pending[0]?.reject(new Error('EIO'));
    await expect(write).rejects.toThrow('EIO');
  });

  it('leaves the connection syncing inside commits once a batch is done', async () => {
    const batcher = new CommitBatcher(storage.db, { walSync: { sync: async () => {} } });
    await batcher.run(setting('k'));
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(storage.db);
    expect(rows[0]?.synchronous).toBe(2);
  });

  it('answers a replayed idempotency key no earlier than the post that stored it is on disk', async () => {
    const wal = manualSync();
    const file = new KyselyStorage(storage.db, 'sqlite', { walSync: wal });
    const record = {
      pageId: '/p', parentId: null, rootId: null, status: 'approved' as const, userId: null, authorName: 'A',
      authorEmail: 'a@example.org', authorUrl: null, authorProvider: null, avatarKey: null, visitorHash: null,
      editTokenHash: null, source: 'hi', bodyHtml: '<p>hi</p>', contentHash: 'h', idempotencyKey: 'key-0001',
      ip: null, userAgent: null, createdAt: 1, pageTitle: null, pageUrl: null,
    };
    const posted = file.insertComment(record);
    while (wal.pending.length === 0) await tick();
    let replayed = false;
    const replay = file.getCommentByIdempotencyKey('key-0001').then((c) => { replayed = true; return c; });
    for (let i = 0; i < 5; i++) await tick();
    expect(replayed).toBe(false);
    wal.pending[0]?.resolve();
    const { comment } = await posted;
    expect((await replay)?.id).toBe(comment.id);
  });

  it('stores comments in a file database, its log flushed where SQLite keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'natter-batcher-'));
    const file = await openStorage(join(dir, 'natter.db'));
    try {
      const { created } = await file.insertComment({
        pageId: '/p', parentId: null, rootId: null, status: 'approved', userId: null, authorName: 'A',
        authorEmail: 'a@example.org', authorUrl: null, authorProvider: null, avatarKey: 'k', visitorHash: null,
        editTokenHash: null, source: 'hi', bodyHtml: '<p>hi</p>', contentHash: 'h', idempotencyKey: 'key-0002',
        ip: null, userAgent: null, createdAt: 1, pageTitle: null, pageUrl: null, avatarSource: { email: 'a@example.org', url: null },
      });
      expect(created).toBe(true);
      expect(await file.lookupAvatar('k')).toEqual({ email: 'a@example.org', url: null });
    } finally {
      await file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FileSync', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'natter-file-sync-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('lets everyone who asks meanwhile share the next flush', async () => {
    const path = join(dir, 'log');
    writeFileSync(path, 'frames');
    const wal = new FileSync(path);
    const first = wal.sync();
    const second = wal.sync();
    const third = wal.sync();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    await wal.close();
  });

  it('fails when the file cannot be flushed', async () => {
    const wal = new FileSync(join(dir, 'missing'));
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    await wal.close();
  });
});
