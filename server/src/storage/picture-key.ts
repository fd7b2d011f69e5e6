import { sql, type RawBuilder } from 'kysely';

/**
 * The avatar key of `table`'s row (joined to `avatars` as `avatars`) when its
 * picture may be real: known to be, or not looked at yet and with somewhere
 * to look (an email for Gravatar, a provider's image). Otherwise null: the
 * widget draws the commenter's initials instead of asking for a generated image.
 */
export function pictureKey(table: string, avatars: string): RawBuilder<string | null> {
  const av = (column: string) => sql.ref(`${avatars}.${column}`);
  return sql<string | null>`case when ${av('picture')} = 1 or (${av('picture')} is null and (${av('email')} is not null or ${av('url')} is not null))
    then ${sql.ref(`${table}.avatar_key`)} end`;
}
