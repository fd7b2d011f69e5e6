import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyAuthStore, type AuthAttempt } from '../../src/auth/auth-store';
import type { Database } from '../../src/storage/schema';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/storage/migrations';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

async function migrated(db: Kysely<Database>, migrations: Record<string, Migration>): Promise<Kysely<Database>> {
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error !== undefined) throw error;
  return db;
}

const attempt: AuthAttempt = {
  provider: 'google', codeVerifier: 'v'.repeat(43), oidcNonce: 'n'.repeat(43), origin: 'https://blog.example.test',
  widgetNonce: 'w'.repeat(32), mode: 'redirect', returnUrl: 'https://blog.example.test/post', expiresAt: 10_000,
};

function authStoreContract(name: string, open: () => Promise<Kysely<Database>>) {
  describe(`KyselyAuthStore on ${name}`, () => {
    let db: Kysely<Database>;
    let store: KyselyAuthStore;
    beforeAll(async () => {
      db = await open();
      store = new KyselyAuthStore(db);
    });
    afterAll(async () => { await db?.destroy(); });

    it('gives an attempt back once, and never again', async () => {
      await store.putAttempt('state-1', attempt, 1_000);
      expect(await store.takeAttempt('state-1', 2_000)).toEqual(attempt);
      expect(await store.takeAttempt('state-1', 2_000)).toBeNull();
    });

    it('refuses an expired attempt and an unknown state', async () => {
      await store.putAttempt('state-2', attempt, 1_000);
      expect(await store.takeAttempt('state-2', 10_000)).toBeNull();
      expect(await store.takeAttempt('nobody', 1_000)).toBeNull();
    });

    it('lets only one of many concurrent takes of the same state succeed', async () => {
      await store.putAttempt('state-3', attempt, 1_000);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.takeAttempt('state-3', 2_000)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('gives a login code back once, before it expires', async () => {
      await store.putLoginCode('code-1', 'user-1', 61_000, 1_000);
      expect(await store.takeLoginCode('code-1', 2_000)).toBe('user-1');
      expect(await store.takeLoginCode('code-1', 2_000)).toBeNull();
      await store.putLoginCode('code-2', 'user-1', 61_000, 1_000);
      expect(await store.takeLoginCode('code-2', 61_000)).toBeNull();
    });
  });
}

authStoreContract('SQLite', () =>
  migrated(new Kysely({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) }), SQLITE_MIGRATIONS));

let server: TestPostgres;
beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => { await server?.stop(); });
authStoreContract('PostgreSQL', async () => {
  const url = await server.createDatabase('auth_store');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // The server stopping under an idle pooled client is expected at the end.
  pool.on('error', () => {});
  return migrated(new Kysely({ dialect: new PostgresDialect({ pool }) }), POSTGRES_MIGRATIONS);
});
