import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { WordPressBackend } from '../../../src/backend/wordpress/wordpress-backend';
import { describeBackendContract, expectNatterError } from '../../helpers/backend-contract';
import { MapStorage } from '../../helpers/map-storage';
import { fetchFrom, startWordPress, TEST_ORIGIN, type WordPressSite } from '../../helpers/wordpress';

let site: WordPressSite;
beforeAll(async () => {
  site = await startWordPress();
}, 600_000);

/** A reader's backend: its own browser storage, on a page of the listed test origin. */
const reader = (storage: Storage = new MapStorage(), options: { siteUrl?: string; fetch?: typeof fetch } = {}) =>
  new WordPressBackend({ siteUrl: site.baseUrl, storage, fetch: fetchFrom(TEST_ORIGIN), ...options });

describeBackendContract('WordPressBackend', async () => ({
  backend: reader(),
  other: async () => reader(),
  approve: (id) => site.approve(id),
  preparePage: async (pageId) => {
    await site.createPost(pageId.split('/').pop() ?? '');
  },
}), {
  requires: ['getLikes', 'setLike', 'countComments'],
  absent: ['editComment', 'deleteComment', 'getSession', 'signIn', 'signOut', 'subscribe'],
});

let n = 0;
const guest = () => ({ name: `WP Reader ${++n}`, email: `wp-${Date.now()}-${n}@example.org` });
const post = (backend: WordPressBackend, pageId: string, body: string, parentId: string | null = null) =>
  backend.postComment({ pageId, parentId, body, guest: guest(), idempotencyKey: `${body}-${Math.random()}` });

describe('WordPressBackend against a real WordPress', () => {
  it('offers guests, likes and WordPress’s limits with the plugin, and nothing WordPress lacks', async () => {
    const config = await reader().getConfig();
    expect(config).toMatchObject({
      providers: [], guests: true, requireNameEmail: true,
      features: { likes: true, notifyReplies: false, notifyPosts: false, edit: false, live: false },
      limits: { bodyMaxLength: 65_525, nameMaxLength: 245, urlMaxLength: 200, pageSizeMax: 100 },
    });
  });

  it('finds a thread by post id, by permalink and by path, and through ?rest_route=', async () => {
    const slug = `found-${Date.now()}`;
    const id = await site.createPost(slug);
    const written = await post(reader(), String(id), 'Found by id');
    await site.approve(written.id);
    for (const pageId of [String(id), `${site.baseUrl}/${slug}/`, `/${slug}/`]) {
      expect((await reader().listComments({ pageId })).comments.map((c) => c.id)).toEqual([written.id]);
    }
    const plain = reader(new MapStorage(), { siteUrl: `${site.baseUrl}/?rest_route=/` });
    expect((await plain.listComments({ pageId: `/${slug}/` })).comments.map((c) => c.id)).toEqual([written.id]);
  });

  it('falls back on ?rest_route= by itself when the site has no pretty permalinks', async () => {
    const slug = `plain-${Date.now()}`;
    const id = await site.createPost(slug);
    const written = await post(reader(), String(id), 'Found without pretty permalinks');
    await site.approve(written.id);
    // A front for the site whose /wp-json/ is an HTML page, as WordPress answers without pretty permalinks.
    const asked: string[] = [];
    const front = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url?.startsWith('/wp-json')) {
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
        return;
      }
      fetch(`${site.baseUrl}${req.url ?? '/'}`, { headers: { Origin: TEST_ORIGIN } }).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
      }, () => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = front.address() as AddressInfo;
      const backend = reader(new MapStorage(), { siteUrl: `http://127.0.0.1:${port}` });
      expect((await backend.listComments({ pageId: String(id) })).comments.map((c) => c.id)).toEqual([written.id]);
      expect(asked[0]).toBe('/wp-json/natter/v1/config');
      expect(asked.slice(1).every((url) => url.startsWith('/?rest_route='))).toBe(true);
    } finally {
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('keeps a held comment visible to its author as pending across a reload, and drops it once approved', async () => {
    const pageId = String(await site.createPost(`held-${Date.now()}`));
    const storage = new MapStorage();
    const held = await post(reader(storage), pageId, 'Waiting for a moderator');
    expect(held.status).toBe('pending');
    const reloaded = reader(storage);
    expect((await reloaded.listComments({ pageId })).comments.map((c) => [c.id, c.status, c.mine])).toEqual([[held.id, 'pending', true]]);
    expect((await reader().listComments({ pageId })).comments).toEqual([]);
    await site.approve(held.id);
    expect((await reader(storage).listComments({ pageId })).comments.map((c) => [c.id, c.status, c.mine])).toEqual([[held.id, 'approved', true]]);
  });

  it('maps WordPress’s refusals to natter’s codes and stores nothing', async () => {
    await expectNatterError(post(reader(), String(site.closedPostId), 'Closed?'), 'closed');
    const pageId = String(await site.createPost(`refused-${Date.now()}`));
    const backend = reader();
    const same = { pageId, parentId: null, body: 'Said once', guest: guest() };
    await backend.postComment({ ...same, idempotencyKey: 'one' });
    await expectNatterError(backend.postComment({ ...same, idempotencyKey: 'two' }), 'duplicate');
    await expectNatterError(post(backend, pageId, 'Reply to nothing', '999999'), 'not_found');
    await expectNatterError(post(backend, '/no-such-post-anywhere/', 'Nowhere'), 'not_found');
  });

  it('refuses guest comments from a site the plugin does not list', async () => {
    const stranger = reader(new MapStorage(), { fetch: fetchFrom('https://elsewhere.example') });
    expect((await stranger.getConfig()).guests).toBe(false);
    await expectNatterError(post(stranger, String(site.openPostId), 'From elsewhere'), 'unsupported');
  });

  it('reads threads without the plugin, and says posting and likes are off', async () => {
    const slug = `bare-${Date.now()}`;
    const id = await site.createPost(slug);
    const written = await post(reader(), String(id), 'Readable without the plugin');
    await site.approve(written.id);
    const bare = reader(new MapStorage(), { fetch: fetchFrom(TEST_ORIGIN, { 'X-Natter-Test-Plugin': 'off' }) });
    const config = await bare.getConfig();
    expect(config.guests).toBe(false);
    expect(config.features.likes).toBe(false);
    expect((await bare.listComments({ pageId: `/${slug}/` })).comments.map((c) => c.id)).toEqual([written.id]);
    await expectNatterError(post(bare, String(id), 'Posting is off'), 'unsupported');
    await expectNatterError(bare.getLikes(String(id)), 'unsupported');
  });

  it('decodes WordPress’s escaped author names to plain text', async () => {
    const pageId = String(await site.createPost(`names-${Date.now()}`));
    const comment = await reader().postComment({
      pageId, parentId: null, body: 'Names are text', idempotencyKey: 'names',
      guest: { name: 'Tom & "Jerry" <b>', email: `names-${Date.now()}@example.org` },
    });
    expect(comment.author.name).toBe('Tom & "Jerry"');
  });
});
