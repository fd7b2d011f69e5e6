import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend, LiveEvent, NewComment } from '../../src/backend/backend';
import { isNatterError } from '../../src/model/errors';
import { PROVIDERS } from '../../src/model/types';
import type { Comment, GuestIdentity, SiteConfig } from '../../src/model/types';
import type { ErrorCode } from '../../src/protocol/error-codes';

/** What a conformance run needs from the backend under test. */
export interface ContractSubject {
  /** The reader under test. */
  backend: Backend;
  /** A second, independent reader of the same site (another browser). */
  other: () => Promise<Backend>;
  /**
   * Approves a held comment as a moderator would. Required when the backend
   * holds comments for moderation (the suite fails with a clear message when a
   * comment comes back `pending` and there is no way to approve it).
   */
  approve?: (id: string) => Promise<void>;
  /**
   * Signs `backend` in. @default `backend.signIn(firstProvider)` when the
   * config says `simulatedSignIn`; without either, the session tests adapt away.
   */
  signIn?: (backend: Backend) => Promise<void>;
  /**
   * Makes the thread `pageId` exist, for backends whose threads belong to pages
   * that must exist first (a WordPress post). Called before each test.
   */
  preparePage?: (pageId: string) => Promise<void>;
  cleanup?: () => Promise<void>;
}

/** The optional members of {@link Backend}. */
export type Capability =
  | 'editComment' | 'deleteComment' | 'getLikes' | 'setLike'
  | 'getSession' | 'signIn' | 'signOut' | 'subscribe' | 'countComments';

/** Every optional member of {@link Backend}. */
export const ALL_CAPABILITIES: readonly Capability[] = [
  'editComment', 'deleteComment', 'getLikes', 'setLike', 'getSession', 'signIn', 'signOut', 'subscribe', 'countComments',
];

/** Options for {@link describeBackendContract}. */
export interface ContractOptions {
  /** Optional members this backend must have (the suite fails if one is missing). @default [] */
  requires?: readonly Capability[];
  /** Optional members this backend must not have, so the UI offers nothing dead. @default [] */
  absent?: readonly Capability[];
}

let counter = 0;
/** A string no other test (or earlier run against a persistent server) has used. */
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Rejects with a NatterError of `code` (and `field`, when given). */
export async function expectNatterError(promise: Promise<unknown>, code: ErrorCode, field?: string): Promise<void> {
  let error: unknown = null;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(isNatterError(error), `expected a NatterError "${code}", got ${String(error)}`).toBe(true);
  if (!isNatterError(error)) return;
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
}

/** Rejects with a NatterError whose code is one of `codes`. */
async function expectOneOf(promise: Promise<unknown>, codes: readonly ErrorCode[]): Promise<void> {
  let error: unknown = null;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(isNatterError(error), `expected a NatterError, got ${String(error)}`).toBe(true);
  if (isNatterError(error)) expect(codes).toContain(error.code);
}

/**
 * The Backend conformance suite. It is written against the interface only, so
 * the same tests run against the memory backend, the http backend talking to a
 * live server, and the WordPress backend. Tests of an optional capability run
 * when the backend has it (and the config enables the matching feature); pass
 * `requires` to insist that a backend has some.
 *
 * Every test uses its own page id and guest email, so `make` may hand back the
 * same live server each time.
 *
 * @example
 * describeBackendContract('MemoryBackend', async () => {
 *   const backend = new MemoryBackend();
 *   return { backend, other: async () => new MemoryBackend({ store: backend.store }),
 *     approve: async (id) => backend.store.approve(id) };
 * }, { requires: ALL_CAPABILITIES });
 */
