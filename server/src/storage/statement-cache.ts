import type { SqliteDatabase, SqliteStatement } from 'kysely';

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
