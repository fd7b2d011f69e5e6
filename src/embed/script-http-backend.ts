import type { Backend, FirstRender, ListQuery, LiveEvent } from '../backend/backend';
import { readSlot, readThread, visitorId } from '../backend/http/thread-read';
import { hasRedirectAnswer } from '../identity/redirect-fragment';

/** localStorage when the page may use it (sandboxed frames throw on the mere access). */
function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The http backend with every member the script tag uses. */
export type FullHttpBackend = Backend & Required<Omit<Backend, 'countComments' | 'loadThread' | 'whenRead' | 'takeThread'>>;

/** The first read, started before mounting; `answer` once it has arrived. */
interface EarlyRead {
  key: string;
  thread: Promise<FirstRender>;
  answer?: FirstRender;
}

/** What the full backend answers for this one, by name. */
const DELEGATED = 'getConfig listComments postComment editComment deleteComment getLikes setLike getSession signIn signOut'.split(' ');

const keyOf = (q: ListQuery) => JSON.stringify([q.pageId, q.sort ?? 'oldest', q.limit ?? null, q.cursor ?? null]);

/**
 * The script-tag bundle's natter server backend. First paint needs one read,
 * `GET /api/thread`, sent as a simple request by {@link prefetch} as soon as
 * the script runs; everything else is the full http backend (ky, sign-in),
 * which comes with the interaction chunk and is loaded by the first call
 * that needs it. Live events start with the interaction parts, which subscribe.
 */
export class ScriptHttpBackend implements Backend {
  // Installed by the constructor, one per name in DELEGATED.
  declare readonly getConfig: FullHttpBackend['getConfig'];
  declare readonly listComments: FullHttpBackend['listComments'];
  declare readonly postComment: FullHttpBackend['postComment'];
  declare readonly editComment: FullHttpBackend['editComment'];
  declare readonly deleteComment: FullHttpBackend['deleteComment'];
  declare readonly getLikes: FullHttpBackend['getLikes'];
  declare readonly setLike: FullHttpBackend['setLike'];
  declare readonly getSession: FullHttpBackend['getSession'];
  declare readonly signIn: FullHttpBackend['signIn'];
  declare readonly signOut: FullHttpBackend['signOut'];

  readonly #base: string;
  readonly #loadFull: () => Promise<FullHttpBackend>;
  #full: Promise<FullHttpBackend> | undefined;
  #first: EarlyRead | null = null;

  constructor(baseUrl: string, loadFull: (baseUrl: string) => Promise<FullHttpBackend>) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#loadFull = () => loadFull(this.#base);
    // Each delegate waits for the full backend, then asks it.
    for (const name of DELEGATED) Reflect.set(this, name, (...args: unknown[]) => this.#backend().then((full) => Reflect.apply(Reflect.get(full, name), full, args)));
    // A redirect sign-in came back: the full backend takes it over now.
    if (hasRedirectAnswer(globalThis.location?.hash ?? '')) void this.#backend().catch(() => {});
  }

  /** Starts the first read now; the {@link loadThread} with the same query takes its answer. */
  prefetch(query: ListQuery): void {
    const thread = this.#read(query);
    const first: EarlyRead = { key: keyOf(query), thread };
    thread.then((answer) => { first.answer = answer; }, () => {});
    this.#first = first;
  }

  whenRead(): Promise<void> {
    return this.#first ? this.#first.thread.then(() => {}, () => {}) : Promise.resolve();
  }

  takeThread(query: ListQuery): FirstRender | undefined {
    const first = this.#first;
    if (first?.answer === undefined || first.key !== keyOf(query)) return undefined;
    this.#first = null;
    return first.answer;
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

  subscribe(pageId: string, onEvent: (event: LiveEvent) => void): () => void {
    let stop: (() => void) | undefined;
    let stopped = false;
    // Only the interaction parts subscribe, so the full backend is loaded or on its way.
    this.#backend().then((b) => {
      if (!stopped) stop = b.subscribe(pageId, onEvent);
    }, () => {});
    return () => {
      stopped = true;
      stop?.();
    };
  }

}
