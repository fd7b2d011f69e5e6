import { sql, type Kysely } from 'kysely';

/**
 * Each page's number of approved comments, kept in its `pages` row by
 * triggers, so that a page's answer reads its total instead of counting
 * every comment of the page (a thousand index entries on a big page) on
 * every read. The triggers run inside the statement that changes a comment,
 * so the count changes in the same transaction, whoever writes: a post,
 * moderation, a deletion, an import, or a hand-made change. A page gets its
 * row with its first approved comment, if it has none yet.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pages add column approved_comments integer not null default 0`.execute(db);
  await sql`insert into pages (page_id, approved_comments)
    select page_id, count(*) from comments where status = 'approved' group by page_id
    on conflict (page_id) do update set approved_comments = excluded.approved_comments`.execute(db);
  await sql`create trigger comments_count_insert after insert on comments when new.status = 'approved'
    begin
      insert into pages (page_id, approved_comments) values (new.page_id, 1)
        on conflict (page_id) do update set approved_comments = approved_comments + 1;
    end`.execute(db);
  await sql`create trigger comments_count_delete after delete on comments when old.status = 'approved'
    begin
      update pages set approved_comments = approved_comments - 1 where page_id = old.page_id;
    end`.execute(db);
  await sql`create trigger comments_count_update after update of status, page_id on comments
    when (old.status = 'approved' or new.status = 'approved') and (old.status is not new.status or old.page_id is not new.page_id)
    begin
      update pages set approved_comments = approved_comments - 1 where old.status = 'approved' and page_id = old.page_id;
      insert into pages (page_id, approved_comments) select new.page_id, 1 where new.status = 'approved'
        on conflict (page_id) do update set approved_comments = approved_comments + 1;
    end`.execute(db);
}
