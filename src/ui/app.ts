import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Backend, FirstRender, ListQuery } from '../backend/backend';
import type { Translator } from '../i18n/translator';
import { buildThread, mergeComments, removeComment, type ThreadNode } from '../model/thread';
import type { Comment, LikeSummary, Session, SiteConfig, SortOrder } from '../model/types';
import { Steady, Widget, type SteadyContext, type WidgetContext, type WidgetOptions } from './context';
import { actionError, errorMessage } from './error-message';
import { FormSlot } from './form-slot';
import { html } from './html';
import type { InteractionLoader, InteractionParts } from './interaction';
import type { LiveThread } from './live-updates';
import { Likes } from './likes';
import type { ThreadActions } from './thread-actions';
import { ThreadList } from './thread-list';
import { commentElement, usePermalink } from './use-permalink';
import { whenIdle } from './when-idle';

/** Props of {@link App}. */
export interface AppProps {
  backend: Backend;
  t: Translator;
  pageId: string;
  options: WidgetOptions;
  /** Changing it reloads everything (the handle's `refresh()`). @default 0 */
  reload?: number;
  /** Loads the form and editor: on first interaction, or when the browser is idle after first paint. */
  loadInteraction: InteractionLoader;
  /** The first read, already in: drawn by the first render (else the backend's `takeThread` is asked). */
  early?: FirstRender | undefined;
  /** The first read, on its way: what the first load waits for instead of reading again. */
  reading?: Promise<FirstRender> | undefined;
}

/** The first read of `query`: in one request when the backend can (the script tag's started before mounting). */
export function readFirst(backend: Backend, query: ListQuery): Promise<FirstRender> {
  return backend.loadThread?.(query) ?? Promise.all([backend.getConfig(query.signal), backend.listComments(query)])
    .then(([config, page]) => ({ config, page, likes: null }));
}

interface Thread {
  comments: Comment[];
  /** Approved comments on the page, for the heading. */
  total: number;
  nextCursor: string | null;
}

/**
 * The root of one widget: loads the site config and the first page, shows
 * loading, empty and error states, the heading, sort switch, likes, thread,
 * "Load more comments" and the form, and (with the interaction parts) live events.
 */
