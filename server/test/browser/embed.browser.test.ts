import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticServer } from '../../../test/helpers/static-server';
import { freePort } from '../../../test/helpers/free-port';

const PAGE_ID = '/small-is-beautiful/';
const HOSTILE_CSS = '* { all: unset !important; } div { display: none; }';
const WAIT = { timeout: 15_000 };
/** How long a reader spends writing a comment, on the page's fake clock. */
const HUMAN_TYPING_MS = 5_000;
/** A whole journey: launching Chromium, several round trips, a reload. */
const JOURNEY_TIMEOUT = 90_000;

/** How the host page differs between tests: its own CSS, extra `<head>` markup, or no widget at all. */
interface PageVariant {
  css?: string;
  head?: string;
  widget?: boolean;
}

/**
 * A plain article page that loads a built script-tag bundle like a site owner
 * would: `natter.iife.js` for a natter server, `natter.offline.iife.js` (which
 * adds the memory backend) for `memory`.
 */
function articlePage(backend: string, { css = '', head = '', widget = true }: PageVariant = {}): string {
  const bundle = backend === 'memory' ? 'natter.offline.iife.js' : 'natter.iife.js';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Small is beautiful?</title>${head}
${css ? `<style>${css}</style>` : ''}</head>
<body>
<article><h1>Small is beautiful? Small interventions and the Big Society</h1>
<p>Small interventions in local communities.</p><button type="button">Share</button></article>
<div id="natter"></div>
${widget ? `<script src="/${bundle}" data-backend="${backend}" data-page-id="${PAGE_ID}" async></script>` : ''}
</body>
</html>`;
}

/** A strict host policy: no inline script or style, no eval, everything from the site itself and its natter server. */
function strictCsp(server: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: ${server}; connect-src 'self' ${server}">`;
}

/** Computed styles of the host page's own elements, to show the widget's CSS stays inside it. */
async function hostStyles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const props = ['font-family', 'font-size', 'color', 'background-color', 'margin', 'padding', 'border', 'display', 'line-height', 'outline'];
    const out: Record<string, string> = {};
    for (const selector of ['body', 'article h1', 'article p', 'article button']) {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`no ${selector}`);
      const style = getComputedStyle(el);
      for (const prop of props) out[`${selector} ${prop}`] = style.getPropertyValue(prop);
    }
    return out;
  });
}

/** Collects uncaught exceptions on the host page: the widget must never throw into it. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', ...WAIT });
  return locator;
}

/** Types a comment into `form` as a guest and posts it. */
async function postAsGuest(form: Locator, body: string, guest: { name: string; email: string; url?: string }) {
  const textarea = await visible(form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }));
  await textarea.click();
  await textarea.fill(body);
  const name = await visible(form.getByLabel('Name (required)', { exact: true }));
  if ((await name.inputValue()) === '') {
    await name.fill(guest.name);
    await form.getByLabel('Email (required) (Address never made public)', { exact: true }).fill(guest.email);
    if (guest.url) await form.getByLabel('Website', { exact: true }).fill(guest.url);
  }
  // A person takes seconds to write; the server rejects faster posts as spam.
  await form.page().clock.fastForward(HUMAN_TYPING_MS);
  await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
}

/** Posts, replies and likes, then reloads and checks all three are still there. */
async function guestJourney(page: Page, url: string): Promise<void> {
  const errors = watchErrors(page);
  await page.clock.install();
  await page.goto(url);

  const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
  await postAsGuest(form, 'Small really is beautiful.', { name: 'Alice Example', email: 'alice@example.org', url: 'https://alice.example.org/' });
  await visible(page.getByText('Small really is beautiful.', { exact: true }));
  const first = page.getByRole('article').filter({ hasText: 'Small really is beautiful.' });

  await first.getByRole('button', { name: 'Reply to Alice Example', exact: true }).click();
  const replyForm = await visible(page.getByRole('form', { name: 'Leave a Reply to Alice Example', exact: true }));
  await postAsGuest(replyForm, 'Agreed, contagion is the point.', { name: 'Bob Example', email: 'bob@example.org' });
  await visible(page.getByText('Agreed, contagion is the point.', { exact: true }));

  await page.getByRole('button', { name: 'Like', exact: true }).click();
  await visible(page.getByText('One blogger likes this.', { exact: true }));

  await page.reload();
  await visible(page.getByText('Small really is beautiful.', { exact: true }));
  await visible(page.getByText('Agreed, contagion is the point.', { exact: true }));
  await visible(page.getByText('One blogger likes this.', { exact: true }));
  await visible(page.getByRole('button', { name: 'Liked', exact: true }));
  expect(errors).toEqual([]);
}

