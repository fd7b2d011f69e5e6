import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticRoute, type StaticServer } from '../../../test/helpers/static-server';
import {
  JOURNEY_TIMEOUT, commentBy, postAsGuest, postDirectly, startNatter, visible, watchPage, type NatterProcess, type PageTrouble,
} from './live-site';

/**
 * The widget on pages that fight it, in Chromium against a live natter
 * server: a strict CSP with Trusted Types, CSS aimed at everything, markup
 * that clobbers what scripts reach for, a right-to-left page, several widgets
 * on one page, and a 320 px phone with text that cannot break.
 */

const PAGE_ID = '/hostile/';
const GUEST = { name: 'Hana Reader', email: 'hana@example.org' };
/** Seeded before the pages open, with Markdown, so every page also renders a body. */
const SEEDED = { name: 'Ada Seed', body: 'A **bold** claim, with a [link](https://example.org/).' };
const NO_BREAK_NAME = 'W'.repeat(64);
/** One character carrying thousands of combining marks (Chromium draws a run that long as one mark)… */
const ZALGO = `e${'\u0301\u0316'.repeat(1500)}`;
/** …and one carrying thirty, which Chromium stacks five lines high above and below. */
const ZALGO_TALL = `o${'\u0301\u0316'.repeat(15)}`;
/** As the server keeps it: NFC-normalised. */
const TALL_NAME = `Zed ${ZALGO_TALL}`.normalize('NFC');
const NO_BREAK_WORD = `https://example.org/${'a'.repeat(400)}`;

function page(opts: { script?: string; head?: string; body?: string; html?: string }): string {
  return `<!doctype html>
<html ${opts.html ?? 'lang="en"'}>
<head><meta charset="utf-8"><title>Small is beautiful?</title>${opts.head ?? ''}</head>
<body>
<article><h1>Small is beautiful?</h1><p>Small interventions in local communities.</p></article>
${opts.body ?? ''}
<div id="natter"></div>
${opts.script ?? ''}
</body>
</html>`;
}

const widgetScript = (server: string, pageId = PAGE_ID) =>
  `<script src="${server}/natter.iife.js" data-backend="${server}" data-page-id="${pageId}" async></script>`;

/**
 * A strict policy with Trusted Types required, and only one policy named
 * `natter` allowed: the script tag and the interaction chunk it loads must
 * share it. Commenters' avatars are images on the natter server, so the
 * policy lets that origin show images, as it lets it run the scripts and
 * answer requests.
 */
const strictPolicy = (server: string) =>
  `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${server}; style-src 'self'; ` +
  `img-src 'self' ${server}; connect-src ${server}; object-src 'none'; base-uri 'none'; ` +
  `require-trusted-types-for 'script'; trusted-types natter">`;

/** ky's ES modules, which the npm build (`/natter.js`) imports, served under `/ky/`. */
function kyRoutes(): Record<string, string> {
  const root = 'node_modules/ky/distribution';
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  return Object.fromEntries(files.map((file) => [`/ky/${file}`, readFileSync(join(root, file), 'utf8')]));
}

const HOSTILE_CSS = `<style>
  * { all: unset !important; }
  div { display: none; }
  html { font-size: 80px; }
  *, *::before, *::after { font-size: 72px !important; line-height: 4 !important; font-family: fantasy !important; }
</style>`;

/** Markup that shadows what a script reaches for on `document` and `window`. */
const CLOBBERING = `<img name="currentScript" alt=""><form name="querySelector"></form><img name="natter" alt="">
<a id="natter-config" href="#"></a><img name="title" alt=""><form name="readyState"></form>`;

function expectNoTrouble(trouble: PageTrouble): void {
  expect(trouble.uncaught, 'uncaught exceptions').toEqual([]);
  expect(trouble.violations, 'CSP and Trusted Types violations').toEqual([]);
  expect(trouble.consoleErrors, 'console errors').toEqual([]);
}

/** Opens `url`, checks the seeded comment renders with its markup, and posts one as a guest. */
async function readAndPost(p: Page, url: string, body: string): Promise<Locator> {
  await p.clock.install();
  await p.goto(url);
  const seeded = await visible(commentBy(p, SEEDED.name));
  await visible(seeded.getByText('bold', { exact: true }));
  await visible(seeded.getByRole('link', { name: 'link', exact: true }));
  await postAsGuest(await visible(p.getByRole('form', { name: 'Leave a Reply', exact: true })), body, GUEST);
  const mine = commentBy(p, GUEST.name).filter({ hasText: body });
  await visible(mine);
  return mine;
}

