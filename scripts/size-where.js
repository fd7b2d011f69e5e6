/**
 * Where the script-tag bundle's bytes go: builds `natter.iife.js` once more with
 * a source map (into a temporary directory; `dist/` is left alone), gives every
 * byte of the output to the source file it came from, and prints, per source,
 * its raw bytes and how many brotli bytes the bundle would lose without it
 * (compression is shared, so the column adds up to roughly the total, not
 * exactly). Used by `npm run size -- --where`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Brotli (quality 11) size of a string, in bytes. */
function brotli(text) {
  return brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** Decodes one source-map segment's base64 VLQ fields. */
function decodeSegment(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/** `[start, end, source]` ranges of `code` from a v3 source map; unmapped bytes get `null`. */
function ranges(code, map) {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const marks = [];
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = decodeSegment(segment);
      column += fields[0];
      if (fields.length >= 4) source += fields[1];
      marks.push([lineStarts[lineIndex] + column, fields.length >= 4 ? map.sources[source] : null]);
    }
  });
  marks.sort((a, b) => a[0] - b[0]);
  const out = [];
  if (marks.length === 0 || marks[0][0] > 0) out.push([0, marks[0]?.[0] ?? code.length, null]);
  marks.forEach(([start, src], i) => out.push([start, marks[i + 1]?.[0] ?? code.length, src]));
  return out;
}

/** A readable group name for a source path: `src/ui/app.ts`, `preact`, or the inlined CSS. */
function groupOf(source) {
  if (source === null) return '(unmapped: inlined CSS and glue)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (modules) return modules[1];
  const local = /(?:^|\/)(src\/.*)$/.exec(source);
  return (local ? local[1] : source).replace(/\?.*$/, '');
}

/** Builds the bundle with a source map and returns `{ total, rows }`, biggest brotli share first. */
export async function whereBytesGo(root) {
  const { build } = await import('vite');
  const out = await mkdtemp(join(tmpdir(), 'natter-size-'));
  try {
    await build({ root, logLevel: 'silent', build: { outDir: out, emptyOutDir: true, sourcemap: true } });
    const code = (await readFile(join(out, 'natter.iife.js'), 'utf8')).replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '');
    const map = JSON.parse(await readFile(join(out, 'natter.iife.js.map'), 'utf8'));
    const spans = ranges(code, map).map(([start, end, source]) => [start, end, groupOf(source)]);
    const total = brotli(code);
    const rows = [...new Set(spans.map((s) => s[2]))].map((group) => {
      let without = '';
      let last = 0;
      let raw = 0;
      for (const [start, end, g] of spans) {
        if (g !== group) continue;
        without += code.slice(last, start);
        last = end;
        raw += end - start;
      }
      without += code.slice(last);
      return { source: group, raw, brotli: total - brotli(without) };
    });
    rows.sort((a, b) => b.brotli - a.brotli);
    return { total, rows };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
