import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, postComment, testServer, visitor, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer({ config: { moderation: 'none', rateLimit: 0 } }); });
afterEach(async () => { await t.close(); });

interface Thread {
  config: { features: { likes: boolean } };
  page: { comments: { id: string; bodyHtml: string; status: string; mine?: boolean; source?: string }[]; total: number; nextCursor: string | null };
  likes: { count: number; liked: boolean; likers: { name: string }[] };
}

/** `GET /api/thread` of `/post` as `who` (a visitor number, or nobody), with extra headers. */
const thread = (who: number | null, headers: Record<string, string> = {}, query = '') =>
  t.app.request(`/api/thread?page=%2Fpost${who === null ? '' : `&visitor=${visitor(who)}`}${query}`, { headers });

/** The answer's JSON, decoded by its Content-Encoding. */
async function read(res: Response): Promise<Thread> {
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const coding = res.headers.get('Content-Encoding');
  return JSON.parse((coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'));
}

const like = (who: number) => t.app.request('/api/likes?page=/post', json('PUT', { guest: { name: `Liker ${who}` } }, { 'X-Natter-Visitor': visitor(who) }));

describe('GET /api/thread', () => {
  it('answers the config, the first page and the likes, compressed as asked, revalidated with 304', async () => {
    for (let i = 0; i < 20; i++) expect((await postComment(t.app, { body: `Comment number ${i}, long enough to be worth compressing.` })).status).toBe(201);
    const plain = await thread(1);
    const body = await read(plain.clone());
    expect(body.config.features.likes).toBe(true);
    expect(body.page.comments).toHaveLength(20);
    expect(body.likes).toEqual({ count: 0, liked: false, likers: [] });
    expect(plain.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(plain.headers.get('Vary')).toContain('Accept-Encoding');

    const br = await thread(1, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(await read(br.clone())).toEqual(body);
    const again = await thread(1, { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('ETag') ?? '' });
    expect(again.status).toBe(304);
  });

  it('shows a reader their own held comment and never hands it, or its source, to anyone else', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'all', rateLimit: 0 } });
    // Other readers' answers are made and kept first.
    expect((await read(await thread(2))).page.comments).toEqual([]);
    expect((await read(await thread(null))).page.comments).toEqual([]);
    expect((await postComment(t.app, { body: 'held for review' }, { 'X-Natter-Visitor': visitor(1) })).status).toBe(201);

    const own = await read(await thread(1));
    expect(own.page.comments).toHaveLength(1);
    expect(own.page.comments[0]).toMatchObject({ status: 'pending', mine: true, source: 'held for review' });
    for (const other of [2, 3, null]) {
      const seen = await thread(other, { 'Accept-Encoding': 'br' });
      const text = JSON.stringify(await read(seen));
      expect(text).not.toContain('held for review');
    }
    // Their own copy is still theirs after the others were served.
    expect((await read(await thread(1))).page.comments).toHaveLength(1);
  });

  it('tells each reader whether they like the page, the count and likers the same for all', async () => {
    expect((await read(await thread(2))).likes.liked).toBe(false);
    expect((await like(1)).status).toBe(200);
    const mine = await read(await thread(1));
    expect(mine.likes).toMatchObject({ count: 1, liked: true });
    const theirs = await read(await thread(2));
    expect(theirs.likes).toMatchObject({ count: 1, liked: false });
    expect(theirs.likes.likers).toEqual(mine.likes.likers);
    expect((await read(await thread(null))).likes.liked).toBe(false);
    expect((await read(await thread(1))).likes.liked).toBe(true);
    // Two readers in the same state share one ETag; different states do not.
    const a = await thread(2, { 'Accept-Encoding': 'br' });
    const b = await thread(3, { 'Accept-Encoding': 'br' });
    const c = await thread(1, { 'Accept-Encoding': 'br' });
    expect(a.headers.get('ETag')).toBe(b.headers.get('ETag'));
    expect(c.headers.get('ETag')).not.toBe(a.headers.get('ETag'));
  });

  it('answers anew after a comment, a like or an unlike, not from the kept copy', async () => {
    await postComment(t.app, { body: 'first' });
    const before = await thread(2, { 'Accept-Encoding': 'br' });
    expect((await read(before.clone())).page.total).toBe(1);
    const etag = before.headers.get('ETag') ?? '';

    await postComment(t.app, { body: 'second' });
    const afterPost = await thread(2, { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect((await read(afterPost.clone())).page.total).toBe(2);

    await like(1);
    expect((await read(await thread(2))).likes.count).toBe(1);
    await t.app.request('/api/likes?page=/post', { method: 'DELETE', headers: { 'X-Natter-Visitor': visitor(1) } });
    expect((await read(await thread(1))).likes).toMatchObject({ count: 0, liked: false });
  });

  it('answers the same with nothing kept (--page-cache-mb 0)', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'none', rateLimit: 0, pageCacheMb: 0 } });
    await postComment(t.app, { body: 'kept nowhere' });
    const first = await read(await thread(1, { 'Accept-Encoding': 'br' }));
    expect(first.page.comments.map((c) => c.bodyHtml)).toEqual(['<p>kept nowhere</p>']);
    expect(await read(await thread(1, { 'Accept-Encoding': 'br' }))).toEqual(first);
  });

  it('refuses a malformed visitor id or query with 400', async () => {
    expect((await t.app.request('/api/thread?page=%2Fpost&visitor=short')).status).toBe(400);
    expect((await t.app.request('/api/thread?page=%2Fpost&sort=sideways')).status).toBe(400);
    expect((await t.app.request('/api/thread')).status).toBe(400);
  });
});
