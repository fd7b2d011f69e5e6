import { useEffect, useRef, useState } from 'preact/hooks';
import { isNatterError } from 'natter';
import { html } from 'natter/render';
import type { AdminApi, AdminCommentView, AdminStatus, StatusFilter } from './admin-api';
import { AdminCommentItem } from './admin-comment-item';
import { adminErrorMessage, EMPTY_LABELS, FILTER_LABELS, STATUS_ACTIONS } from './admin-messages';
import { StatusTabs, tabId } from './status-tabs';

/** Props of {@link ModerationQueue}. */
export interface ModerationQueueProps {
  api: AdminApi;
  token: string;
  /** Says a message through the page's live region. */
  announce(message: string): void;
  /** The token was refused: back to the sign-in form. */
  onUnauthorized(): void;
  /** Hands an exported file to the browser. */
  download(file: Blob, filename: string): void;
}

const PANEL_ID = 'natter-admin-panel';

/** A file name for a page's export, safe on every file system. */
export function exportFilename(pageId: string): string {
  const slug = pageId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80);
  return `natter-export-${slug || 'page'}.json`;
}

/**
 * The moderation queue: status tabs (pending first), search, the comments of
 * every page newest first with their actions, and "Load more comments".
 */
export function ModerationQueue({ api, token, announce, onUnauthorized, download }: ModerationQueueProps) {
  const [filter, setFilter] = useState<StatusFilter>('pending');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [comments, setComments] = useState<AdminCommentView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<{ id: string; serial: number } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Answers to an older query (another tab or search) are dropped.
  const generation = useRef(0);
  // The list as last rendered, for updates that finish after an await.
  const current = useRef(comments);
  current.current = comments;

  /** The message for a failure; an ended session goes back to sign-in, which says why. */
  const failed = (e: unknown): string | null => {
    if (isNatterError(e) && e.code === 'unauthorized') {
      onUnauthorized();
      return null;
    }
    return adminErrorMessage(e);
  };
  const announceFailure = (e: unknown) => {
    const message = failed(e);
    if (message !== null) announce(message);
  };

  const load = async (cursor: string | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await api.listComments(token, { status: filter, q: search || undefined, cursor });
      if (mine !== generation.current) return;
      setComments((before) => (cursor === null ? page.comments : [...before, ...page.comments]));
      setNextCursor(page.nextCursor);
      if (cursor === null) announce(page.comments.length === 0 ? EMPTY_LABELS[filter] : `${FILTER_LABELS[filter]}: ${page.comments.length}${page.nextCursor ? '+' : ''} comments.`);
    } catch (e) {
      if (mine === generation.current) setError(failed(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    setComments([]);
    setNextCursor(null);
    setFocusTarget(null);
    void load(null);
  }, [filter, search, token]);

  const changeStatus = async (comment: AdminCommentView, status: AdminStatus) => {
    setBusyId(comment.id);
    try {
      const updated = await api.setStatus(token, comment.id, status);
      const stays = filter === 'all' || updated.status === filter;
      const list = current.current;
      if (stays) {
        setComments(list.map((c) => (c.id === comment.id ? updated : c)));
      } else {
        const index = list.findIndex((c) => c.id === comment.id);
        const rest = list.filter((c) => c.id !== comment.id);
        setComments(rest);
        // Focus the comment that takes its place, or the list heading when none is left.
        const next = rest[Math.min(Math.max(index, 0), rest.length - 1)];
        if (next) setFocusTarget((before) => ({ id: next.id, serial: (before?.serial ?? 0) + 1 }));
        if (!next) setTimeout(() => heading.current?.focus());
      }
      announce(`Comment by ${comment.author.name} ${STATUS_ACTIONS[status].done}.`);
    } catch (e) {
      announceFailure(e);
    } finally {
      setBusyId(null);
    }
  };

  const save = async (comment: AdminCommentView, body: string): Promise<boolean> => {
    setBusyId(comment.id);
    try {
      const updated = await api.editComment(token, comment.id, body);
      setComments(current.current.map((c) => (c.id === comment.id ? updated : c)));
      announce(`Comment by ${comment.author.name} saved.`);
      return true;
    } catch (e) {
      announceFailure(e);
      return false;
    } finally {
      setBusyId(null);
    }
  };

  const exportPage = async (comment: AdminCommentView) => {
    try {
      download(await api.exportPage(token, comment.pageId), exportFilename(comment.pageId));
      announce(`Exported the comments of ${comment.pageTitle ?? comment.pageId}.`);
    } catch (e) {
      announceFailure(e);
    }
  };

  const submitSearch = (event: Event) => {
    event.preventDefault();
    setSearch(query.trim());
  };

  return html`<div class="natter-admin-queue">
    <form role="search" class="natter-admin-search" onSubmit=${submitSearch}>
      <label for="natter-admin-q">Search comments</label>
      <input id="natter-admin-q" type="search" value=${query} maxLength="200"
        onInput=${(e: Event) => setQuery((e.currentTarget as HTMLInputElement).value)} />
      <button type="submit">Search</button>
      ${search && html`<button type="button" onClick=${() => { setQuery(''); setSearch(''); }}>Clear search</button>`}
    </form>
    <${StatusTabs} selected=${filter} onSelect=${setFilter} panelId=${PANEL_ID} />
    <section id=${PANEL_ID} role="tabpanel" aria-labelledby=${tabId(filter)} aria-busy=${loading ? 'true' : 'false'}>
      <h2 ref=${heading} tabindex="-1">${FILTER_LABELS[filter]} comments${search ? ` matching “${search}”` : ''}</h2>
      ${error && html`<p class="natter-admin-error" role="alert">${error}
        ${' '}<button type="button" onClick=${() => load(comments.length === 0 ? null : nextCursor)}>Try again</button></p>`}
      ${!loading && !error && comments.length === 0 && html`<p>${EMPTY_LABELS[filter]}</p>`}
      <ol class="natter-admin-list">
        ${comments.map((comment) => html`<li key=${comment.id}>
          <${AdminCommentItem} comment=${comment} busy=${busyId === comment.id} focusSignal=${focusTarget?.id === comment.id ? focusTarget.serial : 0}
            onStatus=${changeStatus} onSave=${save} onExport=${exportPage} />
        </li>`)}
      </ol>
      ${loading && html`<p>Loading comments…</p>`}
      ${!loading && nextCursor && html`<p><button type="button" onClick=${() => load(nextCursor)}>Load more comments</button></p>`}
    </section>
  </div>`;
}
