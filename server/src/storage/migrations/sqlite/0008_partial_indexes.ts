import { sql, type Kysely } from 'kysely';

/**
 * Fewer index entries for each new comment, which are written in the
 * transaction that acknowledges it. `comments_user_page` and
 * `comments_root_page` keep only the rows they are read for (a guest's
 * comment has no user, a top-level one no root; every lookup on them is by
 * equality, which implies not null); `comments_email_page (author_email,
 * page_id, content_hash)` replaces both `comments_email` (its prefix) and
 * `comments_content (page_id, content_hash)` for the duplicate check, which
 * looks comments up by author (an email or a user), page and hash. Checked by
 * EXPLAIN QUERY PLAN on SQLite: every other query plans the same or reads
 * fewer rows, apart from a commenter's data export, which now sorts the
 * commenter's comments by id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_user_page').execute();
  await sql`create index comments_user_page on comments (user_id, page_id) where user_id is not null`.execute(db);
  await db.schema.dropIndex('comments_root_page').execute();
  await sql`create index comments_root_page on comments (root_id, page_id, status) where root_id is not null`.execute(db);
  await sql`create index comments_email_page on comments (author_email, page_id, content_hash) where author_email is not null`.execute(db);
  await db.schema.dropIndex('comments_email').execute();
  await db.schema.dropIndex('comments_content').execute();
}
