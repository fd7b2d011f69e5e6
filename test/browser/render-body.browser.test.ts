import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { withChromium } from '../helpers/chromium';
import { serveStatic } from '../helpers/static-server';
import type { StaticServer } from '../helpers/static-server';
import { XSS_CORPUS, auditRendered } from '../helpers/xss-corpus';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RENDER_BODY = fileURLToPath(new URL('../../src/ui/render-body.ts', import.meta.url));
const PAINT = fileURLToPath(new URL('../../src/ui/paint/preact.ts', import.meta.url));
const ENTRY = 'virtual:natter-render-body-page';

/** The two ways a body reaches the page: preact's render, and the script-tag core's painting (src/ui/paint/). */
type Renderer = 'preact' | 'paint';

/**
 * Bundles the real renderer for the page: a script that exposes
 * `natterRenderBody(html, element)` and nothing else, its preact the real one
 * or the painter the script-tag core has in its place.
 */
async function bundleRenderer(renderer: Renderer): Promise<string> {
  const result: unknown = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    resolve: { alias: renderer === 'paint' ? [{ find: /^preact$/, replacement: PAINT }] : [] },
    plugins: [{
      name: 'natter-render-body-entry',
      resolveId: (id: string) => (id.endsWith(ENTRY) ? `\0${ENTRY}` : null),
      load: (id: string) =>
        id === `\0${ENTRY}`
          ? `import { render } from 'preact';
             import { renderBody } from ${JSON.stringify(RENDER_BODY)};
             window.natterRenderBody = (html, element) => render(renderBody(html), element);`
          : null,
    }],
    build: {
      write: false,
      minify: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'natterRenderBodyTest', fileName: () => 'render-body.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    const files: unknown = typeof output === 'object' && output !== null && 'output' in output ? output.output : [];
    for (const file of Array.isArray(files) ? files : []) {
      if (typeof file === 'object' && file !== null && 'type' in file && file.type === 'chunk' && 'code' in file &&
        typeof file.code === 'string') {
        return file.code;
      }
    }
  }
  throw new Error('vite build produced no chunk for the renderer');
}

// The sentinels are installed before anything else runs; every payload in the
// corpus calls one of them.
const pageWith = (script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>render-body</title>
<script>
  window.__natterCalls = [];
  const record = (name) => function () { window.__natterCalls.push(name); };
  window.__pwned = record('__pwned');
  window.alert = record('alert');
  window.confirm = record('confirm');
  window.prompt = record('prompt');
</script>
<script src="${script}"></script>
</head><body><main id="bodies"></main></body></html>`;

type Audit = (container: Element) => string[];

/** Renders every body into its own container and returns the problems found, per vector index. */
async function renderAll(page: Page, bodies: string[]): Promise<Record<number, string[]>> {
  return page.evaluate(({ bodies, auditSource }) => {
    const audit = new Function(`return (${auditSource})`)() as Audit;
    const render = Reflect.get(window, 'natterRenderBody') as (html: string, element: Element) => void;
    const host = document.getElementById('bodies');
    if (!host) throw new Error('no #bodies');
    const problems: Record<number, string[]> = {};
    bodies.forEach((html, i) => {
      const container = document.createElement('div');
      host.append(container);
      try {
        render(html, container);
        const found = audit(container);
        if (found.length > 0) problems[i] = found;
      } catch (error) {
        problems[i] = [`threw ${String(error)}`];
      }
    });
    return problems;
  }, { bodies, auditSource: auditRendered.toString() });
}

/** Waits for deferred work — image errors, loads, focus, animation frames — to have had its turn. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 500)));
  }));
}

async function sentinelCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(Reflect.get(window, '__natterCalls') as string[])]);
}

describe('renderBody against the adversarial corpus (Chromium)', () => {
  let site: StaticServer;

  beforeAll(async () => {
    const [preactBody, paintBody] = [await bundleRenderer('preact'), await bundleRenderer('paint')];
    // preact's namespaces are its mark: the painter's bundle has none of it.
    expect(preactBody).toContain('1998/Math/MathML');
    expect(paintBody).not.toContain('1998/Math/MathML');
    site = await serveStatic({
      routes: { '/': pageWith('/render-body.js'), '/render-body.js': preactBody, '/paint/': pageWith('/paint-body.js'), '/paint-body.js': paintBody },
    });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('notices a payload that runs in the page', async () => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${site.url}/`);
      await page.evaluate(() => {
        const control = document.createElement('div');
        control.innerHTML = '<img src="/missing.png" onerror="__pwned()"><img src="/missing.png" onerror="alert(1)">';
        document.body.append(control);
      });
      await expect.poll(async () => (await sentinelCalls(page)).sort(), { timeout: 10_000 }).toEqual(['__pwned', 'alert']);
    });
  }, 120_000);

  it.each([['preact', '/'], ['paint', '/paint/']] as const)('renders every vector with no script run, only allowlisted elements and safe links (%s)', async (_renderer, path) => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('dialog', (dialog) => {
        errors.push(`dialog ${dialog.type()}`);
        void dialog.dismiss();
      });
      await page.goto(`${site.url}${path}`);
      // Parsing is inert: no image, script, style or frame of a body is fetched (the page's own two are in before this).
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));

      const problems = await renderAll(page, XSS_CORPUS.map((v) => v.html));
      const described = Object.entries(problems).map(([i, found]) => {
        const vector = XSS_CORPUS[Number(i)];
        return `${i} (${vector?.family}) ${vector?.html.slice(0, 80)}: ${found.join(', ')}`;
      });
      expect(described).toEqual([]);

      // Focus every element that could take it and hover over the bodies, so
      // focus and pointer handlers would fire if any had survived.
      await page.evaluate(() => {
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('#bodies *'))) el.focus();
      });
      await page.mouse.move(10, 10);
      await page.mouse.move(200, 200);
      await settle(page);

      expect(await sentinelCalls(page)).toEqual([]);
      expect(errors).toEqual([]);
      expect(requested).toEqual([]);
      expect(await page.evaluate(() =>
        document.querySelectorAll('#bodies :is(script, iframe, object, embed, form, input, button, style, link, meta, base, svg, math, template, img)').length,
      )).toBe(0);
      expect(await page.evaluate(() => document.baseURI)).toBe(`${site.url}${path}`);
    });
  }, 180_000);
});
