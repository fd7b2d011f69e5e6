import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStorage } from '../../src/storage/open-storage';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { storageContract } from '../helpers/storage-contract';

describe('migrations', () => {
  it('have the same file names for SQLite and PostgreSQL, all registered in order', () => {
    const files = (dialect: string) => readdirSync(`server/src/storage/migrations/${dialect}`).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(files('sqlite')).toEqual(files('postgres'));
    expect(Object.keys(SQLITE_MIGRATIONS)).toEqual(files('sqlite'));
    expect(Object.keys(POSTGRES_MIGRATIONS)).toEqual(files('postgres'));
    expect(files('sqlite')[0]).toBe('0001_init');
  });
});

storageContract('SQLite', () => openStorage(':memory:'));

let pg: TestPostgres;
let n = 0;
beforeAll(async () => { pg = await startPostgres(); });
afterAll(async () => { await pg?.stop(); });
storageContract('PostgreSQL', async () => openStorage(await pg.createDatabase(`contract_${++n}`)));

describe('PostgreSQL', () => {
  it('keeps the page-of-threads and likes statements parsed and planned on the connection, by name', async () => {
    const storage = await openStorage(await pg.createDatabase('named_statements'));
    try {
      const anyone = { userId: null, visitorHash: null };
      await storage.listThreads({ pageId: '/post', sort: 'oldest', after: null, limit: 50, viewer: anyone });
      await storage.likeSummary('/post', null, 10);
      // One connection at a time here: the pool hands the same one back.
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(storage.db);
      expect(rows.map((r) => r.name)).toEqual(['natter_1', 'natter_2']);
      expect(rows[0]?.statement).toContain('with picked as materialized');
      expect(rows[1]?.statement).toContain('from likes l');
      // The same statements again: still two, run by name.
      await storage.listThreads({ pageId: '/other', sort: 'oldest', after: null, limit: 50, viewer: anyone });
      const again = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(storage.db);
      expect(again.rows[0]?.n).toBe(2);
    } finally {
      await storage.close();
    }
  });
});
