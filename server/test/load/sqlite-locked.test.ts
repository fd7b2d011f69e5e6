import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startServerProcess, type ServerProcess } from '../helpers/built-server';
import { intents, listIds, post } from './load-helpers';

/**
 * A backup takes SQLite's write lock (as a copy that must not change under it
 * does) while `natter serve`, another process, takes posts: posts wait for it,
 * then go through — or, when it holds on too long, fail with a clear 503 and
 * leave nothing behind. The server answers readers meanwhile.
 */

const PAGE = '/load/locked';
let dir: string;
let file: string;
let bundle: { cli: string; remove(): void };
let server: ServerProcess;

/** Holds the database's write lock, as a backup would, until `release()`. */
function lockForBackup(): { release(): void } {
  const backup = new SqliteDatabase(file);
  backup.pragma('busy_timeout = 10000');
  backup.exec('BEGIN IMMEDIATE');
  return {
    release() {
      backup.exec('COMMIT');
      backup.close();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'natter-locked-'));
  file = join(dir, 'natter.db');
  bundle = await buildServer();
  server = await startServerProcess(bundle.cli, ['--db', file, '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none']);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  bundle?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('a SQLite database locked by a backup', () => {
  it('makes posts wait for a short backup, then stores each of them once, while readers are still answered', async () => {
    const writes = intents(PAGE, 20, 'short-lock');
    const lock = lockForBackup();
    const started = Date.now();
    const pending = writes.map((intent) => post(server.url, intent));
    await sleep(300);
    // Readers are not held up by the waiting posts.
    const read = await fetch(`${server.url}/api/comments?page=${encodeURIComponent(PAGE)}`, { signal: AbortSignal.timeout(1000) });
    expect(read.status).toBe(200);
    await sleep(1200);
    lock.release();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual(writes.map(() => 201));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const ids = answers.map((a) => a.id);
    expect((await listIds(server.url, PAGE)).sort()).toEqual([...ids].sort());
  }, 60_000);

  it('fails posts clearly with 503 when the backup holds on too long, stores nothing for them, and takes their retries after', async () => {
    const before = await listIds(server.url, PAGE);
    const writes = intents(PAGE, 10, 'long-lock');
    const lock = lockForBackup();
    let answers;
    try {
      answers = await Promise.all(writes.map((intent) => post(server.url, intent)));
    } finally {
      lock.release();
    }
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.error).toEqual({ code: 'server', message: 'The database is busy; nothing was saved. Try again in a moment' });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect(await listIds(server.url, PAGE)).toEqual(before);

    const retried = await Promise.all(writes.map((intent) => post(server.url, intent)));
    expect(retried.map((a) => a.status)).toEqual(writes.map(() => 201));
    expect(await listIds(server.url, PAGE)).toHaveLength(before.length + writes.length);
  }, 60_000);
});
