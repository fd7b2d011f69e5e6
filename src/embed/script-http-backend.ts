import type { Backend, CommentEdit, CommentPage, FirstRender, ListQuery, LiveEvent, NewComment, SignInOptions } from '../backend/backend';
import { readSlot, readThread, visitorId } from '../backend/http/thread-read';
import { hasRedirectAnswer } from '../identity/redirect-fragment';
import type { Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig } from '../model/types';
import { whenIdle } from '../ui/when-idle';

/** localStorage when the page may use it (sandboxed frames throw on the mere access). */
function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The http backend with every member the script tag uses. */
export type FullHttpBackend = Backend & Required<Omit<Backend, 'countComments' | 'loadThread'>>;

const keyOf = (q: ListQuery) => JSON.stringify([q.pageId, q.sort ?? 'oldest', q.limit ?? null, q.cursor ?? null]);

/**
 * The script-tag bundle's natter server backend. First paint needs one read,
 * `GET /api/thread`, sent as a simple request by {@link prefetch} as soon as
 * the script runs; everything else is the full http backend (ky, sign-in),
 * which comes with the interaction chunk and is loaded by the first call
 * that needs it. Live events start once the browser is idle.
 */
export class ScriptHttpBackend implements Backend {
  readonly #base: string;
  readonly #loadFull: () => Promise<FullHttpBackend>;
  #full: Promise<FullHttpBackend> | undefined;
  #first: { key: string; thread: Promise<FirstRender> } | null = null;

  constructor(baseUrl: string, loadFull: (baseUrl: string) => Promise<FullHttpBackend>) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#loadFull = () => loadFull(this.#base);
    // A redirect sign-in came back: the full backend takes it over now.
    if (hasRedirectAnswer(globalThis.location?.hash ?? '')) void this.#backend().catch(() => {});
  }

  /** Starts the first read now; the {@link loadThread} with the same query takes its answer. */
  prefetch(query: ListQuery): void {
    const thread = this.#read(query);
    thread.catch(() => {});
    this.#first = { key: keyOf(query), thread };
  }

  loadThread(query: ListQuery): Promise<FirstRender> {
    const first = this.#first;
    this.#first = null;
    return first?.key === keyOf(query) ? first.thread : this.#read(query);
  }

  #read(query: ListQuery): Promise<FirstRender> {
    const storage = defaultStorage();
    return readThread(this.#base, query, visitorId(storage, this.#base), readSlot(storage, this.#base, 'token'));
  }

  #backend(): Promise<FullHttpBackend> {
    const full = (this.#full ??= this.#loadFull());
    full.catch(() => {
      this.#full = undefined;
    });
    return full;
  }

  async getConfig(signal?: AbortSignal): Promise<SiteConfig> {
    return (await this.#backend()).getConfig(signal);
  }
  async listComments(query: ListQuery): Promise<CommentPage> {
    return (await this.#backend()).listComments(query);
  }
  async postComment(input: NewComment): Promise<Comment> {
    return (await this.#backend()).postComment(input);
  }
  async editComment(id: string, edit: CommentEdit): Promise<Comment> {
    return (await this.#backend()).editComment(id, edit);
  }
  async deleteComment(id: string, signal?: AbortSignal): Promise<void> {
    return (await this.#backend()).deleteComment(id, signal);
  }
  async getLikes(pageId: string, signal?: AbortSignal): Promise<LikeSummary> {
    return (await this.#backend()).getLikes(pageId, signal);
  }
  async setLike(pageId: string, liked: boolean, liker?: GuestIdentity): Promise<LikeSummary> {
    return (await this.#backend()).setLike(pageId, liked, liker);
  }
  async getSession(signal?: AbortSignal): Promise<Session | null> {
    return (await this.#backend()).getSession(signal);
  }
  async signIn(provider: ProviderId, options?: SignInOptions): Promise<Session> {
    return (await this.#backend()).signIn(provider, options);
  }
  async signOut(): Promise<void> {
    return (await this.#backend()).signOut();
  }

  subscribe(pageId: string, onEvent: (event: LiveEvent) => void): () => void {
    let stop: (() => void) | undefined;
    let stopped = false;
    const cancel = whenIdle(() => {
      this.#backend().then((b) => {
        if (!stopped) stop = b.subscribe(pageId, onEvent);
      }, () => {});
    });
    return () => {
      stopped = true;
      cancel();
      stop?.();
    };
  }

}
