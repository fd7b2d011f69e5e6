import type { Mailer } from './mailer';
import { newPostNotification, replyNotification } from './notifications';
import type { ApprovedCommentNotice, NewPostNotice, Notifier } from '../plugins';

/**
 * A {@link Notifier} that emails each reply subscriber through a `Mailer`
 * (one message per recipient, so no address sees another). A failed send is
 * logged and does not stop the others.
 */
export function createMailNotifier(mailer: Mailer, options: { siteName: string; log?: (message: string, error?: unknown) => void }): Notifier {
  return {
    async commentApproved(notice: ApprovedCommentNotice): Promise<void> {
      for (const recipient of notice.recipients) {
        try {
          await mailer.send(replyNotification({
            to: recipient.email,
            siteName: options.siteName,
            pageTitle: notice.pageTitle ?? notice.pageId,
            pageUrl: notice.pageUrl,
            commentAuthor: notice.comment.author.name,
            commentText: notice.commentText,
            commentUrl: notice.commentUrl,
            unsubscribeUrl: recipient.unsubscribeUrl,
          }));
        } catch (error) {
          options.log?.('a notification email could not be sent', error);
        }
      }
    },
    async postPublished(notice: NewPostNotice): Promise<void> {
      for (const recipient of notice.recipients) {
        try {
          await mailer.send(newPostNotification({
            to: recipient.email, siteName: options.siteName, postTitle: notice.title, postUrl: notice.url,
            excerpt: notice.excerpt, unsubscribeUrl: recipient.unsubscribeUrl,
          }));
        } catch (error) {
          options.log?.('a new-post email could not be sent', error);
        }
      }
    },
  };
}
