import { NatterError } from '../../model/errors';
import type {
  Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig, SortOrder,
} from '../../model/types';
import type { Backend, CommentEdit, CommentPage, ListQuery, LiveEvent, NewComment, SignInOptions } from '../backend';
import { memoryConfig } from './memory-config';
import type { SiteConfigInput } from './memory-config';
import type { MemorySeed } from './memory-seed';
import { SIMULATED_USERS, copySession, parseSession, randomId, sessionAuthor } from './memory-session';
import { cancelled, delay } from './memory-delay';
import type { StoredComment } from './memory-state';
import { DEFAULT_STORAGE_KEY, MemoryStore } from './memory-store';
import { textToHtml } from './memory-text';
import { subtreeIds, threadPage } from './memory-thread';
import { checkBody, checkGuest, checkLiker, checkPageId } from './memory-validate';

/** Options for {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /** Site configuration, merged over full defaults (all providers, all features on). */
  config?: SiteConfigInput;
  /** Comments and likes a new store starts with (ignored when `store` is given). */
  seed?: MemorySeed;
  /**
   * Where to persist the state, this browser's visitor id and the session
   * (e.g. `localStorage`). @default null — nothing survives a reload
   */
  storage?: Storage | null;
  /** Storage key prefix. @default 'natter:memory' */
  storageKey?: string;
  /**
   * The data to share with other backends: each backend on one store is another
   * reader of the same site. @default a new store from `seed`, `storage` and `storageKey`
   */
  store?: MemoryStore;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Delay before every answer, to show loading states. @default 0 */
  latencyMs?: number;
  /** Who the simulated sign-in signs in as, per provider. @default {@link SIMULATED_USERS} */
  simulatedUsers?: Partial<Record<ProviderId, Session['user']>>;
  /** Hold a guest's first comment (by email) for moderation. @default true */
  holdFirstGuestComment?: boolean;
}

/** Most likers a {@link LikeSummary} lists. */
const LIKERS_SHOWN = 50;
/** Default {@link ListQuery.limit}. */
const DEFAULT_LIMIT = 50;
const GUEST_LIKER = 'Guest';

/**
 * A {@link Backend} that keeps everything in memory (optionally persisted to
 * `localStorage`): the offline demo and the reference for the conformance
 * suite. It implements the whole contract; sign-in is a local simulation,
 * which its config announces with `simulatedSignIn: true`.
 *
 * Bodies are plain text turned into escaped paragraphs. A guest's first
 * comment is held for moderation ({@link MemoryStore.approve}) and shown only
 * to this browser; later ones from the same email are approved.
 *
 * @example
 * const backend = new MemoryBackend({ storage: localStorage, latencyMs: 300 });
 * const otherReader = new MemoryBackend({ store: backend.store });
 */
export class MemoryBackend implements Backend {
  /** The shared data; pass it to another backend to add a reader. */
  readonly store: MemoryStore;
  readonly #config: SiteConfig;
  readonly #storage: Storage | null;
  readonly #storageKey: string;
  readonly #now: () => Date;
  readonly #latencyMs: number;
  readonly #users: Partial<Record<ProviderId, Session['user']>>;
  readonly #holdFirst: boolean;
  readonly #visitor: string;
  #session: Session | null;

