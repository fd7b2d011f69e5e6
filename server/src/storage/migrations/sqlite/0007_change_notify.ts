import type { Kysely } from 'kysely';

/**
 * Nothing on SQLite: its `data_version` already says when another connection
 * changed the file. The PostgreSQL migration of this name adds the triggers
 * that tell natter servers of each other's changes.
 * Frozen: later changes go in new migrations.
 */
export async function up(_db: Kysely<any>): Promise<void> {
  // Kept so that both databases have the same migrations by name.
}
