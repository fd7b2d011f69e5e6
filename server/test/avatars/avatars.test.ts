import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress, rasterType } from '../../src/avatars/avatar-image';
import { AVATAR_KEY_LENGTH, avatarKey, avatarRoutes, generatedAvatar, type AvatarDeps } from '../../src/avatars/avatars';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000');
const WEBP = new TextEncoder().encode('RIFF\u0010\u0000\u0000\u0000WEBPVP8 ');

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * A stand-in for Gravatar on loopback: `/avatar/<md5>` answers with whatever
 * the test put under that hash, counting requests.
 */
type Answer = { status: number; type: string; body: Uint8Array | string } | 'hang';
let server: Server;
let base: string;
let answers = new Map<string, Answer>();
let requests: string[] = [];
const hanging = new Set<ServerResponse>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests.push(req.url ?? '');
  const hash = /^\/avatar\/([0-9a-f]{32})\?s=96&d=404$/.exec(req.url ?? '')?.[1];
  const answer = hash === undefined ? undefined : answers.get(hash);
  if (answer === 'hang') {
    hanging.add(res);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.write(PNG.slice(0, 4)); // starts, then never finishes
    return;
  }
  if (!answer) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  answers = new Map();
  requests = [];
});

const SECRET = 'test-secret-0123456789';
const ADA = 'ada@example.com';
const adaKey = avatarKey(SECRET, ADA);

function routes(people: Record<string, { email?: string; imageUrl?: string }>, extra: Partial<AvatarDeps> = {}) {
  return avatarRoutes({
    lookup: (key) => Promise.resolve(people[key] ?? null),
    gravatarBase: base,
    timeoutMs: 1000,
    ...extra,
  });
}

