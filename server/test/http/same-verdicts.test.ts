import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../src/backend/memory/memory';
import { isNatterError } from '../../../src/model/errors';
import { postComment, testServer, type TestServer } from '../helpers/server-app';

/**
 * The same comment sent to the natter server and to the memory backend gets
 * the same verdict: accepted with the same normalised name and website, or
 * refused with the same code and field. One rule per field, written once in
 * `src/protocol/text-rules.ts`.
 */
const CASES: [string, { body?: string; name?: string; email?: string; url?: string; pageId?: string }][] = [
  ['a plain comment', {}],
  ['an empty body', { body: '' }],
  ['a body of spaces and zero-width characters', { body: ' \u200B\u200C\u2060 \n ' }],
  ['a body of only Markdown punctuation', { body: '*** ___ ###' }],
  ['a body with a control character', { body: 'bell\u0007' }],
  ['a body of 10,000 emoji (code points, not UTF-16 units)', { body: '😀'.repeat(10_000) }],
  ['a body of 10,001 characters', { body: 'x'.repeat(10_001) }],
  ['a body with Windows line breaks', { body: 'one\r\ntwo' }],
  ['a name with a bidi override', { name: 'Evil\u202Egnp.exe' }],
  ['a name with a zero-width space', { name: 'Zero\u200Bwidth' }],
  ['a name of 64 emoji', { name: '🙂'.repeat(64) }],
  ['a name of 65 characters', { name: 'n'.repeat(65) }],
  ['a name in decomposed form with runs of spaces', { name: '  Zoe\u0301    Smith ' }],
  ['a name of spaces only', { name: '   ' }],
  ['an email without a domain', { email: 'ada@' }],
  ['an email with an upper-case domain', { email: 'Ada@EXAMPLE.com' }],
  ['an email with a display name', { email: 'Ada <ada@example.com>' }],
  ['an email with a zero-width character', { email: 'ada\u200B@example.com' }],
  ['a javascript: website', { url: 'javascript:alert(1)' }],
  ['a website with credentials', { url: 'https://user:pw@example.com/' }],
  ['a website in need of normalising', { url: 'HTTPS://Example.COM' }],
  ['an empty website', { url: '' }],
  ['a website of 2,100 characters', { url: `https://example.com/${'a'.repeat(2100)}` }],
  ['a page id of 513 characters', { pageId: 'p'.repeat(513) }],
  ['a page id with a control character', { pageId: '/post\u0000' }],
];

type Verdict = { ok: true; name: string; url: string | null } | { ok: false; code: string; field: string | undefined };

let server: TestServer;
beforeAll(async () => { server = await testServer({ config: { moderation: 'none', rateLimit: 0 } }); });
afterAll(async () => { await server.close(); });

async function serverVerdict(n: number, c: (typeof CASES)[number][1]): Promise<Verdict> {
  const guest = { name: c.name ?? 'Ada', email: c.email ?? `ada${n}@example.com`, ...(c.url === undefined ? {} : { url: c.url }) };
  const res = await postComment(server.app, { pageId: c.pageId ?? '/same', body: c.body ?? `Same verdict ${n}`, guest });
  const answer = await res.json() as { comment?: { author: { name: string; url?: string } }; error?: { code: string; field?: string } };
  if (answer.comment) return { ok: true, name: answer.comment.author.name, url: answer.comment.author.url ?? null };
  return { ok: false, code: answer.error?.code ?? `status ${res.status}`, field: answer.error?.field };
}

async function memoryVerdict(n: number, c: (typeof CASES)[number][1]): Promise<Verdict> {
  const backend = new MemoryBackend({ holdFirstGuestComment: false, latencyMs: 0 });
  const guest = { name: c.name ?? 'Ada', email: c.email ?? `ada${n}@example.com`, ...(c.url === undefined ? {} : { url: c.url }) };
  try {
    const comment = await backend.postComment({
      pageId: c.pageId ?? '/same', parentId: null, body: c.body ?? `Same verdict ${n}`, guest, idempotencyKey: `same-${n}`, elapsedMs: 60_000, honeypot: '',
    });
    return { ok: true, name: comment.author.name, url: comment.author.url ?? null };
  } catch (error) {
    if (!isNatterError(error)) throw error;
    return { ok: false, code: error.code, field: error.field };
  }
}

describe('the natter server and the memory backend', () => {
  CASES.forEach(([what, input], n) => {
    it(`give the same verdict on ${what}`, async () => {
      const [onServer, inMemory] = await Promise.all([serverVerdict(n, input), memoryVerdict(n, input)]);
      expect(inMemory).toEqual(onServer);
    });
  });

  it('refuse what the protocol refuses, not merely agree', async () => {
    expect(await serverVerdict(900, { body: ' \u200B ' })).toEqual({ ok: false, code: 'invalid', field: 'body' });
    expect(await serverVerdict(901, { name: '🙂'.repeat(64) })).toMatchObject({ ok: true });
    expect(await serverVerdict(902, { name: 'Evil\u202Egnp.exe' })).toEqual({ ok: false, code: 'invalid', field: 'name' });
    expect(await serverVerdict(903, { url: 'HTTPS://Example.COM' })).toEqual({ ok: true, name: 'Ada', url: 'https://example.com/' });
  });
});
