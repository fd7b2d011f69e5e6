import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAkismetChecker, noSpamChecker, type SpamInput } from '../../src/comments/spam-checker';

interface Received {
  method: string;
  url: string;
  contentType: string;
  form: URLSearchParams;
}

/**
 * A stand-in for Akismet on loopback: answers `comment-check` like the real
 * service (form-encoded POST, `true`/`false`, `invalid` for a bad key), with a
 * few switches for failure modes.
 */
let server: Server;
let base: string;
let received: Received[] = [];
let mode: 'normal' | 'error' | 'slow' | 'html' = 'normal';
const hanging = new Set<ServerResponse>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (raw += chunk));
  req.on('end', () => {
    const form = new URLSearchParams(raw);
    received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', form });
    if (mode === 'slow') {
      hanging.add(res);
      return;
    }
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
      return;
    }
    if (mode === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/1.1/comment-check') {
      res.writeHead(404).end();
      return;
    }
    if (form.get('api_key') !== 'good-key') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-akismet-debug-help': 'Empty "api_key" value' }).end('invalid');
      return;
    }
    const content = form.get('comment_content') ?? '';
    if (content.includes('viagra-test-123')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-akismet-pro-tip': 'discard' }).end('true');
    } else if (form.get('comment_author') === 'akismet-guaranteed-spam') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('true');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('false');
    }
  });
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
  received = [];
  mode = 'normal';
});

const input: SpamInput = {
  body: 'A fine article, thank you & goodbye',
  authorName: 'Ada Lovelace',
  authorEmail: 'ada@example.com',
  authorUrl: 'https://ada.example',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (test)',
  pageUrl: 'https://blog.example/posts/1',
  pageId: '/posts/1',
};

function checker(key = 'good-key', timeoutMs = 3000, log?: (m: string) => void) {
  return createAkismetChecker({ endpoint: `${base}/`, key, site: 'https://blog.example', timeoutMs, log });
}

describe('createAkismetChecker', () => {
  it('sends the comment as a form-encoded comment-check POST', async () => {
    await checker().check(input);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/1.1/comment-check');
    expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      api_key: 'good-key',
      blog: 'https://blog.example',
      comment_type: 'comment',
      comment_author: 'Ada Lovelace',
      comment_author_email: 'ada@example.com',
      comment_author_url: 'https://ada.example',
      comment_content: 'A fine article, thank you & goodbye',
      user_ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (test)',
      permalink: 'https://blog.example/posts/1',
      blog_charset: 'UTF-8',
    });
  });

  it('leaves out fields the comment does not have', async () => {
    await checker().check({ body: 'hi', authorName: 'Guest', pageId: 'p', authorEmail: null, ip: null });
    const fields = [...(received[0]?.form.keys() ?? [])];
    expect(fields).not.toContain('comment_author_email');
    expect(fields).not.toContain('user_ip');
    expect(fields).not.toContain('permalink');
  });

  it('calls a comment ham when the service answers false', async () => {
    expect(await checker().check(input)).toBe('ham');
  });

  it('calls a comment spam when the service answers true', async () => {
    expect(await checker().check({ ...input, authorName: 'akismet-guaranteed-spam' })).toBe('spam');
  });

  it('calls a comment spam when the service says to discard it', async () => {
    expect(await checker().check({ ...input, body: 'buy viagra-test-123' })).toBe('spam');
  });

  it('is unsure, and says why, when the key is invalid', async () => {
    const lines: string[] = [];
    expect(await checker('bad-key', 3000, (m) => lines.push(m)).check(input)).toBe('unsure');
    expect(lines.join('\n')).toContain('api_key');
  });

  it('is unsure when the service fails', async () => {
    mode = 'error';
    expect(await checker().check(input)).toBe('unsure');
  });

  it('is unsure when the service answers something else than true or false', async () => {
    mode = 'html';
    expect(await checker().check(input)).toBe('unsure');
  });

  it('is unsure when the service does not answer in time', async () => {
    mode = 'slow';
    expect(await checker('good-key', 200).check(input)).toBe('unsure');
    expect(received).toHaveLength(1);
  });

  it('is unsure when the service cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createAkismetChecker({ endpoint: `http://127.0.0.1:${port}`, key: 'k', site: 'https://blog.example' });
    expect(await unreachable.check(input)).toBe('unsure');
  });

  it('uses the fetch it is given', async () => {
    const urls: string[] = [];
    const fake: typeof fetch = (url) => {
      urls.push(String(url));
      return Promise.resolve(new Response('false', { status: 200 }));
    };
    const withFake = createAkismetChecker({ key: 'k', site: 'https://blog.example', fetch: fake });
    expect(await withFake.check(input)).toBe('ham');
    expect(urls).toEqual(['https://rest.akismet.com/1.1/comment-check']);
  });
});

describe('noSpamChecker', () => {
  it('is always unsure', async () => {
    expect(await noSpamChecker.check(input)).toBe('unsure');
  });
});
