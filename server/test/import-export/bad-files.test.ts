import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import-export/import-error';
import { importContext } from '../../src/import-export/import-context';
import { importFile, type ImportFormat } from '../../src/import-export/run-import';
import { openStorage } from '../../src/storage/open-storage';
import { dumpTables } from './databases';
import { disqusExport, fixtureThread, wxrExport } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const good = wxrExport(fixtureThread(60));

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Imports into a database that already holds an earlier import, and returns the error; the database must be unchanged. */
async function failingImport(format: ImportFormat, file: string): Promise<ImportError> {
  const storage = await openStorage(':memory:');
  try {
    await importFile(storage, 'disqus', write('earlier.xml', disqusExport(fixtureThread(10))), importContext(null));
    const before = await dumpTables(storage);
    const error = await importFile(storage, format, file, importContext(null)).then(() => null, (e: unknown) => e);
    expect(await dumpTables(storage)).toEqual(before);
    if (!(error instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(error)}`);
    return error;
  } finally {
    await storage.close();
  }
}

describe('a file that cannot be imported', () => {
  it('is refused when truncated, naming the line where it stops, and imports nothing', async () => {
    const cut = good.slice(0, Math.floor(good.length * 0.7));
    const error = await failingImport('wxr', write('truncated.xml', cut));
    expect(error.line).toBe(cut.split('\n').length);
    expect(error.message).toMatch(/^line \d+: unclosed tag: /);
  });

  it('is refused when malformed in the middle, naming that line', async () => {
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('<wp:comment_id>1030<'));
    lines[at] = lines[at]?.replace('</wp:comment_id>', '</wp:comment_idd>') ?? '';
    const error = await failingImport('wxr', write('malformed.xml', lines.join('\n')));
    expect(error.line).toBe(at + 1);
  });

  it('is refused when its bytes are not UTF-8, naming the line', async () => {
    const latin1 = Buffer.from(good.replace('Zoë Ångström 3', 'Zoë Ångström 3'), 'latin1');
    const line = good.split('\n').findIndex((l) => l.includes('Zoë Ångström 3')) + 1;
    const error = await failingImport('wxr', write('latin1.xml', latin1));
    expect(error.message).toContain('not UTF-8');
    expect(error.line).toBe(line);
  });

  it('is refused when it declares another encoding, or is UTF-16', async () => {
    const declared = await failingImport('wxr', write('declared.xml', good.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')));
    expect(declared.message).toBe('line 1: the file declares the encoding "ISO-8859-1"; natter reads UTF-8 exports (convert it first, e.g. with iconv -t UTF-8)');
    const utf16 = await failingImport('wxr', write('utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')])));
    expect(utf16.message).toContain('UTF-16');
  });

  it('is refused, unexpanded, when it carries an entity-expansion bomb', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)];
    const bomb = good.replace('<rss', `<!DOCTYPE rss [\n${lol.join('\n')}\n]>\n<rss`).replace('Comment 1 —', '&lol9; —');
    const started = Date.now();
    const error = await failingImport('wxr', write('bomb.xml', bomb));
    const end = bomb.split('\n').findIndex((l) => l === ']>') + 1;
    expect(error.message).toBe(`line ${end}: a DOCTYPE (entity declarations) is not accepted in an export file`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reads no file and no address named by an external entity', async () => {
    let requests = 0;
    const server = createServer((_req, res) => { requests++; res.end('pwned'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const secret = write('secret.txt', 'TOP-SECRET');
      const withDoctype = good.replace('<rss', `<!DOCTYPE rss [ <!ENTITY file SYSTEM "file://${secret}"> <!ENTITY web SYSTEM "http://127.0.0.1:${port}/x"> ]>\n<rss`)
        .replace('Comment 1 —', '&file; &web; —');
      const error = await failingImport('wxr', write('xxe.xml', withDoctype));
      expect(error.message).toContain('DOCTYPE');
      // Without a DOCTYPE, an entity reference is simply undefined: an error, never a lookup.
      const bare = await failingImport('disqus', write('xxe-bare.xml', disqusExport(fixtureThread(3)).replace('<title>General</title>', '<title>&web;</title>')));
      expect(bare.message).toMatch(/undefined entity/);
      expect(requests).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('is refused when it is the other kind of export, or not an export at all', async () => {
    const rssLine = good.split('\n').findIndex((l) => l.startsWith('<rss')) + 1;
    expect((await failingImport('disqus', write('wxr-as-disqus.xml', good))).message)
      .toBe(`line ${rssLine}: this is not a Disqus export: its root element is <rss>, not <disqus>`);
    expect((await failingImport('wxr', write('disqus-as-wxr.xml', disqusExport(fixtureThread(3))))).message).toContain('not a WordPress export');
    expect((await failingImport('wxr', write('empty.xml', ''))).message).toMatch(/root/);
    expect((await failingImport('json', write('cut.jsonl', '{"natter":"export","version":1}\n{"type":"page","pageId":"/a/","title":null,"url":null}\n'))).message)
      .toBe('line 2: the file stops before its "end" line: it is truncated');
  });
});

describe('a comment that cannot be imported', () => {
  let storage: Awaited<ReturnType<typeof openStorage>>;
  beforeAll(async () => { storage = await openStorage(':memory:'); });
  afterAll(async () => { await storage.close(); });

  it('is skipped with its reason — a missing parent takes its replies with it — while the rest is imported', async () => {
    const thread = fixtureThread(10, 5).map((c) => (c.id === 1002 ? { ...c, parent: 4242 } : c));
    const summary = await importFile(storage, 'wxr', write('orphans.xml', wxrExport(thread)), importContext(null));
    // 1002 names a parent not in the file; 1003–1005 reply below it.
    expect(summary.skipped).toEqual([
      { reason: 'pingbacks are not comments', count: 1, examples: ['999'] },
      { reason: 'its parent is not in the file, or is on another page', count: 1, examples: ['1002'] },
      { reason: 'an ancestor is not in the file', count: 3, examples: ['1003', '1004', '1005'] },
    ]);
    expect(summary.imported.approved + summary.imported.pending).toBe(6);
    const ids = (await storage.db.selectFrom('comments').select('import_id').orderBy('import_id').execute()).map((r) => r.import_id);
    expect(ids).toEqual(['1001', '1006', '1007', '1008', '1009', '1010']);
  });
});
