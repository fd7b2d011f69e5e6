import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { NewCommentRecord, Storage } from '../../src/storage/storage';

let seq = 0;

/** A comment record with sensible defaults. */
export function commentRecord(overrides: Partial<NewCommentRecord> = {}): NewCommentRecord {
  seq += 1;
  return {
    pageId: '/post', parentId: null, rootId: null, status: 'approved', userId: null,
    authorName: 'Ada', authorEmail: 'ada@example.com', authorUrl: null, authorProvider: null, avatarKey: null,
    visitorHash: null, editTokenHash: null, source: `Hello ${seq}`, bodyHtml: `<p>Hello ${seq}</p>`,
    contentHash: `hash-${seq}`, idempotencyKey: `key-${seq}-${Math.random()}`, ip: '127.0.0.1', userAgent: 'test',
    createdAt: 1_700_000_000_000 + seq, pageTitle: null, pageUrl: null,
    ...overrides,
  };
}

/** The storage contract: every implementation and database passes the same suite. */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => { storage = await open(); });
    afterEach(async () => { await storage.close(); });

    it('creates a setting once and keeps the first value', async () => {
      expect(await storage.getOrCreateSetting('secret', () => 'first')).toBe('first');
      expect(await storage.getOrCreateSetting('secret', () => 'second')).toBe('first');
    });

    it('stores a comment and reads it back with every field', async () => {
      const { comment, created } = await storage.insertComment(commentRecord({ source: 'x', authorUrl: 'https://a.example/' }));
      expect(created).toBe(true);
      const read = await storage.getComment(comment.id);
      expect(read).toEqual(comment);
      expect(read?.source).toBe('x');
      expect(read?.authorUrl).toBe('https://a.example/');
      expect(typeof read?.createdAt).toBe('number');
    });

    it('returns the existing comment for a repeated idempotency key instead of a second row', async () => {
      const first = await storage.insertComment(commentRecord({ idempotencyKey: 'same' }));
      const again = await storage.insertComment(commentRecord({ idempotencyKey: 'same', source: 'other' }));
      expect(again.created).toBe(false);
      expect(again.comment.id).toBe(first.comment.id);
      expect((await storage.getCommentByIdempotencyKey('same'))?.id).toBe(first.comment.id);
      expect(await storage.getCommentByIdempotencyKey('other')).toBeNull();
      expect((await storage.exportPage('/post')).length).toBe(1);
    });

    it('keeps one row when the same key is posted concurrently', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => storage.insertComment(commentRecord({ idempotencyKey: 'race' }))));
      expect(new Set(results.map((r) => r.comment.id)).size).toBe(1);
      expect(results.filter((r) => r.created).length).toBe(1);
      expect((await storage.exportPage('/post')).length).toBe(1);
    });

    it('lists threads: top-level paginated, replies oldest first, own pending only', async () => {
      const a = (await storage.insertComment(commentRecord())).comment;
      const b = (await storage.insertComment(commentRecord())).comment;
      const reply = (await storage.insertComment(commentRecord({ parentId: a.id, rootId: a.id }))).comment;
      const nested = (await storage.insertComment(commentRecord({ parentId: reply.id, rootId: a.id }))).comment;
      const pendingMine = (await storage.insertComment(commentRecord({ status: 'pending', visitorHash: 'me' }))).comment;
      await storage.insertComment(commentRecord({ status: 'pending', visitorHash: 'other' }));
      await storage.insertComment(commentRecord({ status: 'spam' }));
      await storage.insertComment(commentRecord({ pageId: '/elsewhere' }));

      const anon = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: null, limit: 10, viewer: { userId: null, visitorHash: null } });
      expect(anon.comments.map((c) => c.id)).toEqual([a.id, b.id, reply.id, nested.id]);
      expect(anon.hasMore).toBe(false);
      expect(anon.total).toBe(4);

      const mine = await storage.listThreads({ pageId: '/post', sort: 'newest', after: null, limit: 10, viewer: { userId: null, visitorHash: 'me' } });
      expect(mine.comments.map((c) => c.id)).toEqual([pendingMine.id, b.id, a.id, reply.id, nested.id]);

      const first = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: null, limit: 1, viewer: { userId: null, visitorHash: null } });
      expect(first.comments.map((c) => c.id)).toEqual([a.id, reply.id, nested.id]);
      expect(first.hasMore).toBe(true);
      const second = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: a.id, limit: 1, viewer: { userId: null, visitorHash: null } });
      expect(second.comments.map((c) => c.id)).toEqual([b.id]);
      expect(second.hasMore).toBe(false);
      const past = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: b.id, limit: 1, viewer: { userId: null, visitorHash: null } });
      expect(past).toEqual({ comments: [], hasMore: false, total: 4 });
    });

    it('reads a page\'s version and whether the viewer wrote there in one call', async () => {
      expect(await storage.pageState('/post', { userId: null, visitorHash: 'v1' })).toEqual({ version: 0, viewerWrote: false, liked: false });
      await storage.insertComment(commentRecord({ visitorHash: 'v1', status: 'pending' }));
      await storage.insertComment(commentRecord({ userId: 'u1' }));
      expect(await storage.pageState('/post', { userId: null, visitorHash: 'v1' })).toEqual({ version: 2, viewerWrote: true, liked: false });
      expect(await storage.pageState('/post', { userId: 'u1', visitorHash: 'v9' })).toEqual({ version: 2, viewerWrote: true, liked: false });
      expect(await storage.pageState('/post', { userId: 'u2', visitorHash: 'v9' })).toEqual({ version: 2, viewerWrote: false, liked: false });
      expect(await storage.pageState('/post', { userId: null, visitorHash: null })).toEqual({ version: 2, viewerWrote: false, liked: false });
    });

    it('knows whether a viewer wrote anything on a page', async () => {
      await storage.insertComment(commentRecord({ visitorHash: 'v1', status: 'spam' }));
      await storage.insertComment(commentRecord({ userId: 'u1', pageId: '/other' }));
      expect(await storage.hasCommentsOn('/post', { userId: null, visitorHash: 'v1' })).toBe(true);
      expect(await storage.hasCommentsOn('/post', { userId: 'u1', visitorHash: 'v2' })).toBe(false);
      expect(await storage.hasCommentsOn('/other', { userId: 'u1', visitorHash: null })).toBe(true);
      expect(await storage.hasCommentsOn('/post', { userId: null, visitorHash: null })).toBe(false);
    });

    it('keeps listing the visible replies of a thread whose top-level comment is hidden', async () => {
      const a = (await storage.insertComment(commentRecord())).comment;
      const reply = (await storage.insertComment(commentRecord({ parentId: a.id, rootId: a.id }))).comment;
      const b = (await storage.insertComment(commentRecord())).comment;
      await storage.setCommentStatus(a.id, 'deleted');
      const anon = { userId: null, visitorHash: null };
      const first = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: null, limit: 1, viewer: anon });
      expect(first.comments.map((c) => c.id)).toEqual([reply.id]);
      expect(first.hasMore).toBe(true);
      const second = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: first.lastThread ?? null, limit: 1, viewer: anon });
      expect(second.comments.map((c) => c.id)).toEqual([b.id]);
      expect(second.hasMore).toBe(false);
      const past = await storage.listThreads({ pageId: '/post', sort: 'oldest', after: b.id, limit: 1, viewer: { userId: null, visitorHash: null } });
      expect(past).toEqual({ comments: [], hasMore: false, total: 2 });
    });

    it('lists what changed on a page since a moment: approved comments written, edited or approved, and those gone, oldest first', async () => {
      const old = (await storage.insertComment(commentRecord({ createdAt: 1000 }))).comment;
      const edited = (await storage.insertComment(commentRecord({ createdAt: 1100 }))).comment;
      await storage.updateCommentBody(edited.id, 'changed', '<p>changed</p>', 'h-changed', 5000);
      const approvedLater = (await storage.insertComment(commentRecord({ createdAt: 1200, status: 'pending' }))).comment;
      const deleted = (await storage.insertComment(commentRecord({ createdAt: 1300 }))).comment;
      const spam = (await storage.insertComment(commentRecord({ createdAt: 1400 }))).comment;
      const deletedBefore = (await storage.insertComment(commentRecord({ createdAt: 1500 }))).comment;
      await storage.setCommentStatus(deletedBefore.id, 'deleted', 4000);
      await storage.setCommentStatus(approvedLater.id, 'approved', 5500);
      await storage.setCommentStatus(deleted.id, 'deleted', 5600);
      await storage.setCommentStatus(spam.id, 'spam', 5700);
      // Never approved, so never shown to readers: nothing to tell them.
      const heldThenDeleted = (await storage.insertComment(commentRecord({ createdAt: 1600, status: 'pending' }))).comment;
      await storage.setCommentStatus(heldThenDeleted.id, 'deleted', 5800);
      const recent = (await storage.insertComment(commentRecord({ createdAt: 6000 }))).comment;
      await storage.insertComment(commentRecord({ createdAt: 7000, status: 'pending' }));
      const elsewhere = (await storage.insertComment(commentRecord({ createdAt: 7000, pageId: '/elsewhere' }))).comment;
      await storage.setCommentStatus(elsewhere.id, 'deleted', 7000);
      const newer = (await storage.insertComment(commentRecord({ createdAt: 8000 }))).comment;
      const since = await storage.listChangesSince('/post', 5000, 10);
      expect(since.comments.map((c) => c.id)).toEqual([edited.id, approvedLater.id, recent.id, newer.id]);
      expect(since.removed).toEqual([deleted.id, spam.id]);
      const few = await storage.listChangesSince('/post', 5000, 1);
      expect(few).toEqual({ comments: [expect.objectContaining({ id: edited.id })], removed: [deleted.id] });
      expect((await storage.listChangesSince('/post', 0, 10)).comments.map((c) => c.id)[0]).toBe(old.id);
      expect((await storage.listChangesSince('/post', 8001, 10))).toEqual({ comments: [], removed: [] });
    });

    it('counts approved comments for many pages, zero for unknown ones', async () => {
      await storage.insertComment(commentRecord({ pageId: '/a' }));
      await storage.insertComment(commentRecord({ pageId: '/a' }));
      await storage.insertComment(commentRecord({ pageId: '/a', status: 'pending' }));
      await storage.insertComment(commentRecord({ pageId: '/b' }));
      expect(await storage.countApproved(['/a', '/b', '/c'])).toEqual({ '/a': 2, '/b': 1, '/c': 0 });
    });

    it('bumps the page version on every change and remembers the title', async () => {
      const c = (await storage.insertComment(commentRecord({ pageTitle: 'Hello', pageUrl: 'https://blog.example/hello' }))).comment;
      const v1 = (await storage.getPage('/post'))!.version;
      await storage.updateCommentBody(c.id, 'new', '<p>new</p>', 'h2', 1_800_000_000_000);
      const v2 = (await storage.getPage('/post'))!.version;
      await storage.setCommentStatus(c.id, 'spam');
      const page = (await storage.getPage('/post'))!;
      expect(v2).toBeGreaterThan(v1);
      expect(page.version).toBeGreaterThan(v2);
      expect(page.title).toBe('Hello');
      expect(page.url).toBe('https://blog.example/hello');
      const edited = await storage.getComment(c.id);
      expect(edited?.source).toBe('new');
      expect(edited?.editedAt).toBe(1_800_000_000_000);
      expect(edited?.status).toBe('spam');
    });

    it('answers null for ids that are not stored ids', async () => {
      for (const id of ['0', '-1', "1' OR '1'='1", '../1', '99999999', '1e3', '']) {
        expect(await storage.getComment(id)).toBeNull();
        expect(await storage.setCommentStatus(id, 'approved')).toBeNull();
      }
    });

    it('knows whether a guest or a user has an approved comment', async () => {
      await storage.insertComment(commentRecord({ authorEmail: 'g@example.com', authorName: 'G', status: 'pending' }));
      expect(await storage.hasApprovedComment({ email: 'g@example.com', name: 'G' })).toBe(false);
      await storage.insertComment(commentRecord({ authorEmail: 'g@example.com', authorName: 'G' }));
      expect(await storage.hasApprovedComment({ email: 'g@example.com', name: 'G' })).toBe(true);
      expect(await storage.hasApprovedComment({ email: 'g@example.com', name: 'Other' })).toBe(false);
      await storage.insertComment(commentRecord({ userId: 'u1', authorEmail: null }));
      expect(await storage.hasApprovedComment({ userId: 'u1' })).toBe(true);
      expect(await storage.hasApprovedComment({ userId: 'u2' })).toBe(false);
    });

    it('finds duplicates by page, content and author', async () => {
      await storage.insertComment(commentRecord({ contentHash: 'dup', authorEmail: 'x@example.com' }));
      expect(await storage.findDuplicate('/post', 'dup', { email: 'x@example.com' })).not.toBeNull();
      expect(await storage.findDuplicate('/post', 'dup', { email: 'y@example.com' })).toBeNull();
      expect(await storage.findDuplicate('/other', 'dup', { email: 'x@example.com' })).toBeNull();
    });

    it('lists the moderation queue by status and search, newest first, with a cursor', async () => {
      const p1 = (await storage.insertComment(commentRecord({ status: 'pending', source: 'Buy 100% cheap things' }))).comment;
      const p2 = (await storage.insertComment(commentRecord({ status: 'pending', source: 'A kind word', pageId: '/x' }))).comment;
      await storage.insertComment(commentRecord({ status: 'approved', source: 'approved one' }));
      const pending = await storage.listForModeration({ status: 'pending', q: null, pageId: null, before: null, limit: 1 });
      expect(pending.comments.map((c) => c.id)).toEqual([p2.id]);
      expect(pending.hasMore).toBe(true);
      const next = await storage.listForModeration({ status: 'pending', q: null, pageId: null, before: p2.id, limit: 1 });
      expect(next.comments.map((c) => c.id)).toEqual([p1.id]);
      const search = await storage.listForModeration({ status: 'all', q: '100%', pageId: null, before: null, limit: 10 });
      expect(search.comments.map((c) => c.id)).toEqual([p1.id]);
      const underscore = await storage.listForModeration({ status: 'all', q: 'cheap_things', pageId: null, before: null, limit: 10 });
      expect(underscore.comments).toEqual([]);
      const kind = await storage.listForModeration({ status: 'all', q: 'KIND', pageId: '/x', before: null, limit: 10 });
      expect(kind.comments.map((c) => c.id)).toEqual([p2.id]);
    });

    it('exports and erases a commenter', async () => {
      await storage.insertComment(commentRecord({ authorEmail: 'erase@example.com', authorName: 'Eve', authorUrl: 'https://eve.example/' }));
      await storage.putLike({ pageId: '/post', likerKey: 'v:1', userId: null, name: 'Eve', url: null, email: 'erase@example.com', avatarKey: null, provider: null, createdAt: 1 });
      await storage.subscribe({ kind: 'replies', pageId: '/post', email: 'erase@example.com', name: 'Eve', createdAt: 1 });
      const data = await storage.commenterData('erase@example.com');
      expect([data.comments.length, data.likes.length, data.subscriptions.length]).toEqual([1, 1, 1]);
      expect(await storage.eraseCommenter('erase@example.com')).toEqual({ comments: 1, likes: 1, subscriptions: 1 });
      const after = await storage.commenterData('erase@example.com');
      expect([after.comments.length, after.likes.length, after.subscriptions.length]).toEqual([0, 0, 0]);
      const [kept] = await storage.exportPage('/post');
      expect(kept?.authorName).toBe('Anonymous');
      expect(kept?.authorUrl).toBeNull();
      expect(kept?.ip).toBeNull();
    });

    it('likes and unlikes once per liker, newest liker first', async () => {
      const like = (key: string, at: number) => ({ pageId: '/post', likerKey: key, userId: null, name: key, url: null, email: null, avatarKey: null, provider: null, createdAt: at });
      await storage.putLike(like('v:a', 1));
      await storage.putLike(like('v:a', 2));
      await storage.putLike(like('v:b', 3));
      const s = await storage.likeSummary('/post', 'v:a', 10);
      expect(s.count).toBe(2);
      expect(s.liked).toBe(true);
      expect(s.likers.map((l) => l.likerKey)).toEqual(['v:b', 'v:a']);
      expect(await storage.likeSummary('/post', 'v:a', 1)).toMatchObject({ count: 2, liked: true, likers: [{ likerKey: 'v:b' }] });
      expect(await storage.likeSummary('/post', 'v:c', 0)).toEqual({ count: 2, liked: false, likers: [] });
      expect(await storage.deleteLike('/post', 'v:a')).toBe(true);
      expect(await storage.deleteLike('/post', 'v:a')).toBe(false);
      expect((await storage.likeSummary('/post', 'v:a', 10)).liked).toBe(false);
      expect((await storage.likeSummary('/post', null, 10)).count).toBe(1);
    });

    it('changes a page\'s version with each like and unlike, and tells whether a liker likes it', async () => {
      const like = (key: string) => ({ pageId: '/post', likerKey: key, userId: null, name: key, url: null, email: null, avatarKey: null, provider: null, createdAt: 1 });
      const anon = { userId: null, visitorHash: null };
      expect(await storage.pageState('/post', anon, 'v:a')).toEqual({ version: 0, viewerWrote: false, liked: false });
      await storage.putLike(like('v:a'));
      expect(await storage.pageState('/post', anon, 'v:a')).toEqual({ version: 1, viewerWrote: false, liked: true });
      expect(await storage.pageState('/post', anon, 'v:b')).toEqual({ version: 1, viewerWrote: false, liked: false });
      expect(await storage.pageState('/post', anon)).toEqual({ version: 1, viewerWrote: false, liked: false });
      await storage.deleteLike('/post', 'v:a');
      expect(await storage.pageState('/post', anon, 'v:a')).toEqual({ version: 2, viewerWrote: false, liked: false });
      await storage.deleteLike('/post', 'v:a');
      expect((await storage.pageState('/post', anon)).version).toBe(2);
    });

    it('subscribes once per kind, page and email and unsubscribes by id', async () => {
      const s1 = await storage.subscribe({ kind: 'replies', pageId: '/post', email: 's@example.com', name: 'S', createdAt: 1 });
      const s2 = await storage.subscribe({ kind: 'replies', pageId: '/post', email: 's@example.com', name: 'S2', createdAt: 2 });
      expect(s2.id).toBe(s1.id);
      await storage.subscribe({ kind: 'posts', pageId: '', email: 's@example.com', name: 'S', createdAt: 1 });
      expect((await storage.listSubscriptions('replies', '/post')).map((s) => s.name)).toEqual(['S2']);
      expect((await storage.listSubscriptions('posts', '')).length).toBe(1);
      expect(await storage.deleteSubscription(s1.id)).toBe(true);
      expect(await storage.getSubscription(s1.id)).toBeNull();
      expect(await storage.deleteSubscription(s1.id)).toBe(false);
    });

    it('keys users by provider and subject and revokes sessions', async () => {
      const u = await storage.upsertUser({ provider: 'google', subject: '42', name: 'Ann', avatarUrl: null, profileUrl: null, email: null }, 5);
      const again = await storage.upsertUser({ provider: 'google', subject: '42', name: 'Ann B', avatarUrl: null, profileUrl: null, email: null }, 6);
      const other = await storage.upsertUser({ provider: 'twitter', subject: '42', name: 'Tw', avatarUrl: null, profileUrl: null, email: null }, 6);
      expect(again.id).toBe(u.id);
      expect(again.name).toBe('Ann B');
      expect(other.id).not.toBe(u.id);
      expect((await storage.getUser(u.id))?.createdAt).toBe(5);
      await storage.createSession({ id: 'jti', kind: 'user', userId: u.id, createdAt: 1, expiresAt: 2, revokedAt: null });
      expect((await storage.getSession('jti'))?.revokedAt).toBeNull();
      expect(await storage.revokeSession('jti', 3)).toBe(true);
      expect(await storage.revokeSession('jti', 4)).toBe(false);
      expect((await storage.getSession('jti'))?.revokedAt).toBe(3);
    });

    it('remembers a comment\'s avatar source with the comment', async () => {
      await storage.insertComment(commentRecord({ avatarKey: 'with-comment', avatarSource: { email: 'w@example.com', url: null } }));
      expect(await storage.lookupAvatar('with-comment')).toEqual({ email: 'w@example.com', url: null });
    });

    it('remembers avatar keys', async () => {
      await storage.rememberAvatar('k', { email: 'a@example.com', url: null });
      expect(await storage.lookupAvatar('k')).toEqual({ email: 'a@example.com', url: null });
      expect(await storage.lookupAvatar('missing')).toBeNull();
    });

    it('lists an avatar key only while its picture may be real', async () => {
      await storage.insertComment(commentRecord({ pageId: 'avatars', bodyHtml: 'unknown, with an email', avatarKey: 'looked-not', avatarSource: { email: 'a@example.com', url: null } }));
      await storage.insertComment(commentRecord({ pageId: 'avatars', bodyHtml: 'nowhere to look', avatarKey: 'nowhere', avatarSource: { email: null, url: null } }));
      await storage.insertComment(commentRecord({ pageId: 'avatars', bodyHtml: 'found', avatarKey: 'found', avatarSource: { email: null, url: 'https://example.com/a.png' } }));
      await storage.insertComment(commentRecord({ pageId: 'avatars', bodyHtml: 'none', avatarKey: 'none', avatarSource: { email: 'n@example.com', url: null } }));
      await storage.insertComment(commentRecord({ pageId: 'avatars', bodyHtml: 'no row', avatarKey: 'no-row' }));
      await storage.recordAvatarPicture('found', true);
      await storage.recordAvatarPicture('none', false);
      await storage.recordAvatarPicture('never-given-out', false);
      const listed = await storage.listThreads({ pageId: 'avatars', sort: 'oldest', limit: 50, after: null, viewer: { userId: null, visitorHash: null } });
      expect(Object.fromEntries(listed.comments.map((c) => [c.bodyHtml, c.avatarKey]))).toEqual({
        'unknown, with an email': 'looked-not', 'nowhere to look': null, found: 'found', none: null, 'no row': null,
      });
      // Only keys natter gave out have a row; a changed source is looked at again.
      expect(await storage.lookupAvatar('never-given-out')).toBeNull();
      await storage.rememberAvatar('none', { email: 'new@example.com', url: null });
      const again = await storage.listThreads({ pageId: 'avatars', sort: 'oldest', limit: 50, after: null, viewer: { userId: null, visitorHash: null } });
      expect(again.comments.find((c) => c.bodyHtml === 'none')?.avatarKey).toBe('none');
      // Likers likewise.
      const like = (key: string, avatarKey: string) => ({ pageId: 'avatars', likerKey: key, userId: null, name: key, url: null, email: null, avatarKey, provider: null, createdAt: 1 });
      await storage.putLike(like('v:found', 'found'));
      await storage.putLike(like('v:nowhere', 'nowhere'));
      const { likers } = await storage.likeSummary('avatars', null, 10);
      expect(Object.fromEntries(likers.map((l) => [l.likerKey, l.avatarKey]))).toEqual({ 'v:found': 'found', 'v:nowhere': null });
    });

    it('counts rate-limit hits per bucket and window, also concurrently, with the bucket\'s recent windows', async () => {
      const counts = await Promise.all(Array.from({ length: 5 }, () => storage.hitRateLimit('ip:1', 100)));
      expect(counts.map((c) => c.count).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(counts.every((c) => c.recent.length === 0)).toBe(true);
      await storage.hitRateLimit('ip:1', 90);
      await storage.hitRateLimit('ip:2', 100);
      expect(await storage.hitRateLimit('ip:1', 101, 100)).toEqual({ count: 1, recent: [{ window: 100, count: 5 }, { window: 101, count: 1 }] });
      expect(await storage.hitRateLimit('ip:1', 102, 90)).toEqual({
        count: 1, recent: [{ window: 90, count: 1 }, { window: 100, count: 5 }, { window: 101, count: 1 }, { window: 102, count: 1 }],
      });
      // Concurrent hits each get their own count for their window, never a later one's.
      const together = await Promise.all(Array.from({ length: 4 }, () => storage.hitRateLimit('ip:3', 200, 100)));
      expect(together.map((c) => c.recent).sort((a, b) => (a.at(-1)?.count ?? 0) - (b.at(-1)?.count ?? 0)))
        .toEqual([1, 2, 3, 4].map((count) => [{ window: 200, count }]));
      await storage.pruneRateLimits(101);
      expect(await storage.hitRateLimit('ip:1', 100, 0)).toEqual({ count: 1, recent: [{ window: 100, count: 1 }] });
    });

    it('sums a bucket\'s recent hits, names the latest, and forgets them on request', async () => {
      expect(await storage.rateLimitHistory('fail:a', 0)).toEqual({ hits: 0, last: null });
      await storage.hitRateLimit('fail:a', 1_700_000_000_000);
      await storage.hitRateLimit('fail:a', 1_700_000_000_500);
      await storage.hitRateLimit('fail:a', 1_700_000_000_500);
      await storage.hitRateLimit('fail:b', 1_700_000_009_000);
      expect(await storage.rateLimitHistory('fail:a', 0)).toEqual({ hits: 3, last: 1_700_000_000_500 });
      expect(await storage.rateLimitHistory('fail:a', 1_700_000_000_001)).toEqual({ hits: 2, last: 1_700_000_000_500 });
      await storage.clearRateLimit('fail:a');
      expect(await storage.rateLimitHistory('fail:a', 0)).toEqual({ hits: 0, last: null });
      expect(await storage.rateLimitHistory('fail:b', 0)).toEqual({ hits: 1, last: 1_700_000_009_000 });
    });
  });
}
