import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The hard ceiling of the script-tag bundle, brotli 11, in bytes: the goal of 14 KB. */
const SCRIPT_TAG_CEILING = 14 * 1024;

interface Measured {
  file: string;
  brotli: number;
  ceiling: number | null;
}

/** Narrows one entry of `scripts/size.js --json`. */
function toMeasured(value: unknown): Measured {
  if (typeof value !== 'object' || value === null) throw new Error('size report: entry is not an object');
  const file: unknown = Reflect.get(value, 'file');
  const brotli: unknown = Reflect.get(value, 'brotli');
  const ceiling: unknown = Reflect.get(value, 'ceiling');
  if (typeof file !== 'string' || typeof brotli !== 'number' || (ceiling !== null && typeof ceiling !== 'number')) {
    throw new Error(`size report: malformed entry ${JSON.stringify(value)}`);
  }
  return { file, brotli, ceiling };
}

/** Runs `npm run size -- --json` and returns its files. */
function measureDist(): Measured[] {
  if (!existsSync('dist/natter.iife.js')) {
    throw new Error('dist/natter.iife.js is missing: run `npm run build` first (`npm test` does).');
  }
  const report: unknown = JSON.parse(execFileSync(process.execPath, ['scripts/size.js', '--json'], { encoding: 'utf8' }));
  const files: unknown = typeof report === 'object' && report !== null ? Reflect.get(report, 'files') : undefined;
  if (!Array.isArray(files)) throw new Error('size report: no files');
  return files.map(toMeasured);
}

describe('size budget', () => {
  it('keeps the script-tag bundle under its 14 KB brotli ceiling', () => {
    const bundle = measureDist().find((f) => f.file === 'dist/natter.iife.js');
    expect(bundle, 'the size report lists dist/natter.iife.js').toBeDefined();
    expect(bundle?.ceiling).toBe(SCRIPT_TAG_CEILING);
    expect(bundle?.brotli, 'brotli bytes of dist/natter.iife.js (`npm run size` lists every file)').toBeLessThanOrEqual(SCRIPT_TAG_CEILING);
  });

  it('reports the interaction chunk, which the script-tag bundle loads from beside itself', () => {
    const chunk = measureDist().find((f) => f.file === 'dist/natter.interaction.js');
    expect(chunk, 'the size report lists dist/natter.interaction.js').toBeDefined();
    expect(chunk?.brotli).toBeGreaterThan(0);
  });

  it('keeps each lazily loaded catalogue under its ceiling', () => {
    const measured = measureDist();
    expect(measured.some((f) => f.file.startsWith('dist/locales/')), 'the size report lists dist/locales/*.json').toBe(true);
    const over = measured
      .filter((f) => f.file.startsWith('dist/locales/') && f.ceiling !== null && f.brotli > f.ceiling)
      .map((f) => `${f.file}: ${f.brotli} bytes brotli > ${f.ceiling}`);
    expect(over).toEqual([]);
  });
});

describe('the script-tag bundle', () => {
  it("starts with V8's compile hint, so Chromium compiles it while it streams in rather than on first paint's main thread", () => {
    measureDist();
    const firstLine = readFileSync('dist/natter.iife.js', 'utf8').split('\n', 1)[0];
    expect(firstLine).toBe('//# allFunctionsCalledOnLoad');
  });
});