/** A natter server started like a site owner would (`natter serve`), on a fresh SQLite file. */
interface NatterProcess {
  url: string;
  stop(): Promise<void>;
}

async function startNatter(port: number, origin: string): Promise<NatterProcess> {
  if (!existsSync('server/dist/cli.js')) {
    throw new Error('server/dist/cli.js is missing: run `npm run build` first (`npm test` does).');
  }
  const dir = await mkdtemp(join(tmpdir(), 'natter-embed-'));
  const child = spawn(
    process.execPath,
    ['server/bin/natter.js', 'serve', '--port', String(port), '--db', join(dir, 'natter.db'), '--origins', origin],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`natter serve did not start within 20 s:\n${output}`)), 20_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /natter listening on (http:\/\/\S+)/.exec(output);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`natter serve exited with ${code}:\n${output}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

describe('the offline script-tag bundle in Chromium', () => {
  let site: StaticServer;

  beforeAll(async () => {
    if (!existsSync('dist/natter.offline.iife.js')) {
      throw new Error('dist/natter.offline.iife.js is missing: run `npm run build` first (`npm test` does).');
    }
    site = await serveStatic({
      root: 'dist',
      routes: {
        '/article': articlePage('memory'),
        '/without-widget': articlePage('memory', { widget: false }),
      },
    });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('lets a guest post, reply and like on the memory backend, and keeps it all after a reload', async () => {
    await withChromium(async (ctx) => guestJourney(await ctx.newPage(), `${site.url}/article`));
  }, JOURNEY_TIMEOUT);

  it("leaves the host page's own styles exactly as they were", async () => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${site.url}/without-widget`);
      const before = await hostStyles(page);
      await page.goto(`${site.url}/article`);
      await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      expect(await hostStyles(page)).toEqual(before);
    });
  }, JOURNEY_TIMEOUT);
});

describe('the script-tag bundle against a live natter server', () => {
  let site: StaticServer;
  let natter: NatterProcess;

  beforeAll(async () => {
    if (!existsSync('dist/natter.iife.js')) {
      throw new Error('dist/natter.iife.js is missing: run `npm run build` first (`npm test` does).');
    }
    const port = await freePort();
    const server = `http://127.0.0.1:${port}`;
    site = await serveStatic({
      root: 'dist',
      routes: {
        '/article': articlePage(server),
        '/hostile': articlePage(server, { css: HOSTILE_CSS }),
        '/strict-csp': articlePage(server, { head: strictCsp(server) }),
      },
    });
    natter = await startNatter(port, site.url);
  });
  afterAll(async () => {
    await natter?.stop();
    await site?.close();
  });

  it('lets a guest post, reply and like through the server, and keeps it all after a reload', async () => {
    await withChromium(async (ctx) => guestJourney(await ctx.newPage(), `${site.url}/article`));
  }, JOURNEY_TIMEOUT);

  it('still shows a working widget under hostile host CSS', async () => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await page.clock.install();
      await page.goto(`${site.url}/hostile`);
      const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      await postAsGuest(form, 'Still here despite the host CSS.', { name: 'Carol Example', email: 'carol@example.org' });
      await visible(page.getByText('Still here despite the host CSS.', { exact: true }));
      expect(errors).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);

  it('works under a strict host Content-Security-Policy', async () => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.clock.install();
      await page.goto(`${site.url}/strict-csp`);
      const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      await postAsGuest(form, 'Posted under a strict policy.', { name: 'Dan Example', email: 'dan@example.org' });
      await visible(page.getByText('Posted under a strict policy.', { exact: true }));
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);
});
