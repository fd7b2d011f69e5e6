import { afterAll, beforeAll, describe } from 'vitest';
import { openStorage } from '../../src/storage/open-storage';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let n = 0;

/** Runs `suite` once on SQLite and once on a private PostgreSQL, each test with a fresh database. */
export function onEachDatabase(suite: (open: () => Promise<KyselyStorage>) => void): void {
  describe('on SQLite', () => suite(() => openStorage(':memory:')));
  describe('on PostgreSQL', () => {
    let pg: TestPostgres;
    beforeAll(async () => { pg = await startPostgres(); });
    afterAll(async () => { await pg?.stop(); });
    suite(async () => openStorage(await pg.createDatabase(`import_${process.pid}_${++n}`)));
  });
}

/** Every row natter keeps about comments, pages, avatars, likes and users, in a stable order. */
export async function dumpTables(storage: KyselyStorage): Promise<Record<string, unknown[]>> {
  const db = storage.db;
  return {
    comments: await db.selectFrom('comments').selectAll().orderBy('id').execute(),
    pages: await db.selectFrom('pages').selectAll().orderBy('page_id').execute(),
    avatars: await db.selectFrom('avatars').selectAll().orderBy('key').execute(),
    likes: await db.selectFrom('likes').selectAll().orderBy('page_id').orderBy('liker_key').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    subscriptions: await db.selectFrom('subscriptions').selectAll().orderBy('id').execute(),
  };
}
