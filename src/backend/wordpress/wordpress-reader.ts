import type { Comment } from '../../model/types';

/** How long a held comment is shown to its author while it waits for a moderator (30 days). */
const HELD_FOR_MS = 30 * 24 * 3600 * 1000;
/** Most comments remembered as this reader's. */
const MINE_MAX = 500;

interface Saved {
  liker: string;
  mine: string[];
  held: Comment[];
  /** Posted comments by idempotency key, so a retry after a reload posts nothing new. */
  posted: Record<string, Comment>;
}

/**
 * What this browser remembers about its reader on one WordPress site: the
 * comments they wrote (WordPress has no guest session), those still held for
 * moderation (which WordPress then hides from their own author), and a random
 * liker id. Kept in `storage` (localStorage in the browser) so it survives reloads.
 */
export class WordPressReader {
  readonly #storage: Storage | null;
  readonly #key: string;
  readonly #now: () => number;
  #saved: Saved;

  constructor(storage: Storage | null, site: string, now: () => number = Date.now) {
    this.#storage = storage;
    this.#key = `natter:wordpress:${site}`;
    this.#now = now;
    this.#saved = this.#load();
  }

  /** This browser's random liker id (an identifier for likes, never a credential). */
  get liker(): string {
    return this.#saved.liker;
  }

  /** Whether this reader wrote comment `id`. */
  isMine(id: string): boolean {
    return this.#saved.mine.includes(id);
  }

  /** This reader's comments on `pageId` still awaiting moderation, minus those now among `seen`. */
  held(pageId: string, seen: ReadonlySet<string>): Comment[] {
    const cutoff = this.#now() - HELD_FOR_MS;
    const keep = this.#saved.held.filter((c) => !seen.has(c.id) && Date.parse(c.createdAt) > cutoff);
    if (keep.length !== this.#saved.held.length) {
      this.#saved.held = keep;
      this.#save();
    }
    return keep.filter((c) => c.pageId === pageId);
  }

  /** The comment posted earlier with `key`, if any. */
  posted(key: string): Comment | undefined {
    return this.#saved.posted[key];
  }

  /** Records a comment this reader just posted. */
  remember(key: string, comment: Comment): void {
    const saved = this.#saved;
    saved.mine = [comment.id, ...saved.mine.filter((id) => id !== comment.id)].slice(0, MINE_MAX);
    if (comment.status === 'pending') saved.held = [...saved.held.filter((c) => c.id !== comment.id), comment];
    saved.posted = Object.fromEntries([[key, comment], ...Object.entries(saved.posted)].slice(0, 50));
    this.#save();
  }

  #load(): Saved {
    let raw: unknown;
    try {
      raw = JSON.parse(this.#storage?.getItem(this.#key) ?? 'null');
    } catch {
      raw = null;
    }
    const o: object = Object(raw);
    const liker = Reflect.get(o, 'liker');
    const mine = Reflect.get(o, 'mine');
    const held = Reflect.get(o, 'held');
    const posted = Reflect.get(o, 'posted');
    return {
      liker: typeof liker === 'string' && /^[\w-]{16,128}$/.test(liker) ? liker : randomId(),
      mine: Array.isArray(mine) ? mine.filter((id): id is string => typeof id === 'string') : [],
      held: Array.isArray(held) ? held.filter(isStoredComment) : [],
      posted: typeof posted === 'object' && posted !== null
        ? Object.fromEntries(Object.entries(posted).filter((entry): entry is [string, Comment] => isStoredComment(entry[1])))
        : {},
    };
  }

  #save(): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(this.#saved));
    } catch {
      // Storage full or refused (private mode): the reader keeps what this page load knows.
    }
  }
}

/** A comment this class stored earlier (storage is writable by other code on the page, so checked again). */
function isStoredComment(value: unknown): value is Comment {
  const o: object = Object(value);
  const author: unknown = Reflect.get(o, 'author');
  const parentId: unknown = Reflect.get(o, 'parentId');
  return ['id', 'pageId', 'bodyHtml', 'createdAt'].every((k) => typeof Reflect.get(o, k) === 'string') &&
    (parentId === null || typeof parentId === 'string') &&
    typeof Reflect.get(Object(author), 'name') === 'string' &&
    ['approved', 'pending'].includes(String(Reflect.get(o, 'status')));
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
