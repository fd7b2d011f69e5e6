import { sql, type Kysely } from 'kysely';

/**
 * The page's threads in order (a thread is `coalesce(root_id, id)`), so a
 * page of threads is read by keyset from the index instead of sorting every
 * comment of the page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index comments_page_thread on comments (page_id, (coalesce(root_id, id)), status)`.execute(db);
}
