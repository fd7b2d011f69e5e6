import type { Kysely } from 'kysely';

/**
 * Nothing on PostgreSQL. On SQLite this migration stores the parts of a
 * comment's public JSON that depend on its row alone (sqlite/0010), for the
 * statement that writes a page's answer in SQL; on PostgreSQL the server
 * writes that JSON itself. Kept so that both databases have the same
 * migrations by name.
 */
export async function up(_db: Kysely<any>): Promise<void> {}
