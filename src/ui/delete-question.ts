import type { Comment } from '../model/types';
import { actionErrorMessage } from './action-error-message';
import { useWidget } from './context';
import { html } from './html';

/** Props of {@link DeleteQuestion}. */
export interface DeleteQuestionProps {
  comment: Comment;
  /** The backend deleted the comment with this id. */
  onDeleted(id: string): void;
  /** The reader said no (no `error`), or deleting failed with the message `error`. */
  onClose(error?: string): void;
}

/** "Delete this comment?" with "Yes, delete" and "Cancel", under one's own comment; "Yes" deletes it. */
export function DeleteQuestion({ comment, onDeleted, onClose }: DeleteQuestionProps) {
  const { backend, t, announce } = useWidget();
  const remove = async () => {
    if (!backend.deleteComment) return;
    try {
      await backend.deleteComment(comment.id);
      onDeleted(comment.id);
      announce(t.t('Comment deleted.'));
    } catch (e) {
      onClose(actionErrorMessage(t, e));
    }
  };
  return html`<span role="group" aria-label=${t.t('Delete this comment?')}>
    ${t.t('Delete this comment?')}
    <button type="button" onClick=${remove}>${t.t('Yes, delete')}</button>
    <button type="button" onClick=${() => onClose()}>${t.t('Cancel')}</button>
  </span>`;
}
