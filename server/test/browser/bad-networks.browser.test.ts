import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticRoute, type StaticServer } from '../../../test/helpers/static-server';
import {
  JOURNEY_TIMEOUT, WAIT, bodiesOn, commentBy, postAsGuest, postDirectly, startNatter, visible, type NatterProcess,
} from './live-site';

/**
 * The widget on bad networks, in Chromium against a live natter server:
 * offline posting (also across a reload), a slow answer, a 500, a 503 with
 * Retry-After, an answer that never comes, and a live stream that drops. In
 * every case the reader sees what happened, nothing typed is lost, each
 * comment is stored and shown once, and the host page sees no uncaught exception.
 */

const GUEST = { name: 'Nia Reader', email: 'nia@example.org' };
const POSTS = '**/api/comments';
const NOT_SENT = 'Not sent yet: your comment will be sent when the connection returns.';

const articlePage = (server: string, pageId: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Small is beautiful?</title></head>
<body><article><h1>Small is beautiful?</h1></article>
<div id="natter"></div>
<script src="${server}/natter.iife.js" data-backend="${server}" data-page-id="${pageId}" async></script>
</body></html>`;

/** Opens a fresh article (its own thread) with the live stream connected; returns its page id and the uncaught exceptions. */
async function openArticle(p: Page, site: string, name: string): Promise<{ pageId: string; uncaught: string[] }> {
  const uncaught: string[] = [];
  p.on('pageerror', (error) => uncaught.push(error.message));
  await p.clock.install();
  const live = p.waitForResponse((r) => r.url().includes('/api/events?'), WAIT);
  await p.goto(`${site}/${name}`);
  await visible(form(p));
  await live;
  return { pageId: `/${name}/`, uncaught };
}

const form = (p: Page) => p.getByRole('form', { name: 'Leave a Reply', exact: true });
const textarea = (p: Page) => form(p).getByRole('textbox', { name: 'Enter your comment here...', exact: true });

/** The comment `body` shows exactly once in the thread, and the server keeps it exactly once. */
async function shownAndStoredOnce(p: Page, server: string, pageId: string, body: string): Promise<void> {
  await visible(commentBy(p, GUEST.name).getByText(body, { exact: true }));
  expect(await p.getByText(body, { exact: true }).count()).toBe(1);
  expect((await bodiesOn(server, pageId)).filter((html) => html.includes(body))).toHaveLength(1);
}

/** Answers every post with `answer` until the returned function is called. */
async function answerPosts(p: Page, answer: (route: Route) => Promise<void>): Promise<() => Promise<void>> {
  const handler = (route: Route) => (route.request().method() === 'POST' ? answer(route) : route.continue());
  await p.route(POSTS, handler);
  return () => p.unroute(POSTS, handler);
}

describe('the widget on bad networks, in Chromium', () => {
  let site: StaticServer;
  let natter: NatterProcess;

  beforeAll(async () => {
    const routes: Record<string, string | StaticRoute> = { '/favicon.ico': { body: new Uint8Array(0), type: 'image/x-icon' } };
    site = await serveStatic({ routes });
    natter = await startNatter(site.url);
    for (const name of ['offline', 'offline-reload', 'slow', 'error-500', 'busy-503', 'timeout', 'stream']) {
      routes[`/${name}`] = articlePage(natter.url, `/${name}/`);
    }
  }, 60_000);

  afterAll(async () => {
    await natter?.stop();
    await site?.close();
  });

  const journey = (fn: (ctx: BrowserContext) => Promise<void>) => withChromium(fn);

  it('keeps a comment posted offline as not sent yet, and sends it once when the connection returns', async () => {
    await journey(async (ctx) => {
      const p = await ctx.newPage();
      const { pageId, uncaught } = await openArticle(p, site.url, 'offline');
      const body = 'Written on a train through a tunnel.';
      await ctx.setOffline(true);
      await postAsGuest(form(p), body, GUEST);
      await visible(form(p).getByText(NOT_SENT, { exact: true }));
      expect(await textarea(p).inputValue()).toBe(body);
      expect(await bodiesOn(natter.url, pageId)).toEqual([]);

      await ctx.setOffline(false);
      await shownAndStoredOnce(p, natter.url, pageId, body);
      await form(p).getByText(NOT_SENT, { exact: true }).waitFor({ state: 'detached', ...WAIT });
      await expect.poll(() => textarea(p).inputValue(), WAIT).toBe('');
      expect(uncaught).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);

  it('sends a comment left not sent yet once, when the reader comes back after a reload', async () => {
    await journey(async (ctx) => {
      const p = await ctx.newPage();
      const { pageId, uncaught } = await openArticle(p, site.url, 'offline-reload');
      const body = 'Posted offline, then the tab was reloaded.';
      await ctx.setOffline(true);
      await postAsGuest(form(p), body, GUEST);
      await visible(form(p).getByText(NOT_SENT, { exact: true }));
      // Still offline: the reload itself fails, as it would for the reader.
      await p.reload().catch(() => null);
      await ctx.setOffline(false);
      await p.goto(`${site.url}/offline-reload`);
      await shownAndStoredOnce(p, natter.url, pageId, body);
      // The live stream may show the comment a moment before the post's own answer empties the form.
      await expect.poll(() => textarea(p).inputValue(), WAIT).toBe('');
      await p.reload();
      await visible(p.getByText(body, { exact: true }));
      expect(await p.getByText(body, { exact: true }).count()).toBe(1);
      expect((await bodiesOn(natter.url, pageId)).filter((html) => html.includes(body))).toHaveLength(1);
      expect(uncaught).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);

  it('shows progress while a slow connection carries the post, then the comment', async () => {
    await journey(async (ctx) => {
      const p = await ctx.newPage();
      const { pageId, uncaught } = await openArticle(p, site.url, 'slow');
      let release = () => {};
      const held = new Promise<void>((done) => { release = done; });
      await answerPosts(p, async (route) => {
        await held;
        await route.continue();
      });
      const body = 'Sent over a very slow connection.';
      await postAsGuest(form(p), body, GUEST);
      await visible(form(p).getByText('Posting…', { exact: true }));
      release();
      await shownAndStoredOnce(p, natter.url, pageId, body);
      await form(p).getByText('Posting…', { exact: true }).waitFor({ state: 'detached', ...WAIT });
      expect(uncaught).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);

  /** Each journey: its page, what the server answers, what the reader reads, and how many sends that answer gets before the reader is told. */
  const failures: [string, string, string, (route: Route) => Promise<void>, number][] = [
    ['error-500', 'a 500', 'Something went wrong. Please try again.', (route) => route.fulfill({
      status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'server', message: 'Internal error' } }),
      headers: { 'access-control-allow-origin': '*' },
    }), 3],
    ['busy-503', 'a 503 with Retry-After', 'The comments server is busy. Please try again in a moment.', (route) => route.fulfill({
      status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'server', message: 'Busy' } }),
      headers: { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After', 'retry-after': '30' },
    }), 1],
  ];
  // A 500 is sent again at once (same key); a server that asks for 30 s is not asked again sooner.
  for (const [name, label, message, answer, sends] of failures) {
    it(`explains ${label} answer, keeps the text, and posts once on Retry`, async () => {
      await journey(async (ctx) => {
        const p = await ctx.newPage();
        const { pageId, uncaught } = await openArticle(p, site.url, name);
        let sent = 0;
        const stop = await answerPosts(p, (route) => {
          sent += 1;
          return answer(route);
        });
        const body = `Posted through a ${name} answer.`;
        await postAsGuest(form(p), body, GUEST);
        await visible(form(p).getByRole('alert').filter({ hasText: message }));
        expect(await textarea(p).inputValue()).toBe(body);
        expect(sent).toBe(sends);

        await stop();
        await form(p).getByRole('button', { name: 'Retry', exact: true }).click();
        await shownAndStoredOnce(p, natter.url, pageId, body);
        expect(uncaught).toEqual([]);
      });
    }, JOURNEY_TIMEOUT);
  }

  it('explains an answer that never comes, and Retry stores the comment once even though the first post arrived', async () => {
    await journey(async (ctx) => {
      const p = await ctx.newPage();
      const { pageId, uncaught } = await openArticle(p, site.url, 'timeout');
      let arrived = () => {};
      const reached = new Promise<void>((done) => { arrived = done; });
      // The post reaches the server, which stores it; its answer is lost on the way back.
      const stop = await answerPosts(p, async (route) => {
        await route.fetch().catch(() => null);
        arrived();
      });
      const body = 'The answer to this one got lost.';
      await postAsGuest(form(p), body, GUEST);
      await reached;
      await p.clock.fastForward(11_000);
      await visible(form(p).getByRole('alert').filter({ hasText: 'The comments server took too long to answer. Please try again.' }));
      expect(await textarea(p).inputValue()).toBe(body);

      await stop();
      await form(p).getByRole('button', { name: 'Retry', exact: true }).click();
      await shownAndStoredOnce(p, natter.url, pageId, body);
      await expect.poll(() => textarea(p).inputValue(), WAIT).toBe('');
      expect(uncaught).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);

  it('reconnects a dropped live stream without losing or doubling a comment', async () => {
    await journey(async (ctx) => {
      const p = await ctx.newPage();
      const { pageId, uncaught } = await openArticle(p, site.url, 'stream');
      const typed = 'Half a thought, typed while the stream was down.';
      await textarea(p).fill(typed);
      await postDirectly(natter.url, site.url, pageId, 'Ola Other', 'Live before the drop.');
      await visible(p.getByText('Live before the drop.', { exact: true }));

      // Reconnections wait at the door until the missed comment is in.
      let open = () => {};
      const door = new Promise<void>((done) => { open = done; });
      await p.route('**/api/events?*', async (route) => {
        await door;
        await route.continue();
      });
      await natter.restart();
      await postDirectly(natter.url, site.url, pageId, 'Ola Other', 'Posted while the stream was down.');
      const reconnected = p.waitForResponse((r) => r.url().includes('/api/events?') && r.status() === 200, WAIT);
      open();
      await reconnected;
      await visible(p.getByText('Posted while the stream was down.', { exact: true }));
      await postDirectly(natter.url, site.url, pageId, 'Ola Other', 'Live after the reconnection.');
      await visible(p.getByText('Live after the reconnection.', { exact: true }));

      for (const body of ['Live before the drop.', 'Posted while the stream was down.', 'Live after the reconnection.']) {
        expect(await p.getByText(body, { exact: true }).count(), body).toBe(1);
      }
      await visible(p.getByRole('heading', { name: '3 thoughts on “Small is beautiful?”', exact: true }));
      expect(await textarea(p).inputValue()).toBe(typed);
      expect(uncaught).toEqual([]);
    });
  }, JOURNEY_TIMEOUT);
});