export function App({ backend, t, pageId, options, reload = 0, loadInteraction, early: given, reading }: AppProps) {
  // The first read, when it is already in (the script tag starts it before mounting): drawn by the first render.
  const [early] = useState(() => given ?? backend.takeThread?.({ pageId, sort: options.sort, limit: options.pageSize }));
  const [config, setConfig] = useState<SiteConfig | null>(early?.config ?? null);
  const [thread, setThread] = useState<Thread>(early?.page ?? { comments: [], total: 0, nextCursor: null });
  const [loading, setLoading] = useState(!early);
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [sort, setSort] = useState<SortOrder>(options.sort);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [session, setSession] = useState<Session | null>(null);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [liveLikes, setLiveLikes] = useState<number | null>(null);
  const [likes, setLikes] = useState<LikeSummary | null>(early?.likes ?? null);
  const drawnEarly = useRef(!!early);
  const onItsWay = useRef(reading);
  const [parts, setParts] = useState<InteractionParts | null>(null);
  const sessionAsked = useRef(false);
  const root = useRef<HTMLDivElement>(null);
  /**
   * What to focus once rendered: a comment the reader posted, the first one
   * "Load more comments" brought, or (`id: null`) the heading after a deletion.
   * A fresh object each time, so that asking twice focuses twice.
   */
  const [focus, setFocus] = useState<{ id: string | null } | null>(null);
  const known = useRef<Comment[]>([]);
  known.current = thread.comments;
  // State setters are stable: the context and the live subscription can keep this one.
  const announce = setMessage;

  useEffect(() => {
    sessionAsked.current = false;
    if (drawnEarly.current) {
      drawnEarly.current = false;
      return;
    }
    const abort = new AbortController();
    const { signal } = abort;
    setLoading(true);
    setFailure(null);
    // The session waits for the form.
    const first = onItsWay.current ?? readFirst(backend, { pageId, sort, limit: options.pageSize, signal });
    onItsWay.current = undefined;
    first.then(
      ({ config: site, page, likes: summary }) => {
        if (signal.aborted) return;
        setConfig(site);
        setLikes(summary);
        setThread(page);
        setLoading(false);
      },
      (error: unknown) => {
        if (signal.aborted) return;
        setFailure(error);
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [backend, pageId, sort, options.pageSize, reload, attempt]);

  // Only the stable setThread inside: the live subscription may keep the first render's copies.
  const change = (edit: (comments: Comment[]) => { comments: Comment[]; approvedDelta: number }) => setThread((th) => {
    const { comments, approvedDelta } = edit(th.comments);
    return { ...th, comments, total: th.total + approvedDelta };
  });
  const merge = (incoming: Comment[]) => change((comments) => mergeComments(comments, incoming));
  const remove = (id: string) => change((comments) => removeComment(comments, id));
  const liveThread: LiveThread = {
    comments: () => known.current,
    merge,
    remove,
    countUnloaded: () => setThread((th) => ({ ...th, total: th.total + 1 })),
    likes: setLiveLikes,
  };

  const interact = () => {
    const loading = loadInteraction();
    loading.then(setParts, () => {
      // Not loaded (offline, blocked): first paint stays, and the next focus or click tries again.
    });
    return loading;
  };
  // Once the thread is painted, the form's code loads while the browser has nothing else to do.
  useEffect(() => (config ? whenIdle(interact) : undefined), [!config]);

  const loadMore = async () => {
    setMore({ busy: true, error: null });
    try {
      const page = await backend.listComments({ pageId, sort, cursor: thread.nextCursor, limit: options.pageSize });
      setThread((th) => ({ ...page, comments: mergeComments(th.comments, page.comments).comments }));
      const first = page.comments.find((c) => !known.current.some((k) => k.id === c.id));
      // While a permalink is followed, focus is its business.
      if (first && !highlighted) setFocus({ id: first.id });
      setMore({ busy: false, error: null });
      announce(t.tn('One more comment loaded.', '%d more comments loaded.', page.comments.length));
    } catch (error) {
      setMore({ busy: false, error: await actionError({ t, interact }, error) });
    }
  };

  // The form announces the post; the thread shows the new comment and focuses it.
  const posted = (comment: Comment) => {
    merge([comment]);
    setReplyTo(null);
    setFocus({ id: comment.id });
  };

  // Unchanged comments keep their nodes, so a memoised item renders again only when its own part changed.
  const previousNodes = useRef<ThreadNode[]>([]);
  const nodes = useMemo(
    () => (previousNodes.current = buildThread(thread.comments, { sort, maxDepth: options.maxDepth }, previousNodes.current)),
    [thread.comments, sort, options.maxDepth],
  );
  const highlighted = usePermalink(root, nodes);
  useEffect(() => {
    if (!focus) return;
    // The control that had focus may be gone (a closed form, the last page's button, a deleted comment).
    // A comment may still wait for its slice of the list: look again for a few frames.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const find = () => {
      const target = focus.id ? commentElement(root.current, focus.id) : root.current?.querySelector<HTMLElement>('#heading');
      if (target) target.focus();
      else if (tries++ < 30) timer = setTimeout(find, 16);
    };
    find();
    return () => clearTimeout(timer);
  }, [focus]);
  // A permalink to a comment on a later page: fetch a few more pages to find it.
  const hunted = useRef(0);
  const missing = !!highlighted && !loading && !thread.comments.some((c) => c.id === highlighted);
  useEffect(() => {
    if (missing && thread.nextCursor && !more.busy && !more.error && hunted.current++ < 5) void loadMore();
  }, [missing, thread.nextCursor]);
  const replying = replyTo !== null && thread.comments.some((c) => c.id === replyTo) ? replyTo : null;
  // One object until the reply or the highlight moves, so that every comment of a long list is not rendered
  // again on each change of the widget's state (its callbacks use stable setters only).
  const actions = useMemo<ThreadActions>(() => ({
    replyingTo: replying,
    highlighted,
    reply: (c) => {
      interact();
      setReplyTo(c.id);
    },
    replyForm: (parent) => html`<${FormSlot} parent=${parent} onPosted=${posted} onCancel=${() => setReplyTo(null)} />`,
    changed: (c) => merge([c]),
    removed: (id) => {
      remove(id);
      setFocus({ id: null });
    },
  }), [replying, highlighted]);
  // Two contexts: the comments read the steady one, which the session and the form's code arriving leave alone.
  const steady = useMemo<SteadyContext | null>(
    () => config && {
      backend, config, t, pageId, options, setSession, announce, interact,
      loadSession() {
        if (sessionAsked.current || !backend.getSession) return;
        sessionAsked.current = true;
        backend.getSession().then((current) => current && setSession(current), () => {});
      },
    },
    [backend, config, t, pageId, options],
  );
  const context = useMemo<WidgetContext | null>(() => steady && { ...steady, session, parts }, [steady, session, parts]);

  const failed = !!failure && html`<div class="failure" role="alert">
    <p>${errorMessage(t, failure)}</p>
    <button type="button" onClick=${() => setAttempt((n) => n + 1)}>${t.t('Retry')}</button>
  </div>`;
  let body;
  if (!steady || !context) {
    body = failed || html`<p class="loading">${t.t('Loading comments…')}</p>`;
  } else {
    const { total } = thread;
    const heading = options.pageTitle
      ? t.tn('One thought on “%s”', '%d thoughts on “%s”', total, options.pageTitle)
      : t.tn('One thought', '%d thoughts', total);
    body = html`<${Steady.Provider} value=${steady}><${Widget.Provider} value=${context}>
      <${Likes} key=${reload} initial=${likes} liveCount=${liveLikes} />
      <section aria-labelledby="heading" aria-busy=${loading}>
        <h2 id="heading" class=${total > 0 ? 'heading' : 'sr'} tabindex="-1">${total > 0 ? heading : t.t('Comments')}</h2>
        ${failed}
        ${(thread.comments.length > 1 || thread.nextCursor) && html`<label class="sort">
          ${t.t('Sort by')}
          <select value=${sort} onChange=${(e: Event) => setSort((e.currentTarget as HTMLSelectElement).value === 'newest' ? 'newest' : 'oldest')}>
            <option value="oldest">${t.t('Oldest first')}</option>
            <option value="newest">${t.t('Newest first')}</option>
          </select>
        </label>`}
        ${nodes.length > 0
          ? html`<${ThreadList} nodes=${nodes} actions=${actions} />`
          : !loading && !failure && html`<p class="empty">${t.t('No comments yet.')}</p>`}
        ${thread.nextCursor && html`<div class="more">
          ${more.error && html`<p class="error" role="alert">${more.error}</p>`}
          <button type="button" disabled=${more.busy} onClick=${loadMore}>${t.t('Load more comments')}</button>
        </div>`}
      </section>
      ${!replying && html`<${FormSlot} parent=${null} onPosted=${posted} />`}
      ${parts && html`<${parts.LiveUpdates} thread=${liveThread} />`}
    </${Widget.Provider}></${Steady.Provider}>`;
  }
  return html`<div class="natter" ref=${root} lang=${t.locale}>
    <div class="sr" role="status" aria-live="polite">${message}</div>
    ${body}
  </div>`;
}
