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
