import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/backend/backend';
import { MemoryBackend } from '../../../src/backend/memory/memory';
import { DEMO_PAGE_ID, DEMO_SEED } from '../../../src/backend/memory/demo-seed';
import { ALL_CAPABILITIES, describeBackendContract, expectNatterError } from '../../helpers/backend-contract';
import { MapStorage } from '../../helpers/map-storage';

describeBackendContract('MemoryBackend', async () => {
  const backend = new MemoryBackend();
  return {
    backend,
    other: async () => new MemoryBackend({ store: backend.store }),
    approve: async (id) => backend.store.approve(id),
  };
}, { requires: ALL_CAPABILITIES });

const guest = { name: 'Nora Guest', email: 'nora@example.org' };
const post = (backend: MemoryBackend, body: string, key = body) =>
  backend.postComment({ pageId: '/p', parentId: null, body, guest, idempotencyKey: key });

describe('MemoryBackend', () => {
  it('enables all four providers, every feature and the reference limits by default', async () => {
    const config = await new MemoryBackend().getConfig();
    expect(config).toEqual({
      providers: ['wordpress', 'google', 'twitter', 'facebook'],
      guests: true,
      requireNameEmail: true,
      features: { likes: true, notifyReplies: true, notifyPosts: true, edit: true, live: true },
      limits: { bodyMaxLength: 10_000, nameMaxLength: 64, urlMaxLength: 2048, editWindowSeconds: 900, pageSizeMax: 100 },
      simulatedSignIn: true,
    });
  });

  it('merges a partial config over the defaults and labels its sign-in as simulated', async () => {
    const config = await new MemoryBackend({
      config: { providers: ['google'], features: { likes: false }, limits: { bodyMaxLength: 20 }, simulatedSignIn: false },
    }).getConfig();
    expect(config.providers).toEqual(['google']);
    expect(config.features).toMatchObject({ likes: false, edit: true, live: true });
    expect(config.limits).toMatchObject({ bodyMaxLength: 20, nameMaxLength: 64 });
    expect(config.simulatedSignIn).toBe(true);
  });

  it('turns plain text into escaped paragraphs and line breaks', async () => {
    const backend = new MemoryBackend({ holdFirstGuestComment: false });
    const comment = await post(backend, 'First <b>line</b> & "more"\nsecond line\n\n\nNew paragraph');
    expect(comment.bodyHtml).toBe(
      '<p>First &lt;b&gt;line&lt;/b&gt; &amp; &quot;more&quot;<br>second line</p>\n<p>New paragraph</p>');
    expect(comment.source).toBe('First <b>line</b> & "more"\nsecond line\n\n\nNew paragraph');
  });

  it('holds a guest’s first comment and approves later ones from the same email (its domain in any case)', async () => {
    const backend = new MemoryBackend();
    expect((await post(backend, 'first')).status).toBe('pending');
    expect((await post(backend, 'second')).status).toBe('approved');
    const other = new MemoryBackend({ store: backend.store });
    const seen = await other.postComment({
      pageId: '/p', parentId: null, body: 'x', guest: { ...guest, email: 'nora@EXAMPLE.org' }, idempotencyKey: 'k',
    });
    expect(seen.status).toBe('approved');
  });

  it('approves signed-in readers’ comments straight away', async () => {
    const backend = new MemoryBackend();
    await backend.signIn('facebook');
    const comment = await backend.postComment({ pageId: '/p', parentId: null, body: 'hi', idempotencyKey: 'k' });
    expect(comment).toMatchObject({ status: 'approved', author: { name: 'Chris Taylor', provider: 'facebook' } });
  });

  it('closes editing and deleting when the edit window has passed', async () => {
    let now = new Date('2026-01-01T12:00:00Z');
    const backend = new MemoryBackend({ now: () => now, holdFirstGuestComment: false });
    const comment = await post(backend, 'Editable for fifteen minutes');
    expect(comment.editableUntil).toBe('2026-01-01T12:15:00.000Z');
    now = new Date('2026-01-01T12:15:00Z');
    expect((await backend.editComment(comment.id, { body: 'Just in time' })).editedAt).toBe('2026-01-01T12:15:00.000Z');
    now = new Date('2026-01-01T12:15:01Z');
    await expectNatterError(backend.editComment(comment.id, { body: 'Too late' }), 'edit_window_closed');
    await expectNatterError(backend.deleteComment(comment.id), 'edit_window_closed');
    const [listed] = (await backend.listComments({ pageId: '/p' })).comments;
    expect(listed?.bodyHtml).toBe('<p>Just in time</p>');
  });

  it('deletes the replies under a deleted comment', async () => {
    const backend = new MemoryBackend({ holdFirstGuestComment: false });
    const top = await post(backend, 'top');
    await backend.postComment({ pageId: '/p', parentId: top.id, body: 'reply', guest, idempotencyKey: 'r' });
    await backend.deleteComment(top.id);
    expect(await backend.listComments({ pageId: '/p' })).toEqual({ comments: [], nextCursor: null, total: 0 });
  });

  it('answers “unsupported” for likes and edits the config switches off', async () => {
    const backend = new MemoryBackend({ config: { features: { likes: false, edit: false } }, holdFirstGuestComment: false });
    await expectNatterError(backend.getLikes('/p'), 'unsupported');
    await expectNatterError(backend.setLike('/p', true), 'unsupported');
    const comment = await post(backend, 'fixed');
    expect(comment.editableUntil).toBeUndefined();
    await expectNatterError(backend.editComment(comment.id, { body: 'x' }), 'unsupported');
  });

  it('refuses guests when the site allows only signed-in readers', async () => {
    await expectNatterError(post(new MemoryBackend({ config: { guests: false } }), 'hi'), 'unauthorized');
  });

  it('rejects a filled honeypot as spam', async () => {
    const backend = new MemoryBackend();
    await expectNatterError(
      backend.postComment({ pageId: '/p', parentId: null, body: 'buy', guest, idempotencyKey: 'k', honeypot: 'http://spam' }),
      'spam');
  });

  it('refuses names with bidi or zero-width characters, as the natter server does, and keeps a clean name NFC', async () => {
    const backend = new MemoryBackend({ holdFirstGuestComment: false });
    await expectNatterError(
      backend.postComment({ pageId: '/p', parentId: null, body: 'hi', idempotencyKey: 'k0', guest: { ...guest, name: 'Ev\u202Ee\u200B' } }),
      'invalid', 'name');
    const comment = await backend.postComment({
      pageId: '/p', parentId: null, body: 'hi', idempotencyKey: 'k', guest: { ...guest, name: '  Zoe\u0301   Smith ' },
    });
    expect(comment.author.name).toBe('Zo\u00e9 Smith');
    await expectNatterError(
      backend.postComment({ pageId: '/p', parentId: null, body: 'hi', idempotencyKey: 'k2', guest: { ...guest, name: '\u202E\u200B' } }),
      'invalid', 'name');
  });

  it('rejects a cursor made for the other sort order', async () => {
    const backend = new MemoryBackend({ holdFirstGuestComment: false });
    await post(backend, 'one');
    await post(backend, 'two');
    const { nextCursor } = await backend.listComments({ pageId: '/p', limit: 1, sort: 'newest' });
    await expectNatterError(backend.listComments({ pageId: '/p', cursor: nextCursor, sort: 'oldest' }), 'invalid', 'cursor');
  });

  it('persists comments, likes, the visitor and the session to a Storage', async () => {
    const storage = new MapStorage();
    const before = new MemoryBackend({ storage, storageKey: 'test' });
    const held = await post(before, 'Still mine after a reload');
    await before.setLike('/p', true);
    await before.signIn('wordpress');

    const after = new MemoryBackend({ storage, storageKey: 'test' });
    const [listed] = (await after.listComments({ pageId: '/p' })).comments;
    expect(listed).toMatchObject({ id: held.id, status: 'pending', mine: true });
    expect(await after.getLikes('/p')).toMatchObject({ count: 1, liked: true });
    expect(await after.getSession()).toMatchObject({ provider: 'wordpress', user: { name: 'Alex Morgan' } });
    await after.signOut();
    expect(await new MemoryBackend({ storage, storageKey: 'test' }).getSession()).toBeNull();

    const stranger = new MemoryBackend({ storage: new MapStorage(), storageKey: 'test' });
    expect((await stranger.listComments({ pageId: '/p' })).comments).toEqual([]);
  });

  it('starts over from the seed when the stored state is not valid', async () => {
    const storage = new MapStorage();
    storage.setItem('natter:memory', '{"seq":"nope"}');
    const backend = new MemoryBackend({ storage, seed: DEMO_SEED });
    expect((await backend.countComments([DEMO_PAGE_ID]))[DEMO_PAGE_ID]).toBe(8);
  });

  it('sees what another backend on the same storage wrote', async () => {
    const storage = new MapStorage();
    const one = new MemoryBackend({ storage, holdFirstGuestComment: false });
    const two = new MemoryBackend({ storage });
    await post(one, 'written by one');
    expect((await two.listComments({ pageId: '/p' })).total).toBe(1);
  });

  it('signs in after a tick as the configured simulated user', async () => {
    const backend = new MemoryBackend({ simulatedUsers: { google: { id: 'g-1', name: 'Grace' } } });
    expect(await backend.signIn('google')).toEqual({ provider: 'google', user: { id: 'g-1', name: 'Grace' } });
  });

  it('cancels a sign-in when its signal aborts', async () => {
    const backend = new MemoryBackend({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = backend.signIn('twitter', { signal: controller.signal });
    controller.abort();
    await expectNatterError(pending, 'cancelled');
    expect(await new MemoryBackend({ store: backend.store }).getSession()).toBeNull();
    await expectNatterError(backend.signIn('twitter', { signal: AbortSignal.abort() }), 'cancelled');
  });

  it('refuses to sign in with a provider the site did not enable', async () => {
    await expectNatterError(new MemoryBackend({ config: { providers: ['google'] } }).signIn('twitter'), 'not_found');
  });

  it('tells the author, but not other readers, about a held comment', async () => {
    const backend = new MemoryBackend();
    const other = new MemoryBackend({ store: backend.store });
    const mine: LiveEvent[] = [];
    const theirs: LiveEvent[] = [];
    backend.subscribe('/p', (e) => mine.push(e));
    other.subscribe('/p', (e) => theirs.push(e));
    const held = await post(backend, 'held');
    await Promise.resolve();
    expect(mine).toMatchObject([{ type: 'comment', comment: { id: held.id, status: 'pending', mine: true } }]);
    expect(theirs).toEqual([]);
    backend.store.approve(held.id);
    await Promise.resolve();
    expect(theirs).toMatchObject([{ type: 'comment', comment: { id: held.id, status: 'approved', mine: false } }]);
  });

  it('serves the demo thread with its replies and likers', async () => {
    const backend = new MemoryBackend({ seed: DEMO_SEED });
    const page = await backend.listComments({ pageId: DEMO_PAGE_ID });
    expect(page.total).toBe(8);
    expect(page.comments.filter((c) => c.parentId === null)).toHaveLength(3);
    expect(page.comments.every((c) => c.status === 'approved' && c.mine === false)).toBe(true);
    expect(JSON.stringify(page)).not.toContain('@example');
    const likes = await backend.getLikes(DEMO_PAGE_ID);
    expect(likes).toMatchObject({ count: 3, liked: false });
    expect(likes.likers[0]?.name).toBe('Tom Hargreaves');
  });
});
