import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testServer, visitor, type TestServer } from '../helpers/server-app';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await testServer({ config: { moderation: 'none', rateLimit: 0 } });
  admin = (await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json()).token;
});
afterAll(async () => { await t.close(); });

const valid = { pageId: '/post', parentId: null, body: 'ok', guest: { name: 'Ada', email: 'ada@example.com' }, elapsedMs: 60_000, honeypot: '' };
let n = 0;

function raw(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, path = '/api/comments', method = 'POST'): Promise<Response> {
  n += 1;
  return Promise.resolve(t.app.request(path, { method, body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `adv-key-${n}`, ...headers } }));
}

async function expectError(res: Response, statuses: number[]): Promise<void> {
  expect(statuses).toContain(res.status);
  const text = await res.text();
  const body: unknown = JSON.parse(text);
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String), ...(text.includes('"field"') ? { field: expect.any(String) } : {}) } });
  expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|SQLITE|syntax error/i);
}

const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const MALFORMED: [string, string | Uint8Array<ArrayBuffer>][] = [
  ['empty', ''],
  ['not JSON', 'hello'],
  ['truncated', '{"pageId": "/post", "body": "x"'],
  ['trailing comma', '{"pageId":"/post","body":"x",}'],
  ['single quotes', "{'pageId':'/post'}"],
  ['comments', '{"pageId":"/post" /* hi */}'],
  ['NaN', '{"elapsedMs": NaN}'],
  ['Infinity', '{"elapsedMs": 1e999}'],
  ['leading zero', '{"elapsedMs": 01}'],
  ['two documents', '{}{}'],
  ['array', JSON.stringify([valid])],
  ['string', '"hello"'],
  ['number', '42'],
  ['null', 'null'],
  ['true', 'true'],
  ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['overlong UTF-8', new Uint8Array([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
  ['raw control char in string', '{"body":"a\u0001b"}'],
  ['bad escape', '{"body":"\\x41"}'],
  ['bad unicode escape', '{"body":"\\u12"}'],
  ['duplicate key', '{"pageId":"/post","parentId":null,"body":"one","body":"two","guest":{"name":"A","email":"a@example.com"}}'],
  ['duplicate nested key', '{"pageId":"/post","parentId":null,"body":"x","guest":{"name":"A","name":"B","email":"a@example.com"}}'],
  ['duplicate escaped key', '{"pageId":"/post","parentId":null,"body":"x","b\\u006fdy":"y","guest":{"name":"A","email":"a@example.com"}}'],
  ['__proto__', '{"__proto__":{"polluted":true},"pageId":"/post","parentId":null,"body":"x","guest":{"name":"A","email":"a@example.com"}}'],
  ['escaped __proto__', '{"\\u005f_proto__":{"polluted":true},"pageId":"/post","parentId":null,"body":"x"}'],
  ['nested __proto__', '{"pageId":"/post","parentId":null,"body":"x","guest":{"name":"A","email":"a@example.com","__proto__":{"polluted":true}}}'],
  ['constructor', '{"constructor":{"prototype":{"polluted":true}},"pageId":"/post","parentId":null,"body":"x"}'],
  ['prototype', '{"prototype":{"polluted":true},"pageId":"/post"}'],
  ['deep nesting', deep(5000)],
  ['moderately deep nesting', deep(10)],
  ['deep arrays', `{"body":${'['.repeat(3000)}${']'.repeat(3000)}}`],
];

const WRONG_TYPES: Record<string, unknown>[] = [
  { ...valid, pageId: 1 }, { ...valid, pageId: null }, { ...valid, pageId: ['/post'] }, { ...valid, pageId: { toString: '/post' } },
  { ...valid, parentId: 1 }, { ...valid, parentId: true }, { ...valid, parentId: {} },
  { ...valid, body: null }, { ...valid, body: ['x'] }, { ...valid, body: { $ne: '' } }, { ...valid, body: 1e3 },
  { ...valid, guest: 'Ada' }, { ...valid, guest: [] }, { ...valid, guest: { name: ['A'], email: 'a@example.com' } },
  { ...valid, guest: { name: 'A', email: { $gt: '' } } }, { ...valid, guest: { name: 'A', email: 'a@example.com', url: 42 } },
  { ...valid, notifyReplies: 'true' }, { ...valid, notifyPosts: 1 }, { ...valid, elapsedMs: '5000' }, { ...valid, elapsedMs: 1.5 },
  { ...valid, honeypot: 0 }, { ...valid, pageTitle: 7 }, { ...valid, pageUrl: 'javascript:alert(1)' },
];

const UNKNOWN_FIELDS: Record<string, unknown>[] = [
  { ...valid, status: 'approved' }, { ...valid, id: '1' }, { ...valid, createdAt: '2000-01-01T00:00:00Z' }, { ...valid, authorId: 'u1' },
  { ...valid, likes: 100 }, { ...valid, bodyHtml: '<script>alert(1)</script>' }, { ...valid, mine: true }, { ...valid, email: 'x@example.com' },
  { ...valid, guest: { ...valid.guest, provider: 'google' } }, { ...valid, guest: { ...valid.guest, avatarUrl: 'https://evil.example/a.png' } },
];

const SQL_AND_PATH_IDS = [
  "1' OR '1'='1", '1; DROP TABLE comments; --', '1 UNION SELECT * FROM users', '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '1%00', '0x1', '-1', '1e3', '00001', '9'.repeat(40), '%27%22%3E%3Cscript%3E', 'null', 'undefined',
];

describe('adversarial API input', () => {
  it('rejects malformed and hostile JSON with the error shape', async () => {
    for (const [name, body] of MALFORMED) {
      const res = await raw(body);
      await expectError(res, [400, 413]).catch((e: unknown) => { throw new Error(`${name}: ${String(e)}`); });
    }
  });

  it('rejects wrong types', async () => {
    for (const body of WRONG_TYPES) {
      const res = await raw(JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      await expectError(res, [400]);
    }
  });

  it('rejects unknown fields, so clients cannot set status, ids, dates or HTML', async () => {
    for (const body of UNKNOWN_FIELDS) {
      const res = await raw(JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      await expectError(res, [400]);
    }
  });

  it('rejects oversized bodies with 413, by header and by actual size', async () => {
    const big = JSON.stringify({ ...valid, body: 'x'.repeat(70_000) });
    await expectError(await raw(big), [413]);
    await expectError(await raw('{}', { 'Content-Length': '999999999' }), [413]);
    const multibyte = JSON.stringify({ ...valid, body: '€'.repeat(25_000) });
    await expectError(await raw(multibyte), [413]);
  });

  it('rejects missing or wrong content types with 415 on every write', async () => {
    const writes: [string, string][] = [
      ['/api/comments', 'POST'], ['/api/comments/1', 'PATCH'], ['/api/likes?page=/post', 'PUT'], ['/api/admin/login', 'POST'],
    ];
    for (const [path, method] of writes) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json; charset=latin1']) {
        const res = await raw('{}', { 'Content-Type': type, 'X-Natter-Visitor': visitor(1) }, path, method);
        await expectError(res, [415]);
      }
    }
  });

  it('rejects bad pagination', async () => {
    const queries = ['limit=-1', 'limit=0', 'limit=101', 'limit=1e2', 'limit=0x10', 'limit=%20', 'limit=1&limit=2', 'sort=oldest%27--',
      'sort=id', 'cursor=%00', `cursor=${'A'.repeat(500)}`, `cursor=${Buffer.from("n1:oldest:1' OR 1=1").toString('base64url')}`,
      `cursor=${Buffer.from('n1:newest:5').toString('base64url')}`, `cursor=${Buffer.from('n1:admin:5').toString('base64url')}`];
    for (const q of queries) await expectError(await t.app.request(`/api/comments?page=/post&${q}`), [400]);
  });

  it('answers SQL-shaped and path-traversal ids with 404 and changes nothing', async () => {
    const { comment } = await (await t.app.request('/api/comments', json('POST', valid, { 'Idempotency-Key': 'adv-keep-me' }))).json();
    for (const id of SQL_AND_PATH_IDS) {
      const path = `/api/comments/${id.includes('%') ? id : encodeURIComponent(id)}`;
      await expectError(await t.app.request(path, json('PATCH', { body: 'pwned' })), [404]);
      await expectError(await t.app.request(path, { method: 'DELETE' }), [404]);
      await expectError(await t.app.request(`/api/admin/comments/${encodeURIComponent(id)}/status`, json('POST', { status: 'deleted' }, { Authorization: `Bearer ${admin}` })), [404]);
    }
    const stored = await t.storage.getComment(comment.id);
    expect(stored?.source).toBe('ok');
    expect(stored?.status).toBe('approved');
  });

  it('treats SQL-shaped page ids and searches as plain data', async () => {
    const page = "/x' OR 1=1; DROP TABLE comments; --";
    const res = await t.app.request('/api/comments', json('POST', { ...valid, pageId: page, body: 'sql page' }, { 'Idempotency-Key': 'adv-sql-page' }));
    expect(res.status).toBe(201);
    const list = await (await t.app.request(`/api/comments?page=${encodeURIComponent(page)}`)).json();
    expect(list.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>sql page</p>']);
    const search = await t.app.request(`/api/admin/comments?status=all&q=${encodeURIComponent("%' OR '1'='1")}`, { headers: { Authorization: `Bearer ${admin}` } });
    expect((await search.json()).comments).toEqual([]);
  });

  it('rejects hostile headers', async () => {
    await expectError(await raw(JSON.stringify(valid), { 'Idempotency-Key': 'short' }), [400]);
    await expectError(await raw(JSON.stringify(valid), { 'Idempotency-Key': 'x'.repeat(200) }), [400]);
    await expectError(await raw(JSON.stringify(valid), { 'X-Natter-Visitor': '../../etc' }), [400]);
    await expectError(await raw(JSON.stringify(valid), { Authorization: 'Bearer ' + 'a'.repeat(5000) }), [401]);
    await expectError(await raw(JSON.stringify(valid), { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' }), [401]);
  });

  it('stored nothing from any rejected request, polluted no prototype, and still serves', async () => {
    const all = await t.storage.listForModeration({ status: 'all', q: null, pageId: null, before: null, limit: 100 });
    expect(all.comments.map((c) => c.source).sort()).toEqual(['ok', 'sql page']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const health = await t.app.request('/api/config');
    expect(health.status).toBe(200);
    const post = await t.app.request('/api/comments', json('POST', { ...valid, body: 'still works' }, { 'Idempotency-Key': 'adv-after' }));
    expect(post.status).toBe(201);
  });
});
