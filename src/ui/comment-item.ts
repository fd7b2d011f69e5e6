import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ThreadNode } from '../model/thread';
import type { Comment } from '../model/types';
import { Avatar } from './avatar';
import { useSteady } from './context';
import { html } from './html';
import type { InteractionParts } from './interaction';
import { fitMarks } from './fit-marks';
import { httpUrl } from './http-url';
import { RelativeTime } from './relative-time';
import { LINK_REL, renderBody } from './render-body';
import type { ThreadActions } from './thread-actions';


/** What a comment shows: itself, its editor or the question before deleting it. */
type Mode = 'view' | 'edit' | 'confirm-delete';

/** Props of {@link CommentItem}. */
export interface CommentItemProps {
  node: ThreadNode;
  actions: ThreadActions;
}

/** True while `comment` is the reader's own and its edit window is open. */
export function withinEditWindow(comment: Comment, now = Date.now()): boolean {
  return !!comment.mine && !!comment.editableUntil && Date.parse(comment.editableUntil) > now;
}

/**
 * One comment: avatar, author (linked to their website), time as a permalink,
 * the moderation notice for held comments, the body rebuilt through the
 * allowlist in a bidi-isolated box, and "Reply" / "Edit" / "Delete".
 */
export function CommentItem({ node, actions }: CommentItemProps) {
  const { comment, inReplyTo } = node;
  const { backend, config, t, interact } = useSteady();
  const [mode, setMode] = useState<Mode>('view');
  // The editor and the delete question come with the form's code, asked for here (not read from the widget's
  // context, whose every change would render every comment of the list again).
  const [parts, setParts] = useState<InteractionParts | null>(null);
  const open = (next: Mode) => interact().then((loaded) => {
    setParts(loaded);
    setMode(next);
  }, () => {
    // Not loaded (offline, blocked): the button stays, and pressing it again tries again.
  });
  const [error, setError] = useState<string | null>(null);
  const article = useRef<HTMLElement>(null);
  const previous = useRef(mode);
  useEffect(() => {
    // Leaving the editor or the delete question removes the focused control: focus the comment.
    if (mode === 'view' && previous.current !== 'view') article.current?.focus();
    previous.current = mode;
  }, [mode]);
  /** Closes the editor or the delete question, showing the error that closed it, if any. */
  const close = (message?: string) => {
    setError(message ?? null);
    setMode('view');
  };
  const { author, id } = comment;
  const website = httpUrl(author.url);
  const shown = fitMarks(author.name);
  const own = config.features.edit && withinEditWindow(comment);
  // Parsing is the costly part of a comment; redo it only when the body changes.
  const body = useMemo(() => renderBody(comment.bodyHtml), [comment.bodyHtml]);

  return html`<article ref=${article} id=${`comment-${id}`} tabindex="-1"
      class=${`comment${actions.highlighted === id ? ' target' : ''}`}
      aria-label=${t.t('Comment by %s', author.name)}>
    <header class="meta">
      <${Avatar} author=${author} size=${40} alt="" />
      <span class="who">
        ${website
          ? html`<a class="author" href=${website} rel=${LINK_REL}>${shown}</a>`
          : html`<span class="author">${shown}</span>`}
        <a class="permalink" href=${`#comment-${id}`}><${RelativeTime} iso=${comment.createdAt} locale=${t.locale} /></a>
        ${comment.editedAt && html`<span class="edited">${t.t('(edited)')}</span>`}
      </span>
    </header>
    ${inReplyTo && html`<p class="in-reply-to">
      <a href=${`#comment-${inReplyTo.id}`}>${t.t('in reply to %s', inReplyTo.author.name)}</a>
    </p>`}
    ${comment.status === 'pending' && html`<p class="moderation">${t.t('Your comment is awaiting moderation.')}</p>`}
    ${mode === 'edit' && parts
      ? html`<${parts.CommentEditor} comment=${comment} onSaved=${actions.changed} onClose=${close} />`
      : html`<div class="body" dir="auto">${body}</div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <footer class="actions">
      <button type="button" class="reply" aria-label=${t.t('Reply to %s', author.name)}
        aria-expanded=${actions.replyingTo === id} onClick=${() => actions.reply(comment)}>${t.t('Reply')}</button>
      ${own && mode === 'view' && backend.editComment && html`<button type="button" onClick=${() => open('edit')}>${t.t('Edit')}</button>`}
      ${own && mode === 'view' && backend.deleteComment && html`<button type="button" onClick=${() => open('confirm-delete')}>${t.t('Delete')}</button>`}
      ${mode === 'confirm-delete' && parts && html`<${parts.DeleteQuestion} comment=${comment} onDeleted=${actions.removed} onClose=${close} />`}
    </footer>
  </article>`;
}
