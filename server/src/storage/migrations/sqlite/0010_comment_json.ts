import { sql, type Kysely } from 'kysely';

/** A time (epoch milliseconds) as `toISOString` writes it, or null where `strftime` would not write it the same way. */
const iso = (column: string) => `case when typeof(${column}) = 'integer' and ${column} between -62167219200000 and 253402300799999
  then strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch') end`;

/**
 * The two parts of a comment's public JSON that depend on its row alone, as
 * stored columns SQLite writes whenever the row is written (by any writer:
 * a post, an edit, moderation, an import, a hand-made change):
 *
 * - `json_head`: from `{"id":` to the author's name and URL;
 * - `json_tail`: from the end of the author to the body, the times and the
 *   status, up to the comment's closing brace (not included); null for a time
 *   `strftime` would not write as `toISOString` does, which the statement
 *   then writes itself.
 *
 * The page statement (storage/thread-json-statement.ts) puts the parts
 * that depend on the reader, on other tables or on natter's code between and
 * after them (the avatar URL, the sign-in provider natter knows, whether the
 * comment is the viewer's own). Writing these parts
 * on every read was half the statement's time. The cost: a comment's row
 * holds its body twice (once as JSON).
 *
 * SQLite adds a stored column only by making the table anew: the new table
 * is the old one's definition plus the two columns; rows, ids, the
 * AUTOINCREMENT sequence (so no id of a deleted comment comes back),
 * indexes and triggers are carried over. Frozen: later changes go in new
 * migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const head = `'{"id":"' || id || '","pageId":' || json_quote(page_id)
    || ',"parentId":' || case when parent_id is null then 'null' else '"' || parent_id || '"' end
    || ',"author":{"name":' || json_quote(author_name)
    || case when author_url is null then '' else ',"url":' || json_quote(author_url) end`;
  const tail = `'},"bodyHtml":' || json_quote(body_html)
    || ',"createdAt":"' || ${iso('created_at')} || '"'
    || ',"status":"' || case when status = 'approved' then 'approved' else 'pending' end || '"'
    || case when edited_at is null then '' else ',"editedAt":"' || ${iso('edited_at')} || '"' end`;
  await db.transaction().execute(async (trx) => {
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'comments'`.execute(trx);
    const definition = table.rows[0]?.sql;
    if (definition === undefined) throw new Error('Migration 0010: there is no comments table');
    // Indexes and triggers as created (SQLite's own indexes for UNIQUE have no SQL: the table's definition makes them).
    const others = await sql<{ sql: string }>`select sql from sqlite_master
      where tbl_name = 'comments' and type in ('index', 'trigger') and sql is not null order by type, name`.execute(trx);
    const columns = await sql<{ name: string }>`select name from pragma_table_info('comments') order by cid`.execute(trx);
    const names = sql.join(columns.rows.map((c) => sql.ref(c.name)));
    const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'comments'`.execute(trx);

    const body = definition.slice(definition.indexOf('(') + 1, definition.lastIndexOf(')'));
    await sql.raw(`create table comments_json (${body},
      json_head text generated always as (${head}) stored,
      json_tail text generated always as (${tail}) stored)`).execute(trx);
    await sql`insert into comments_json (${names}) select ${names} from comments order by id`.execute(trx);
    await sql`drop table comments`.execute(trx);
    await sql`alter table comments_json rename to comments`.execute(trx);
    for (const row of others.rows) await sql.raw(row.sql).execute(trx);
    const seq = sequence.rows[0]?.seq;
    if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'comments'`.execute(trx);
  });
}
