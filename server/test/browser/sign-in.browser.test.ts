import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_CONFIG_FLAGS } from '../../src/auth/auth-config';
import { startServer, type RunningServer } from '../../src/cli';
import { parseConfig } from '../../src/config';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticServer } from '../../../test/helpers/static-server';
import { freePort } from '../../../test/helpers/free-port';

const PAGE_ID = '/sign-in-journey/';
const WAIT = { timeout: 15_000 };
const LABELS = { wordpress: 'WordPress.com', google: 'Google', twitter: 'Twitter', facebook: 'Facebook' } as const;
type Provider = keyof typeof LABELS;

/** An article on another origin than the natter server, embedding the widget with the http backend. */
function articlePage(server: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${head}<title>Sign-in journey</title></head>
<body><article><h1>Sign-in journey</h1><p>An article.</p></article>
<div id="natter"></div>
<script src="/natter.iife.js" data-backend="${server}" data-page-id="${PAGE_ID}" async></script>
</body></html>`;
}

let site: StaticServer;
let natter: RunningServer;
let dataDir: string;

beforeAll(async () => {
  if (!existsSync('dist/natter.iife.js')) {
    throw new Error('dist/natter.iife.js is missing: run `npm run build` first (`npm test` does).');
  }
  const port = await freePort();
  const server = `http://127.0.0.1:${port}`;
  // A host that allows scripts from its own origin only (natter.iife.js and natter.sign-in.js are served from it).
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: ${server}; connect-src 'self' ${server}">`;
  site = await serveStatic({ root: 'dist', routes: { '/article': articlePage(server), '/strict-csp': articlePage(server, csp) } });
  dataDir = mkdtempSync(join(tmpdir(), 'natter-sign-in-'));
  const config = parseConfig([
    '--dev', '--port', String(port), '--db', join(dataDir, 'natter.db'), '--origins', site.url, '--moderation', 'none', '--rate-limit', '0',
  ], {}, AUTH_CONFIG_FLAGS);
  natter = await startServer(config, { log: () => {}, env: {}, flags: config.flags });
});

afterAll(async () => {
  await natter?.close();
  await site?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', ...WAIT });
  return locator;
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function openArticle(ctx: BrowserContext): Promise<{ page: Page; form: Locator; errors: string[] }> {
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${site.url}/article`);
  const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
  return { page, form, errors };
}

async function typeDraft(form: Locator, text: string): Promise<Locator> {
  const textarea = await visible(form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }));
  await textarea.click();
  await textarea.fill(text);
  return textarea;
}

/** Clicks the provider's icon and returns the popup showing the stand-in's consent page. */
async function openPopup(ctx: BrowserContext, form: Locator, provider: Provider): Promise<Page> {
  const popupOpened = ctx.waitForEvent('page', WAIT);
  await (await visible(form.getByRole('button', { name: `Log in with ${LABELS[provider]}`, exact: true }))).click();
  const popup = await popupOpened;
  await visible(popup.getByRole('heading', { name: `Local stand-in for ${LABELS[provider]} — not the real sign-in`, exact: true }));
  return popup;
}

async function signInThroughPopup(ctx: BrowserContext, form: Locator, provider: Provider, user: string): Promise<void> {
  const popup = await openPopup(ctx, form, provider);
  await visible(form.getByText(`Connecting to ${LABELS[provider]}`, { exact: true }));
  const closed = popup.waitForEvent('close', WAIT);
  await popup.getByRole('button', { name: `Continue as ${user}`, exact: true }).click();
  await closed;
  await visible(form.getByText(`You are commenting using your ${LABELS[provider]} account.`, { exact: false }));
}

describe.each(Object.keys(LABELS) as Provider[])('signing in with %s in Chromium', (provider) => {
  it('signs in through the popup, posts as that identity, logs out, signs in again and changes', { timeout: 60_000 }, async () => {
    await withChromium(async (ctx) => {
      const urls: string[] = [];
      const tokens: string[] = [];
      ctx.on('request', (request) => urls.push(request.url()));
      const posts: string[] = [];
      ctx.on('response', (response) => {
        if (response.url().includes('/api/comments') && response.request().method() === 'POST') {
          response.text().then((text) => posts.push(`${response.status()} ${text}`), () => {});
        }
        if (!response.url().endsWith('/auth/exchange') || !response.ok()) return;
        response.json().then((answer: { token: string }) => tokens.push(answer.token), () => {});
      });
      const { page, form, errors } = await openArticle(ctx);
      const body = `Posted with ${provider} by Ada.`;
      // Focusing the comment box expands the form and shows the sign-in icons.
      await typeDraft(form, body);
      await signInThroughPopup(ctx, form, provider, 'Ada Lovelace');
      await visible(form.getByText('Ada Lovelace', { exact: true }));
      // Signed in: no guest fields.
      expect(await form.getByLabel('Name (required)', { exact: true }).count()).toBe(0);

      // The server holds posts made faster than a person could (2 s since the form appeared),
      // and the form counts from when it re-rendered signed in: give the reader that moment.
      await page.waitForTimeout(2_100);
      await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
      const comment = await visible(page.getByRole('article', { name: 'Comment by Ada Lovelace' }).filter({ hasText: body }))
        .catch(async (error: unknown) => {
          const articles = await page.getByRole('article').evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label')}: ${e.textContent}`));
          throw new Error(`The comment did not appear; the form says: ${await form.innerText()}; posts: ${posts.join(' | ')}; comments: ${articles.join(' | ')}`, { cause: error });
        });
      expect(await comment.count()).toBe(1);

      // Another reader (no session) sees the comment with Ada's provider identity.
      const answer = await fetch(`${natter.url}/api/comments?page=${encodeURIComponent(PAGE_ID)}&limit=100`);
      const listed = (await answer.json()) as { comments: Array<{ author: { name: string; provider?: string }; bodyHtml: string }> };
      const mine = listed.comments.find((c) => c.bodyHtml.includes(body));
      expect(mine?.author).toMatchObject({ name: 'Ada Lovelace', provider });

      await form.getByRole('button', { name: 'Log Out', exact: true }).click();
      await visible(form.getByLabel('Name (required)', { exact: true }));
      // "Log Out" revoked the token on the server.
      expect(tokens).toHaveLength(1);
      const revoked = await fetch(`${natter.url}/api/session`, { headers: { authorization: `Bearer ${tokens[0]}` } });
      expect(await revoked.json()).toEqual({ session: null });

      await signInThroughPopup(ctx, form, provider, 'Grace Hopper');
      await visible(form.getByText('Grace Hopper', { exact: true }));
      await form.getByRole('button', { name: 'Change', exact: true }).click();
      await visible(form.getByRole('button', { name: `Log in with ${LABELS[provider]}`, exact: true }));
      expect(errors).toEqual([]);
      expect(tokens).toHaveLength(2);
      for (const url of urls) for (const token of tokens) expect(url).not.toContain(token);
    });
  });
});

