import { useEffect, useRef, useState } from 'preact/hooks';
import type { Comment } from '../model/types';
import { useWidget } from './context';
import { actionErrorMessage } from './action-error-message';
import { html } from './html';

/** Props of {@link CommentEditor}. */
export interface CommentEditorProps {
  comment: Comment;
  /** The backend saved the comment: its new version. */
  onSaved(comment: Comment): void;
  /** The editor is done: saved, or the reader cancelled. */
  onClose(): void;
}

/** The inline editor of one's own comment: its source text, "Save" and "Cancel"; saving announces itself. */
export function CommentEditor({ comment, onSaved, onClose }: CommentEditorProps) {
  const { backend, t, config, announce } = useWidget();
  const [text, setText] = useState(comment.source ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!backend.editComment || !text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await backend.editComment(comment.id, { body: text }));
      onClose();
      announce(t.t('Comment updated.'));
    } catch (e) {
      setError(actionErrorMessage(t, e));
      setBusy(false);
    }
  };
  return html`<form class="editor" onSubmit=${save}>
    <label>
      <span class="sr">${t.t('Edit your comment')}</span>
      <textarea required rows="4" maxlength=${config.limits.bodyMaxLength} value=${text}
        onInput=${(e: Event) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        ref=${field}></textarea>
    </label>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions">
      <button type="submit" disabled=${busy}>${t.t('Save')}</button>
      <button type="button" onClick=${() => onClose()}>${t.t('Cancel')}</button>
    </div>
  </form>`;
}
