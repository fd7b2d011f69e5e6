import type { ImportProgress } from './run-import';

/** Where progress goes: a terminal gets a redrawn bar, anything else plain lines. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * A progress reporter for `natter import`: on a terminal, one bar redrawn at
 * most ten times a second; in a pipe or a log, a plain line every tenth of
 * the file, so logs stay short and readable.
 */
export function progressReporter(out: ProgressOutput, now: () => number = Date.now): { update(p: ImportProgress): void; done(): void } {
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let drawn = false;
  const fraction = (p: ImportProgress) => (p.totalBytes === 0 ? 1 : Math.min(1, p.bytesRead / p.totalBytes));
  return {
    update(p) {
      const f = fraction(p);
      if (out.isTTY === true) {
        if (now() - lastDraw < 100 && f < 1) return;
        lastDraw = now();
        const filled = Math.round(f * WIDTH);
        out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%  ${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)}, ${p.comments} comments`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(f * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      out.write(`natter import: ${tenth * 10}% read (${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)}), ${p.comments} comments\n`);
    },
    done() {
      if (drawn) out.write('\n');
    },
  };
}
