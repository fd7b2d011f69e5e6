import { openSignInPopup } from '../../identity/open-sign-in-popup';
import { randomHex } from '../../identity/random-hex';
import { hasRedirectAnswer } from '../../identity/redirect-fragment';
import type { SignInFlows } from '../../identity/sign-in-flow';
import { NatterError, isNatterError } from '../../model/errors';
import type { Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig } from '../../model/types';
import { API_HEADERS } from '../../protocol/api';
import type { LikeRequest, PostCommentRequest } from '../../protocol/api';
import type { ErrorCode } from '../../protocol/error-codes';
import { EVENT_ID_PATTERN } from '../../protocol/limits';
import type { KyInstance } from 'ky';
import type { Backend, CommentEdit, CommentPage, FirstRender, ListQuery, LiveEvent, NewComment, SignInOptions } from '../backend';
import {
  isRecord, toCommentPage, toEdited, toExchange, toLikes, toLiveEvent, toPosted, toSessionAnswer, toSiteConfig, toThread,
} from './narrow';
import { createRequest, readJson } from './request';
import type { RequestOptions, RetryOptions, Send } from './request';
import { readUrl, storageKey } from './thread-read';

/** Options for {@link HttpBackend}. */
export interface HttpBackendOptions {
  /** The natter server, e.g. `https://comments.example.com`. */
  baseUrl: string;
  /**
   * The ky instance requests go through, extended with natter's prefix URL,
   * timeout and retries: pass your own to add headers or hooks.
   * @default ky
   */
  ky?: KyInstance;
  /** The `fetch` to send requests with; tests hand in their own. @default the ky instance's (globalThis.fetch) */
  fetch?: typeof fetch;
  /**
   * Where this browser's visitor secret, the session token and guests' edit
   * tokens are kept. `null` keeps them in memory only; a storage that throws
   * (private mode, full quota) falls back to memory.
   * @default localStorage when the page may use it, else null
   */
  storage?: Storage | null;
  /**
   * Milliseconds one attempt may take before the request fails with `timeout`
   * (a timeout is not retried, so no request waits longer than this for an answer).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Retries after a network failure, a 5xx answer or a 429 whose `Retry-After`
   * is a few seconds (then after that wait; never after another 4xx or a
   * timeout). Posts are retried too: their idempotency key makes that safe.
   * A number is the retry limit.
   * @default { limit: 2 }
   */
  retry?: number | RetryOptions;
  /** The `EventSource` for live events; without one `subscribe` reports nothing. @default globalThis.EventSource */
  EventSource?: new (url: string) => LiveSource;
  /** The embedding page's window, for sign-in popups and redirects. @default globalThis.window */
  window?: Window | null;
  /**
   * Loads the sign-in code, which first render does not need, the first time a
   * reader signs in with a provider (or comes back from a redirect sign-in).
   * The script-tag bundle loads `natter.sign-in.js` from beside itself.
   * @default an `import()` of natter's sign-in module, a chunk of its own for bundlers
   */
  loadSignIn?: () => Promise<SignInFlows>;
}

/** Options for {@link HttpBackendCore}: a `loadSignIn` of its own. */
export interface HttpBackendCoreOptions extends Omit<HttpBackendOptions, 'loadSignIn'> {
  loadSignIn: () => Promise<SignInFlows>;
}

/** The part of an `EventSource` that live events use. */
export interface LiveSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

/** The parts of the per-server storage. */
type Slot = 'visitor' | 'token' | 'edit';

const VISITOR = /^[A-Za-z0-9_-]{16,128}$/;
/** Edit tokens kept at most (oldest dropped first). */
const EDIT_TOKENS_KEPT = 50;
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
const LIVE_TYPES = ['comment', 'deleted', 'likes'] as const;
/** A live event's id the server can resume from. */
const EVENT_ID = new RegExp(EVENT_ID_PATTERN);

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Sandboxed frames throw on the mere access.
    return null;
  }
}

