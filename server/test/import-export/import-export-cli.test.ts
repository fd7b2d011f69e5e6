import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/import-export/import-progress';
import { buildServer } from '../helpers/built-server';
import { fixtureThread, wxrExport } from './fixtures';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'natter-io-cli-'));
let built: Awaited<ReturnType<typeof buildServer>>;
beforeAll(async () => { built = await buildServer(); });
afterAll(() => {
  built?.remove();
  rmSync(dir, { recursive: true, force: true });
});

// Each CLI run is a fresh Node process: seconds each on a busy machine.

/** Runs the built `natter` CLI in a child process, as a pipe sees it. */
async function natter(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const code = `import(${JSON.stringify(built.cli)}).then(async (m) => { process.exitCode = (await m.main(JSON.parse(process.argv[1]), process.env)) ?? 0; })`;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(args)], { env: { ...process.env, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('natter import and natter export', () => {
  it('import prints plain progress lines in a pipe and a summary of what was imported and skipped', async () => {
    const file = join(dir, 'blog.xml');
    writeFileSync(file, wxrExport(fixtureThread(120)));
    const db = join(dir, 'one.db');
    const result = await natter(['import', 'wxr', file, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).toMatch(/^natter import: 100% read \(0\.\d MB of 0\.\d MB\), 120 comments$/m);
    expect(result.stdout).toContain('imported 120 comments on 1 page: 117 approved, 1 held, 1 spam, 1 deleted');
    expect(result.stdout).toContain('skipped: 1\n    1 — pingbacks are not comments (e.g. 999)');

    const again = await natter(['import', 'wxr', file, '--db', db]);
    expect(again.stdout).toContain('imported 0 comments');
    expect(again.stdout).toContain('already imported before (left as they were): 120');

    const out = join(dir, 'export.jsonl');
    const exported = await natter(['export', '--format', 'json', '--db', db, '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`natter export: 120 comments on 1 pages, 0 likes → ${out}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^\{"natter":"export","version":1,/);
    expect(lines.filter((l) => l.startsWith('{"type":"comment"'))).toHaveLength(120);
    expect(lines[lines.length - 1]).toBe('{"type":"end","comments":120}');
    const wxr = await natter(['export', '--format', 'wxr', '--db', db, '--page', '/2024/03/small-is-beautiful/']);
    expect(wxr.stdout).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
    expect(wxr.stdout.match(/<wp:comment>/g)).toHaveLength(120);
  }, 120_000);

  it('import of a truncated file exits 1, names the line and imports nothing', async () => {
    const text = wxrExport(fixtureThread(50));
    const file = join(dir, 'cut.xml');
    writeFileSync(file, text.slice(0, text.length - 200));
    const db = join(dir, 'cut.db');
    const result = await natter(['import', 'wxr', file, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cut\.xml: line \d+: unclosed tag: \S+\nNothing was imported\./);
    const count = await natter(['export', '--format', 'wxr', '--db', db]);
    expect(count.stdout).not.toContain('<wp:comment>');
  }, 60_000);

  it('refuses unknown formats and missing files with a usage message', async () => {
    expect((await natter(['import', 'blogger', 'x.xml'])).code).toBe(2);
    expect((await natter(['export', '--format', 'csv'])).stderr).toContain('--format must be wxr, disqus or json');
    const missing = await natter(['import', 'wxr', join(dir, 'nope.xml'), '--db', join(dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  }, 60_000);

  it('imports a large export with memory to spare (20 MB here; the 200 MB run is server/scripts/import-memory.js)', async () => {
    const { stdout } = await run(process.execPath, ['server/scripts/import-memory.js', '--mb', '20', '--cli', built.cli], { timeout: 240_000 });
    const result = JSON.parse(stdout) as { exitCode: number; comments: number; imported: number; peakRssMB: number };
    expect(result.exitCode).toBe(0);
    expect(result.imported).toBe(result.comments);
    expect(result.peakRssMB).toBeLessThan(150);
  }, 300_000);
});

describe('the progress bar', () => {
  it('redraws one line on a terminal', () => {
    const written: string[] = [];
    let now = 0;
    const bar = progressReporter({ isTTY: true, write: (t: string) => written.push(t) }, () => now);
    bar.update({ bytesRead: 0, totalBytes: 100, comments: 0 });
    now = 50;
    bar.update({ bytesRead: 40, totalBytes: 100, comments: 4 }); // within 100 ms: not redrawn
    now = 200;
    bar.update({ bytesRead: 100, totalBytes: 100, comments: 10 });
    bar.done();
    expect(written).toEqual([
      `\r[${'-'.repeat(30)}]   0%  0.0 MB of 0.0 MB, 0 comments`,
      `\r[${'#'.repeat(30)}] 100%  0.0 MB of 0.0 MB, 10 comments`,
      '\n',
    ]);
  });
});
