import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import { commentRecord } from '../helpers/storage-contract';

let storage: KyselyStorage;
beforeEach(async () => { storage = await openStorage(':memory:'); });
afterEach(async () => { await storage.close(); });

const anon = { userId: null, visitorHash: null };

describe('reads straight from the SQLite connection', () => {
  it('never lists a comment of a transaction still open on the connection, and lists it once committed', async () => {
    await storage.insertComment(commentRecord({ pageId: '/p' }));
    const write = (outcome: 'commit' | 'roll back') => {
      let opened!: () => void;
      let finish!: () => void;
      const inside = new Promise<void>((resolve) => { opened = resolve; });
      const done = storage.db.transaction().execute(async (trx) => {
        await sql`insert into comments (page_id, status, author_name, source, body_html, content_hash, idempotency_key, created_at)
          values ('/p', 'approved', 'Eve', 'x', '<p>x</p>', ${outcome}, ${outcome}, 1)`.execute(trx);
        opened();
        await new Promise<void>((resolve) => { finish = resolve; });
        if (outcome === 'roll back') throw new Error('rolled back');
      });
      return { inside, done, finish: () => finish() };
    };
    const list = () => storage.listThreads({ pageId: '/p', sort: 'oldest', after: null, limit: 10, viewer: anon });

    const failing = write('roll back');
    await failing.inside;
    const during = list();
    failing.finish();
    await expect(failing.done).rejects.toThrow('rolled back');
    expect(await during).toMatchObject({ total: 1, comments: [{ authorName: 'Ada' }] });

    const committing = write('commit');
    await committing.inside;
    const after = list();
    committing.finish();
    await committing.done;
    expect(await after).toMatchObject({ total: 2, comments: [{ authorName: 'Ada' }, { authorName: 'Eve' }] });
  });
});
