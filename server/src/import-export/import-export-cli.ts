import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ConfigError, parseConfig } from '../config';
import { openStorage } from '../storage/open-storage';
import type { ImportSummary } from './comment-importer';
import { ImportError } from './import-error';
import { importContext } from './import-context';
import { progressReporter, type ProgressOutput } from './import-progress';
import { EXPORT_FORMATS, exportComments, type ExportFormat } from './run-export';
import { IMPORT_FORMATS, importFile, type ImportFormat } from './run-import';
import { IMPORT_EXPORT_USAGE } from './import-export-usage';

/** Streams the commands write to. */
export interface CommandIo {
  stdout: Writable;
  stderr: ProgressOutput;
}

const IMPORT_FLAGS = { 'site-url': { type: 'string' } } as const;
const EXPORT_FLAGS = { format: { type: 'string' }, page: { type: 'string' }, out: { type: 'string' }, 'site-url': { type: 'string' } } as const;

function usageError(io: CommandIo, message: string): number {
  io.stderr.write(`natter: ${message}\n\n${IMPORT_EXPORT_USAGE}`);
  return 2;
}

/** The summary printed after an import. */
export function describeImport(file: string, s: ImportSummary): string {
  const added = s.imported.approved + s.imported.pending + s.imported.spam + s.imported.deleted;
  const lines = [
    `natter import: ${file}`,
    `  imported ${added} comments on ${s.pages} page${s.pages === 1 ? '' : 's'}: ${s.imported.approved} approved, ${s.imported.pending} held, ${s.imported.spam} spam, ${s.imported.deleted} deleted`,
    `  already imported before (left as they were): ${s.alreadyPresent}`,
  ];
  if (s.likes > 0) lines.push(`  likes imported: ${s.likes}`);
  const skipped = s.skipped.reduce((n, k) => n + k.count, 0);
  lines.push(`  skipped: ${skipped}`);
  for (const k of s.skipped) lines.push(`    ${k.count} — ${k.reason} (e.g. ${k.examples.join(', ')})`);
  return `${lines.join('\n')}\n`;
}

/** `natter import <format> <file> [flags]`: returns the exit code. */
export async function importCommand(argv: readonly string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number> {
  const [format, file, ...flags] = argv;
  if (format === '--help' || format === undefined) return format === undefined ? usageError(io, 'import needs a format and a file') : (io.stdout.write(IMPORT_EXPORT_USAGE), 0);
  const known = IMPORT_FORMATS.find((f): f is ImportFormat => f === format);
  if (known === undefined) return usageError(io, `unknown import format "${format}" (wxr, disqus or json)`);
  if (file === undefined || file.startsWith('--')) return usageError(io, `import ${format} needs the export file`);
  let config;
  try {
    config = parseConfig(flags, env, IMPORT_FLAGS);
  } catch (error) {
    if (error instanceof ConfigError) return usageError(io, error.message);
    throw error;
  }
  const storage = await openStorage(config.database, { server: false });
  const progress = progressReporter(io.stderr);
  try {
    const summary = await importFile(storage, known, file, importContext(config.secret), (p) => progress.update(p));
    progress.done();
    io.stdout.write(describeImport(file, summary));
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof ImportError) {
      io.stderr.write(`natter import: ${file}: ${error.message}\nNothing was imported.\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR')) {
      io.stderr.write(`natter import: cannot read ${file} (${error.code}). Nothing was imported.\n`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

/** `natter export --format wxr|disqus|json [--page ID] [--out FILE]`: returns the exit code. */
export async function exportCommand(argv: readonly string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number> {
  let config;
  try {
    config = parseConfig(argv, env, EXPORT_FLAGS);
  } catch (error) {
    if (error instanceof ConfigError) return usageError(io, error.message);
    throw error;
  }
  if (config.help) {
    io.stdout.write(IMPORT_EXPORT_USAGE);
    return 0;
  }
  const format = EXPORT_FORMATS.find((f): f is ExportFormat => f === config.flags.format);
  if (format === undefined) return usageError(io, '--format must be wxr, disqus or json');
  const page = typeof config.flags.page === 'string' ? config.flags.page : null;
  const outFile = typeof config.flags.out === 'string' ? config.flags.out : null;
  const siteUrl = typeof config.flags['site-url'] === 'string' ? config.flags['site-url'] : (config.origins[0] ?? config.publicUrl);
  const storage = await openStorage(config.database, { server: false });
  // A file is written beside its final name and renamed when complete: a failed export leaves no half file.
  const partial = outFile === null ? null : `${outFile}.partial`;
  const out = partial === null ? io.stdout : createWriteStream(partial);
  try {
    const summary = await exportComments(storage, format, out, { pageId: page, site: { title: config.siteName, url: siteUrl } });
    if (partial !== null && outFile !== null) {
      out.end();
      await finished(out);
      await rename(partial, outFile);
    }
    const likes = format === 'disqus' ? '' : `, ${summary.likes} likes`;
    io.stderr.write(`natter export: ${summary.comments} comments on ${summary.pages} pages${likes}${outFile === null ? '' : ` → ${outFile}`}\n`);
    return 0;
  } catch (error) {
    if (partial !== null) await rm(partial, { force: true });
    throw error;
  } finally {
    await storage.close();
  }
}
