import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { publicComment } from '../../src/comments/comment-view';
import { SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import { openStorage } from '../../src/storage/open-storage';
import type { Database } from '../../src/storage/schema';
import { commentRecord } from '../helpers/storage-contract';

const dir = mkdtempSync(join(tmpdir(), 'natter-comment-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const view = { publicUrl: 'https://comments.example', editWindowMs: 15 * 60_000 };
const anyone = { userId: null, visitorHash: null };

/** Every row of `comments` with every column, and the schema's indexes and triggers on it. */
function snapshot(file: string) {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return {
      rows: db.prepare('select * from comments order by id').all() as Record<string, unknown>[],
      schema: db.prepare(`select type, name, sql from sqlite_master where tbl_name = 'comments' and type in ('index', 'trigger') order by type, name`).all(),
      sequence: (db.prepare(`select seq from sqlite_sequence where name = 'comments'`).get() as { seq: number }).seq,
    };
  } finally {
    db.close();
  }
}

describe('migration 0010 stores the JSON of the comments already stored', () => {
  it('carries every row, id, index, trigger and the id sequence over, and lists the old comments as before', async () => {
    const file = join(dir, 'before.db');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const before = Object.fromEntries(Object.entries(SQLITE_MIGRATIONS).filter(([name]) => name < '0010'));
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
    expect(error).toBeUndefined();
    const rows = [
      { page_id: '/a', status: 'approved', author_name: 'Ada "quoted"', author_url: 'https://ada.example/', author_provider: 'google', body_html: '<p>first\u2028</p>', created_at: 1_700_000_000_123 },
      { page_id: '/a', status: 'approved', author_name: 'Bo', parent_id: 1, root_id: 1, body_html: '<p>reply</p>', created_at: 1_700_000_001_000, edited_at: 1_700_000_002_000 },
      { page_id: '/a', status: 'pending', author_name: 'Cy', body_html: '<p>held</p>', created_at: 1_700_000_003_000 },
      // A time strftime does not write as toISOString does: the statement writes it.
      { page_id: '/a', status: 'approved', author_name: 'Di', body_html: '<p>odd time</p>', created_at: 1_700_000_004_000.5 },
      { page_id: '/b', status: 'approved', author_name: 'Ed', body_html: '<p>last</p>', created_at: 1_700_000_005_000 },
    ];
    await db.insertInto('comments').values(rows.map((r, i) => ({
      parent_id: null, root_id: null, ...r, source: `s${i}`, content_hash: `h${i}`, idempotency_key: `k${i}`,
    }))).execute();
    // The newest comment is deleted for good: its id must not come back.
    await db.deleteFrom('comments').where('id', '=', 5).execute();
    await db.destroy();
    const old = snapshot(file);

    const storage = await openStorage(file, { server: false });
    try {
      const migrated = snapshot(file);
      expect(migrated.rows.map(({ json_head: _h, json_tail: _t, status_at: _s, ...rest }) => rest)).toEqual(old.rows);
      // Migration 0012: no status has changed since.
      expect(migrated.rows.map((r) => r.status_at)).toEqual([null, null, null, null]);
      // Migration 0011 then keeps the index of imported comments' origins to imported comments.
      const notImport = (schema: unknown[]) => schema.filter((entry) => (entry as { name: string }).name !== 'comments_import');
      expect(notImport(migrated.schema)).toEqual(notImport(old.schema));
      expect(migrated.schema).toContainEqual(expect.objectContaining({ name: 'comments_import', sql: expect.stringContaining('where import_source is not null') }));
      expect(migrated.sequence).toBe(5);
      expect(migrated.rows.map((r) => r.json_tail === null)).toEqual([false, false, false, true]);

      const query = { pageId: '/a', sort: 'oldest' as const, limit: 50, after: null, viewer: anyone };
      const written = await storage.listThreadsJson(query, view);
      const { comments } = await storage.listThreads(query);
      expect(new TextDecoder().decode(written?.comments)).toBe(JSON.stringify(comments.map((c) => publicComment(c, view, anyone))));
      expect(comments.map((c) => c.id)).toEqual(['1', '4', '2']);

      // Writes after the migration: a new id past the deleted one, counted, its JSON written by SQLite.
      const { comment } = await storage.insertComment(commentRecord({ pageId: '/b' }));
      expect(comment.id).toBe('6');
      expect((await storage.listThreads({ ...query, pageId: '/b' })).total).toBe(1);
      await storage.updateCommentBody('2', 'changed', '<p>changed</p>', 'h', 1_700_000_009_000);
      const stored = await sql<{ json_tail: string }>`select json_tail from comments where id = 2`.execute(storage.db);
      expect(stored.rows[0]?.json_tail).toContain('"bodyHtml":"<p>changed</p>"');
    } finally {
      await storage.close();
    }
  });
});
