import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from './html';
import { useWidget } from './context';
import { EMPTY_DRAFT, createDraftStore, type Draft } from './draft-store';
import { actionErrorMessage } from './action-error-message';
import { newIdempotencyKey } from './form-key';
import { sendWhenOnline } from './outbox';
import { fieldMessage, normaliseUrl, validateForm, type FieldErrors, type FieldName } from './form-validate';
import { GuestFields } from './guest-fields';
import { IdentityPicker, enabledProviders } from './identity-picker';
import { SignedInBar } from './signed-in-bar';
import { useFocusNext } from './use-focus-next';
import type { NewComment } from '../backend/backend';
import { isNatterError } from '../model/errors';
import type { Comment } from '../model/types';
import type { ErrorCode } from '../protocol/error-codes';

/** Props of {@link CommentForm}. */
export interface Props {
  /** The comment being replied to; absent or `null` for a top-level comment. */
  parent?: Comment | null;
  /** Called with the comment once the backend has confirmed it; the thread shows it and focuses it. */
  onPosted(comment: Comment): void;
  /** Closes the reply form ("Cancel reply"); the opener should get focus back. */
  onCancel?(): void;
  /** Starts in the textarea (the reader was in first paint's textarea when the form loaded). @default false */
  autoFocus?: boolean;
}

/** Fields in the order they appear, for moving focus to the first wrong one. */
const FIELDS: FieldName[] = ['body', 'email', 'name', 'url'];
/** Failures that may pass if the same post is simply sent again. */
const RETRYABLE: readonly ErrorCode[] = ['network', 'timeout', 'server', 'rate_limited'];
const selectorOf = (field: FieldName) => (field === 'body' ? 'textarea' : `[name="${field}"]`);

/**
 * The "Leave a Reply" form: a textarea that expands on focus to reveal guest
 * details or the signed-in identity, notification choices and "Post Comment".
 * What the reader types is kept as a draft until the backend confirms the
 * post; a failed post keeps it and retries with the same idempotency key.
 */
