import { sql, type Kysely } from 'kysely';

/**
 * Keeps the unique index of imported comments' origins to imported comments.
 * As created (0004) it held an entry for every comment, each with null
 * origins, which a unique index allows any number of: every new
 * comment wrote an index entry nothing reads (about a tenth of an insert's
 * time). The importer names the same condition in its ON CONFLICT, so that
 * the index still decides. Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists comments_import`.execute(db);
  await sql`create unique index comments_import on comments (import_source, import_id) where import_source is not null`.execute(db);
}
