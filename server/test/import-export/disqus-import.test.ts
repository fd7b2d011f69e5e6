import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importContext } from '../../src/import-export/import-context';
import { importFile } from '../../src/import-export/run-import';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { dumpTables, onEachDatabase } from './databases';
import { disqusExport, fixtureThread } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-disqus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const thread = fixtureThread(220, 5);
const file = join(dir, 'smallblog-2024-05-01T12:00:00.000000-all.xml');
writeFileSync(file, disqusExport(thread, { orphanParent: true }));
const threadLast = join(dir, 'smallblog-thread-last.xml');
writeFileSync(threadLast, disqusExport(thread, { threadLast: true }));

/** Every post of the fixture is in `storage` with its page, author, date and parent. */
async function expectTheThread(storage: KyselyStorage): Promise<void> {
  const rows = await storage.db.selectFrom('comments').selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySource = new Map(rows.map((r) => [r.import_id, r]));
  for (const c of thread) {
    const row = bySource.get(String(c.id + 7000000));
    expect(row?.import_source).toBe('disqus:smallblog');
    expect(row?.page_id).toBe('/2024/03/small-is-beautiful/');
    expect(row?.author_name).toBe(c.author);
    expect(Number(row?.created_at)).toBe(Date.parse(`${c.date.replace(' ', 'T')}Z`));
    const parent = row?.parent_id == null ? undefined : byId.get(row.parent_id);
    expect(parent?.import_id ?? null).toBe(c.parent === 0 ? null : String(c.parent + 7000000));
  }
  expect(await storage.getPage('/2024/03/small-is-beautiful/')).toMatchObject({ title: 'Small is beautiful?' });
}

onEachDatabase((open) => {
  describe('importing a Disqus export', () => {
    it('brings in every post with its thread, nesting, author and status, and reports the reply whose parent is missing', async () => {
      const storage = await open();
      try {
        const summary = await importFile(storage, 'disqus', file, importContext(null));
        // Disqus has no "held" state in its export: the held WordPress comment of the fixture is approved here.
        expect(summary.imported).toEqual({ approved: 218, pending: 0, spam: 1, deleted: 1 });
        expect(summary.skipped).toEqual([{ reason: 'its parent is not in the file, or is on another page', count: 1, examples: ['7999999'] }]);
        await expectTheThread(storage);
      } finally {
        await storage.close();
      }
    });

    it('brings in posts written before their thread, and skips the one whose thread is not in the file', async () => {
      const storage = await open();
      try {
        const summary = await importFile(storage, 'disqus', threadLast, importContext(null));
        expect(summary.imported).toEqual({ approved: 218, pending: 0, spam: 1, deleted: 1 });
        expect(summary.skipped).toEqual([{ reason: 'its thread is not in the file', count: 1, examples: ['7888888'] }]);
        await expectTheThread(storage);
      } finally {
        await storage.close();
      }
    });

    it('changes nothing when the same file is imported again', async () => {
      const storage = await open();
      try {
        await importFile(storage, 'disqus', file, importContext(null));
        const before = await dumpTables(storage);
        const again = await importFile(storage, 'disqus', file, importContext(null));
        expect(again.alreadyPresent).toBe(220);
        expect(await dumpTables(storage)).toEqual(before);
      } finally {
        await storage.close();
      }
    });
  });
});
