import { h } from 'preact';
import { useRef } from 'preact/hooks';
import type { Comment } from '../model/types';
import { useWidget } from './context';
import { keepBody } from './draft-store';
import { html } from './html';

/** Props of {@link FormSlot}: those of the comment form. */
export interface FormSlotProps {
  parent?: Comment | null;
  onPosted(comment: Comment): void;
  onCancel?(): void;
}

/**
 * The comment form once its code has loaded; before that, what first paint
 * shows of it — the heading and the collapsed textarea. Focusing or typing
 * there loads the form, which takes over the text (kept as the form's draft)
 * and the focus. (In the script-tag bundle's painting, which has no handlers,
 * `mount.ts` does both until preact takes over.)
 */
export function FormSlot(props: FormSlotProps) {
  const { parts, interact, t, pageId } = useWidget();
  const field = useRef<HTMLTextAreaElement>(null);
  const { parent, onCancel } = props;
  if (parts) {
    const stub = field.current;
    const autoFocus = !!stub && (stub.getRootNode() as Partial<DocumentOrShadowRoot>).activeElement === stub;
    return h(parts.CommentForm, { ...props, autoFocus });
  }
  const keep = (e: Event) => keepBody(pageId, parent?.id, (e.currentTarget as HTMLTextAreaElement).value);
  const label = t.t('Enter your comment here...');
  const title = parent ? t.t('Leave a Reply to %s', parent.author.name) : t.t('Leave a Reply');
  return html`<form class="form" aria-label=${title}>
    <div class="head">
      <h3>${title}</h3>
      ${parent && onCancel && html`<button type="button" class="link" onClick=${onCancel}>${t.t('Cancel reply')}</button>`}
    </div>
    <p class="field"><textarea ref=${field} name="comment" aria-label=${label} placeholder=${label}
      onFocus=${interact} onInput=${keep} /></p>
  </form>`;
}
