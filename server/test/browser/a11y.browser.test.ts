import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticServer } from '../../../test/helpers/static-server';

const PAGE_ID = '/small-is-beautiful/';
const WAIT = { timeout: 15_000 };
/** Launching Chromium, rendering and auditing, on a busy machine. */
const AUDIT_TIMEOUT = 60_000;
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An article page with the widget, in a given colour scheme (the offline bundle for `memory`). */
function articlePage(backend: string, theme: Scheme): string {
  const bundle = backend === 'memory' ? 'natter.offline.iife.js' : 'natter.iife.js';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Small is beautiful?</title>
<style>body { margin: 0; font: 16px/1.5 serif; background: ${theme === 'dark' ? '#16181c' : '#ffffff'}; color: ${theme === 'dark' ? '#e6e6e3' : '#1f2328'}; }</style></head>
<body><main>
<article><h1>Small is beautiful? Small interventions and the Big Society</h1><p>Small interventions in local communities.</p></article>
<div id="natter"></div>
<script src="/${bundle}" data-backend="${backend}" data-page-id="${PAGE_ID}" data-theme="${theme}" async></script>
</main></body>
</html>`;
}

/** One violation, as much as a reader of a failed test needs to fix it. */
interface Finding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the widget's host element (axe descends into its shadow
 * root), or on the whole document with `wholePage`.
 */
async function audit(page: Page, { wholePage = false } = {}): Promise<Finding[]> {
  await page.addScriptTag({ content: axeSource });
  const raw: unknown = await page.evaluate(async (whole) => {
    type Rule = { nodes: Array<{ target: unknown[] }> };
    const axe = Reflect.get(window, 'axe') as { run(context: Element, options: object): Promise<{ violations: unknown[]; passes: Rule[] }> };
    const host = document.querySelector('#natter');
    if (!host) throw new Error('no #natter element');
    const result = await axe.run(whole ? document.documentElement : host, { resultTypes: ['violations'] });
    // Targets inside a shadow root are arrays of selectors, host first.
    const insideShadow = (r: Rule) => r.nodes.some((n) => Array.isArray(n.target[0]));
    if (!result.passes.some(insideShadow)) throw new Error("axe checked nothing inside the widget's shadow root");
    return JSON.parse(JSON.stringify(result.violations));
  }, wholePage);
  if (!Array.isArray(raw)) throw new Error('axe returned no violations list');
  return raw.map((v: unknown): Finding => {
    const field = (name: string): unknown => (typeof v === 'object' && v !== null ? Reflect.get(v, name) : undefined);
    const nodes = field('nodes');
    return {
      rule: String(field('id')),
      impact: String(field('impact')),
      help: String(field('help')),
      nodes: Array.isArray(nodes)
        ? nodes.map((n: unknown) => {
            const target = typeof n === 'object' && n !== null ? Reflect.get(n, 'target') : undefined;
            const summary = typeof n === 'object' && n !== null ? Reflect.get(n, 'failureSummary') : undefined;
            return `${JSON.stringify(target)} — ${String(summary).replace(/\s+/g, ' ')}`;
          })
        : [],
    };
  });
}

/** A loopback port with nothing listening on it: connections are refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `natter serve --dev` on a fresh SQLite file: the demo article with its seeded thread, as `npm start` shows it. */
async function startDemoServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync('server/dist/cli.js')) {
    throw new Error('server/dist/cli.js is missing: run `npm run build` first (`npm test` does).');
  }
  const dir = await mkdtemp(join(tmpdir(), 'natter-a11y-'));
  const child = spawn(process.execPath, ['server/bin/natter.js', 'serve', '--dev', '--port', '0', '--db', join(dir, 'natter.db')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      const timer = setTimeout(() => reject(new Error(`natter serve --dev did not start within 20 s:\n${output}`)), 20_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /natter demo: (http:\/\/[^\s/]+)/.exec(output);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`natter serve --dev exited with ${code}:\n${output}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Opens `path` in a fresh page in `scheme`, with motion reduced so colours are final. */
async function open(ctx: { newPage(): Promise<Page> }, url: string, scheme: Scheme): Promise<Page> {
  const page = await ctx.newPage();
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await page.goto(url);
  return page;
}

describe('accessibility of the widget in Chromium (axe-core)', () => {
  let site: StaticServer;

  beforeAll(async () => {
    for (const file of ['dist/natter.iife.js', 'dist/natter.offline.iife.js']) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
    }
    const down = `http://127.0.0.1:${await refusedPort()}`;
    const routes: Record<string, string> = {};
    for (const scheme of SCHEMES) {
      routes[`/memory-${scheme}`] = articlePage('memory', scheme);
      routes[`/down-${scheme}`] = articlePage(down, scheme);
    }
    site = await serveStatic({ root: 'dist', routes });
  });
  afterAll(async () => {
    await site?.close();
  });

  for (const scheme of SCHEMES) {
    it(`has no violations in the thread and the expanded form (${scheme})`, async () => {
      await withChromium(async (ctx) => {
        const page = await open(ctx, `${site.url}/memory-${scheme}`, scheme);
        const form = page.getByRole('form', { name: 'Leave a Reply', exact: true });
        await form.waitFor(WAIT);
        await form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }).click();
        await form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }).fill('A thought on small interventions.');
        await form.getByLabel('Name (required)', { exact: true }).fill('Alice Example');
        await form.getByLabel('Email (required) (Address never made public)', { exact: true }).fill('alice@example.org');
        await form.getByLabel('Website', { exact: true }).fill('https://alice.example.org/');
        await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
        await page.getByText('A thought on small interventions.', { exact: true }).waitFor(WAIT);
        await page.getByRole('button', { name: 'Like', exact: true }).click();
        await page.getByText('One blogger likes this.', { exact: true }).waitFor(WAIT);
        await page.getByRole('button', { name: 'Reply to Alice Example', exact: true }).click();
        await page.getByRole('form', { name: 'Leave a Reply to Alice Example', exact: true }).waitFor(WAIT);
        await page.getByRole('form', { name: 'Leave a Reply to Alice Example', exact: true })
          .getByRole('textbox', { name: 'Enter your comment here...', exact: true }).focus();
        expect(await audit(page)).toEqual([]);
      });
    }, AUDIT_TIMEOUT);

    it(`has no violations when signed in (${scheme})`, async () => {
      await withChromium(async (ctx) => {
        const page = await open(ctx, `${site.url}/memory-${scheme}`, scheme);
        const form = page.getByRole('form', { name: 'Leave a Reply', exact: true });
        await form.waitFor(WAIT);
        await form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }).click();
        await form.getByRole('button', { name: 'Log in with Google', exact: true }).click();
        await page.getByText('You are commenting using your Google account.').waitFor(WAIT);
        expect(await audit(page)).toEqual([]);
      });
    }, AUDIT_TIMEOUT);

    it(`has no violations when the backend is unreachable (${scheme})`, async () => {
      await withChromium(async (ctx) => {
        const page = await open(ctx, `${site.url}/down-${scheme}`, scheme);
        await page.getByRole('button', { name: 'Retry', exact: true }).first().waitFor(WAIT);
        expect(await audit(page)).toEqual([]);
      });
    }, AUDIT_TIMEOUT);
  }
});

describe('accessibility of the demo article with its seeded thread (axe-core)', () => {
  let demo: { url: string; stop(): Promise<void> };

  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(async () => {
    await demo?.stop();
  });

  for (const scheme of SCHEMES) {
    it(`has no violations on the whole page (${scheme})`, async () => {
      await withChromium(async (ctx) => {
        const page = await open(ctx, `${demo.url}/`, scheme);
        await page.getByRole('heading', { name: /thoughts on “Small is beautiful\?/ }).waitFor(WAIT);
        await page.getByRole('form', { name: 'Leave a Reply', exact: true })
          .getByRole('textbox', { name: 'Enter your comment here...', exact: true }).click();
        expect(await audit(page, { wholePage: true })).toEqual([]);
      });
    }, AUDIT_TIMEOUT);
  }
});
