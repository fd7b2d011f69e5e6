import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Approved comments, plus pending ones written by the viewer, on the given
 * columns: the one visibility rule. The viewer's ids are values to compare
 * with, `null` when unknown.
 */
export function visibleSql(
  status: RawBuilder<unknown>, userId: RawBuilder<unknown>, visitorHash: RawBuilder<unknown>,
  viewer: { userId: unknown; visitorHash: unknown },
): RawBuilder<SqlBool> {
  const own = [];
  if (viewer.userId !== null) own.push(sql`${userId} = ${viewer.userId}`);
  if (viewer.visitorHash !== null) own.push(sql`${visitorHash} = ${viewer.visitorHash}`);
  if (own.length === 0) return sql<SqlBool>`${status} = 'approved'`;
  return sql<SqlBool>`(${status} = 'approved' or (${status} = 'pending' and (${sql.join(own, sql` or `)})))`;
}
