import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Runs `fn` with a fresh headless Chromium context (its own temporary profile),
 * then closes the browser and removes the profile whatever happens.
 *
 * Throws when the Chromium binary is missing: browser tests never skip.
 *
 * @example
 * await withChromium(async (ctx) => {
 *   const page = await ctx.newPage();
 *   await page.goto(url);
 * });
 */
export async function withChromium<T>(fn: (ctx: BrowserContext) => Promise<T>): Promise<T> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
        '(or run .ci/run), or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'natter-chromium-'));
  try {
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      return await fn(ctx);
    } finally {
      await ctx.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