/** The rectangle of a locator's element; fails when it has none. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('element has no box');
  return found;
}

/**
 * Every line of text in `comment`, and the ink of its glyphs, that lies outside
 * the comment's box: a reader loses what is drawn there (the box clips it).
 */
async function escapesFrom(comment: Locator): Promise<string[]> {
  return comment.evaluate((article) => {
    const frame = article.getBoundingClientRect();
    const out: string[] = [];
    const inside = (r: { left: number; right: number; top: number; bottom: number }, what: string) => {
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5) {
        out.push(`${what}: ${JSON.stringify([r.left, r.top, r.right, r.bottom])} outside ${JSON.stringify([frame.left, frame.top, frame.right, frame.bottom])}`);
      }
    };
    const canvas = document.createElement('canvas').getContext('2d');
    if (!canvas) return ['no 2d canvas to measure ink with'];
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? '';
      const parent = node.parentElement;
      if (!parent || !text.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const style = getComputedStyle(parent);
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // Combining marks stack above and below the line's box: measure the glyphs' ink too.
      const metrics = canvas.measureText(text);
      for (const line of range.getClientRects()) {
        inside(line, `line of "${text.slice(0, 20)}"`);
        const baseline = line.top + (line.height + metrics.fontBoundingBoxAscent - metrics.fontBoundingBoxDescent) / 2;
        inside({ left: line.left, right: line.right, top: baseline - metrics.actualBoundingBoxAscent, bottom: baseline + metrics.actualBoundingBoxDescent },
          `ink of "${text.slice(0, 20)}"`);
      }
    }
    return out;
  });
}

