import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importContext } from '../../src/import-export/import-context';
import { importFile } from '../../src/import-export/run-import';
import { dumpTables, onEachDatabase } from './databases';
import { fixtureThread, wxrExport } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-wxr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const thread = fixtureThread(240, 5);
const file = join(dir, 'blog.wordpress.2024-05-01.xml');
writeFileSync(file, wxrExport(thread));
const PAGE = '/2024/03/small-is-beautiful/';

onEachDatabase((open) => {
  describe('importing a WordPress export', () => {
    it('brings in every comment with its page, nesting, author, website, date and status, and skips the pingback', async () => {
      const storage = await open();
      try {
        const summary = await importFile(storage, 'wxr', file, importContext(null));
        expect(summary.imported).toEqual({ approved: 237, pending: 1, spam: 1, deleted: 1 });
        expect(summary.pages).toBe(1);
        expect(summary.alreadyPresent).toBe(0);
        expect(summary.skipped).toEqual([{ reason: 'pingbacks are not comments', count: 1, examples: ['999'] }]);

        const rows = await storage.db.selectFrom('comments').selectAll().execute();
        const bySource = new Map(rows.map((r) => [r.import_id, r]));
        const byId = new Map(rows.map((r) => [r.id, r]));
        let deepest = 0;
        for (const c of thread) {
          const row = bySource.get(String(c.id));
          expect(row?.page_id).toBe(PAGE);
          expect(row?.author_name).toBe(c.author);
          expect(row?.author_email).toBe(c.email);
          expect(row?.author_url).toBe(c.url === '' ? null : c.url);
          expect(row?.ip).toBe(c.ip);
          expect(Number(row?.created_at)).toBe(Date.parse(`${c.date.replace(' ', 'T')}Z`));
          expect(row?.status).toBe({ '1': 'approved', '0': 'pending', spam: 'spam', trash: 'deleted' }[c.approved]);
          expect(row?.source).toBe(c.body);
          expect(row?.source_format).toBe('html');
          const parent = row?.parent_id == null ? undefined : byId.get(row.parent_id);
          expect(parent?.import_id ?? '0').toBe(String(c.parent));
          let depth = 1;
          for (let p = parent; p; p = p.parent_id == null ? undefined : byId.get(p.parent_id)) {
            depth++;
            if (p.parent_id === null) expect(row?.root_id).toBe(p.id);
          }
          deepest = Math.max(deepest, depth);
        }
        expect(deepest).toBe(5);
        const page = await storage.getPage(PAGE);
        expect(page).toMatchObject({ title: 'Small is beautiful?', url: `https://blog.example${PAGE}` });
        const listed = await storage.listThreads({ pageId: PAGE, sort: 'oldest', after: null, limit: 100, viewer: { userId: null, visitorHash: null } });
        expect(listed.comments).toHaveLength(237);
      } finally {
        await storage.close();
      }
    });

    it('renders WordPress HTML bodies through the allowlist, in paragraphs as WordPress shows them', async () => {
      const storage = await open();
      try {
        await importFile(storage, 'wxr', file, importContext(null));
        const first = await storage.db.selectFrom('comments').selectAll().where('import_id', '=', '1001').executeTakeFirstOrThrow();
        expect(first.body_html).toBe('<p>Comment 0: I <em>really</em> agree &#38; say <a href="https://example.com/0">so</a>.</p>\n'
          + '<p>Second paragraph, line one<br>\nline two.</p>');
        const second = await storage.db.selectFrom('comments').selectAll().where('import_id', '=', '1002').executeTakeFirstOrThrow();
        expect(second.body_html).toBe('<p>Comment 1 — plain words, “quotes” and <strong>bold</strong>.</p>');
      } finally {
        await storage.close();
      }
    });

    it('stores each page’s comments oldest first whatever order the file lists them in, as WordPress writes them in database order', async () => {
      const storage = await open();
      try {
        const shuffled = join(dir, 'shuffled.wordpress.xml');
        const small = fixtureThread(20, 3);
        writeFileSync(shuffled, wxrExport([...small.slice(10), ...small.slice(0, 10).reverse()]));
        await importFile(storage, 'wxr', shuffled, importContext(null));
        const rows = await storage.db.selectFrom('comments').select(['import_id', 'created_at']).orderBy('id').execute();
        expect(rows.map((r) => r.import_id)).toEqual(small.map((c) => String(c.id)));
      } finally {
        await storage.close();
      }
    });

    it('changes nothing when the same file is imported again', async () => {
      const storage = await open();
      try {
        const context = importContext(null);
        await importFile(storage, 'wxr', file, context);
        const before = await dumpTables(storage);
        const again = await importFile(storage, 'wxr', file, context);
        expect(again.imported).toEqual({ approved: 0, pending: 0, spam: 0, deleted: 0 });
        expect(again.alreadyPresent).toBe(240);
        expect(await dumpTables(storage)).toEqual(before);
      } finally {
        await storage.close();
      }
    });
  });
});
