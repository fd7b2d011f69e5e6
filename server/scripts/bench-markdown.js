#!/usr/bin/env node
// Times renderMarkdown (server/src/comments/markdown.ts) on pathological comment bodies
// of the size the API accepts, beside micromark 4 on the same inputs, and
// prints a table. A benchmark, not a test: figures depend on the machine.
//
//   node scripts/bench-markdown.js [--size 10000] [--runs 5] [--no-micromark]
//
// micromark runs in a child process with a time limit per input, because some
// of these inputs keep it busy for many seconds.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    'no-micromark': { type: 'boolean', default: false },
    'micromark-child': { type: 'string' },
  },
});
const N = Number(values.size);
const RUNS = Number(values.runs);
const MICROMARK_LIMIT_MS = 10_000;

/** Pathological inputs of about N characters each. */
function inputs(n) {
  return {
    'nested > ': `${'>'.repeat(n)} x`,
    'nested - ': `${'- '.repeat(n / 2)}x`,
    'nested 1. ': `${'1. '.repeat(n / 3)}x`,
    'indented lists': Array.from({ length: Math.floor(Math.sqrt(n)) }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'),
    '*' : '*'.repeat(n),
    '_': '_'.repeat(n),
    '*a': '*a'.repeat(n / 2),
    '*_': '*_'.repeat(n / 2),
    '**a': '**a'.repeat(n / 3),
    '[': '['.repeat(n),
    '[a](': '[a]('.repeat(n / 4),
    '[](': '[]('.repeat(n / 3),
    '`': '`'.repeat(n),
    '`a``': '`a``'.repeat(n / 4),
    '<': '<'.repeat(n),
    'plain prose': 'The quick brown fox jumps over the lazy dog. '.repeat(n / 45),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn, input) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn(input);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

if (values['micromark-child'] !== undefined) {
  // Child mode: time micromark on one named input and print the milliseconds.
  const { micromark } = await import('micromark');
  const input = inputs(N)[values['micromark-child']];
  const start = performance.now();
  micromark(input);
  process.stdout.write(String(performance.now() - start));
  process.exit(0);
}

function micromarkMs(name) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--size', String(N), '--micromark-child', name], {
    timeout: MICROMARK_LIMIT_MS,
    encoding: 'utf8',
  });
  if (child.error || child.status !== 0) return `> ${MICROMARK_LIMIT_MS}`;
  return Number(child.stdout).toFixed(1);
}

const vite = await createServer({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'error', server: { middlewareMode: true }, appType: 'custom' });
try {
  const { renderMarkdown } = await vite.ssrLoadModule('/src/comments/markdown.ts');
  renderMarkdown('warm *up* [x](https://example.com)');
  const rows = [];
  for (const [name, input] of Object.entries(inputs(N))) {
    const row = { input: name, chars: input.length, 'renderMarkdown ms (median)': time(renderMarkdown, input).toFixed(1) };
    if (!values['no-micromark']) row['micromark 4 ms'] = micromarkMs(name);
    rows.push(row);
  }
  console.table(rows);
} finally {
  await vite.close();
}
