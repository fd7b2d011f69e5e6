import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServerProcess } from '../helpers/built-server';

let bundle: { cli: string; remove(): void };
let dir: string;
beforeAll(async () => {
  bundle = await buildServer();
  dir = mkdtempSync(join(tmpdir(), 'natter-durability-'));
});
afterAll(() => {
  bundle?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged comment when the server is killed with SIGKILL mid-stream', async () => {
    const flags = ['--db', join(dir, 'natter.db'), '--moderation', 'none', '--rate-limit', '0'];
    const server = await startServerProcess(bundle.cli, flags);
    const acked = new Map<string, string>();
    let sent = 0;
    let stop = false;
    const worker = async (w: number) => {
      while (!stop) {
        const i = sent++;
        const body = `durable comment ${w}-${i}`;
        try {
          const res = await fetch(`${server.url}/api/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `durable-${i}-key` },
            body: JSON.stringify({ pageId: '/durable', parentId: null, body, guest: { name: 'D', email: `d${i}@example.com` } }),
            signal: AbortSignal.timeout(5000),
          });
          if (res.status === 201) acked.set((await res.json()).comment.id, body);
        } catch {
          return;
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    while (acked.size < 60) await new Promise((r) => setTimeout(r, 5));
    await server.stop({ kill: true });
    stop = true;
    await Promise.all(workers);
    expect(server.child.signalCode).toBe('SIGKILL');

    const again = await startServerProcess(bundle.cli, flags);
    try {
      const stored = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page: { comments: { id: string; source?: string; bodyHtml: string }[]; nextCursor: string | null } =
          await (await fetch(`${again.url}/api/comments?page=/durable&limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json();
        for (const c of page.comments) stored.set(c.id, c.bodyHtml);
        cursor = page.nextCursor;
      } while (cursor);
      for (const [id, body] of acked) expect(stored.get(id), id).toContain(body);
      expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    } finally {
      await again.stop();
    }
  });
});
