import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main, startServer } from '../src/cli';
import { parseConfig } from '../src/config';

const dir = mkdtempSync(join(tmpdir(), 'natter-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('natter serve', () => {
  it('starts on a SQLite file, keeps a generated secret across restarts, serves the API and avatars, and closes with live streams open', async () => {
    const config = parseConfig(['--port', '0', '--db', join(dir, 'natter.db'), '--moderation', 'none'], {});
    const lines: string[] = [];
    const first = await startServer(config, { log: (l) => lines.push(l) });
    let avatar: string;
    try {
      expect(lines).toEqual([`natter listening on ${first.url}`]);
      expect((await fetch(`${first.url}/api/config`)).status).toBe(200);
      const res = await fetch(`${first.url}/api/comments`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'cli-test-key' },
        body: JSON.stringify({ pageId: '/cli', parentId: null, body: 'hello', guest: { name: 'C', email: 'c@example.com' }, elapsedMs: 60_000, honeypot: '' }),
      });
      expect(res.status).toBe(201);
      avatar = (await res.json()).comment.author.avatarUrl;
      // With --port 0 the links name the port the system picked.
      expect(avatar.startsWith(`${first.url}/avatars/`)).toBe(true);
      const path = new URL(avatar).pathname;
      const image = await fetch(`${first.url}${path}`, { signal: AbortSignal.timeout(15_000) });
      expect(image.status).toBe(200);
      expect(image.headers.get('Content-Type')).toMatch(/^image\//);
    } finally {
      await first.close();
    }
    const second = await startServer(config, { log: () => {} });
    const stream = await fetch(`${second.url}/api/events?page=/cli`);
    expect(stream.status).toBe(200);
    try {
      const list = await (await fetch(`${second.url}/api/comments?page=/cli`)).json();
      expect(list.comments[0].author.avatarUrl).toBe(`${second.url}${new URL(avatar).pathname}`);
    } finally {
      await second.close();
    }
  });

  it('gives no avatar URL for a commenter once the avatar route has found no picture of theirs', async () => {
    // Gravatar off and no provider image: looking settles on "no picture" without leaving loopback.
    const config = parseConfig(['--port', '0', '--db', join(dir, 'avatars.db'), '--moderation', 'none'], {});
    const server = await startServer(config, { log: () => {}, env: { NATTER_GRAVATAR: 'off' } });
    try {
      const post = async (name: string, email: string, key: string) => {
        const res = await fetch(`${server.url}/api/comments`, {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify({ pageId: '/faces', parentId: null, body: `hello from ${name}`, guest: { name, email }, elapsedMs: 60_000, honeypot: '' }),
        });
        expect(res.status).toBe(201);
        return (await res.json()).comment as { id: string; author: { avatarUrl?: string } };
      };
      const list = async () => (await (await fetch(`${server.url}/api/comments?page=/faces`)).json()).comments as { id: string; author: { avatarUrl?: string } }[];
      const ada = await post('Ada', 'ada@example.com', 'avatar-test-ada');
      // Not looked at yet: a picture may exist, so the list links the avatar.
      expect((await list())[0]?.author.avatarUrl).toBe(ada.author.avatarUrl);
      const avatar = await fetch(ada.author.avatarUrl ?? '');
      expect(avatar.status).toBe(200);
      expect(avatar.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      await avatar.arrayBuffer();
      // The route records what it found; the page's next state lists Ada without a URL (the widget draws initials).
      const bob = await post('Bob', 'bob@example.com', 'avatar-test-bob');
      await expect.poll(async () => (await list()).find((c) => c.id === ada.id)?.author, { timeout: 5_000 }).toEqual(expect.not.objectContaining({ avatarUrl: expect.anything() }));
      expect((await list()).find((c) => c.id === bob.id)?.author.avatarUrl).toBe(bob.author.avatarUrl);
    } finally {
      await server.close();
    }
  });

  it('exits with 2 and a clear message for bad flags or commands', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['serve', '--moderation', 'maybe'], {})).toBe(2);
      expect(String(errors.mock.calls[0]?.[0])).toContain('--moderation must be all, first or none');
      expect(await main(['launch'], {})).toBe(2);
      expect(String(errors.mock.calls[1]?.[0])).toContain('Unknown command "launch"');
    } finally {
      errors.mockRestore();
    }
  });
});
