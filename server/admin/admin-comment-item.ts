import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from 'natter/render';
import { httpUrl } from 'natter/render';
import { renderBody } from 'natter/render';
import { STATUSES, type AdminCommentView, type AdminStatus } from './admin-api';
import { FILTER_LABELS, STATUS_ACTIONS } from './admin-messages';

/** `rel` of links to commenters' websites and pages. */
const REL = 'nofollow ugc noopener noreferrer';

/** Props of {@link AdminCommentItem}. */
export interface AdminCommentItemProps {
  comment: AdminCommentView;
  /** True while an action on this comment runs. */
  busy: boolean;
  /** Focus this comment each time this number changes to a positive one (after another comment left the list). */
  focusSignal: number;
  onStatus(comment: AdminCommentView, status: AdminStatus): void;
  /** Saves a new body; resolves true when saved. */
  onSave(comment: AdminCommentView, body: string): Promise<boolean>;
  onExport(comment: AdminCommentView): void;
}

function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleString();
}

/**
 * One comment in the moderation queue: page, author, email (moderators only),
 * time, status, the body rebuilt through the widget's allowlist, and the
 * Approve / Spam / Delete / Edit actions.
 */
export function AdminCommentItem({ comment, busy, focusSignal, onStatus, onSave, onExport }: AdminCommentItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.source);
  const article = useRef<HTMLElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const { id, author } = comment;
  const titleId = `natter-admin-c-${id}`;
  const pageUrl = httpUrl(comment.pageUrl ?? undefined);
  const website = httpUrl(author.url ?? undefined);
  const pageName = comment.pageTitle ?? comment.pageId;

  useLayoutEffect(() => {
    if (focusSignal > 0) article.current?.focus();
  }, [focusSignal]);
  useLayoutEffect(() => {
    if (editing) textarea.current?.focus();
  }, [editing]);

  const startEdit = () => {
    setDraft(comment.source);
    setEditing(true);
  };
  const stopEdit = () => {
    setEditing(false);
    // Back to the button that opened the editor, once it is rendered again.
    setTimeout(() => editButton.current?.focus());
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (await onSave(comment, draft)) stopEdit();
  };

  const actions = STATUSES.filter((s) => s !== comment.status && (s !== 'pending' || comment.status === 'approved'));

  return html`<article class="natter-admin-comment" ref=${article} tabindex="-1" aria-labelledby=${titleId} aria-busy=${busy ? 'true' : undefined}>
    <header>
      <h3 id=${titleId}>
        ${website ? html`<a href=${website} rel=${REL} target="_blank">${author.name}</a>` : author.name}
        <span class="natter-admin-visually-hidden"> on ${pageName}</span>
      </h3>
      <dl class="natter-admin-meta">
        <dt>Email</dt><dd>${author.email ?? '—'}</dd>
        <dt>Page</dt>
        <dd>
          ${pageUrl ? html`<a href=${pageUrl} rel=${REL} target="_blank">${pageName}</a>` : pageName}
          ${' '}<button type="button" class="natter-admin-link" onClick=${() => onExport(comment)}
            aria-label=${`Export the comments of ${pageName} as JSON`}>Export page (JSON)</button>
        </dd>
        <dt>Posted</dt><dd><time datetime=${comment.createdAt}>${formatTime(comment.createdAt)}</time></dd>
        <dt>Status</dt><dd>${FILTER_LABELS[comment.status]}</dd>
      </dl>
    </header>
    ${editing
      ? html`<form class="natter-admin-edit" onSubmit=${save}
          onKeyDown=${(e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); stopEdit(); } }}>
          <label for=${`${titleId}-edit`}>Comment text (Markdown)</label>
          <textarea id=${`${titleId}-edit`} ref=${textarea} rows="6" value=${draft}
            onInput=${(e: Event) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
          <p>
            <button type="submit" disabled=${busy}>Save</button>
            ${' '}<button type="button" onClick=${stopEdit}>Cancel</button>
          </p>
        </form>`
      : html`<div class="natter-admin-body" dir="auto">${renderBody(comment.bodyHtml)}</div>`}
    ${!editing && html`<div class="natter-admin-actions" role="group" aria-label=${`Moderate the comment by ${author.name}`}>
      ${actions.map((status) => html`<button type="button" key=${status} disabled=${busy}
          onClick=${() => onStatus(comment, status)}>${STATUS_ACTIONS[status].label}</button>`)}
      <button type="button" ref=${editButton} disabled=${busy} onClick=${startEdit}>Edit</button>
    </div>`}
  </article>`;
}