describe('the widget on hostile pages, in Chromium', () => {
  let site: StaticServer;
  let natter: NatterProcess;

  beforeAll(async () => {
    // The site's origin must be known before the server starts, and the pages need the server's URL: routes are filled in after.
    const routes: Record<string, string | StaticRoute> = {};
    site = await serveStatic({ root: 'dist', routes });
    natter = await startNatter(site.url);
    const s = natter.url;
    Object.assign(routes, {
      '/favicon.ico': { body: new Uint8Array(0), type: 'image/x-icon' },
      '/strict': page({ head: strictPolicy(s), script: widgetScript(s) }),
      '/hostile-css': page({ head: HOSTILE_CSS, script: widgetScript(s) }),
      '/plain': page({ script: widgetScript(s) }),
      '/clobbering': page({ body: CLOBBERING, script: widgetScript(s) }),
      '/rtl': page({ html: 'lang="ar" dir="rtl"', script: widgetScript(s) }),
      '/phone': page({ head: '<meta name="viewport" content="width=device-width">', script: widgetScript(s, '/phone/') }),
      '/three': page({
        head: `<script type="importmap">{"imports":{"preact":"/preact.mjs","preact/hooks":"/preact-hooks.mjs","ky":"/ky/index.js"}}</script>`,
        body: `<div id="second"></div><natter-comments backend="${s}" page-id="/third/"></natter-comments>`,
        script: `${widgetScript(s, '/first/').replace(' async', '')}<script src="/second.js"></script><script type="module" src="/element.js"></script>`,
      }),
      '/second.js': `natter.mount(document.getElementById('second'), { backend: ${JSON.stringify(s)}, pageId: '/second/' });`,
      '/element.js': `import { defineNatterComments } from '/natter.js';\ndefineNatterComments();`,
      '/preact.mjs': readFileSync('node_modules/preact/dist/preact.mjs', 'utf8'),
      '/preact-hooks.mjs': readFileSync('node_modules/preact/hooks/dist/hooks.mjs', 'utf8'),
      ...kyRoutes(),
    });
    await postDirectly(s, site.url, PAGE_ID, SEEDED.name, SEEDED.body);
  }, 60_000);

  afterAll(async () => {
    await natter?.stop();
    await site?.close();
  });

  it('works under a strict CSP that requires Trusted Types, with no violation and no console error', async () => {
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      const trouble = await watchPage(p);
      await readAndPost(p, `${site.url}/strict`, 'Posted under a strict policy with Trusted Types.');
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);

  it('keeps its own layout and reading size on a page whose CSS attacks everything', async () => {
    await withChromium(async (ctx) => {
      const plain = await ctx.newPage();
      await plain.goto(`${site.url}/plain`);
      const plainSize = await (await visible(commentBy(plain, SEEDED.name).getByText('bold', { exact: true })))
        .evaluate((el) => getComputedStyle(el).fontSize);

      const p = await ctx.newPage();
      const trouble = await watchPage(p);
      const mine = await readAndPost(p, `${site.url}/hostile-css`, 'Still readable despite the host CSS.');
      const text = mine.getByText('Still readable despite the host CSS.', { exact: true });
      expect(await text.evaluate((el) => getComputedStyle(el).fontSize)).toBe(plainSize);
      expect((await box(mine)).width).toBeGreaterThan(0);
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);

  it('mounts and posts on a page whose markup clobbers currentScript, querySelector, natter and natter-config', async () => {
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      const trouble = await watchPage(p);
      await readAndPost(p, `${site.url}/clobbering`, 'Clobbering changed nothing.');
      // The thread is titled from the page, not from an <img name="title">.
      await visible(p.getByRole('heading', { name: /thoughts on “Small is beautiful\?”/ }));
      expect(await p.evaluate(() => typeof Reflect.get(Reflect.get(window, 'natter'), 'mount'))).toBe('function');
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);

  it('lays out right to left on an Arabic page', async () => {
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      const trouble = await watchPage(p);
      const mine = await readAndPost(p, `${site.url}/rtl`, 'Right to left works.');
      // The avatar leads, on the right; the name follows to its left.
      const avatar = await box(mine.locator('.avatar'));
      const name = await box(mine.getByText(GUEST.name, { exact: true }));
      expect(avatar.x).toBeGreaterThan(name.x);
      // The form's actions sit at its end, the left.
      const form = await box(p.getByRole('form', { name: 'Leave a Reply', exact: true }));
      const post = await box(p.getByRole('button', { name: 'Post Comment', exact: true }));
      expect(post.x - form.x).toBeLessThan(form.x + form.width - (post.x + post.width));
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);

  it('runs two mounted widgets and a <natter-comments> element side by side on one page', async () => {
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      const trouble = await watchPage(p);
      await p.clock.install();
      await p.goto(`${site.url}/three`);
      const hosts = ['#natter', '#second', 'natter-comments'];
      const forms = hosts.map((host) => p.locator(host).getByRole('form', { name: 'Leave a Reply', exact: true }));
      for (const [i, form] of forms.entries()) {
        await visible(form);
        await postAsGuest(form, `Comment number ${i + 1} on its own thread.`, GUEST);
        await visible(p.locator(hosts[i] ?? '').getByText(`Comment number ${i + 1} on its own thread.`, { exact: true }));
      }
      await p.reload();
      for (const [i, host] of hosts.entries()) {
        const widget = p.locator(host);
        await visible(widget.getByText(`Comment number ${i + 1} on its own thread.`, { exact: true }));
        expect(await widget.getByRole('article').count()).toBe(1);
      }
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);

  it('keeps names and bodies that cannot break inside their comment on a 320 px phone', async () => {
    await postDirectly(natter.url, site.url, '/phone/', NO_BREAK_NAME, `${NO_BREAK_WORD}\n\n${ZALGO}`);
    await postDirectly(natter.url, site.url, '/phone/', TALL_NAME, `${ZALGO_TALL} ${ZALGO_TALL}`);
    await withChromium(async (ctx) => {
      const p = await ctx.newPage();
      await p.setViewportSize({ width: 320, height: 640 });
      const trouble = await watchPage(p);
      await p.goto(`${site.url}/phone`);
      for (const name of [NO_BREAK_NAME, TALL_NAME]) {
        const comment = await visible(commentBy(p, name));
        const outer = await box(comment);
        expect(outer.x).toBeGreaterThanOrEqual(0);
        expect(outer.x + outer.width).toBeLessThanOrEqual(320);
        expect(await escapesFrom(comment), `what escapes the comment by ${name}`).toEqual([]);
      }
      // The name is all there, wrapped.
      await visible(commentBy(p, NO_BREAK_NAME).getByText(NO_BREAK_NAME, { exact: true }));
      expectNoTrouble(trouble);
    });
  }, JOURNEY_TIMEOUT);
});
