import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importContext } from '../../src/import-export/import-context';
import { importFile } from '../../src/import-export/run-import';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import { openStorage } from '../../src/storage/open-storage';
import type { Database } from '../../src/storage/schema';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { commentRecord } from '../helpers/storage-contract';
import { onEachDatabase } from '../import-export/databases';
import { fixtureThread, wxrExport } from '../import-export/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-page-counts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each page's kept count of approved comments, and the same counted, for pages that have any or had a row. */
async function keptAndCounted(storage: KyselyStorage): Promise<{ kept: Record<string, number>; counted: Record<string, number> }> {
  const kept: Record<string, number> = {};
  const counted: Record<string, number> = {};
  const pages = await storage.db.selectFrom('pages').select(['page_id', 'approved_comments']).execute();
  for (const p of pages) {
    kept[p.page_id] = Number(p.approved_comments);
    counted[p.page_id] = 0;
  }
  const rows = await storage.db.selectFrom('comments').select(['page_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'approved').groupBy('page_id').execute();
  for (const r of rows) counted[r.page_id] = Number(r.n);
  return { kept, counted };
}

onEachDatabase((open) => {
  let storage: KyselyStorage;
  beforeEach(async () => { storage = await open(); });
  afterEach(async () => { await storage.close(); });

  const expectCountsRight = async () => {
    const { kept, counted } = await keptAndCounted(storage);
    expect(kept).toEqual(counted);
  };
  const totalOf = async (pageId: string) =>
    (await storage.listThreads({ pageId, sort: 'oldest', limit: 50, after: null, viewer: { userId: null, visitorHash: null } })).total;

  it('keeps each page\'s count of approved comments through posts, moderation, edits, deletions and erasure', async () => {
    const a = (await storage.insertComment(commentRecord({ pageId: '/a' }))).comment;
    await storage.insertComment(commentRecord({ pageId: '/a', status: 'pending', authorEmail: 'eve@example.com' }));
    const held = (await storage.insertComment(commentRecord({ pageId: '/a', status: 'pending' }))).comment;
    const b = (await storage.insertComment(commentRecord({ pageId: '/b', parentId: null }))).comment;
    // A replayed post adds nothing.
    await storage.insertComment(commentRecord({ pageId: '/a', idempotencyKey: 'once' }));
    await storage.insertComment(commentRecord({ pageId: '/a', idempotencyKey: 'once' }));
    await expectCountsRight();
    expect(await totalOf('/a')).toBe(2);
    expect(await storage.countApproved(['/a', '/b', '/none'])).toEqual({ '/a': 2, '/b': 1, '/none': 0 });

    await storage.setCommentStatus(held.id, 'approved');
    await expectCountsRight();
    expect(await totalOf('/a')).toBe(3);
    await storage.setCommentStatus(held.id, 'approved');
    await storage.setCommentStatus(a.id, 'spam');
    await storage.setCommentStatus(b.id, 'deleted');
    await expectCountsRight();
    expect(await storage.countApproved(['/a', '/b'])).toEqual({ '/a': 2, '/b': 0 });
    await storage.setCommentStatus(a.id, 'pending');
    await storage.setCommentStatus(a.id, 'approved');
    await storage.updateCommentBody(a.id, 'edited', '<p>edited</p>', 'h-edited', 1_800_000_000_000);
    await storage.eraseCommenter('ada@example.com');
    await expectCountsRight();
    expect(await totalOf('/a')).toBe(3);
  });

  it('keeps the count when comments are moved, deleted or written outside natter\'s methods', async () => {
    const a = (await storage.insertComment(commentRecord({ pageId: '/a' }))).comment;
    const b = (await storage.insertComment(commentRecord({ pageId: '/a' }))).comment;
    await storage.insertComment(commentRecord({ pageId: '/a', status: 'pending' }));
    await sql`update comments set page_id = '/moved' where id = ${Number(a.id)}`.execute(storage.db);
    await expectCountsRight();
    await sql`update comments set status = 'approved', page_id = '/other' where status = 'pending'`.execute(storage.db);
    await expectCountsRight();
    await sql`delete from comments where id = ${Number(b.id)}`.execute(storage.db);
    await sql`insert into comments (page_id, status, author_name, source, body_html, content_hash, idempotency_key, created_at)
      values ('/c', 'approved', 'X', 'x', '<p>x</p>', 'h', 'by-hand', 1)`.execute(storage.db);
    await expectCountsRight();
    expect(await storage.countApproved(['/a', '/moved', '/other', '/c'])).toEqual({ '/a': 0, '/moved': 1, '/other': 1, '/c': 1 });
  });

  it('counts what an import adds, and nothing for what it skips or finds already imported', async () => {
    const file = join(dir, `import-${Math.random()}.xml`);
    writeFileSync(file, wxrExport(fixtureThread(40)));
    await storage.insertComment(commentRecord({ pageId: '/2024/03/small-is-beautiful/' }));
    await importFile(storage, 'wxr', file, importContext('s'.repeat(40)));
    await expectCountsRight();
    await importFile(storage, 'wxr', file, importContext('s'.repeat(40)));
    await expectCountsRight();
    const { kept } = await keptAndCounted(storage);
    expect(Object.values(kept).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(30);
  });
});

/** Migrates `db` as a server before migration 0009 did, writes comments there, and closes it. */
async function databaseBeforeCounts(db: Kysely<Database>, migrations: Record<string, Migration>): Promise<void> {
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0009'));
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
  if (error !== undefined) throw error;
  const statuses = ['approved', 'approved', 'pending', 'spam', 'deleted', 'approved'];
  await db.insertInto('comments').values(statuses.map((status, i) => ({
    page_id: i < 4 ? '/a' : '/b', status, author_name: 'A', source: 'x', body_html: '<p>x</p>',
    content_hash: `h${i}`, idempotency_key: `k${i}`, created_at: i,
  }))).execute();
  await db.insertInto('pages').values({ page_id: '/a', version: 3, title: 'A', url: null }).execute();
  await db.destroy();
}

describe('migration 0009 counts the approved comments already stored', () => {
  const expectBackfilled = async (storage: KyselyStorage) => {
    try {
      const pages = await storage.db.selectFrom('pages').select(['page_id', 'version', 'title', 'approved_comments']).orderBy('page_id').execute();
      expect(pages.map((p) => ({ ...p, version: Number(p.version), approved_comments: Number(p.approved_comments) }))).toEqual([
        { page_id: '/a', version: 3, title: 'A', approved_comments: 2 },
        { page_id: '/b', version: 0, title: null, approved_comments: 1 },
      ]);
    } finally {
      await storage.close();
    }
  };

  it('on SQLite', async () => {
    const file = join(dir, `before-${Math.random()}.db`);
    await databaseBeforeCounts(new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) }), SQLITE_MIGRATIONS);
    await expectBackfilled(await openStorage(file, { server: false }));
  });

  describe('on PostgreSQL', () => {
    let server: TestPostgres;
    beforeAll(async () => { server = await startPostgres(); });
    afterAll(async () => { await server?.stop(); });
    it('backfills', async () => {
      const url = await server.createDatabase(`before_counts_${process.pid}`);
      await databaseBeforeCounts(new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) }), POSTGRES_MIGRATIONS);
      await expectBackfilled(await openStorage(url, { server: false }));
    });
  });
});
