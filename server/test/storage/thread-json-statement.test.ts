import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicComment } from '../../src/comments/comment-view';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import type { ThreadQuery, Viewer } from '../../src/storage/storage';
import { commentRecord } from '../helpers/storage-contract';

const view = { publicUrl: 'https://comments.example/natter', editWindowMs: 15 * 60_000 };
const decoder = new TextDecoder();

/** Every character below U+0080, then some that JSON writers tend to treat specially. */
const awkward = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('') +
  '\u2028\u2029\u00e9\u00ff\u0100\ud7ff\ue000\ufeff\ufffd\uffff \ud83d\ude00 \u{10ffff} \\u0000 </script> "quoted" \\ back\\slash';

/** The JSON `publicComment` makes of `listThreads`, and the bytes SQLite writes for the same query, with the figures of each. */
async function bothWays(storage: KyselyStorage, query: ThreadQuery) {
  const { comments, ...figures } = await storage.listThreads(query);
  const written = await storage.listThreadsJson(query, view);
  if (written === null) throw new Error('SQLite did not write the JSON');
  const { comments: bytes, ...writtenFigures } = written;
  return {
    expected: JSON.stringify(comments.map((c) => publicComment(c, view, query.viewer))),
    written: decoder.decode(bytes),
    figures,
    writtenFigures,
  };
}

describe('the JSON SQLite writes for a page of threads', () => {
  let storage: KyselyStorage;
  beforeEach(async () => { storage = await openStorage(':memory:'); });
  afterEach(async () => { await storage.close(); });

  it('is byte for byte what publicComment and JSON.stringify make, for any viewer, sort, cursor and page size', async () => {
    const me: Viewer = { userId: 'user-1', visitorHash: 'visitor-1' };
    const ids: string[] = [];
    const add = async (overrides: Parameters<typeof commentRecord>[0]) => {
      const { comment } = await storage.insertComment(commentRecord({ pageId: '/p', ...overrides }));
      ids.push(comment.id);
      return comment;
    };
    const top = await add({ authorName: awkward, source: awkward, bodyHtml: `<p>${awkward}</p>`, authorUrl: `https://a.example/${awkward}` });
    await add({ parentId: top.id, rootId: top.id, authorProvider: 'google', avatarKey: 'AAAAAAAAAAAAAAAAAAAAAA', avatarSource: { email: null, url: 'https://img.example/a.png' } });
    await add({ authorProvider: 'mastodon', avatarKey: 'odd key/é?&', avatarSource: { email: 'x@example.com', url: null }, createdAt: 1 });
    await add({ status: 'pending', visitorHash: 'visitor-1', source: 'mine, held' });
    await add({ status: 'pending', visitorHash: 'visitor-2', source: 'someone else\'s, held' });
    await add({ userId: 'user-1', source: 'mine, signed in', createdAt: 253402300799999 - view.editWindowMs + 1 });
    const reply = await add({ parentId: top.id, rootId: top.id, visitorHash: 'visitor-1', createdAt: -1_000_000_000_001 });
    await add({ parentId: reply.id, rootId: top.id, status: 'spam' });
    await add({ avatarKey: 'no-picture', avatarSource: { email: null, url: null } });
    for (let i = 0; i < 5; i++) await add({ createdAt: 1_700_000_000_000 + i * 1001, authorUrl: i % 2 === 0 ? null : 'https://b.example/' });
    // Times SQLite's strftime would not write as toISOString does, and an edit.
    await sql`update comments set created_at = 253402300800000 where id = ${Number(ids[9])}`.execute(storage.db);
    await sql`update comments set created_at = 1700000000000.75, edited_at = 1700000000123 where id = ${Number(ids[10])}`.execute(storage.db);
    await storage.updateCommentBody(ids[11] ?? '', 'edited', '<p>edited</p>', 'h', 1_800_000_000_321);
    // A reply whose top-level comment is hidden stays listed.
    await storage.setCommentStatus(ids[12] ?? '', 'pending');
    await add({ parentId: ids[12], rootId: ids[12] });

    const viewers: Viewer[] = [{ userId: null, visitorHash: null }, me, { userId: null, visitorHash: 'visitor-1' }, { userId: 'user-1', visitorHash: null }];
    let compared = 0;
    for (const viewer of viewers) {
      for (const sort of ['oldest', 'newest'] as const) {
        for (const limit of [1, 3, 50]) {
          let after: string | null = null;
          for (let n = 0; n < 20; n++) {
            const query: ThreadQuery = { pageId: '/p', sort, limit, after, viewer };
            const { expected, written, figures, writtenFigures } = await bothWays(storage, query);
            expect(written).toBe(expected);
            expect(writtenFigures).toEqual(figures);
            compared++;
            if (!figures.hasMore || figures.lastThread === undefined) break;
            after = figures.lastThread;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
    // The awkward text did reach the JSON.
    const { written } = await bothWays(storage, { pageId: '/p', sort: 'oldest', limit: 50, after: null, viewer: me });
    expect(JSON.parse(written)[0].author.name).toBe(awkward);
  });

  it('writes an empty array for a page with nothing visible', async () => {
    await storage.insertComment(commentRecord({ pageId: '/held', status: 'pending' }));
    for (const pageId of ['/held', '/none']) {
      const written = await storage.listThreadsJson({ pageId, sort: 'oldest', limit: 50, after: null, viewer: { userId: null, visitorHash: null } }, view);
      expect(written === null ? null : { ...written, comments: decoder.decode(written.comments) }).toEqual({ comments: '[]', hasMore: false, total: 0 });
    }
  });
});
