import type { AdminComment } from 'natter/protocol';
import type { Author, Comment } from 'natter/protocol';
import { PROVIDER_IDS, type ProviderId } from '../auth/provider-ids';
import type { ListedComment, StoredComment } from '../storage/storage';

/** Who is asking, as far as comment visibility is concerned. */
export interface ViewerIdentity {
  userId: string | null;
  visitorHash: string | null;
}

/** What rendering a comment for the wire needs. */
export interface ViewOptions {
  publicUrl: string;
  editWindowMs: number;
}

/** The provider id when `value` is a known provider. */
export function providerId(value: string | null): ProviderId | undefined {
  return PROVIDER_IDS.find((p) => p === value);
}

/** The public avatar URL of an avatar key. */
export function avatarUrl(publicUrl: string, key: string | null): string | undefined {
  return key === null ? undefined : `${publicUrl}/avatars/${encodeURIComponent(key)}`;
}

/** True when the viewer wrote the comment. */
export function isMine(c: Pick<StoredComment, 'userId' | 'visitorHash'>, viewer: ViewerIdentity | null): boolean {
  if (!viewer) return false;
  return (viewer.userId !== null && c.userId === viewer.userId) ||
    (viewer.visitorHash !== null && c.visitorHash === viewer.visitorHash);
}

/**
 * A comment as every reader may see it: no email, hash of one, IP or user
 * agent. SQLite writes the same JSON for a page of comments
 * (storage/thread-json-statement.ts): a change here is a change there too.
 */
export function publicComment(c: ListedComment | StoredComment, options: ViewOptions, viewer: ViewerIdentity | null): Comment {
  const author: Author = { name: c.authorName };
  if (c.authorUrl !== null) author.url = c.authorUrl;
  const avatar = avatarUrl(options.publicUrl, c.avatarKey);
  if (avatar !== undefined) author.avatarUrl = avatar;
  const provider = providerId(c.authorProvider);
  if (provider !== undefined) author.provider = provider;
  const comment: Comment = {
    id: c.id,
    pageId: c.pageId,
    parentId: c.parentId,
    author,
    bodyHtml: c.bodyHtml,
    createdAt: new Date(c.createdAt).toISOString(),
    status: c.status === 'approved' ? 'approved' : 'pending',
  };
  if (c.editedAt !== null) comment.editedAt = new Date(c.editedAt).toISOString();
  if (isMine(c, viewer)) {
    comment.mine = true;
    comment.editableUntil = new Date(c.createdAt + options.editWindowMs).toISOString();
    if (c.source !== null) comment.source = c.source;
  }
  return comment;
}

/** A comment as the moderator sees it. */
export function adminComment(c: StoredComment, options: ViewOptions, page: { title: string | null; url: string | null } | null): AdminComment {
  const author: AdminComment['author'] = { name: c.authorName, email: c.authorEmail };
  if (c.authorUrl !== null) author.url = c.authorUrl;
  const avatar = avatarUrl(options.publicUrl, c.avatarKey);
  if (avatar !== undefined) author.avatarUrl = avatar;
  const provider = providerId(c.authorProvider);
  if (provider !== undefined) author.provider = provider;
  return {
    id: c.id, pageId: c.pageId, pageTitle: page?.title ?? null, pageUrl: page?.url ?? null, parentId: c.parentId,
    status: c.status, author, source: c.source, bodyHtml: c.bodyHtml, createdAt: new Date(c.createdAt).toISOString(),
    editedAt: c.editedAt === null ? null : new Date(c.editedAt).toISOString(), ip: c.ip, userAgent: c.userAgent,
  };
}
