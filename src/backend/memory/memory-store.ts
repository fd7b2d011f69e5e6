import { NatterError } from '../../model/errors';
import type { MemorySeed } from './memory-seed';
import { parseState, stateFromSeed } from './memory-state';
import type { MemoryState, StoredComment } from './memory-state';

/** A change to a {@link MemoryStore}, delivered to every watcher. */
export type StoreChange =
  | { type: 'comment'; comment: StoredComment }
  | { type: 'deleted'; id: string; pageId: string }
  | { type: 'likes'; pageId: string };

/** Options for {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** What a new store starts with (ignored when `storage` already holds a state). */
  seed?: MemorySeed;
  /** Where to persist the state (e.g. `localStorage`). @default null — memory only */
  storage?: Storage | null;
  /** The storage key of the state. @default 'natter:memory' */
  storageKey?: string;
}

/** Default {@link MemoryStoreOptions.storageKey}. */
export const DEFAULT_STORAGE_KEY = 'natter:memory';

/**
 * The data behind one or more {@link MemoryBackend}s. Backends sharing a store
 * are different readers of the same site: they see each other's comments and
 * receive each other's live events. With `storage`, the state is written there
 * after every change and re-read whenever another tab or store changed it.
 */
export class MemoryStore {
  readonly storage: Storage | null;
  readonly storageKey: string;
  #state: MemoryState;
  #raw: string | null = null;
  readonly #watchers = new Set<(change: StoreChange) => void>();

  constructor(options: MemoryStoreOptions = {}) {
    this.storage = options.storage ?? null;
    this.storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
    this.#state = stateFromSeed(options.seed);
    if (!this.#reload()) this.#save();
  }

  /** The current state, refreshed from storage; treat it as read-only. */
  read(): MemoryState {
    this.#reload();
    return this.#state;
  }

  /** Runs `change` on the current state and persists the result. */
  update<T>(change: (state: MemoryState) => T): T {
    this.#reload();
    const result = change(this.#state);
    this.#save();
    return result;
  }

  /** Calls `watcher` after every change; returns the function that stops it. */
  watch(watcher: (change: StoreChange) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** Tells every watcher about `change`, after the current task's promises settle. */
  emit(change: StoreChange): void {
    for (const watcher of [...this.#watchers]) {
      queueMicrotask(() => {
        if (this.#watchers.has(watcher)) watcher(change);
      });
    }
  }

  /** Approves a held comment, as a moderator would. */
  approve(id: string): void {
    const comment = this.update((state) => {
      const found = state.comments.find((c) => c.id === id);
      if (!found) throw new NatterError('not_found', `approve: no comment ${id}`);
      found.status = 'approved';
      return found;
    });
    this.emit({ type: 'comment', comment });
  }

  /** True when a state was read from storage (and replaced the one in memory). */
  #reload(): boolean {
    if (!this.storage) return false;
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.storageKey);
    } catch {
      return false; // storage blocked: keep working from memory
    }
    if (raw === null || raw === this.#raw) return false;
    const parsed = parseState(raw);
    if (!parsed) return false;
    this.#state = parsed;
    this.#raw = raw;
    return true;
  }

  #save(): void {
    if (!this.storage) return;
    const raw = JSON.stringify(this.#state);
    try {
      this.storage.setItem(this.storageKey, raw);
      this.#raw = raw;
    } catch {
      // Quota exceeded or storage blocked: the state lives on in memory.
    }
  }
}
