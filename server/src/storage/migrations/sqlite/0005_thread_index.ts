import { sql, type Kysely } from 'kysely';

/**
 * Indexes for reading a page of threads in one statement: the page's threads
 * in order (a thread is `coalesce(root_id, id)`), walked by keyset instead of
 * sorting every comment of the page; and a thread's replies by root, page and
 * status, so the planner looks replies up by thread rather than scanning the
 * page's comments once per thread.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index comments_page_thread on comments (page_id, (coalesce(root_id, id)), status)`.execute(db);
  await db.schema.createIndex('comments_root_page').on('comments').columns(['root_id', 'page_id', 'status']).execute();
}
