import type { Selectable } from 'kysely';
import type { Database } from './schema';
import {
  COMMENT_STATUSES, type CommentStatus, type ListedComment, type StoredComment, type StoredLike, type StoredSession,
  type StoredSubscription, type StoredUser, type SubscriptionKind,
} from './storage';

/** Numeric ids travel as strings outside storage. */
export function idString(value: number | null): string | null {
  return value === null ? null : String(value);
}

/** Parses an id string from outside; `null` when it is not a stored id. */
export function idNumber(value: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

/** Narrows a stored status. */
export function commentStatus(value: string): CommentStatus {
  const found = COMMENT_STATUSES.find((s) => s === value);
  if (!found) throw new Error(`Unknown comment status in storage: ${value}`);
  return found;
}

/** Maps a comments row to a {@link StoredComment}: the listed fields and the private ones. */
export function toComment(row: Selectable<Database['comments']>): StoredComment {
  return {
    ...toListedComment(row),
    source: row.source,
    authorEmail: row.author_email,
    editTokenHash: row.edit_token_hash,
    contentHash: row.content_hash,
    idempotencyKey: row.idempotency_key,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** The columns of a comments row a {@link ListedComment} is made of (`source` chosen per viewer). */
export type ListedCommentRow = Pick<Selectable<Database['comments']>,
  'id' | 'page_id' | 'parent_id' | 'root_id' | 'status' | 'user_id' | 'author_name' | 'author_url' | 'author_provider' |
  'avatar_key' | 'visitor_hash' | 'body_html' | 'created_at' | 'edited_at'> & { source: string | null };

/** Maps a listed row to a {@link ListedComment}. */
export function toListedComment(row: ListedCommentRow): ListedComment {
  return {
    id: String(row.id),
    pageId: row.page_id,
    parentId: idString(row.parent_id),
    rootId: idString(row.root_id),
    status: commentStatus(row.status),
    userId: row.user_id,
    authorName: row.author_name,
    authorUrl: row.author_url,
    authorProvider: row.author_provider,
    avatarKey: row.avatar_key,
    visitorHash: row.visitor_hash,
    source: row.source,
    bodyHtml: row.body_html,
    createdAt: Number(row.created_at),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
  };
}

/** Maps a likes row to a {@link StoredLike}. */
export function toLike(row: Selectable<Database['likes']>): StoredLike {
  return {
    pageId: row.page_id, likerKey: row.liker_key, userId: row.user_id, name: row.name, url: row.url,
    email: row.email, avatarKey: row.avatar_key, provider: row.provider, createdAt: Number(row.created_at),
  };
}

/** Maps a subscriptions row to a {@link StoredSubscription}. */
export function toSubscription(row: Selectable<Database['subscriptions']>): StoredSubscription {
  const kind: SubscriptionKind = row.kind === 'posts' ? 'posts' : 'replies';
  return { id: String(row.id), kind, pageId: row.page_id, email: row.email, name: row.name, createdAt: Number(row.created_at) };
}

/** Maps a users row to a {@link StoredUser}. */
export function toUser(row: Selectable<Database['users']>): StoredUser {
  return {
    id: row.id, provider: row.provider, subject: row.subject, name: row.name, avatarUrl: row.avatar_url,
    profileUrl: row.profile_url, email: row.email, createdAt: Number(row.created_at),
  };
}

/** Maps a sessions row to a {@link StoredSession}. */
export function toSession(row: Selectable<Database['sessions']>): StoredSession {
  return {
    id: row.id, kind: row.kind === 'admin' ? 'admin' : 'user', userId: row.user_id, createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at), revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
