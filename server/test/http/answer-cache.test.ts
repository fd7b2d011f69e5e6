import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ByteLru } from '../../src/http/byte-lru';
import { EncodedBody, pickEncoding } from '../../src/http/encoded-body';
import { postComment, testServer, visitor, type TestServer } from '../helpers/server-app';

let t: TestServer;
beforeEach(async () => { t = await testServer({ config: { moderation: 'none', rateLimit: 0 } }); });
afterEach(async () => { await t.close(); });

let seq = 0;
async function seed(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    seq += 1;
    expect((await postComment(t.app, { body: `Comment number ${seq}, long enough to be worth compressing.` })).status).toBe(201);
  }
}

/** The JSON of an answer, decoded by its Content-Encoding. */
async function decoded(res: Response): Promise<{ comments: unknown[]; total: number }> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const coding = res.headers.get('Content-Encoding');
  const text = coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes;
  return JSON.parse(text.toString('utf8'));
}

const list = (headers: Record<string, string> = {}) => t.app.request('/api/comments?page=%2Fpost', { headers });

describe('compressed answers of GET /api/comments', () => {
  it('answers in the coding the client asks for, the same JSON decoded', async () => {
    await seed(12);
    const plain = await list();
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Vary')).toContain('Accept-Encoding');
    const text = await plain.text();
    expect(JSON.parse(text).comments).toHaveLength(12);

    const br = await list({ 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.byteLength).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(brotliDecompressSync(brBytes).toString('utf8')).toBe(text);

    const gz = await list({ 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(text);

    const refused = await list({ 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers.get('Content-Encoding')).toBeNull();
    expect(await refused.text()).toBe(text);
  });

  it('gives each coding its own ETag and revalidates any of them with 304', async () => {
    await seed(12);
    const plain = await list();
    const br = await list({ 'Accept-Encoding': 'br' });
    const plainTag = plain.headers.get('ETag') ?? '';
    const brTag = br.headers.get('ETag') ?? '';
    expect(plainTag).toMatch(/^W\/".+"$/);
    expect(brTag).not.toBe(plainTag);
    for (const tag of [plainTag, brTag]) {
      const again = await list({ 'Accept-Encoding': 'br', 'If-None-Match': tag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('answers a new version after a post, not the kept one', async () => {
    await seed(3);
    expect((await decoded(await list({ 'Accept-Encoding': 'br' }))).comments).toHaveLength(3);
    await seed(1);
    const after = await decoded(await list({ 'Accept-Encoding': 'br' }));
    expect(after.comments).toHaveLength(4);
    expect(after.total).toBe(4);
  });

  it('keeps a reader\'s own pending comment out of the shared copy', async () => {
    await t.close();
    t = await testServer({ config: { moderation: 'all', rateLimit: 0 } });
    expect((await postComment(t.app, { body: 'held for review' }, { 'X-Natter-Visitor': visitor(1) })).status).toBe(201);
    expect((await decoded(await list({ 'X-Natter-Visitor': visitor(1), 'Accept-Encoding': 'gzip' }))).comments).toHaveLength(1);
    expect((await decoded(await list({ 'X-Natter-Visitor': visitor(2), 'Accept-Encoding': 'gzip' }))).comments).toHaveLength(0);
    expect((await decoded(await list({ 'X-Natter-Visitor': visitor(1), 'Accept-Encoding': 'gzip' }))).comments).toHaveLength(1);
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0')).toBe('identity');
    expect(pickEncoding('identity')).toBe('identity');
  });
});

describe('ByteLru', () => {
  it('is bounded by the bytes it holds, dropping the least recently used', () => {
    const lru = new ByteLru<Uint8Array>(1000, (b) => b.byteLength);
    lru.set('a', new Uint8Array(400));
    lru.set('b', new Uint8Array(400));
    expect(lru.get('a')?.byteLength).toBe(400);
    lru.set('c', new Uint8Array(400));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    expect(lru.bytes).toBe(800);
    lru.set('huge', new Uint8Array(1001));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.bytes).toBe(800);
  });

  it('counts the codings an entry gains', () => {
    const body = new EncodedBody(new TextEncoder().encode(JSON.stringify({ text: 'natter '.repeat(500) })), 'W/"x"');
    const lru = new ByteLru<EncodedBody>(10_000, (b) => b.size);
    lru.set('k', body);
    const before = lru.bytes;
    body.bytes('br');
    lru.resize('k');
    expect(lru.bytes).toBeGreaterThan(before);
    expect(lru.bytes).toBe(body.size);
  });
});

describe('EncodedBody.refine', () => {
  /** Comment-like JSON: words in a fixed pseudo-random order, which the faster levels compress less well. */
  const json = () => {
    const words = 'the a of to and in that it is was for on with as reader comment thought question answer agree disagree point argument example book chapter small beautiful economy scale people'.split(' ');
    let x = 7;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    const comments = Array.from({ length: 60 }, (_, i) => ({ id: String(i), author: { name: `Reader ${i % 13}` }, bodyHtml: `<p>${Array.from({ length: 30 }, () => words[next() % words.length]).join(' ')}</p>` }));
    return new TextEncoder().encode(JSON.stringify(comments));
  };

  it('makes the codings already made smaller, the same content decoded, under the same ETags', () => {
    const body = new EncodedBody(json(), 'W/"x"');
    const fastBr = body.bytes('br');
    const fastGzip = body.bytes('gzip');
    expect(body.refine('small')).toBe(true);
    expect(body.bytes('br').byteLength).toBeLessThan(fastBr.byteLength);
    expect(body.bytes('gzip').byteLength).toBeLessThan(fastGzip.byteLength);
    expect(brotliDecompressSync(body.bytes('br'))).toEqual(Buffer.from(body.identity));
    expect(gunzipSync(body.bytes('gzip'))).toEqual(Buffer.from(body.identity));
    expect(body.etagFor('br')).toBe('W/"x-br"');
  });

  it('never goes back to a lower effort, and has nothing to do before a coding is made', () => {
    expect(new EncodedBody(json(), 'W/"x"').refine('small')).toBe(false);
    const body = new EncodedBody(json(), 'W/"x"', 'max');
    body.bytes('br');
    expect(body.refine('small')).toBe(false);
  });
});

describe('kept answers asked for again', () => {
  it('are compressed smaller after the second request, the same JSON decoded', async () => {
    await seed(40);
    const first = Buffer.from(await (await list({ 'Accept-Encoding': 'br' })).arrayBuffer());
    const second = Buffer.from(await (await list({ 'Accept-Encoding': 'br' })).arrayBuffer());
    expect(second).toEqual(first);
    await new Promise((resolve) => setImmediate(resolve));
    const third = Buffer.from(await (await list({ 'Accept-Encoding': 'br' })).arrayBuffer());
    expect(third.byteLength).toBeLessThan(first.byteLength);
    expect(brotliDecompressSync(third).toString('utf8')).toBe(brotliDecompressSync(first).toString('utf8'));
  });
});