export function CommentForm({ parent, onPosted, onCancel, autoFocus = false }: Props) {
  const { backend, config, t, pageId, options, session, setSession, loadSession, announce } = useWidget();
  const parentId = parent?.id ?? null;
  const store = useMemo(() => createDraftStore(pageId, parentId), [pageId, parentId]);
  const [draft, setDraft] = useState<Draft>(() => store.load() ?? EMPTY_DRAFT);
  const latest = useRef(draft);
  const [expanded, setExpanded] = useState(() => Boolean(draft.body));
  const [errors, setErrors] = useState<FieldErrors>({});
  const notSent = () => ({ message: t.t('Not sent yet: your comment will be sent when the connection returns.'), retry: true });
  const [failure, setFailure] = useState<{ message: string; retry: boolean } | null>(() => (draft.queued ? notSent() : null));
  const [posting, setPosting] = useState(false);
  const [changing, setChanging] = useState(false);
  const busy = useRef(false);
  const shownAt = useRef(Date.now());
  const form = useRef<HTMLFormElement>(null);
  const honeypot = useRef<HTMLInputElement>(null);
  // A reply form starts in its textarea.
  const focusNext = useFocusNext(form, parent || autoFocus ? ['textarea'] : []);
  // Unique in the shadow root, for the labels and error messages. Not useId: the script-tag bundle would
  // carry that hook for this form alone, while the form loads later.
  const [id] = useState(() => `form-${Math.random().toString(36).slice(2)}`);
  // First paint showed no identity: the form asks for the session as it appears.
  useEffect(loadSession, []);

  const update = (patch: Partial<Draft>) => {
    const next = { ...latest.current, ...patch };
    // The draft remembers when typing began, so signing in (which re-renders the
    // form) or reloading doesn't make a reader look like a too-fast bot.
    if (next.startedAt === null && next.body) next.startedAt = Date.now();
    latest.current = next;
    setDraft(next);
    store.save(next);
  };
  // A post made offline goes when the connection is back, or now when the page came back online.
  useEffect(() => (draft.queued && !posting ? sendWhenOnline(() => void submit()) : undefined), [draft.queued, posting]);
  const edit = (field: FieldName, value: string) => {
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
    update({ [field]: value });
  };

  async function submit(event?: Event) {
    event?.preventDefault();
    if (busy.current) return;
    const current = latest.current;
    if (!session && !config.guests) {
      setFailure({ message: enabledProviders(backend, config).length ? t.t('Please log in to comment.') : t.t('Comments cannot be posted from this page.'), retry: false });
      return;
    }
    const found = validateForm(t, config, current, !session);
    setErrors(found);
    const wrong = FIELDS.find((field) => found[field]);
    if (wrong) {
      setFailure(null);
      focusNext.current = [selectorOf(wrong)];
      return;
    }
    const url = normaliseUrl(current.url) ?? '';
    const idempotencyKey = current.idempotencyKey ?? newIdempotencyKey();
    // Saved before sending: after a crash or reload the retry carries the same key.
    update({ url, idempotencyKey });
    busy.current = true;
    setPosting(true);
    setFailure(null);
    const input: NewComment = {
      pageId,
      parentId,
      body: current.body.trim(),
      idempotencyKey,
      pageTitle: options.pageTitle,
      pageUrl: options.pageUrl,
      elapsedMs: Date.now() - (current.startedAt ?? shownAt.current),
      honeypot: honeypot.current?.value ?? '',
    };
    if (!session) input.guest = { name: current.name.trim(), email: current.email.trim(), ...(url ? { url } : {}) };
    if (config.features.notifyReplies) input.notifyReplies = current.notifyReplies;
    if (config.features.notifyPosts) input.notifyPosts = current.notifyPosts;

    let comment: Comment;
    try {
      comment = await backend.postComment(input);
    } catch (err) {
      fail(err);
      return;
    } finally {
      busy.current = false;
      setPosting(false);
    }
    store.clear();
    // The reader's details stay in the form for their next comment; the text and key are done.
    const next = { ...latest.current, body: '', idempotencyKey: null, queued: false };
    latest.current = next;
    setDraft(next);
    setErrors({});
    announce(comment.status === 'pending' ? t.t('Your comment is awaiting moderation.') : t.t('Comment posted.'));
    onPosted(comment);
  }

  function fail(err: unknown) {
    const code: ErrorCode = isNatterError(err) ? err.code : 'server';
    const field = isNatterError(err) ? FIELDS.find((f) => f === err.field) : undefined;
    if (field && (field === 'body' || !session)) {
      setErrors({ [field]: fieldMessage(t, config, field, code) ?? actionErrorMessage(t, err) });
      focusNext.current = [selectorOf(field)];
      return;
    }
    if (code === 'unauthorized' && session) setSession(null);
    // The browser knows it is offline: the post waits in the form for the connection, key and all.
    const offline = code === 'network' && !navigator.onLine;
    update({ queued: offline });
    setFailure(offline ? notSent() : { message: actionErrorMessage(t, err), retry: RETRYABLE.includes(code) });
  }

  async function logOut(focus: string[]) {
    try {
      await backend.signOut?.();
    } catch {
      // The reader asked to leave: forget the session here even if the backend did not answer.
    }
    setChanging(false);
    setSession(null);
    focusNext.current = focus;
  }

  const providers = enabledProviders(backend, config);
  const prompt = config.guests && !session
    ? providers.length ? t.t('Fill in your details below or click an icon to log in:') : t.t('Fill in your details below:')
    : providers.length ? t.t('Click an icon to log in:') : !session ? t.t('Comments cannot be posted from this page.') : '';
  const signedIn = () => {
    setChanging(false);
    focusNext.current = ['textarea'];
  };
  const check = (name: 'notifyReplies' | 'notifyPosts', label: string) => html`<label class="check">
    <input type="checkbox" checked=${draft[name]}
      onChange=${(e: Event) => update({ [name]: (e.currentTarget as HTMLInputElement).checked })} />
    ${label}
  </label>`;

  return html`<form
    ref=${form} class=${`form${expanded ? ' expanded' : ''}`}
    aria-labelledby=${`${id}-title`} noValidate onSubmit=${submit}
  >
    <div class="head">
      <h3 id=${`${id}-title`}>${parent ? t.t('Leave a Reply to %s', parent.author.name) : t.t('Leave a Reply')}</h3>
      ${parent && onCancel && html`<button type="button" class="link" onClick=${onCancel}>${t.t('Cancel reply')}</button>`}
    </div>
    <p class="field">
      <textarea
        name="comment" aria-label=${t.t('Enter your comment here...')} placeholder=${t.t('Enter your comment here...')} value=${draft.body}
        aria-invalid=${errors.body ? 'true' : undefined}
        aria-describedby=${errors.body ? `${id}-body-error` : undefined}
        onFocus=${() => setExpanded(true)}
        onInput=${(e: Event) => edit('body', (e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      ${errors.body && html`<span id=${`${id}-body-error`} class="error">${errors.body}</span>`}
    </p>
    <div hidden=${!expanded}>
      ${session && !changing
        ? html`<${SignedInBar}
            session=${session}
            onLogOut=${() => logOut(['[name="email"]', '[data-provider]', 'textarea'])}
            onChange=${() => {
              setChanging(true);
              focusNext.current = ['[data-provider]'];
            }}
          />`
        : html`
          ${prompt && html`<p class="prompt">${prompt}</p>`}
          <${IdentityPicker}
            onSignedIn=${signedIn}
            onCancel=${session ? () => { setChanging(false); focusNext.current = ['.signed-in button:last-of-type']; } : undefined}
          />
          ${!session && config.guests && html`<${GuestFields}
            idPrefix=${id} values=${draft} errors=${errors} onChange=${edit}
          />`}`}
      ${config.features.notifyReplies && check('notifyReplies', t.t('Notify me of follow-up comments via email.'))}
      ${config.features.notifyPosts && check('notifyPosts', t.t('Notify me of new posts via email.'))}
      <div class="sr" aria-hidden="true">
        <label>${t.t('Leave this field empty:')} <input ref=${honeypot} name="natter-hp" tabIndex="-1" autocomplete="off" /></label>
      </div>
      <div class="form-actions">
        ${posting && html`<span class="note">${t.t('Posting…')}</span>`}
        <div class="error" role="alert">${failure?.message}</div>
        ${failure?.retry && html`<button type="button" class="button" onClick=${() => {
          focusNext.current = ['button[type="submit"]'];
          void submit();
        }}>${t.t('Retry')}</button>`}
        <button type="submit" class="button primary" aria-disabled=${posting ? 'true' : undefined}>
          ${t.t('Post Comment')}
        </button>
      </div>
    </div>
  </form>`;
}
