/**
 * First render in real Chromium: cold loads of an article page with the
 * widget's script tag against a natter server, beside the same page without
 * the widget (the baseline). For each load: time until the first comment is
 * visible (from navigation start), requests and bytes finished by then (by the page's clock), long tasks
 * until then, and the JS heap at that moment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Serves the article pages on `port` (the origin natter must allow). */
export async function startArticleServer(port) {
  let backend = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pageId = url.searchParams.get('page');
    const widget = pageId === null ? '' : `<div id="natter"></div>
<script src="${backend}/natter.iife.js" data-backend="${backend}" data-page-id="${pageId.replace(/[^a-z0-9/_-]/gi, '')}" async></script>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Small is beautiful?</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<article><h1>Small is beautiful?</h1>${'<p>An ordinary paragraph of the article, long enough to be read for a while before anyone scrolls to the comments.</p>'.repeat(12)}</article>
${widget}</body></html>`);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    setBackend(url) { backend = url; },
    stop: () => new Promise((r) => server.close(r)),
  };
}

/** Recorded in the page from its first script on: long tasks and the moment a comment is painted. */
const PROBE = `(() => {
  window.__natterBench = { longTasks: 0, longTaskMs: 0, visibleAt: null, later: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (window.__natterBench.visibleAt !== null) {
          window.__natterBench.later.push(e.duration);
          continue;
        }
        window.__natterBench.longTasks += 1;
        window.__natterBench.longTaskMs += e.duration;
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // The heap at that moment (garbage included, as a reader's device holds it), not after the bench's own calls.
  const heap = () => performance.memory?.usedJSHeapSize ?? NaN;
  addEventListener('load', () => { window.__natterBench.loadHeap = heap(); });
  const look = () => {
    const root = document.getElementById('natter')?.shadowRoot;
    if (root && root.querySelector('article[id^="comment-"]')) {
      window.__natterBench.visibleAt = performance.now();
      window.__natterBench.visibleHeap = heap();
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * Resolves once `predicate(arg)` holds in the page, polled every 50 ms by the
 * page itself. Not `page.waitForFunction`: that injects Playwright's own
 * script (about 330 KB of source, and the code compiled from it) into the
 * renderer, where the JS heap figure would count it against the widget and
 * not against the baseline, which never waits.
 */
function inPage(page, predicate, arg, timeoutMs) {
  return page.evaluate(([source, value, limit]) => new Promise((resolve, reject) => {
    const holds = new Function(`return (${source})`)();
    const give = Date.now() + limit;
    const look = () => {
      if (holds(value)) resolve();
      else if (Date.now() > give) reject(new Error(`Timed out after ${limit} ms waiting for ${source}`));
      else setTimeout(look, 50);
    };
    look();
  }), [predicate.toString(), arg, timeoutMs]);
}

/** How long a freshly started browser is left to finish its own start-up before the load. */
const BROWSER_SETTLE_MS = 1000;

/** How many times a reader presses "Load more comments" after first render. */
export const LOAD_MORE_PRESSES = 20;

/**
 * Presses "Load more comments" up to {@link LOAD_MORE_PRESSES} times, each
 * once the previous page is in; resolves with the presses made, the longest
 * task seen meanwhile (ms, 0 when none reached 50 ms), the comments shown
 * and the JS heap afterwards.
 */
async function loadMore(page) {
  await page.evaluate(() => { window.__natterBench.later = []; });
  let presses = 0;
  for (; presses < LOAD_MORE_PRESSES; presses++) {
    // The button found by its text, as a reader finds it; while waiting, the page is polled cheaply (its
    // polling runs on the page's main thread, where a walk over every button would count as the widget's work).
    const before = await page.evaluate(() => {
      const root = document.getElementById('natter').shadowRoot;
      const button = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Load more comments');
      window.__natterBench.more = button ?? null;
      button?.click();
      return button ? root.querySelectorAll('article[id^="comment-"]').length : -1;
    });
    if (before < 0) break;
    await inPage(page, (n) => {
      const button = window.__natterBench.more;
      return document.getElementById('natter').shadowRoot.querySelectorAll('article[id^="comment-"]').length > n
        && (!button.isConnected || !button.disabled);
    }, before, 30_000);
  }
  // Slices still rendering finish, then the heap is read.
  await page.waitForTimeout(500);
  return page.evaluate((made) => ({
    presses: made,
    longest: Math.max(0, ...window.__natterBench.later),
    comments: document.getElementById('natter').shadowRoot.querySelectorAll('article[id^="comment-"]').length,
    heap: performance.memory?.usedJSHeapSize ?? NaN,
  }), presses);
}

/** One cold load of `c` in a fresh profile: its figures, and those of "Load more comments" pressed in a row. */
async function coldLoad(chromium, articleUrl, c) {
  const profile = mkdtempSync(join(tmpdir(), 'natter-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // A browser just started loads its own pages (the address bar's popup, in a renderer of its
    // own) for a few hundred milliseconds: on two cores that work would land inside the load
    // measured. A reader's browser has long finished it when they open an article.
    await page.waitForTimeout(BROWSER_SETTLE_MS);
    await page.addInitScript(PROBE);
    const requests = [];
    page.on('requestfinished', (request) => {
      // When it finished, by the epoch clock: its start plus its own relative end.
      const { startTime, responseEnd } = request.timing();
      requests.push({ at: responseEnd >= 0 ? startTime + responseEnd : Date.now(), sizes: request.sizes().catch(() => null) });
    });
    const url = c.pageId === null ? articleUrl : `${articleUrl}/?page=${encodeURIComponent(c.pageId)}`;
    await page.goto(url, { waitUntil: 'load' });
    if (c.pageId !== null) {
      await inPage(page, () => window.__natterBench.visibleAt !== null, null, 60_000);
    }
    const probe = await page.evaluate(() => ({
      ...window.__natterBench,
      timeOrigin: performance.timeOrigin,
      loadEnd: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN,
    }));
    const visible = c.pageId === null ? probe.loadEnd : probe.visibleAt;
    const heap = c.pageId === null ? probe.loadHeap : probe.visibleHeap;
    // Counted by the page's own clock: what finished before the comment was painted, not the
    // avatars and idle prefetches that come right after it.
    const done = probe.timeOrigin + visible;
    const until = requests.filter((r) => r.at <= done);
    let bytes = 0;
    for (const r of until) {
      const s = await r.sizes;
      if (s) bytes += s.responseBodySize + s.responseHeadersSize;
    }
    const more = c.pageId === null ? null : await loadMore(page);
    return { visible, requests: until.length, bytes, longTasks: probe.longTasks, longTaskMs: probe.longTaskMs, heap, more };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * `loads` cold loads of each case, taken in turns (one load of each case,
 * then the next round), so that a machine getting busier or quieter during
 * the run weighs on every case alike; each round starts one case further on,
 * so that no case always follows the same one (in two runs where the
 * 10,000-comment page always came right after the 1,000-comment one, it was
 * 15-22 ms slower; loaded before it, the two were equal). Medians, with the
 * visible time's min–max.
 * @param {{ articleUrl: string, cases: { label: string, pageId: string | null }[], loads: number }} options
 */
export async function firstRender({ articleUrl, cases, loads }) {
  const { chromium } = await import('playwright-core');
  const runs = cases.map(() => []);
  for (let i = 0; i < loads; i++) {
    for (let j = 0; j < cases.length; j++) {
      const k = (i + j) % cases.length;
      runs[k].push(await coldLoad(chromium, articleUrl, cases[k]));
    }
  }
  return cases.map((c, k) => {
    const of = runs[k];
    const visible = of.map((r) => r.visible).filter(Number.isFinite);
    return {
      label: c.label, loads,
      visible: median(visible), visibleMin: Math.min(...visible), visibleMax: Math.max(...visible),
      requests: median(of.map((r) => r.requests)), bytes: median(of.map((r) => r.bytes)),
      longTasks: median(of.map((r) => r.longTasks)), longTaskMs: median(of.map((r) => r.longTaskMs)), heap: median(of.map((r) => r.heap)),
      more: of[0]?.more ? {
        presses: median(of.map((r) => r.more.presses)), comments: median(of.map((r) => r.more.comments)),
        // The worst load, not the median: one blocked frame is what a reader feels.
        longest: Math.max(...of.map((r) => r.more.longest)), heap: median(of.map((r) => r.more.heap)),
      } : null,
    };
  });
}
