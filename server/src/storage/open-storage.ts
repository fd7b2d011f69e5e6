import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { FileSync } from './file-sync';
import { KyselyStorage } from './kysely-storage';
import { PageChangeStamp } from './page-change-stamp';
import { NamedStatements } from './prepared-query';
import { WalCheckpointer } from './wal-checkpointer';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';
import type { Database } from './schema';
import { arrayRowReader, directReader, statementRunner, withStatementCache } from './statement-cache';
import { threadJsonFunctions } from './thread-json-statement';

/** PostgreSQL's int8 (counts, ids, times) parsed as numbers: natter's values stay below 2^53. */
const INT8_OID = 20;

/** True when `location` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens natter's storage and applies pending migrations: a `postgres://` URL
 * opens PostgreSQL, anything else is a SQLite file (`:memory:` for tests).
 * @example const storage = await openStorage('./data/natter.db');
 */
export async function openStorage(location: string, { server = true }: {
  /**
   * For a running server (the default): with its background helpers, SQLite's
   * checkpoint thread and PostgreSQL's change listener. A one-off command
   * (import, export) leaves them out and keeps its memory for its work.
   */
  server?: boolean;
} = {}): Promise<KyselyStorage> {
  if (isPostgresUrl(location)) {
    // Loaded only for PostgreSQL: a SQLite server or import never needs the driver.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: location,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its connection (server restart) is replaced by the pool; it is not fatal.
    pool.on('error', () => {});
    // Nor is a checked-out one losing it between two queries (inside a transaction):
    // pg emits that on the client, where no listener would crash the process. Its
    // query fails (a 503), and the pool drops the broken client when it comes back.
    pool.on('connect', (client) => client.on('error', () => {}));
    const named = new NamedStatements();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingPool(pool, named) }) });
    await migrate(db, POSTGRES_MIGRATIONS);
    const changes = new PageChangeStamp(location);
    if (server) changes.start();
    return new KyselyStorage(db, 'postgres', {
      named,
      changeStamp: changes.stamp,
      announce: () => changes.announce((channel) => sql`select pg_notify(${channel}, '')`.execute(db)),
      onClose: () => changes.close(),
    });
  }
  if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
  const file = new SqliteDatabase(location);
  // WAL with synchronous=FULL: a commit is on disk before the API acknowledges it.
  // New comments are the exception that keeps the rule: their batches commit
  // without the sync and are acknowledged after the log is synced in the
  // thread pool (CommitBatcher), so the event loop never waits for the disk.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  // SQLite waits for a lock by sleeping, which would stop the whole server: keep that
  // short. Comment writes wait for another connection's lock asynchronously (CommitBatcher).
  file.pragma('busy_timeout = 50');
  file.pragma('foreign_keys = ON');
  // The page statement materializes its picked threads: in memory, not in a
  // temporary file. Not for an import, whose sorts can be large: there SQLite's
  // temporary files keep the process small.
  if (server) file.pragma('temp_store = MEMORY');
  // Checkpoints run in a worker thread (WalCheckpointer), not in the commit
  // that crosses a thousand pages of log, which would sync the database file
  // on the event loop.
  const checkpointer = file.memory || !server ? null : new WalCheckpointer(file.name, {
    // Without its worker, the connection checkpoints in its commits again, as SQLite does by default.
    onFailure: () => { if (file.open) file.pragma('wal_autocheckpoint = 1000'); },
  });
  if (checkpointer !== null) file.pragma('wal_autocheckpoint = 0');
  for (const { name, apply } of threadJsonFunctions) file.function(name, { deterministic: true }, apply);
  const database = withStatementCache(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, SQLITE_MIGRATIONS);
  // Changes by this connection, and commits by any other (a backup, an import
  // from the command line). Reading data_version takes the log's shared lock
  // (4 µs, against 0.1 µs for total_changes()): it is read once per turn of
  // the event loop, which all requests handled in that turn share.
  const changes = file.prepare('select total_changes()').pluck();
  const dataVersion = file.prepare('pragma data_version').pluck();
  let outside: unknown = null;
  const changeStamp = () => {
    if (outside === null) {
      outside = dataVersion.get();
      setImmediate(() => { outside = null; });
    }
    return `${String(changes.get())}:${String(outside)}`;
  };
  return new KyselyStorage(db, 'sqlite', {
    walSync: file.memory ? null : new FileSync(`${file.name}-wal`),
    checkpointer,
    changeStamp,
    readRows: arrayRowReader(file),
    readRecords: directReader(file, false),
    statements: statementRunner(database),
  });
}

/**
 * `pool` for Kysely, its clients sending the statements `named` names as
 * named statements: each connection parses and plans one of them once, then
 * only binds and runs it.
 */
function namingPool(pool: Pool, named: NamedStatements): PostgresPool {
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => ({
    // A cursor (Kysely's streaming) goes through as it is.
    query: ((text: unknown, values?: unknown[]) => {
      const name = typeof text === 'string' ? named.nameOf(text) : undefined;
      return name === undefined ? client.query(text as string, values) : client.query({ name, text: text as string, values });
    }) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let out = wrapped.get(client);
      if (out === undefined) wrapped.set(client, (out = wrap(client)));
      return out;
    },
    end: () => pool.end(),
  };
}

async function migrate(db: Kysely<Database>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    throw new Error('Could not apply the database migrations', { cause: error });
  }
}
