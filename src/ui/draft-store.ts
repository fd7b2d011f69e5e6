/** What the reader has typed into one form, kept until the backend confirms the post. */
export interface Draft {
  body: string;
  name: string;
  email: string;
  url: string;
  notifyReplies: boolean;
  notifyPosts: boolean;
  /** The key of a post that was sent but not confirmed; a retry reuses it. */
  idempotencyKey: string | null;
  /** When the reader started typing this draft (ms since epoch): the server's minimum-time check counts from here. */
  startedAt: number | null;
  /** Posted while the browser was offline: sent, with its key, once the connection returns. */
  queued?: boolean;
}

/** Reads and writes one form's draft. Never throws: storage may be missing, full or forbidden. */
export interface DraftStore {
  /** The saved draft, or `null` when there is none (or storage is unavailable). */
  load(): Draft | null;
  /** Saves the draft; an empty draft removes the entry. */
  save(draft: Draft): void;
  /** Removes the draft, once the backend has confirmed the post. */
  clear(): void;
}

/** A draft with nothing typed in it. */
export const EMPTY_DRAFT: Draft = {
  body: '', name: '', email: '', url: '', notifyReplies: false, notifyPosts: false, idempotencyKey: null, startedAt: null,
};

const PREFIX = 'natter:draft:';

/** The storage key of the draft for `pageId`, and for the reply to `parentId` when given. */
export function draftKey(pageId: string, parentId: string | null | undefined): string {
  return PREFIX + JSON.stringify([pageId, parentId ?? null]);
}

/**
 * Keeps `body` as the text of the draft for `pageId` (and `parentId`), the rest
 * of the draft as it was: what the collapsed form does before the form's code
 * has loaded, which then takes the text over. Without storage, nothing is kept.
 */
export function keepBody(pageId: string, parentId: string | null | undefined, body: string): void {
  try {
    const key = draftKey(pageId, parentId);
    const saved: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    localStorage.setItem(key, JSON.stringify({ ...Object(saved), body }));
  } catch {
    // No storage (or a draft that is not JSON): the text stays in the textarea until the form takes over.
  }
}

/**
 * A {@link DraftStore} in `localStorage`, one entry per page and reply parent.
 * `getStorage` is called on every access because merely reading
 * `window.localStorage` throws in sandboxed frames and with storage disabled.
 */
export function createDraftStore(
  pageId: string,
  parentId: string | null | undefined,
  getStorage: () => Storage | null | undefined = () => globalThis.localStorage,
): DraftStore {
  const key = draftKey(pageId, parentId);
  const attempt = <T>(use: (storage: Storage) => T): T | undefined => {
    try {
      const storage = getStorage();
      return storage ? use(storage) : undefined;
    } catch {
      // Private mode, quota exceeded, storage disabled: the form works without drafts.
      return undefined;
    }
  };
  return {
    load: () => attempt((storage) => parseDraft(storage.getItem(key))) ?? null,
    save(draft) {
      attempt((storage) => {
        if (isEmpty(draft)) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(draft));
      });
    },
    clear() {
      attempt((storage) => storage.removeItem(key));
    },
  };
}

function isEmpty(draft: Draft): boolean {
  return !draft.body && !draft.name && !draft.email && !draft.url && !draft.idempotencyKey;
}

/** Narrows a stored value back into a {@link Draft}; anything malformed is no draft. */
export function parseDraft(text: string | null): Draft | null {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record: Record<string, unknown> = { ...value };
  const str = (name: string) => (typeof record[name] === 'string' ? String(record[name]) : '');
  const { startedAt } = record;
  return {
    body: str('body'),
    name: str('name'),
    email: str('email'),
    url: str('url'),
    notifyReplies: record.notifyReplies === true,
    notifyPosts: record.notifyPosts === true,
    idempotencyKey: str('idempotencyKey') || null,
    startedAt: typeof startedAt === 'number' && Number.isFinite(startedAt) ? startedAt : null,
    ...(record.queued === true ? { queued: true } : {}),
  };
}