const hasCode = (error: unknown, code: ErrorCode) => isNatterError(error) && error.code === code;

/** Only the fields the API accepts; empty optional ones left out. */
function guestFields(g: GuestIdentity): GuestIdentity {
  return { name: g.name, email: g.email, ...(g.url ? { url: g.url } : {}) };
}

/**
 * The http backend as the script-tag bundle ships it: everything the widget
 * uses of the {@link Backend} contract (all of it but `countComments`), with
 * the provider sign-in code loaded on demand through `loadSignIn`. Edit tokens
 * of guest comments and the session token are kept in `storage`, scoped to
 * this server, and only ever sent in headers to its `/api/` — never in a URL.
 * `HttpBackend` adds `countComments` and a default `loadSignIn`.
 */
export class HttpBackendCore implements Backend {
  readonly #base: string;
  readonly #request: Send;
  /** `null` once it has refused: {@link memory} then carries on alone. */
  #storage: Storage | null;
  /** Everything written, for when the storage refuses. */
  readonly #memory = new Map<string, string>();
  readonly #prefix: string;
  readonly #visitor: string;
  readonly #EventSource: (new (url: string) => LiveSource) | undefined;
  readonly #window: Window | null;
  readonly #loadSignIn: () => Promise<SignInFlows>;
  /** A sign-in brought back by a redirect, being exchanged. */
  #pending: Promise<unknown> = Promise.resolve();

  constructor(options: HttpBackendCoreOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#prefix = storageKey(this.#base, '');
    this.#EventSource = options.EventSource ?? globalThis.EventSource;
    const win = (this.#window = options.window === undefined ? (globalThis.window ?? null) : options.window);
    this.#loadSignIn = options.loadSignIn;
    const saved = this.#read('visitor');
    this.#visitor = saved !== null && VISITOR.test(saved) ? saved : randomHex();
    this.#write('visitor', this.#visitor);

    this.#request = createRequest({
      prefixUrl: this.#base, ky: options.ky, fetch: options.fetch, timeoutMs: options.timeoutMs, retry: options.retry,
    });

