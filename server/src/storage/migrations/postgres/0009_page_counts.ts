import { sql, type Kysely } from 'kysely';

/**
 * Each page's number of approved comments, kept in its `pages` row by a
 * trigger, so that a page's answer reads its total instead of counting every
 * comment of the page on every read. The trigger runs inside the statement
 * that changes a comment, so the count changes in the same transaction,
 * whoever writes: a post, moderation, a deletion, an import, or a hand-made
 * change. It keeps the count in the row every change of the page already
 * bumps (its version), so it takes no lock a writer did not take anyway,
 * nor in another order. A page gets its row with its first approved comment,
 * if it has none yet.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pages add column approved_comments bigint not null default 0`.execute(db);
  await sql`insert into pages (page_id, approved_comments)
    select page_id, count(*) from comments where status = 'approved' group by page_id
    on conflict (page_id) do update set approved_comments = excluded.approved_comments`.execute(db);
  await sql`create function natter_count_approved() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' and old.status = 'approved' then
        update pages set approved_comments = approved_comments - 1 where page_id = old.page_id;
      end if;
      if tg_op <> 'DELETE' and new.status = 'approved' then
        insert into pages (page_id, approved_comments) values (new.page_id, 1)
          on conflict (page_id) do update set approved_comments = pages.approved_comments + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger comments_count_insert after insert on comments
    for each row when (new.status = 'approved') execute function natter_count_approved()`.execute(db);
  await sql`create trigger comments_count_delete after delete on comments
    for each row when (old.status = 'approved') execute function natter_count_approved()`.execute(db);
  await sql`create trigger comments_count_update after update of status, page_id on comments
    for each row when ((old.status = 'approved' or new.status = 'approved')
      and (old.status is distinct from new.status or old.page_id is distinct from new.page_id))
    execute function natter_count_approved()`.execute(db);
}
