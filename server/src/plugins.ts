import type { Comment } from 'natter/protocol';

/** A spam checker's verdict. */
export type SpamVerdict = 'ham' | 'spam' | 'unsure';

/** What a {@link SpamCheck} sees of a new comment. */
export interface SpamCheckInput {
  body: string;
  authorName: string;
  authorEmail: string | null;
  authorUrl: string | null;
  userId: string | null;
  ip: string;
  userAgent: string | null;
  pageId: string;
  pageUrl: string | null;
}

/** A pluggable spam checker (an Akismet-style service, for example). */
export interface SpamCheck {
  check(input: SpamCheckInput): Promise<SpamVerdict>;
}

/** One person to tell about a new reply. */
export interface NoticeRecipient {
  email: string;
  name: string;
  /** One-click unsubscribe link (GET shows a page, POST unsubscribes per RFC 8058). */
  unsubscribeUrl: string;
}

/** A comment that just became visible, with the reply subscribers of its page (its author excluded). */
export interface ApprovedCommentNotice {
  comment: Comment;
  /** The comment's Markdown source, for a plain-text quote. */
  commentText: string;
  pageId: string;
  pageTitle: string | null;
  pageUrl: string | null;
  /** Link to the comment (`pageUrl#comment-<id>`), when the page URL is known. */
  commentUrl: string | null;
  recipients: NoticeRecipient[];
}

/** A new article on the site, for "Notify me of new posts" subscribers. */
export interface NewPostNotice {
  title: string;
  url: string;
  excerpt: string | null;
  recipients: NoticeRecipient[];
}

/** Sends notification emails; the app calls it and never waits on mail to answer a request. */
export interface Notifier {
  commentApproved(notice: ApprovedCommentNotice): Promise<void>;
  postPublished?(notice: NewPostNotice): Promise<void>;
}