async function bytes(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe('avatarKey', () => {
  it('is a 22-character base64url HMAC that neither is nor contains a hash of the email', () => {
    expect(adaKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(adaKey).toHaveLength(AVATAR_KEY_LENGTH);
    const hashes = [md5(ADA), createHash('sha256').update(ADA).digest('hex'), createHash('sha256').update(ADA).digest('base64url')];
    for (const hash of hashes) expect(hash).not.toContain(adaKey);
  });

  it('depends on the secret', () => {
    expect(avatarKey('another-secret', ADA)).not.toBe(adaKey);
  });

  it('compares emails trimmed and without case, provider subjects exactly', () => {
    expect(avatarKey(SECRET, '  Ada@Example.COM ')).toBe(adaKey);
    expect(avatarKey(SECRET, 'google:AbC')).not.toBe(avatarKey(SECRET, 'google:abc'));
  });
});

describe('generatedAvatar', () => {
  it('is a deterministic SVG without scripts, styles, links or text', () => {
    const a = generatedAvatar(adaKey);
    expect(a).toEqual(generatedAvatar(adaKey));
    expect(a.type).toBe('image/svg+xml');
    expect(a.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    expect(a.body).not.toMatch(/script|style|href|<text|foreignObject|on[a-z]+=/i);
  });

  it('differs between keys', () => {
    const bodies = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => generatedAvatar(k).body));
    expect(bodies.size).toBe(8);
  });
});

describe('avatarRoutes', () => {
  it('serves the Gravatar image fetched by the server, with nosniff and a day of caching', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: PNG });
    const res = await routes({ [adaKey]: { email: ADA } }).request(`/${adaKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await bytes(res)).toEqual(PNG);
    expect(requests).toEqual([`/avatar/${md5(ADA)}?s=96&d=404`]);
  });

  it('caches a fetched image in memory', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/jpeg', body: JPEG });
    const app = routes({ [adaKey]: { email: ADA } });
    const first = await app.request(`/${adaKey}`);
    const second = await app.request(`/${adaKey}`);
    expect(await bytes(first)).toEqual(JPEG);
    expect(await bytes(second)).toEqual(JPEG);
    expect(second.headers.get('content-type')).toBe('image/jpeg');
    expect(requests).toHaveLength(1);
  });

  it('fetches once for concurrent requests of one avatar', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/gif', body: GIF });
    const app = routes({ [adaKey]: { email: ADA } });
    const all = await Promise.all([1, 2, 3, 4].map(() => app.request(`/${adaKey}`)));
    for (const res of all) expect(res.headers.get('content-type')).toBe('image/gif');
    expect(requests).toHaveLength(1);
  });

  it('fetches again once the cached image expires', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: PNG });
    const app = routes({ [adaKey]: { email: ADA } }, { cacheTtlMs: 1 });
    await app.request(`/${adaKey}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await app.request(`/${adaKey}`);
    expect(requests).toHaveLength(2);
  });

  it('evicts the least recently used avatar when the cache is full', async () => {
    const people: Record<string, { email: string }> = {};
    const keys = ['a@example.com', 'b@example.com', 'c@example.com'].map((email) => {
      answers.set(md5(email), { status: 200, type: 'image/png', body: PNG });
      const key = avatarKey(SECRET, email);
      people[key] = { email };
      return key;
    });
    const app = routes(people, { cacheEntries: 2 });
    for (const key of keys) await app.request(`/${key}`);
    expect(requests).toHaveLength(3);
    await app.request(`/${keys[2]}`);
    await app.request(`/${keys[1]}`);
    expect(requests).toHaveLength(3);
    await app.request(`/${keys[0]}`);
    expect(requests).toHaveLength(4);
  });

  it('serves the type the magic bytes say, not the one claimed', async () => {
    answers.set(md5(ADA), { status: 200, type: 'text/html', body: WEBP });
    const res = await routes({ [adaKey]: { email: ADA } }).request(`/${adaKey}`);
    expect(res.headers.get('content-type')).toBe('image/webp');
  });

  const impostors: [string, Answer][] = [
    ['HTML claiming to be a PNG', { status: 200, type: 'image/png', body: '<html><script>alert(1)</script></html>' }],
    ['SVG claiming to be an image', { status: 200, type: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' }],
    ['an empty body', { status: 200, type: 'image/png', body: '' }],
    ['a PNG behind a 500', { status: 500, type: 'image/png', body: PNG }],
    ['HTML starting with spaces and a PNG name', { status: 200, type: 'image/png', body: '   \u0089PNG<script>alert(1)</script>' }],
  ];
  for (const [name, answer] of impostors) {
    it(`rejects ${name} and serves the generated avatar`, async () => {
      answers.set(md5(ADA), answer);
      const res = await routes({ [adaKey]: { email: ADA } }).request(`/${adaKey}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(generatedAvatar(adaKey).body);
    });
  }

  it('rejects an image larger than the limit', async () => {
    const big = new Uint8Array(5000);
    big.set(PNG);
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: big });
    const res = await routes({ [adaKey]: { email: ADA } }, { maxBytes: 4096 }).request(`/${adaKey}`);
    expect(await res.text()).toBe(generatedAvatar(adaKey).body);
  });

  it('serves the generated avatar when Gravatar has none', async () => {
    const res = await routes({ [adaKey]: { email: ADA } }).request(`/${adaKey}`);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(requests).toHaveLength(1);
  });

  it('serves the generated avatar when Gravatar is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const res = await routes({ [adaKey]: { email: ADA } }, { gravatarBase: `http://127.0.0.1:${port}` }).request(`/${adaKey}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(generatedAvatar(adaKey).body);
  });

  it('gives up on a Gravatar that stops answering, within the timeout', async () => {
    answers.set(md5(ADA), 'hang');
    const res = await routes({ [adaKey]: { email: ADA } }, { timeoutMs: 300 }).request(`/${adaKey}`);
    expect(await res.text()).toBe(generatedAvatar(adaKey).body);
  });

  it('does not ask Gravatar when it is turned off', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: PNG });
    const res = await routes({ [adaKey]: { email: ADA } }, { gravatar: false }).request(`/${adaKey}`);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(requests).toEqual([]);
  });

  it('serves the generated avatar for a well-formed key nobody has', async () => {
    const res = await routes({}).request('/AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(generatedAvatar('AAAAAAAAAAAAAAAAAAAAAA').body);
    expect(requests).toEqual([]);
  });

  it('answers 404 with the error shape for a malformed key', async () => {
    const app = routes({});
    for (const path of ['/..%2F..%2Fetc%2Fpasswd', `/${'a'.repeat(65)}`, '/a.b', '/%3Cscript%3E', "/a'or'1'='1"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such avatar.' } });
    }
  });

  it('never puts the email or its hash in a response', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: PNG });
    const app = routes({ [adaKey]: { email: ADA } });
    for (const res of [await app.request(`/${adaKey}`), await routes({ [adaKey]: { email: ADA } }, { gravatar: false }).request(`/${adaKey}`)]) {
      const text = [...res.headers].join('\n') + new TextDecoder().decode(await bytes(res));
      expect(text).not.toContain(ADA);
      expect(text).not.toContain(md5(ADA));
    }
  });
});

