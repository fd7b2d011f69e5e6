import type { Kysely } from 'kysely';

/** Indexes that find a reader's own comments on a page quickly. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_visitor_page').on('comments').columns(['visitor_hash', 'page_id']).execute();
  await db.schema.createIndex('comments_user_page').on('comments').columns(['user_id', 'page_id']).execute();
}
