import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/comments/markdown';
import { importContext } from '../../src/import-export/import-context';
import { exportComments } from '../../src/import-export/run-export';
import { importFile } from '../../src/import-export/run-import';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { dumpTables, onEachDatabase } from './databases';
import { fixtureThread, wxrExport } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SITE = { title: 'A Small Blog', url: 'https://blog.example' };

async function exportTo(storage: KyselyStorage, name: string): Promise<string> {
  const file = join(dir, name);
  const out = createWriteStream(file);
  await exportComments(storage, 'json', out, { site: SITE });
  out.end();
  await once(out, 'finish');
  return file;
}

/** A server with everything natter keeps: imported and native comments, a signed-in author, edits, likes, subscriptions. */
async function populate(storage: KyselyStorage): Promise<void> {
  await importFile(storage, 'wxr', join(dir, 'seed.xml'), importContext('s'.repeat(40)));
  const user = await storage.upsertUser({ provider: 'google', subject: '1234', name: 'Grace', avatarUrl: 'https://img.example/g.png', profileUrl: null, email: 'grace@example.org' }, 1_700_000_000_000);
  const imported = await storage.db.selectFrom('comments').select(['id', 'root_id']).where('import_id', '=', '1003').executeTakeFirstOrThrow();
  const base = {
    pageId: '/2024/03/small-is-beautiful/', status: 'approved' as const, authorProvider: null, visitorHash: null, editTokenHash: null,
    ip: '203.0.113.5', userAgent: 'Mozilla/5.0', pageTitle: null, pageUrl: null,
  };
  const reply = await storage.insertComment({
    ...base, parentId: String(imported.id), rootId: String(imported.root_id), userId: user.id, authorName: 'Grace', authorEmail: null,
    authorUrl: null, authorProvider: 'google', avatarKey: 'AAAAAAAAAAAAAAAAAAAAAA', source: 'A *native* reply', bodyHtml: renderMarkdown('A *native* reply'),
    contentHash: 'h1', idempotencyKey: 'k1', createdAt: 1_712_000_000_000, avatarSource: { email: null, url: 'https://img.example/g.png' },
  });
  const guest = await storage.insertComment({
    ...base, pageId: '/2024/04/second/', parentId: null, rootId: null, userId: null, authorName: 'Guest', authorEmail: 'guest@example.org',
    authorUrl: 'https://guest.example/', avatarKey: 'BBBBBBBBBBBBBBBBBBBBBB', visitorHash: 'v1', editTokenHash: 'e1', source: 'First!',
    bodyHtml: '<p>First!</p>\n', contentHash: 'h2', idempotencyKey: 'k2', createdAt: 1_712_000_100_000, pageTitle: 'Second post', pageUrl: 'https://blog.example/2024/04/second/',
    avatarSource: { email: 'guest@example.org', url: null },
  });
  await storage.insertComment({
    ...base, pageId: '/2024/04/second/', parentId: guest.comment.id, rootId: guest.comment.id, userId: null, authorName: 'Held', authorEmail: 'held@example.org',
    authorUrl: null, avatarKey: null, source: 'Wait for me', bodyHtml: '<p>Wait for me</p>\n', contentHash: 'h3', idempotencyKey: 'k3',
    status: 'pending', createdAt: 1_712_000_200_000,
  });
  await storage.updateCommentBody(reply.comment.id, 'A *native* reply, edited', renderMarkdown('A *native* reply, edited'), 'h1b', 1_712_000_300_000);
  await storage.putLike({ pageId: '/2024/04/second/', likerKey: `u:${user.id}`, userId: user.id, name: 'Grace', url: null, email: null, avatarKey: 'AAAAAAAAAAAAAAAAAAAAAA', provider: 'google', createdAt: 1_712_000_400_000 });
  await storage.putLike({ pageId: '/2024/04/second/', likerKey: 'v:v1', userId: null, name: 'Guest', url: 'https://guest.example/', email: 'guest@example.org', avatarKey: 'BBBBBBBBBBBBBBBBBBBBBB', provider: null, createdAt: 1_712_000_500_000 });
  await storage.subscribe({ kind: 'replies', pageId: '/2024/04/second/', email: 'guest@example.org', name: 'Guest', createdAt: 1_712_000_600_000 });
  await storage.subscribe({ kind: 'posts', pageId: '', email: 'held@example.org', name: 'Held', createdAt: 1_712_000_700_000 });
}

writeFileSync(join(dir, 'seed.xml'), wxrExport(fixtureThread(30)));

onEachDatabase((open) => {
  describe("natter's JSON export", () => {
    it('carries everything: imported into a fresh server and exported again, it is the same file', async () => {
      const a = await open();
      const b = await open();
      try {
        await populate(a);
        const first = await exportTo(a, `a-${a.dialect}.jsonl`);
        const summary = await importFile(b, 'json', first, importContext(null));
        expect(summary.imported).toEqual({ approved: 29, pending: 2, spam: 1, deleted: 1 });
        expect(summary.likes).toBe(2);
        const second = await exportTo(b, `b-${b.dialect}.jsonl`);
        const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1);
        expect(body(second)).toEqual(body(first));

        // And row by row: every stored field survives (ids are the new server's own, and so is
        // the JSON SQLite writes from them, json_head).
        const [rowsA, rowsB] = [await dumpTables(a), await dumpTables(b)];
        const strip = (rows: unknown[]) => rows.map((r) => {
          const { id: _i, parent_id: _p, root_id: _r, import_source: _s, import_id: _d, import_parent_source: _ps, import_parent_id: _pi, json_head: _h, ...rest } = r as Record<string, unknown>;
          return rest;
        }).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
        expect(strip(rowsB.comments ?? [])).toEqual(strip(rowsA.comments ?? []));
        expect(rowsB.users).toEqual(rowsA.users);
        expect(rowsB.likes).toEqual(rowsA.likes);
        expect((rowsB.subscriptions ?? []).map((s) => ({ ...(s as object), id: 0 }))).toEqual((rowsA.subscriptions ?? []).map((s) => ({ ...(s as object), id: 0 })));
        expect(rowsB.avatars).toEqual((rowsA.avatars ?? []).filter((x) => (rowsB.avatars ?? []).some((y) => JSON.stringify(y) === JSON.stringify(x))));
        expect(rowsB.pages?.map((p) => ({ ...(p as object), version: 0 }))).toEqual(rowsA.pages?.map((p) => ({ ...(p as object), version: 0 })));

        // Imported again into either server, it adds nothing.
        const again = await importFile(b, 'json', first, importContext(null));
        expect(again.imported).toEqual({ approved: 0, pending: 0, spam: 0, deleted: 0 });
        const home = await importFile(a, 'json', second, importContext(null));
        expect(home.imported).toEqual({ approved: 0, pending: 0, spam: 0, deleted: 0 });
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