describe('avatarRoutes telling what it found', () => {
  /** The routes with a `picture` callback that records every call. */
  function recording(people: Record<string, { email?: string; imageUrl?: string }>, extra: Partial<AvatarDeps> = {}) {
    const told: [string, boolean][] = [];
    const app = routes(people, { picture: (key, found) => { told.push([key, found]); return Promise.resolve(); }, ...extra });
    return { app, told };
  }

  it('says a key has a picture when Gravatar has one', async () => {
    answers.set(md5(ADA), { status: 200, type: 'image/png', body: PNG });
    const { app, told } = recording({ [adaKey]: { email: ADA } });
    await app.request(`/${adaKey}`);
    expect(told).toEqual([[adaKey, true]]);
  });

  it('says a key has none when Gravatar answers 404 and there is no other source', async () => {
    const { app, told } = recording({ [adaKey]: { email: ADA } });
    await app.request(`/${adaKey}`);
    expect(told).toEqual([[adaKey, false]]);
  });

  it('says nothing when the source fails for now: a 503, a 429, an unreachable host, a timeout', async () => {
    answers.set(md5(ADA), { status: 503, type: 'text/plain', body: 'busy' });
    const busy = recording({ [adaKey]: { email: ADA } });
    expect((await busy.app.request(`/${adaKey}`)).headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    answers.set(md5(ADA), { status: 429, type: 'text/plain', body: 'slow down' });
    const limited = recording({ [adaKey]: { email: ADA } });
    await limited.app.request(`/${adaKey}`);
    answers.set(md5(ADA), 'hang');
    const hanging = recording({ [adaKey]: { email: ADA } }, { timeoutMs: 200 });
    await hanging.app.request(`/${adaKey}`);
    const unreachable = recording({ [adaKey]: { email: ADA } }, { gravatarBase: 'http://127.0.0.1:9' });
    await unreachable.app.request(`/${adaKey}`);
    expect([busy.told, limited.told, hanging.told, unreachable.told]).toEqual([[], [], [], []]);
  });

  it('says nothing for a key nobody has, so probing keys writes nothing', async () => {
    const { app, told } = recording({});
    await app.request('/AAAAAAAAAAAAAAAAAAAAAA');
    expect(told).toEqual([]);
  });
});

describe('avatarRoutes with a provider avatar URL', () => {
  const key = avatarKey(SECRET, 'google:123');
  const publicHost: AvatarDeps['resolve'] = (host) =>
    Promise.resolve(host === 'internal.example' ? ['10.0.0.5'] : ['93.184.215.14']);

  /** A fetch standing in for the Internet: answers by URL, records every URL asked. */
  function internet(pages: Record<string, () => Response>) {
    const asked: string[] = [];
    const fetch: typeof globalThis.fetch = (input) => {
      const url = String(input);
      asked.push(url);
      const page = pages[url];
      return Promise.resolve(page ? page() : new Response('no', { status: 404 }));
    };
    return { asked, fetch };
  }

  it('serves a verified image from an https provider URL', async () => {
    const net = internet({ 'https://cdn.example/p.png': () => new Response(PNG, { headers: { 'content-type': 'image/png' } }) });
    const app = routes({ [key]: { imageUrl: 'https://cdn.example/p.png' } }, { fetch: net.fetch, resolve: publicHost });
    const res = await app.request(`/${key}`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(await bytes(res)).toEqual(PNG);
  });

  it('follows redirects between public https hosts', async () => {
    const net = internet({
      'https://cdn.example/p': () => new Response(null, { status: 302, headers: { location: 'https://img.example/p.jpg' } }),
      'https://img.example/p.jpg': () => new Response(JPEG),
    });
    const res = await routes({ [key]: { imageUrl: 'https://cdn.example/p' } }, { fetch: net.fetch, resolve: publicHost }).request(`/${key}`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(net.asked).toEqual(['https://cdn.example/p', 'https://img.example/p.jpg']);
  });

  const refused = [
    'http://cdn.example/p.png',
    'https://127.0.0.1/p.png',
    'https://[::1]/p.png',
    'https://[::ffff:169.254.169.254]/latest',
    'https://169.254.169.254/latest/meta-data',
    'https://10.1.2.3/p.png',
    'https://localhost/p.png',
    'https://internal.example/p.png',
    'https://user:pass@cdn.example/p.png',
    'https://cdn.example:8443/p.png',
    'javascript:alert(1)',
    'data:image/png;base64,iVBORw0KGgo=',
    'file:///etc/passwd',
  ];
  for (const url of refused) {
    it(`never fetches ${url}`, async () => {
      const net = internet({});
      const res = await routes({ [key]: { imageUrl: url } }, { fetch: net.fetch, resolve: publicHost }).request(`/${key}`);
      expect(await res.text()).toBe(generatedAvatar(key).body);
      expect(net.asked).toEqual([]);
    });
  }

  for (const target of ['https://169.254.169.254/latest', 'http://cdn.example/p.png', 'https://internal.example/x', 'https://[fd00::1]/x']) {
    it(`does not follow a redirect to ${target}`, async () => {
      const net = internet({
        'https://cdn.example/p': () => new Response(null, { status: 301, headers: { location: target } }),
      });
      const res = await routes({ [key]: { imageUrl: 'https://cdn.example/p' } }, { fetch: net.fetch, resolve: publicHost }).request(`/${key}`);
      expect(await res.text()).toBe(generatedAvatar(key).body);
      expect(net.asked).toEqual(['https://cdn.example/p']);
    });
  }

  it('fetches from a trusted origin over http, and only from it', async () => {
    const net = internet({
      'http://127.0.0.1:4000/standin/avatar.png': () => new Response(PNG),
      'http://127.0.0.1:4001/other.png': () => new Response(PNG),
    });
    const deps = { fetch: net.fetch, resolve: publicHost, trustedOrigins: ['http://127.0.0.1:4000/'] };
    const own = await routes({ [key]: { imageUrl: 'http://127.0.0.1:4000/standin/avatar.png' } }, deps).request(`/${key}`);
    expect(own.headers.get('content-type')).toBe('image/png');
    const other = await routes({ [key]: { imageUrl: 'http://127.0.0.1:4001/other.png' } }, deps).request(`/${key}`);
    expect(await other.text()).toBe(generatedAvatar(key).body);
    expect(net.asked).toEqual(['http://127.0.0.1:4000/standin/avatar.png']);
  });

  it('stops after three redirects', async () => {
    const hop = (n: number) => () => new Response(null, { status: 302, headers: { location: `https://cdn.example/${n + 1}` } });
    const net = internet({ 'https://cdn.example/0': hop(0), 'https://cdn.example/1': hop(1), 'https://cdn.example/2': hop(2), 'https://cdn.example/3': hop(3), 'https://cdn.example/4': () => new Response(PNG) });
    const res = await routes({ [key]: { imageUrl: 'https://cdn.example/0' } }, { fetch: net.fetch, resolve: publicHost }).request(`/${key}`);
    expect(await res.text()).toBe(generatedAvatar(key).body);
    expect(net.asked).toHaveLength(4);
  });
});

describe('isPrivateAddress', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:0a00:0001::1', 'ff02::1', 'not-an-ip']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});

describe('rasterType', () => {
  it('recognises PNG, JPEG, GIF and WebP by their first bytes only', () => {
    expect(rasterType(PNG)).toBe('image/png');
    expect(rasterType(JPEG)).toBe('image/jpeg');
    expect(rasterType(GIF)).toBe('image/gif');
    expect(rasterType(WEBP)).toBe('image/webp');
    expect(rasterType(new TextEncoder().encode('<svg'))).toBeNull();
    expect(rasterType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeNull();
  });
});
