import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitBatcher } from '../../src/storage/commit-batcher';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import { WalCheckpointer, type CheckpointResult, type LogCheckpoint } from '../../src/storage/wal-checkpointer';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'natter-checkpoint-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const comment = (n: number) => ({
  pageId: `/page-${n % 7}`, parentId: null, rootId: null, status: 'approved' as const, userId: null, authorName: 'Ann',
  authorEmail: `ann${n % 5}@example.org`, authorUrl: null, authorProvider: null, avatarKey: `a${n % 5}`, visitorHash: null,
  editTokenHash: null, source: `Comment ${n}`, bodyHtml: `<p>Comment ${n}</p>`, contentHash: `h${n}`, idempotencyKey: `key-${n}`,
  ip: null, userAgent: null, createdAt: n, pageTitle: null, pageUrl: null, avatarSource: { email: `ann${n % 5}@example.org`, url: null },
});

describe('WalCheckpointer', () => {
  it('copies the whole log into the database file from its worker, after which SQLite starts the log over', async () => {
    const file = join(dir, 'natter.db');
    const storage: KyselyStorage = await openStorage(file);
    const checkpointer = new WalCheckpointer(file, { everyMs: 60_000 });
    try {
      for (let n = 0; n < 300; n++) await storage.insertComment(comment(n));
      const full = await checkpointer.checkpoint();
      expect(full.log).toBeGreaterThan(0);
      expect(full.checkpointed).toBe(full.log);
      await storage.insertComment(comment(300));
      const after = await checkpointer.checkpoint();
      expect(after.log).toBeLessThan(full.log);
      expect(after.checkpointed).toBe(after.log);
    } finally {
      await checkpointer.close();
      await storage.close();
    }
  });

  it('tells when its worker stops, and still closes', async () => {
    let failed: Error | null = null;
    const checkpointer = new WalCheckpointer(join(dir, 'missing', 'natter.db'), { onFailure: (error) => { failed = error; } });
    await expect(checkpointer.checkpoint()).rejects.toThrow();
    expect(failed).toBeInstanceOf(Error);
    await checkpointer.close();
  });

  it('leaves the writing connection without checkpoints of its own', async () => {
    const storage = await openStorage(join(dir, 'natter.db'));
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(storage.db);
      expect(rows[0]?.wal_autocheckpoint).toBe(0);
    } finally {
      await storage.close();
    }
  });
});

describe('CommitBatcher with a checkpointer', () => {
  it('waits for a whole checkpoint before it commits while the log is overdue, and not otherwise', async () => {
    const storage = await openStorage(':memory:');
    const asked: string[] = [];
    let overdue = true;
    const checkpointer: LogCheckpoint = {
      get overdue() { return overdue; },
      checkpoint: async (): Promise<CheckpointResult> => {
        asked.push('checkpoint');
        overdue = false;
        return { log: 10, checkpointed: 10 };
      },
      close: async () => {},
    };
    try {
      const batcher = new CommitBatcher(storage.db, { checkpointer });
      await batcher.run(async (trx) => {
        asked.push('write');
        await trx.executeQuery(storage.db.insertInto('settings').values({ key: 'a', value: 'v' }).compile());
      });
      await batcher.run(async (trx) => {
        asked.push('write');
        await trx.executeQuery(storage.db.insertInto('settings').values({ key: 'b', value: 'v' }).compile());
      });
      expect(asked).toEqual(['checkpoint', 'write', 'write']);
    } finally {
      await storage.close();
    }
  });
});