describe('sign-in failures in Chromium', { timeout: 60_000 }, () => {
  it('returns to the picker with a message and the draft intact when the reader closes the popup', async () => {
    await withChromium(async (ctx) => {
      const { form, errors } = await openArticle(ctx);
      const textarea = await typeDraft(form, 'A draft that must survive.');
      const popup = await openPopup(ctx, form, 'google');
      await popup.close();
      await visible(form.getByText('The sign-in window was closed before you finished.', { exact: true }));
      await visible(form.getByRole('button', { name: 'Log in with Google', exact: true }));
      expect(await textarea.inputValue()).toBe('A draft that must survive.');
      expect(errors).toEqual([]);
    });
  });

  it('reports a provider error when the reader denies, with the draft intact', async () => {
    await withChromium(async (ctx) => {
      const { form, errors } = await openArticle(ctx);
      const textarea = await typeDraft(form, 'Another draft.');
      const popup = await openPopup(ctx, form, 'twitter');
      const closed = popup.waitForEvent('close', WAIT);
      await popup.getByRole('button', { name: 'Deny', exact: true }).click();
      await closed;
      await visible(form.getByText('The sign-in service reported a problem. Please try again.', { exact: true }));
      expect(await textarea.inputValue()).toBe('Another draft.');
      expect(errors).toEqual([]);
    });
  });

  it('ignores a forged sign-in message from the article page itself', async () => {
    await withChromium(async (ctx) => {
      const { page, form } = await openArticle(ctx);
      await typeDraft(form, 'Nothing forged gets in.');
      const popup = await openPopup(ctx, form, 'facebook');
      await page.evaluate(() => {
        window.postMessage({ type: 'natter:auth', nonce: '0'.repeat(32), code: 'f'.repeat(43) }, '*');
      });
      await popup.close();
      await visible(form.getByText('The sign-in window was closed before you finished.', { exact: true }));
      expect(await form.getByText('You are commenting using', { exact: false }).count()).toBe(0);
    });
  });

  it('loads the sign-in code only when the reader signs in, and signs in under a strict host CSP', async () => {
    await withChromium(async (ctx) => {
      const scripts: string[] = [];
      ctx.on('request', (request) => {
        const url = new URL(request.url());
        if (request.resourceType() === 'script' && url.origin === site.url) scripts.push(url.pathname);
      });
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          document.documentElement.dataset.violations = `${document.documentElement.dataset.violations ?? ''} ${e.violatedDirective}`;
        });
      });
      await page.goto(`${site.url}/strict-csp`);
      const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      await typeDraft(form, 'Signed in under a strict CSP.');
      // Typing brought the interaction chunk (the form, posting); the sign-in code waits for a provider's icon.
      expect(scripts).toEqual(['/natter.iife.js', '/natter.interaction.js']);
      await signInThroughPopup(ctx, form, 'google', 'Ada Lovelace');
      expect(scripts).toEqual(['/natter.iife.js', '/natter.interaction.js', '/natter.sign-in.js']);
      expect(await page.evaluate(() => Object.keys(window).filter((k) => /natter/i.test(k)))).toEqual(['natter']);
      expect(await page.evaluate(() => document.documentElement.dataset.violations ?? '')).toBe('');
      expect(errors).toEqual([]);
    });
  });

  it('falls back to a full-page redirect when the popup is blocked, and comes back signed in with the draft', async () => {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        window.open = () => null;
      });
      await page.goto(`${site.url}/article`);
      const form = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      await typeDraft(form, 'Draft before the redirect.');
      await form.getByRole('button', { name: 'Log in with WordPress.com', exact: true }).click();
      await visible(page.getByRole('heading', { name: 'Local stand-in for WordPress.com — not the real sign-in', exact: true }));
      await page.getByRole('button', { name: 'Continue as Grace Hopper', exact: true }).click();
      await page.waitForURL(`${site.url}/article`, WAIT);
      const back = await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
      await visible(back.getByText('You are commenting using your WordPress.com account.', { exact: false }));
      await visible(back.getByText('Grace Hopper', { exact: true }));
      expect(page.url()).not.toContain('natter_code');
      const textarea = back.getByRole('textbox', { name: 'Enter your comment here...', exact: true });
      expect(await textarea.inputValue()).toBe('Draft before the redirect.');
    });
  });
});
