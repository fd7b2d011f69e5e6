import type { ComponentChildren } from 'preact';
import type { Comment } from '../model/types';

/** What the thread's items can ask of the app root; passed down as one object. */
export interface ThreadActions {
  /** Id of the comment whose reply form is open, or `null`. */
  replyingTo: string | null;
  /** Id of the comment named by the page's `#comment-<id>` hash, or `null`. */
  highlighted: string | null;
  /** Opens the reply form under `comment`. */
  reply(comment: Comment): void;
  /** The reply form to show under `parent`. */
  replyForm(parent: Comment): ComponentChildren;
  /** A comment was edited. */
  changed(comment: Comment): void;
  /** A comment was deleted. */
  removed(id: string): void;
}
