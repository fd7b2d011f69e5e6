#!/usr/bin/env node
/**
 * Prints the size of natter's built files: raw, gzip (level 9) and brotli
 * (quality 11). The script-tag bundle `dist/natter.iife.js` (its CSS is inlined)
 * is what first render needs; the interaction chunk it loads on first focus or
 * click, the lazily loaded catalogues and sign-in code, the ES module build and
 * the admin page are listed separately.
 *
 *   npm run size             a table
 *   npm run size -- --json   the same figures as JSON
 *   npm run size -- --where  also where the script-tag bundle's bytes go, per source file
 *
 * Run `npm run build` first. Exits with 1 when the script-tag bundle is missing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { whereBytesGo } from './size-where.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** The script-tag bundle's brotli budget: the goal, and the ceiling `npm test` enforces. */
const BUDGET = { goal: 14 * 1024, ceiling: 14 * 1024 };
/** Brotli ceiling of each lazily loaded catalogue, enforced by `npm test` (see the README). */
const LOCALE_CEILING = 4 * 1024;

/** Raw, gzip -9 and brotli 11 sizes of one file, in bytes, with its brotli ceiling (or `null`). */
function measure(path, role, ceiling) {
  const bytes = readFileSync(path);
  return {
    file: relative(root, path),
    role,
    ceiling,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

const bundle = join(dist, 'natter.iife.js');
if (!existsSync(bundle)) {
  console.error(`natter size: ${relative(root, bundle)} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

const files = [measure(bundle, 'script-tag bundle (JS + CSS, English)', BUDGET.ceiling)];
const localesDir = join(dist, 'locales');
if (existsSync(localesDir)) {
  for (const name of readdirSync(localesDir).filter((n) => n.endsWith('.json')).sort()) {
    files.push(measure(join(localesDir, name), 'catalogue, loaded lazily', LOCALE_CEILING));
  }
}
for (const [name, role, ceiling] of [
  // Not minified: the application's bundler minifies it and measures the result.
  ['natter.offline.iife.js', 'script-tag bundle with the memory backend (offline demo, tests)', null],
  ['natter.js', 'ES module build (preact, htm external; unminified)', null],
  ['../server/dist/admin.js', 'admin page (natter-server)', null],
  ['natter.sign-in.js', 'sign-in code, loaded by the script-tag bundles when a reader first signs in', null],
  ['natter.wordpress.js', 'WordPress backend with ky, imported by the script-tag bundle for data-backend="wordpress:…"', null],
  ['natter.interaction.js', 'interaction chunk: preact, form, posting, editing, sign-in, ky; loaded on first interaction or when idle', null],
]) {
  const path = join(dist, name);
  if (existsSync(path)) files.push(measure(path, role, ceiling));
}
const known = new Set(['natter.iife.js', 'natter.offline.iife.js', 'natter.js', 'admin.js', 'natter.sign-in.js', 'natter.wordpress.js', 'natter.interaction.js']);
for (const name of readdirSync(dist).filter((n) => n.endsWith('.js') && !known.has(n)).sort()) {
  files.push(measure(join(dist, name), 'chunk of the ES module build (shared, or imported lazily)', null));
}

const brotli = files[0].brotli;
const status = brotli > BUDGET.ceiling ? 'over the ceiling' : brotli > BUDGET.goal ? 'over the goal, under the ceiling' : 'within the goal';

const where = process.argv.includes('--where') ? await whereBytesGo(root) : undefined;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ budget: { ...BUDGET, status }, files, ...(where ? { where } : {}) }, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const rows = [
    ['file', 'raw', 'gzip -9', 'brotli 11', 'ceiling', ''],
    ...files.map((f) => [f.file, kb(f.raw), kb(f.gzip), kb(f.brotli), f.ceiling === null ? '-' : kb(f.ceiling), f.role]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) {
    console.log(r.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
  }
  console.log(
    `\nscript-tag bundle: ${brotli} bytes brotli — goal ${kb(BUDGET.goal)}, ceiling ${kb(BUDGET.ceiling)}: ${status}.`,
  );
  if (where) {
    console.log(`\nwhere natter.iife.js's ${where.total} brotli bytes go (brotli column: bytes lost without that source):`);
    const width = Math.max(...where.rows.map((r) => r.source.length));
    for (const r of where.rows) {
      console.log(`  ${r.source.padEnd(width)}  ${String(r.raw).padStart(7)} raw  ${String(r.brotli).padStart(6)} brotli`);
    }
  }
}
