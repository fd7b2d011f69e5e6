import { hmac } from './http/crypto';
import { publicComment } from './comments/comment-view';
import type { Services } from './services';
import type { StoredComment } from './storage/storage';

/** The one-click unsubscribe token of a subscription: `<id>.<mac>`. */
export function unsubscribeToken(secret: string, subscriptionId: string): string {
  return `${subscriptionId}.${hmac(secret, 'unsubscribe', subscriptionId)}`;
}

/**
 * Tells live readers and subscribers that a comment changed: a comment that
 * is (still) approved goes out as `comment`, one that stopped being visible as
 * `deleted`. A newly approved comment also notifies the page's reply
 * subscribers (its author excluded). Runs in the background.
 */
export function announceChange(s: Services, before: StoredComment | null, after: StoredComment): void {
  const wasVisible = before?.status === 'approved';
  if (after.status === 'approved') {
    s.background(s.events.publish({ type: 'comment', pageId: after.pageId, id: after.id }));
    if (!wasVisible && s.notifier) s.background(notifyReplySubscribers(s, after));
  } else if (wasVisible) {
    s.background(s.events.publish({ type: 'deleted', pageId: after.pageId, id: after.id }));
  }
}

/** The unsubscribe link of a subscription. */
export function unsubscribeUrl(s: Services, subscriptionId: string): string {
  return `${s.config.publicUrl}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(s.secret, subscriptionId))}`;
}

async function notifyReplySubscribers(s: Services, comment: StoredComment): Promise<void> {
  if (!s.notifier) return;
  const [subs, page] = await Promise.all([s.storage.listSubscriptions('replies', comment.pageId), s.storage.getPage(comment.pageId)]);
  const author = comment.authorEmail;
  let authorUserEmail: string | null = null;
  if (comment.userId !== null) authorUserEmail = (await s.storage.getUser(comment.userId))?.email ?? null;
  const recipients = subs
    .filter((sub) => sub.email !== author && sub.email !== authorUserEmail)
    .map((sub) => ({
      email: sub.email,
      name: sub.name,
      unsubscribeUrl: unsubscribeUrl(s, sub.id),
    }));
  if (recipients.length === 0) return;
  const view = publicComment(comment, { publicUrl: s.config.publicUrl, editWindowMs: s.editWindowMs }, null);
  await s.notifier.commentApproved({
    comment: view,
    commentText: comment.source,
    pageId: comment.pageId,
    pageTitle: page?.title ?? null,
    pageUrl: page?.url ?? null,
    commentUrl: page?.url ? `${page.url.split('#')[0]}#comment-${comment.id}` : null,
    recipients,
  });
}