    if (win && hasRedirectAnswer(win.location.hash)) {
      // A redirect sign-in came back; a failure (an address the page may not
      // rewrite, a code already used) leaves the reader signed out.
      this.#pending = this.#loadSignIn().then((flows) => {
        const back = flows.consumeRedirectCode(win);
        if (back && 'code' in back) return this.#exchange(back.code);
      }).catch(() => null);
    }
  }

  async getConfig(signal?: AbortSignal): Promise<SiteConfig> {
    return this.json('getConfig', 'api/config', toSiteConfig, { signal });
  }

  async loadThread(query: ListQuery): Promise<FirstRender> {
    return this.json('loadThread', this.#readPath('api/thread', query), toThread, { signal: query.signal });
  }

  async listComments(query: ListQuery): Promise<CommentPage> {
    // The browser's HTTP cache revalidates with the answer's ETag: no If-None-Match of ours, no preflight.
    return this.json('listComments', this.#readPath('api/comments', query), toCommentPage, { signal: query.signal });
  }

  async postComment(input: NewComment): Promise<Comment> {
    const body: PostCommentRequest = { pageId: input.pageId, parentId: input.parentId, body: input.body };
    // Signed in, the session is the identity; the server rejects guest details beside it.
    if (input.guest && this.#read('token') === null) body.guest = guestFields(input.guest);
    for (const key of ['notifyReplies', 'notifyPosts', 'pageTitle', 'pageUrl', 'elapsedMs', 'honeypot'] as const) {
      if (input[key] !== undefined) Reflect.set(body, key, input[key]);
    }
    const answer = await this.json('postComment', 'api/comments', toPosted, {
      method: 'POST', json: body, signal: input.signal, headers: { [API_HEADERS.idempotencyKey]: input.idempotencyKey },
    });
    if (answer.editToken !== undefined) this.#keepEditToken(answer.comment, answer.editToken);
    return answer.comment;
  }

  async editComment(id: string, edit: CommentEdit): Promise<Comment> {
    return this.json('editComment', `api/comments/${encodeURIComponent(id)}`, toEdited, {
      // Setting the same body twice is harmless, so a lost answer is retried.
      method: 'PATCH', json: { body: edit.body }, signal: edit.signal, headers: this.#editHeaders(id), idempotent: true,
    });
  }

  async deleteComment(id: string, signal?: AbortSignal): Promise<void> {
    await this.#send('deleteComment', `api/comments/${encodeURIComponent(id)}`, { method: 'DELETE', signal, headers: this.#editHeaders(id) });
    const tokens = this.#editTokens();
    delete tokens[id];
    this.#write('edit', JSON.stringify(tokens));
  }

  async getLikes(pageId: string, signal?: AbortSignal): Promise<LikeSummary> {
    return this.json('getLikes', this.#likes(pageId, true), toLikes, { signal });
  }

  async setLike(pageId: string, liked: boolean, liker?: GuestIdentity): Promise<LikeSummary> {
    const body: LikeRequest = liker && this.#read('token') === null ? { guest: guestFields(liker) } : {};
    return this.json('setLike', this.#likes(pageId), toLikes, liked ? { method: 'PUT', json: body } : { method: 'DELETE' });
  }

  async getSession(signal?: AbortSignal): Promise<Session | null> {
    await this.#pending;
    if (this.#read('token') === null) return null;
    let session: Session | null;
    try {
      session = await this.json('getSession', 'api/session', toSessionAnswer, { signal });
    } catch (error) {
      if (hasCode(error, 'unauthorized')) return null;
      throw error;
    }
    if (session === null) this.#forgetSession();
    return session;
  }

  async signIn(provider: ProviderId, options: SignInOptions = {}): Promise<Session> {
    const win = this.#window;
    const { signal, lang } = options;
    if (!win) throw new NatterError('unsupported', 'signIn: no window');
    // Opened now, in the reader's click, or the browser blocks it; it goes to
    // the server once the sign-in code has loaded. (A blocked one means a
    // redirect sign-in, which needs no click.)
    const popup = signal?.aborted ? null : openSignInPopup(win, provider);
    try {
      const flows = await this.#loadSignIn();
      return await this.#exchange(await flows.signInFlow({ serverOrigin: this.#base, provider, signal, lang, win, popup }), signal);
    } catch (error) {
      popup?.close();
      throw error;
    }
  }

  async signOut(): Promise<void> {
    const token = this.#read('token');
    this.#forgetSession();
    if (token === null) return;
    try {
      await this.#send('signOut', 'api/session', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      // Already expired or revoked: signed out all the same.
      if (!hasCode(error, 'unauthorized')) throw error;
    }
  }

  subscribe(pageId: string, onEvent: (event: LiveEvent) => void): () => void {
    const Source = this.#EventSource;
    let stopped = false;
    if (!Source) return () => {};
    const url = `${this.#base}/api/events?page=${encodeURIComponent(pageId)}`;
    let source: LiveSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = RECONNECT_MIN_MS;
    // The id of the last event had: where the server resumes. EventSource sends
    // it by itself (Last-Event-ID) when it reconnects; a stream opened again
    // after one that gave up asks for it in its URL.
    let last = '';
    const deliver = (event: Event) => {
      const id: unknown = Reflect.get(event, 'lastEventId');
      if (typeof id === 'string' && EVENT_ID.test(id)) last = id;
      const live = toLiveEvent(event.type, Reflect.get(event, 'data'));
      if (live && !stopped) onEvent(live);
    };
    const open = () => {
      const current = new Source(last ? `${url}&since=${last}` : url);
      source = current;
      for (const type of ['ready', ...LIVE_TYPES]) current.addEventListener(type, deliver);
      current.addEventListener('open', () => { delay = RECONNECT_MIN_MS; });
      // EventSource retries dropped connections itself; after an error answer
      // it gives up (CLOSED), so we open a new one, backing off.
      current.addEventListener('error', () => {
        if (stopped || current.readyState !== 2) return;
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }

  /** Sends one request; every failure is a NatterError, and a refused session token is forgotten. */
  async #send(operation: string, path: string, options: RequestOptions = {}): Promise<Response> {
    // Identity goes only to the API: reads carry the visitor id in their URL (simple requests), writes in a header.
    const identity = path.startsWith('api/') ? this.#identity(options.method ?? 'GET') : {};
    try {
      return await this.#request(operation, path, { ...options, headers: { ...identity, ...options.headers } });
    } catch (error) {
      if (hasCode(error, 'unauthorized') && path.startsWith('api/') && this.#read('token') !== null) this.#forgetSession();
      throw error;
    }
  }

  /** Sends one request and narrows its JSON answer. */
  protected async json<T>(operation: string, path: string, narrow: (value: unknown) => T, options?: RequestOptions): Promise<T> {
    return readJson(operation, await this.#send(operation, path, options), narrow);
  }

  async #exchange(code: string, signal?: AbortSignal): Promise<Session> {
    // The code is single-use: a POST without an idempotency key is never retried.
    const answer = await this.json('signIn', 'auth/exchange', toExchange, { method: 'POST', json: { code }, signal });
    this.#write('token', answer.token);
    return answer.session;
  }

  #forgetSession(): void {
    this.#write('token', null);
  }

  /** A read's path (without the base) for `query`, the visitor id included. */
  #readPath(path: string, query: ListQuery): string {
    return readUrl('', path, query, this.#visitor).slice(1);
  }

  #likes(pageId: string, read = false): string {
    return `api/likes?page=${encodeURIComponent(pageId)}${read ? `&visitor=${this.#visitor}` : ''}`;
  }

  #editHeaders(id: string): Record<string, string> {
    const token = this.#editTokens()[id]?.[0];
    return token === undefined ? {} : { [API_HEADERS.editToken]: token };
  }

  /** The session token when signed in, and on writes the visitor secret (reads carry it in their URL). */
  #identity(method: string): Record<string, string> {
    const token = this.#read('token');
    return { ...(method === 'GET' ? {} : { [API_HEADERS.visitor]: this.#visitor }), ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
  }

  /** Edit tokens by comment id, with the time (ms) they stop being useful. */
  #editTokens(): Record<string, [string, number]> {
    const tokens: Record<string, [string, number]> = {};
    let saved: unknown = null;
    try {
      saved = JSON.parse(this.#read('edit') ?? '{}');
    } catch {
      // Unreadable: start afresh.
    }
    for (const [id, entry] of Object.entries(isRecord(saved) ? saved : {})) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') tokens[id] = [entry[0], entry[1]];
    }
    return tokens;
  }

  #keepEditToken(comment: Comment, token: string): void {
    const now = Date.now();
    const until = Date.parse(comment.editableUntil ?? '') || now + 86_400_000;
    const kept = Object.entries(this.#editTokens()).filter(([id, [, end]]) => end > now && id !== comment.id);
    kept.push([comment.id, [token, until]]);
    this.#write('edit', JSON.stringify(Object.fromEntries(kept.slice(-EDIT_TOKENS_KEPT))));
  }

  #read(slot: Slot): string | null {
    try {
      if (this.#storage) return this.#storage.getItem(this.#prefix + slot);
    } catch {
      this.#storage = null;
    }
    return this.#memory.get(slot) ?? null;
  }

  #write(slot: Slot, value: string | null): void {
    if (value === null) this.#memory.delete(slot);
    else this.#memory.set(slot, value);
    try {
      if (value === null) this.#storage?.removeItem(this.#prefix + slot);
      else this.#storage?.setItem(this.#prefix + slot, value);
    } catch {
      // Private mode or a full quota: memory keeps everything for this page's life.
      this.#storage = null;
    }
  }
}
