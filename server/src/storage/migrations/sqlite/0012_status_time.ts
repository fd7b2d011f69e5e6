import type { Kysely } from 'kysely';

/**
 * When a comment last entered or left 'approved' (epoch ms; `null` while it
 * never has): a live reader coming back after a dropped stream is told of the
 * comments approved, deleted or held while it was away, not only of those
 * written or edited. Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('status_at', 'integer').execute();
}
