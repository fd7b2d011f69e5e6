import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withChromium } from '../helpers/chromium';
import { serveStatic, type StaticServer } from '../helpers/static-server';
import { startWordPress, type WordPressSite } from '../helpers/wordpress';

const WAIT = { timeout: 15_000 };
let site: WordPressSite;
let host: StaticServer;
let slug: string;

beforeAll(async () => {
  site = await startWordPress();
  slug = `browser-${Date.now()}`;
  await site.createPost(slug);
  // A plain article page on another origin, with the widget served beside it from dist/.
  host = await serveStatic({
    root: 'dist',
    routes: {
      '/article/': `<!doctype html><html lang="en"><head><title>An article</title></head><body>
        <h1>An article</h1><div id="natter"></div>
        <script src="/natter.iife.js" data-backend="wordpress:${site.baseUrl}" data-page-id="${site.baseUrl}/${slug}/" async></script>
      </body></html>`,
    },
  });
  await site.allowOrigin(host.url);
}, 600_000);

afterAll(async () => {
  await host?.close();
});

/** Fills and sends the form named `formName` as the guest `name`. */
async function comment(page: Page, formName: string, text: string, name: string): Promise<void> {
  const form = page.getByRole('form', { name: formName, exact: true });
  await form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }).fill(text);
  await form.getByLabel('Email (required) (Address never made public)', { exact: true }).fill(`${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.org`);
  await form.getByLabel('Name (required)', { exact: true }).fill(name);
  await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
}

/** The comment article written by `name`. */
const byAuthor = (page: Page, name: string) => page.getByRole('article', { name: `Comment by ${name}`, exact: true });

it('lets a guest on another site comment, reply and like through WordPress, held comments showing to their author until approved', async () => {
  const ids = await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    const posted: string[] = [];
    page.on('response', async (response) => {
      if (response.request().method() === 'POST' && response.url().includes('/wp/v2/comments')) {
        posted.push(String(Reflect.get(Object(await response.json()), 'id')));
      }
    });
    await page.goto(`${host.url}/article/`);
    await page.getByRole('form', { name: 'Leave a Reply', exact: true }).waitFor(WAIT);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);

    await comment(page, 'Leave a Reply', 'A first comment from another site', 'Ada Guest');
    const first = byAuthor(page, 'Ada Guest');
    await first.getByText('Your comment is awaiting moderation.').waitFor(WAIT);
    await page.reload();
    await byAuthor(page, 'Ada Guest').getByText('Your comment is awaiting moderation.').waitFor(WAIT);

    // Approved in WordPress, it can be answered (WordPress's replies go to published comments).
    await site.approve(posted[0]!);
    await page.reload();
    await byAuthor(page, 'Ada Guest').waitFor(WAIT);
    expect(await byAuthor(page, 'Ada Guest').getByText('Your comment is awaiting moderation.').count()).toBe(0);
    await page.getByRole('button', { name: 'Reply to Ada Guest', exact: true }).click();
    await comment(page, 'Leave a Reply to Ada Guest', 'A reply, held for moderation', 'Bo Replier');
    await byAuthor(page, 'Bo Replier').getByText('Your comment is awaiting moderation.').waitFor(WAIT);

    await page.getByRole('button', { name: 'Like', exact: true }).click();
    await page.getByText('One blogger likes this.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Liked', exact: true }).waitFor(WAIT);

    await page.reload();
    await byAuthor(page, 'Bo Replier').getByText('Your comment is awaiting moderation.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Liked', exact: true }).waitFor(WAIT);
    return posted;
  });
  expect(ids).toHaveLength(2);

  // Another reader sees only what WordPress has published: the reply once it is approved.
  await site.approve(ids[1]!);
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    await page.goto(`${host.url}/article/`);
    await byAuthor(page, 'Bo Replier').waitFor(WAIT);
    expect(await page.getByText('Your comment is awaiting moderation.').count()).toBe(0);
    expect(await page.getByRole('article').count()).toBe(2);
    await page.getByText('One blogger likes this.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Like', exact: true }).waitFor(WAIT);
  });
}, 120_000); // two browsers and a dozen round trips to WordPress

it('reads the WordPress comments while preact is still on its way, not after it', async () => {
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    let release: () => void = () => {};
    await page.route('**/natter.interaction.js', (route) => { release = () => void route.continue(); });
    // The read of the post's comments goes out while the chunk with preact is held.
    const read = page.waitForRequest((r) => decodeURIComponent(r.url()).includes('/wp/v2/comments') && r.method() === 'GET', WAIT);
    // Until the held chunk has run, the page's load event waits for it: the test waits for the document only.
    await page.goto(`${host.url}/article/`, { waitUntil: 'domcontentloaded' });
    await read;
    expect(await page.evaluate(() => document.querySelector('#natter')?.shadowRoot?.querySelector('.loading')?.textContent)).toBe('Loading comments…');
    release();
    await page.getByRole('form', { name: 'Leave a Reply', exact: true }).waitFor(WAIT);
  });
});
