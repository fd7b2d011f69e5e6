import { sql, type Kysely } from 'kysely';

/**
 * Notifies `natter_changes` at the commit of every transaction that changes
 * what a page state is read from (`pages`, `comments`, `likes`), whoever
 * made it: each natter server keeps the page states it read until then (see
 * `PageChangeStamp`). Statement triggers with one empty payload: PostgreSQL
 * sends a transaction's identical notifications once.
 * Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function natter_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('natter_changes', '');
      return null;
    end $$`.execute(db);
  for (const table of ['pages', 'comments', 'likes']) {
    await sql`create trigger ${sql.id(`${table}_notify_change`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function natter_notify_change()`.execute(db);
  }
}
