import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, QueryResult, SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A SQLite database whose prepared statements are kept and reused, by SQL
 * text. Kysely's SQLite driver prepares every query anew; preparing costs
 * about as much as running one of natter's indexed lookups. Kysely writes the
 * same SQL for the same query shape, so a few hundred entries cover every
 * query natter makes (`in (?, ?, …)` lists make one shape per length); the
 * oldest entries go first. Statements are never iterated (natter does not
 * stream), so one statement is never busy when it is reused.
 */
export function withStatementCache(database: SqliteDatabase, size = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const known = statements.get(sql);
      if (known !== undefined) return known;
      const statement = database.prepare(sql);
      if (statements.size >= size) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}

/**
 * Runs a compiled statement on `database` at once, answering what Kysely's
 * SQLite driver answers for it, but without Kysely's executor, connection
 * mutex and promise turns in between (about 5 µs a statement). Only for a
 * caller that holds the connection through Kysely (`connection().execute`),
 * so that no other query runs on it meanwhile: a batch of new comments.
 */
export function statementRunner(database: SqliteDatabase): (query: CompiledQuery) => QueryResult<unknown> {
  return ({ sql, parameters }) => {
    const statement = database.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
}

/**
 * Runs compiled reads on the connection directly, keeping the prepared
 * statements by SQL text (apart from Kysely's): rows as arrays
 * (better-sqlite3's raw mode) when `raw`, else as objects. A read made while
 * the connection is inside a transaction would see that transaction's
 * uncommitted writes: then it answers `null`, and the caller goes through
 * Kysely, whose driver waits for the transaction to end.
 */
export function directReader<R>(database: BetterSqlite3.Database, raw: boolean, size = 50): (query: CompiledQuery) => R[] | null {
  const statements = new Map<string, BetterSqlite3.Statement<unknown[], R>>();
  return (query) => {
    if (database.inTransaction) return null;
    let statement = statements.get(query.sql);
    if (statement === undefined) {
      statement = database.prepare<unknown[], R>(query.sql);
      if (raw) statement.raw(true);
      if (statements.size >= size) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      statements.set(query.sql, statement);
    }
    return statement.all(query.parameters);
  };
}

/** {@link directReader} answering rows as arrays. */
export const arrayRowReader = (database: BetterSqlite3.Database): ((query: CompiledQuery) => unknown[][] | null) => directReader<unknown[]>(database, true);
