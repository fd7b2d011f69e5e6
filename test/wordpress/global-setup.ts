import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** This test run's id: a test WordPress started under it is stopped when the run ends. */
    wordpressRun: string;
  }
}

/**
 * Gives the run an id for `startWordPress()`, and stops the test WordPress at
 * the end if a test of this run started it (a site someone started by hand keeps running).
 */
export default function setup(project: TestProject): () => Promise<void> {
  const id = `vitest-${process.pid}-${Date.now()}`;
  project.provide('wordpressRun', id);
  return async () => {
    const dir = process.env.NATTER_WP_DIR ?? `/tmp/natter-wordpress-${process.env.NATTER_WP_PORT ?? '8097'}`;
    const startedBy = await readFile(`${dir}/started-by`, 'utf8').catch(() => '');
    if (startedBy === id) await run('bash', ['scripts/wordpress-test-site.sh', 'stop']);
  };
}
