import { stat } from 'node:fs/promises';
import { sql } from 'kysely';
import type { KyselyStorage } from '../storage/kysely-storage';
import { CommentImporter, type ImportContext, type ImportSummary } from './comment-importer';
import { DisqusReader } from './disqus-reader';
import { readNatterJson } from './natter-json-reader';
import { WxrReader } from './wxr-reader';
import { readXmlFile } from './xml-source';

/** The formats `natter import` reads. */
export const IMPORT_FORMATS = ['wxr', 'disqus', 'json'] as const;
/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How far an import has got. */
export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  comments: number;
}

/**
 * Imports one export file into natter in a single transaction: the whole file
 * is read and checked before anything is committed, so a malformed or
 * truncated file (an {@link ImportError}) leaves the database as it was.
 * @example const summary = await importFile(storage, 'wxr', 'blog.wordpress.xml', context);
 */
export async function importFile(
  storage: KyselyStorage,
  format: ImportFormat,
  file: string,
  context: ImportContext,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportSummary> {
  const totalBytes = (await stat(file)).size;
  // A large import in one transaction would otherwise fill SQLite's page cache (16 MB per connection in
  // better-sqlite3's build) with pages it never reads again; this process only imports, so keep it small.
  // Temporary tables (the thread walk at the end) have a cache of their own.
  if (storage.dialect === 'sqlite') {
    await sql`pragma cache_size = -2000`.execute(storage.db);
    await sql`pragma temp.cache_size = -2000`.execute(storage.db);
  }
  const summary = await storage.db.transaction().execute(async (trx) => {
    // A server that never exported has no instance name, so nothing in the file can have come from it.
    const instance = await trx.selectFrom('settings').select('value').where('key', '=', 'instance').executeTakeFirst();
    const importer = new CommentImporter(trx, context, instance ? `natter:${instance.value}` : null);
    await importer.start();
    const report = (bytesRead: number) => onProgress({ bytesRead, totalBytes, comments: importer.commentsRead });
    if (format === 'json') {
      await readNatterJson(file, async (records, bytesRead) => {
        await importer.add(records);
        report(bytesRead);
      });
    } else {
      const reader = format === 'wxr' ? new WxrReader() : new DisqusReader();
      await readXmlFile(file, reader, async (bytesRead) => {
        await importer.add(reader.take());
        report(bytesRead);
      });
      reader.finish();
      await importer.add(reader.take());
    }
    return importer.finish();
  });
  // Servers running on the same PostgreSQL read the imported pages afresh.
  await storage.announceChange();
  return summary;
}
