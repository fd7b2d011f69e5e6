import type { Selectable } from 'kysely';
import type { Database } from '../storage/schema';
import type { StoredLike, StoredSubscription, StoredUser } from '../storage/storage';
import { NATTER_JSON_VERSION } from './natter-json-reader';

type CommentRow = Selectable<Database['comments']>;

/** The key a comment is known by in natter's JSON: where it came from, else this server's id. */
export function originOf(row: { id: number; import_source: string | null; import_id: string | null }, instance: string): { source: string; id: string } {
  return row.import_source !== null && row.import_id !== null
    ? { source: row.import_source, id: row.import_id }
    : { source: `natter:${instance}`, id: String(row.id) };
}

/**
 * natter's own export, JSON Lines: a header, then pages, users, avatars,
 * comments (every stored field), likes and subscriptions, one per line, then
 * an `end` line whose absence marks a truncated file. `natter import json`
 * reads it back without losing anything.
 */
export const natterJson = {
  header(instance: string, exportedAt: number): string {
    return `${JSON.stringify({ natter: 'export', version: NATTER_JSON_VERSION, instance, exportedAt: new Date(exportedAt).toISOString() })}\n`;
  },
  page(page: { pageId: string; title: string | null; url: string | null }): string {
    return `${JSON.stringify({ type: 'page', ...page })}\n`;
  },
  user(user: StoredUser): string {
    return `${JSON.stringify({ type: 'user', ...user })}\n`;
  },
  avatar(avatar: { key: string; email: string | null; url: string | null }): string {
    return `${JSON.stringify({ type: 'avatar', ...avatar })}\n`;
  },
  comment(row: CommentRow, parent: { source: string; id: string } | null, instance: string): string {
    const origin = originOf(row, instance);
    return `${JSON.stringify({
      type: 'comment', source: origin.source, id: origin.id, parentSource: parent?.source ?? null, parentId: parent?.id ?? null,
      pageId: row.page_id, status: row.status, authorName: row.author_name, authorEmail: row.author_email, authorUrl: row.author_url,
      ip: row.ip, createdAt: Number(row.created_at), body: row.source, format: row.source_format, bodyHtml: row.body_html,
      contentHash: row.content_hash, idempotencyKey: row.idempotency_key, userId: row.user_id, authorProvider: row.author_provider,
      avatarKey: row.avatar_key, visitorHash: row.visitor_hash, editTokenHash: row.edit_token_hash, userAgent: row.user_agent,
      editedAt: row.edited_at === null ? null : Number(row.edited_at),
    })}\n`;
  },
  like(like: StoredLike): string {
    return `${JSON.stringify({ type: 'like', ...like })}\n`;
  },
  subscription(sub: StoredSubscription): string {
    const { id: _id, ...rest } = sub;
    return `${JSON.stringify({ type: 'subscription', ...rest })}\n`;
  },
  end(counts: { comments: number }): string {
    return `${JSON.stringify({ type: 'end', ...counts })}\n`;
  },
};