export function describeBackendContract(
  name: string,
  make: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  describe(`${name} (Backend contract)`, () => {
    let s: ContractSubject;
    let config: SiteConfig;
    let pageId: string;
    let guest: GuestIdentity;

    beforeEach(async () => {
      s = await make();
      config = await s.backend.getConfig();
      pageId = unique('/contract/page');
      guest = { name: 'Contract Reader', email: `${unique('reader')}@example.org` };
      await s.preparePage?.(pageId);
    });
    afterEach(async () => {
      await s.cleanup?.();
    });

    const has = (c: Capability) => typeof s.backend[c] === 'function';

    function input(body: string, extra: Partial<NewComment> = {}): NewComment {
      return { pageId, parentId: null, body, guest, idempotencyKey: unique('key'), elapsedMs: 60_000, honeypot: '', ...extra };
    }

    /** Approves `comment` when it was held; returns its id. */
    async function settle(comment: Comment): Promise<string> {
      if (comment.status === 'pending') {
        if (!s.approve) throw new Error(`${name} held comment ${comment.id} for moderation, but the subject has no approve()`);
        await s.approve(comment.id);
      }
      return comment.id;
    }

    /** Posts and approves: a comment every reader sees. */
    async function publish(backend: Backend, body: string, extra: Partial<NewComment> = {}): Promise<string> {
      return settle(await backend.postComment(input(body, extra)));
    }

    async function listAll(backend: Backend, sort: 'oldest' | 'newest' = 'oldest'): Promise<Comment[]> {
      return (await backend.listComments({ pageId, sort, limit: config.limits.pageSizeMax })).comments;
    }

    it('has the optional capabilities it is expected to have', () => {
      for (const capability of options.requires ?? []) {
        expect(typeof s.backend[capability], `${name} lacks ${capability}`).toBe('function');
      }
      for (const capability of options.absent ?? []) {
        expect(s.backend[capability], `${name} offers ${capability}`).toBeUndefined();
      }
    });

    it('describes the site with known providers, feature switches and positive limits', () => {
      expect(config.providers.every((p) => (PROVIDERS as readonly string[]).includes(p))).toBe(true);
      expect(new Set(config.providers).size).toBe(config.providers.length);
      expect(typeof config.guests).toBe('boolean');
      expect(typeof config.requireNameEmail).toBe('boolean');
      for (const key of ['likes', 'notifyReplies', 'notifyPosts', 'edit', 'live'] as const) {
        expect(typeof config.features[key]).toBe('boolean');
      }
      for (const key of ['bodyMaxLength', 'nameMaxLength', 'urlMaxLength', 'editWindowSeconds', 'pageSizeMax'] as const) {
        expect(Number.isInteger(config.limits[key]) && config.limits[key] > 0).toBe(true);
      }
    });

    it('lists an empty page for a page nobody commented on', async () => {
      expect(await s.backend.listComments({ pageId })).toEqual({ comments: [], nextCursor: null, total: 0 });
    });

    it('returns a posted comment and lists it for its author', async () => {
      const posted = await s.backend.postComment(input('Hello from the contract suite'));
      expect(typeof posted.id).toBe('string');
      expect(posted.id).not.toBe('');
      expect(posted).toMatchObject({ pageId, parentId: null, mine: true });
      expect(posted.author.name).toBe(guest.name);
      expect(posted.bodyHtml).toContain('Hello from the contract suite');
      expect(Number.isNaN(Date.parse(posted.createdAt))).toBe(false);
      expect(['approved', 'pending']).toContain(posted.status);
      const listed = await listAll(s.backend);
      expect(listed.map((c) => c.id)).toEqual([posted.id]);
      expect(listed[0]?.bodyHtml).toContain('Hello from the contract suite');
    });

    it('never returns typed markup as live markup', async () => {
      const posted = await s.backend.postComment(input('<script>alert(1)</script> <img src=x onerror=alert(2)>'));
      const listed = await listAll(s.backend);
      for (const html of [posted.bodyHtml, listed[0]?.bodyHtml ?? '']) {
        expect(html).not.toMatch(/<(script|img)\b|<[^>]*\son\w+\s*=/i);
      }
    });

    it('never returns the email address of a guest', async () => {
      const posted = await s.backend.postComment(input('Private address, public comment'));
      await settle(posted);
      const seen = JSON.stringify([posted, await s.backend.listComments({ pageId }), await listAll(await s.other())]);
      expect(seen).not.toContain(guest.email);
    });

    it('nests replies under their thread and counts only threads for pagination', async () => {
      const a = await publish(s.backend, 'Thread A');
      const b = await publish(s.backend, 'Thread B');
      const a1 = await publish(s.backend, 'Reply to A', { parentId: a });
      const a1a = await publish(s.backend, 'Reply to the reply', { parentId: a1 });

      const first = await s.backend.listComments({ pageId, limit: 1 });
      expect(first.comments.map((c) => [c.id, c.parentId])).toEqual([[a, null], [a1, a], [a1a, a1]]);
      expect(first.total).toBe(4);
      expect(first.nextCursor).not.toBeNull();
      const second = await s.backend.listComments({ pageId, limit: 1, cursor: first.nextCursor });
      expect(second.comments.map((c) => c.id)).toEqual([b]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a reply to a comment that does not exist', async () => {
      await expectOneOf(s.backend.postComment(input('Orphan', { parentId: 'no-such-comment' })), ['not_found', 'invalid']);
      expect(await listAll(s.backend)).toEqual([]);
    });

    it('pages through threads with cursors, without duplicates or gaps', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await publish(s.backend, `Thread number ${i}`));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await s.backend.listComments({ pageId, limit: 3, cursor });
        sizes.push(page.comments.length);
        seen.push(...page.comments.map((c) => c.id));
        expect(page.total).toBe(7);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual(ids);
    });

    it('rejects a cursor it did not make', async () => {
      await expectNatterError(s.backend.listComments({ pageId, cursor: 'not-a-cursor' }), 'invalid');
    });

    it('rejects a page size outside 1..pageSizeMax and an empty page id', async () => {
      await expectNatterError(s.backend.listComments({ pageId, limit: 0 }), 'invalid');
      await expectNatterError(s.backend.listComments({ pageId, limit: config.limits.pageSizeMax + 1 }), 'invalid');
      await expectNatterError(s.backend.listComments({ pageId: '' }), 'invalid');
    });

    it('sorts threads oldest or newest first and always lists replies oldest first', async () => {
      const first = await publish(s.backend, 'First thread');
      const second = await publish(s.backend, 'Second thread');
      const r1 = await publish(s.backend, 'First reply', { parentId: first });
      const r2 = await publish(s.backend, 'Second reply', { parentId: first });
      expect((await listAll(s.backend, 'oldest')).map((c) => c.id)).toEqual([first, r1, r2, second]);
      expect((await listAll(s.backend, 'newest')).map((c) => c.id)).toEqual([second, first, r1, r2]);
    });

    it('posts once however often the same idempotency key is sent', async () => {
      const same = input('Exactly once, please');
      const one = await s.backend.postComment(same);
      const two = await s.backend.postComment(same);
      const [three, four] = await Promise.all([s.backend.postComment(same), s.backend.postComment(same)]);
      expect([two.id, three.id, four.id]).toEqual([one.id, one.id, one.id]);
      expect((await listAll(s.backend)).map((c) => c.id)).toEqual([one.id]);
    });

    it('rejects bad input with a code and the field, and stores nothing', async () => {
      const limits = config.limits;
      await expectNatterError(s.backend.postComment(input('   ')), 'invalid', 'body');
      await expectNatterError(s.backend.postComment(input('x'.repeat(limits.bodyMaxLength + 1))), 'too_long', 'body');
      if (config.requireNameEmail) {
        await expectNatterError(s.backend.postComment(input('Hi', { guest: { ...guest, email: 'not-an-email' } })), 'invalid', 'email');
        await expectNatterError(s.backend.postComment(input('Hi', { guest: { ...guest, name: '' } })), 'invalid', 'name');
      }
      const longName = 'n'.repeat(limits.nameMaxLength + 1);
      await expectNatterError(s.backend.postComment(input('Hi', { guest: { ...guest, name: longName } })), 'too_long', 'name');
      for (const url of ['javascript:alert(1)', 'example.com', 'ftp://example.com/', 'data:text/html,x']) {
        await expectNatterError(s.backend.postComment(input('Hi', { guest: { ...guest, url } })), 'invalid', 'url');
      }
      const longUrl = `https://example.com/${'a'.repeat(limits.urlMaxLength)}`;
      await expectNatterError(s.backend.postComment(input('Hi', { guest: { ...guest, url: longUrl } })), 'too_long', 'url');
      expect(await listAll(s.backend)).toEqual([]);
    });

    it('keeps a guest website as a normalised absolute http(s) URL', async () => {
      const id = await publish(s.backend, 'With a website', { guest: { ...guest, url: 'HTTPS://Example.COM/me' } });
      const listed = (await listAll(await s.other())).find((c) => c.id === id);
      expect(listed?.author.url).toBe('https://example.com/me');
    });

    it('shows a held comment only to its author until it is approved', async () => {
      const posted = await s.backend.postComment(input('Held until approved?'));
      const other = await s.other();
      if (posted.status === 'pending') {
        const own = await s.backend.listComments({ pageId });
        expect(own.comments.map((c) => [c.id, c.status])).toEqual([[posted.id, 'pending']]);
        expect(own.total).toBe(0);
        expect((await other.listComments({ pageId })).comments).toEqual([]);
        await settle(posted);
      }
      const seen = await other.listComments({ pageId });
      expect(seen.comments.map((c) => [c.id, c.status])).toEqual([[posted.id, 'approved']]);
      expect(seen.total).toBe(1);
    });

    it('marks comments as mine only for their author, and shows the source only to them', async () => {
      const id = await publish(s.backend, 'Whose is this?');
      const own = (await listAll(s.backend))[0];
      const theirs = (await listAll(await s.other()))[0];
      expect(own).toMatchObject({ id, mine: true });
      expect(theirs?.id).toBe(id);
      expect(theirs?.mine).not.toBe(true);
      expect(theirs?.source).toBeUndefined();
      expect(theirs?.editableUntil).toBeUndefined();
    });

    describe('editing and deleting', () => {
      const able = () => has('editComment') && has('deleteComment') && config.features.edit;

      it('lets the author edit within the window, and nobody else', async () => {
        if (!able()) return;
        const posted = await s.backend.postComment(input('Before the edit'));
        await settle(posted);
        expect(Date.parse(posted.editableUntil ?? '')).toBeGreaterThan(Date.parse(posted.createdAt));
        const other = await s.other();
        await expectOneOf(other.editComment!(posted.id, { body: 'Hijacked' }), ['forbidden', 'not_found']);
        const edited = await s.backend.editComment!(posted.id, { body: 'After the edit' });
        expect(edited.id).toBe(posted.id);
        expect(edited.bodyHtml).toContain('After the edit');
        expect(edited.editedAt).toBeDefined();
        const seen = (await listAll(other))[0];
        expect(seen?.bodyHtml).toContain('After the edit');
        expect(seen?.bodyHtml).not.toContain('Hijacked');
      });

      it('validates an edit like a new comment', async () => {
        if (!able()) return;
        const id = await publish(s.backend, 'Valid body');
        await expectNatterError(s.backend.editComment!(id, { body: ' ' }), 'invalid', 'body');
        await expectNatterError(
          s.backend.editComment!(id, { body: 'x'.repeat(config.limits.bodyMaxLength + 1) }), 'too_long', 'body');
        expect((await listAll(s.backend))[0]?.bodyHtml).toContain('Valid body');
      });

      it('lets the author delete, and nobody else', async () => {
        if (!able()) return;
        const keep = await publish(s.backend, 'Keep me');
        const drop = await publish(s.backend, 'Delete me');
        const other = await s.other();
        await expectOneOf(other.deleteComment!(drop), ['forbidden', 'not_found']);
        expect((await listAll(other)).map((c) => c.id)).toEqual([keep, drop]);
        await s.backend.deleteComment!(drop);
        expect((await listAll(s.backend)).map((c) => c.id)).toEqual([keep]);
        expect((await listAll(other)).map((c) => c.id)).toEqual([keep]);
        await expectOneOf(s.backend.editComment!(drop, { body: 'Too late' }), ['not_found', 'forbidden']);
      });
    });

    describe('likes', () => {
      const able = () => has('getLikes') && has('setLike') && config.features.likes;
      const liker = (n: string): GuestIdentity => ({ name: `Liker ${n}`, email: `${unique('liker')}@example.org` });

      it('counts likes per reader, lists likers and undoes a like', async () => {
        if (!able()) return;
        const other = await s.other();
        expect(await s.backend.getLikes!(pageId)).toEqual({ count: 0, liked: false, likers: [] });
        const mine = await s.backend.setLike!(pageId, true, liker('one'));
        expect(mine).toMatchObject({ count: 1, liked: true });
        expect(mine.likers).toHaveLength(1);
        expect(await s.backend.setLike!(pageId, true, liker('one'))).toMatchObject({ count: 1, liked: true });
        expect(await other.getLikes!(pageId)).toMatchObject({ count: 1, liked: false });
        const theirs = await other.setLike!(pageId, true, liker('two'));
        expect(theirs).toMatchObject({ count: 2, liked: true });
        expect(theirs.likers.map((l) => l.name)).toContain('Liker two');
        expect(await s.backend.setLike!(pageId, false)).toMatchObject({ count: 1, liked: false });
        expect(await other.getLikes!(pageId)).toMatchObject({ count: 1, liked: true });
      });

      it('never returns a liker email', async () => {
        if (!able()) return;
        const who = liker('private');
        const summary = await s.backend.setLike!(pageId, true, who);
        expect(JSON.stringify([summary, await (await s.other()).getLikes!(pageId)])).not.toContain(who.email);
      });
    });

    describe('sessions', () => {
      const signIn = async (backend: Backend): Promise<boolean> => {
        if (s.signIn) {
          await s.signIn(backend);
          return true;
        }
        const provider = config.providers[0];
        if (!backend.signIn || !config.simulatedSignIn || provider === undefined) return false;
        await backend.signIn(provider);
        return true;
      };

      it('signs in, posts under the signed-in name, and signs out', async () => {
        if (!has('getSession') || !has('signOut')) return;
        expect(await s.backend.getSession!()).toBeNull();
        if (!(await signIn(s.backend))) return;
        const session = await s.backend.getSession!();
        expect(session).not.toBeNull();
        expect(config.providers).toContain(session?.provider);
        expect(session?.user.name).not.toBe('');
        const { guest: _, ...signedIn } = input('Signed in');
        const posted = await s.backend.postComment(signedIn);
        expect(posted.author).toMatchObject({ name: session?.user.name, provider: session?.provider });
        expect(posted.mine).toBe(true);
        await s.backend.signOut!();
        expect(await s.backend.getSession!()).toBeNull();
      });
    });

    describe('live events', () => {
      const able = () => has('subscribe') && config.features.live;

      it('tells a subscriber about comments, deletions and likes from another reader', async () => {
        if (!able()) return;
        const events: LiveEvent[] = [];
        const stop = s.backend.subscribe!(pageId, (event) => events.push(event));
        try {
          const other = await s.other();
          const id = await publish(other, 'Live from the other reader');
          await vi.waitFor(() => {
            expect(events.some((e) => e.type === 'comment' && e.comment.id === id && e.comment.status === 'approved')).toBe(true);
          }, { timeout: 5000 });
          const arrived = events.find((e) => e.type === 'comment' && e.comment.id === id);
          expect(arrived?.type === 'comment' && arrived.comment.mine).not.toBe(true);
          if (other.deleteComment && config.features.edit) {
            await other.deleteComment(id);
            await vi.waitFor(() => {
              expect(events.some((e) => e.type === 'deleted' && e.id === id)).toBe(true);
            }, { timeout: 5000 });
          }
          if (other.setLike && config.features.likes) {
            await other.setLike(pageId, true, { name: 'Live liker', email: `${unique('live')}@example.org` });
            await vi.waitFor(() => {
              expect(events.some((e) => e.type === 'likes' && e.count === 1)).toBe(true);
            }, { timeout: 5000 });
          }
        } finally {
          stop();
        }
      });

      it('stops telling a subscriber once it unsubscribes', async () => {
        if (!able()) return;
        const early: LiveEvent[] = [];
        const late: LiveEvent[] = [];
        s.backend.subscribe!(pageId, (event) => early.push(event))();
        const stop = s.backend.subscribe!(pageId, (event) => late.push(event));
        try {
          const id = await publish(await s.other(), 'After unsubscribing');
          await vi.waitFor(() => {
            expect(late.some((e) => e.type === 'comment' && e.comment.id === id)).toBe(true);
          }, { timeout: 5000 });
          expect(early).toEqual([]);
        } finally {
          stop();
        }
      });
    });

    describe('counts', () => {
      it('counts approved comments of many pages at once', async () => {
        if (!has('countComments')) return;
        const empty = unique('/contract/empty');
        await publish(s.backend, 'One');
        const one = await publish(s.backend, 'Two');
        await publish(s.backend, 'Reply', { parentId: one });
        expect(await s.backend.countComments!([pageId, empty])).toEqual({ [pageId]: 3, [empty]: 0 });
      });
    });

    it('rejects a request whose signal is already aborted', async () => {
      await expectNatterError(s.backend.listComments({ pageId, signal: AbortSignal.abort() }), 'cancelled');
    });
  });
}