  constructor(options: MemoryBackendOptions = {}) {
    this.#config = memoryConfig(options.config);
    this.#storage = options.storage ?? null;
    this.#storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
    this.store = options.store ?? new MemoryStore({ seed: options.seed, storage: this.#storage, storageKey: this.#storageKey });
    this.#now = options.now ?? (() => new Date());
    this.#latencyMs = options.latencyMs ?? 0;
    this.#users = options.simulatedUsers ?? {};
    this.#holdFirst = options.holdFirstGuestComment ?? true;
    const visitor = this.#load('visitor');
    this.#visitor = visitor !== null && /^[0-9a-f]{32}$/.test(visitor) ? visitor : randomId();
    this.#save('visitor', this.#visitor);
    this.#session = parseSession(this.#load('session'));
  }

  async getConfig(signal?: AbortSignal): Promise<SiteConfig> {
    await this.#pause(signal, 'getConfig');
    const c = this.#config;
    return { ...c, providers: [...c.providers], features: { ...c.features }, limits: { ...c.limits } };
  }

  async listComments(query: ListQuery): Promise<CommentPage> {
    await this.#pause(query.signal, 'listComments');
    const pageId = checkPageId(query.pageId, 'listComments');
    const sort: SortOrder = query.sort ?? 'oldest';
    if (sort !== 'oldest' && sort !== 'newest') {
      throw new NatterError('invalid', 'listComments: sort must be oldest or newest', { field: 'sort' });
    }
    const max = this.#config.limits.pageSizeMax;
    const limit = query.limit ?? Math.min(DEFAULT_LIMIT, max);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) {
      throw new NatterError('invalid', `listComments: limit must be an integer 1..${max}`, { field: 'limit' });
    }
    const onPage = this.store.read().comments.filter((c) => c.pageId === pageId);
    const page = threadPage(onPage.filter((c) => this.#visible(c)), sort, limit, query.cursor);
    const comments = page.comments.map((c) => this.#toComment(c));
    const total = onPage.filter((c) => c.status === 'approved').length;
    return { comments, nextCursor: page.nextCursor, total };
  }

  async postComment(input: NewComment): Promise<Comment> {
    const op = 'postComment';
    await this.#pause(input.signal, op);
    const pageId = checkPageId(input.pageId, op);
    const key = input.idempotencyKey;
    if (typeof key !== 'string' || key === '' || key.length > 200) {
      throw new NatterError('invalid', `${op}: idempotencyKey must be 1–200 characters`, { field: 'idempotencyKey' });
    }
    const owner = this.#owner();
    const slot = `${owner}\n${key}`;
    const state = this.store.read();
    const earlier = state.keys[slot];
    const existing = earlier === undefined ? undefined : state.comments.find((c) => c.id === earlier);
    if (existing) return this.#toComment(existing);

    if (typeof input.honeypot === 'string' && input.honeypot !== '') {
      throw new NatterError('spam', `${op}: the comment looks like spam`);
    }
    const body = checkBody(input.body, this.#config.limits, op);
    const session = this.#session;
    let author: Author;
    let email = '';
    if (session) {
      author = sessionAuthor(session);
    } else {
      if (!this.#config.guests) throw new NatterError('unauthorized', `${op}: sign in to comment`);
      const guest = checkGuest(input.guest, this.#config, op);
      email = guest.email;
      author = guest.url === undefined ? { name: guest.name } : { name: guest.name, url: guest.url };
    }
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = state.comments.find((c) => c.id === parentId);
      if (typeof parentId !== 'string' || !parent || parent.pageId !== pageId || !this.#visible(parent)) {
        throw new NatterError('not_found', `${op}: no comment ${String(parentId)} on this page to reply to`, { field: 'parentId' });
      }
    }

    const stored = this.store.update((s) => {
      const held = !session && this.#holdFirst && (email === '' || !s.knownEmails.includes(email));
      if (email !== '' && !s.knownEmails.includes(email)) s.knownEmails.push(email);
      const seq = ++s.seq;
      const comment: StoredComment = {
        id: `m${seq.toString(36)}${randomId().slice(0, 6)}`, pageId, parentId, author, owner, email,
        source: body, bodyHtml: textToHtml(body), createdAt: this.#now().toISOString(),
        status: held ? 'pending' : 'approved', seq,
      };
      s.comments.push(comment);
      s.keys[slot] = comment.id;
      return comment;
    });
    this.store.emit({ type: 'comment', comment: stored });
    return this.#toComment(stored);
  }

  async editComment(id: string, edit: CommentEdit): Promise<Comment> {
    const op = 'editComment';
    await this.#pause(edit.signal, op);
    this.#ownComment(id, op);
    const body = checkBody(edit.body, this.#config.limits, op);
    const updated = this.store.update((s) => {
      const c = s.comments.find((x) => x.id === id);
      if (!c) throw new NatterError('not_found', `${op}: no comment ${id}`);
      c.source = body;
      c.bodyHtml = textToHtml(body);
      c.editedAt = this.#now().toISOString();
      return c;
    });
    this.store.emit({ type: 'comment', comment: updated });
    return this.#toComment(updated);
  }

  /** Deletes the comment and the replies under it. */
  async deleteComment(id: string, signal?: AbortSignal): Promise<void> {
    const op = 'deleteComment';
    await this.#pause(signal, op);
    const target = this.#ownComment(id, op);
    const removed = this.store.update((s) => {
      const gone = subtreeIds(s.comments, id);
      s.comments = s.comments.filter((c) => !gone.has(c.id));
      for (const [slot, cid] of Object.entries(s.keys)) if (gone.has(cid)) delete s.keys[slot];
      return [...gone];
    });
    for (const rid of removed) this.store.emit({ type: 'deleted', id: rid, pageId: target.pageId });
  }

  async getLikes(pageId: string, signal?: AbortSignal): Promise<LikeSummary> {
    await this.#pause(signal, 'getLikes');
    this.#feature('likes', 'getLikes');
    return this.#likes(checkPageId(pageId, 'getLikes'));
  }

  async setLike(pageId: string, liked: boolean, liker?: GuestIdentity): Promise<LikeSummary> {
    const op = 'setLike';
    await this.#pause(undefined, op);
    this.#feature('likes', op);
    checkPageId(pageId, op);
    const mine = this.#keys();
    let author: Author = { name: GUEST_LIKER };
    if (this.#session) author = sessionAuthor(this.#session);
    else if (liker !== undefined && liked) {
      author = checkLiker(liker, this.#config, op);
    }
    const changed = this.store.update((s) => {
      const has = s.likes.some((l) => l.pageId === pageId && mine.includes(l.liker));
      if (liked && !has) s.likes.push({ pageId, liker: this.#owner(), author, at: this.#now().toISOString() });
      if (!liked && has) s.likes = s.likes.filter((l) => !(l.pageId === pageId && mine.includes(l.liker)));
      return liked !== has;
    });
    if (changed) this.store.emit({ type: 'likes', pageId });
    return this.#likes(pageId);
  }

  async getSession(signal?: AbortSignal): Promise<Session | null> {
    await this.#pause(signal, 'getSession');
    return this.#session && copySession(this.#session);
  }

  /** Signs in as a fake user of `provider` after a short pause; nothing leaves the page. */
  async signIn(provider: ProviderId, options: SignInOptions = {}): Promise<Session> {
    const op = 'signIn';
    const { signal } = options;
    if (signal?.aborted) throw cancelled(op);
    if (!this.#config.providers.includes(provider)) {
      throw new NatterError('not_found', `${op}: provider ${String(provider)} is not enabled`);
    }
    await delay(this.#latencyMs, signal, op);
    const user = this.#users[provider] ?? SIMULATED_USERS[provider];
    this.#session = { provider, user: { ...user } };
    this.#save('session', JSON.stringify(this.#session));
    return copySession(this.#session);
  }

  async signOut(): Promise<void> {
    await this.#pause(undefined, 'signOut');
    this.#session = null;
    this.#save('session', null);
  }

  subscribe(pageId: string, onEvent: (event: LiveEvent) => void): () => void {
    if (!this.#config.features.live) return () => {};
    return this.store.watch((change) => {
      if ((change.type === 'comment' ? change.comment.pageId : change.pageId) !== pageId) return;
      if (change.type === 'comment') {
        // Held comments reach only their author, like in listComments.
        if (this.#visible(change.comment)) onEvent({ type: 'comment', comment: this.#toComment(change.comment) });
      } else if (change.type === 'deleted') {
        onEvent({ type: 'deleted', id: change.id });
      } else {
        onEvent({ type: 'likes', count: this.store.read().likes.filter((l) => l.pageId === pageId).length });
      }
    });
  }

  async countComments(pageIds: string[], signal?: AbortSignal): Promise<Record<string, number>> {
    await this.#pause(signal, 'countComments');
    if (!Array.isArray(pageIds)) throw new NatterError('invalid', 'countComments: pageIds must be a list', { field: 'pageIds' });
    const counts: Record<string, number> = Object.create(null);
    for (const id of pageIds) counts[checkPageId(id, 'countComments')] = 0;
    for (const c of this.store.read().comments) {
      const n = counts[c.pageId];
      if (n !== undefined && c.status === 'approved') counts[c.pageId] = n + 1;
    }
    return counts;
  }

  /** The owner key new comments and likes get: the user when signed in, else this browser. */
  #owner(): string {
    return this.#session ? `u:${this.#session.provider}:${this.#session.user.id}` : `v:${this.#visitor}`;
  }

  /** Every owner key the caller answers to: this browser, and the user when signed in. */
  #keys(): string[] {
    return this.#session ? [`v:${this.#visitor}`, this.#owner()] : [`v:${this.#visitor}`];
  }

  #visible(c: StoredComment): boolean {
    return c.status === 'approved' || this.#keys().includes(c.owner);
  }

  /** The caller's own comment `id`, still within the edit window; throws otherwise. */
  #ownComment(id: string, op: string): StoredComment {
    this.#feature('edit', op);
    const c = this.store.read().comments.find((x) => x.id === id);
    if (!c || !this.#visible(c)) throw new NatterError('not_found', `${op}: no comment ${String(id)}`);
    if (!this.#keys().includes(c.owner)) throw new NatterError('forbidden', `${op}: comment ${id} is not yours`);
    if (this.#now().getTime() > this.#editableUntil(c)) {
      throw new NatterError('edit_window_closed', `${op}: the edit window of comment ${id} has closed`);
    }
    return c;
  }

  #editableUntil(c: StoredComment): number {
    return Date.parse(c.createdAt) + this.#config.limits.editWindowSeconds * 1000;
  }

  #toComment(c: StoredComment): Comment {
    const mine = this.#keys().includes(c.owner);
    const comment: Comment = {
      id: c.id, pageId: c.pageId, parentId: c.parentId, author: { ...c.author },
      bodyHtml: c.bodyHtml, createdAt: c.createdAt, status: c.status, mine,
    };
    if (c.editedAt !== undefined) comment.editedAt = c.editedAt;
    if (mine) {
      comment.source = c.source;
      if (this.#config.features.edit) comment.editableUntil = new Date(this.#editableUntil(c)).toISOString();
    }
    return comment;
  }

  #likes(pageId: string): LikeSummary {
    const mine = this.#keys();
    const likes = this.store.read().likes.filter((l) => l.pageId === pageId);
    const recent = [...likes].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return {
      count: likes.length,
      liked: likes.some((l) => mine.includes(l.liker)),
      likers: recent.slice(0, LIKERS_SHOWN).map((l) => ({ ...l.author })),
    };
  }

  #feature(feature: 'likes' | 'edit', op: string): void {
    if (!this.#config.features[feature]) throw new NatterError('unsupported', `${op}: ${feature} are switched off`);
  }

  async #pause(signal: AbortSignal | undefined, op: string): Promise<void> {
    if (this.#latencyMs > 0) await delay(this.#latencyMs, signal, op);
    else if (signal?.aborted) throw cancelled(op);
    else await Promise.resolve();
    if (signal?.aborted) throw cancelled(op);
  }

  #load(name: string): string | null {
    try {
      return this.#storage?.getItem(`${this.#storageKey}:${name}`) ?? null;
    } catch {
      return null;
    }
  }

  #save(name: string, value: string | null): void {
    try {
      if (value === null) this.#storage?.removeItem(`${this.#storageKey}:${name}`);
      else this.#storage?.setItem(`${this.#storageKey}:${name}`, value);
    } catch {
      // Storage blocked or full: the value lives on in memory.
    }
  }
}
