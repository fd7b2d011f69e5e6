import type { Kysely } from 'kysely';

/**
 * Drops two indexes that later ones made redundant: `comments_user (user_id)`
 * is a prefix of `comments_user_page (user_id, page_id)` and
 * `comments_root (root_id, id)` one of `comments_root_page (root_id, page_id,
 * status)`; every query that looked comments up by user or by thread plans
 * the same on the longer index. Every new comment updated both, in the same
 * transaction that acknowledges it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_user').ifExists().execute();
  await db.schema.dropIndex('comments_root').ifExists().execute();
}
