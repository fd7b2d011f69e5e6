import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/comments/markdown';
import { withChromium } from '../../../test/helpers/chromium';
import { json, testServer, type TestServer } from '../helpers/server-app';

const PASSWORD = 'correct horse battery';

/**
 * The admin page as the server serves it — its HTML shell and CSP, and
 * `admin.js` built from the sources into a private folder — driven in Chromium.
 */
let dist: string;
let http: ServerType;
let server: TestServer;
let url: string;

beforeAll(async () => {
  dist = resolve('node_modules', '.natter-test', `admin-${process.pid}-${Date.now()}`);
  mkdirSync(dist, { recursive: true });
  await build({ configFile: resolve('server/vite.config.ts'), mode: 'admin', logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
  let app: Hono | null = null;
  http = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: (req, env) => (app ? app.fetch(req, env) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server = await testServer({ config: { publicUrl: url, adminPassword: PASSWORD }, deps: { distDir: dist, renderMarkdown, now: () => Date.now() } });
  app = server.app;
});

afterAll(async () => {
  await new Promise<void>((done) => http?.close(() => done()));
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

async function post(pageId: string, body: string, name: string): Promise<string> {
  const res = await server.app.request('/api/comments', json('POST', {
    pageId, parentId: null, body, guest: { name, email: `${name.toLowerCase()}@example.com` }, pageTitle: `About ${pageId}`,
  }, { 'Idempotency-Key': `admin-browser-${name}-${Date.now()}` }));
  expect(res.status).toBeLessThan(300);
  const data = (await res.json()) as { comment: { id: string; status: string } };
  expect(data.comment.status).toBe('pending');
  return data.comment.id;
}

describe('the admin page in Chromium', () => {
  it('signs in, shows the held comments safely, approves one and exports its page', async () => {
    await post('/first', 'Held **first** [bad](javascript:alert(1)) <img src=x onerror=alert(1)>', 'Ada');
    await post('/second', 'Held too', 'Brian');

    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      // Failed loads are checked by URL below (the browser's own favicon request may 404).
      page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`); });
      page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`); });
      page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });

      await page.goto(`${url}/admin`);
      await page.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const ada = page.getByRole('article', { name: /Ada/ });
      await ada.waitFor();
      expect(await page.getByRole('article').count()).toBe(2);
      expect(await ada.getByText('ada@example.com').count()).toBe(1);
      expect(await ada.locator('strong', { hasText: 'first' }).count()).toBe(1);
      expect(await ada.locator('img, script, [onerror]').count()).toBe(0);
      expect(await ada.locator('a[href^="javascript:"]').count()).toBe(0);

      await ada.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('status').filter({ hasText: 'Comment by Ada approved.' }).waitFor();
      expect(await page.getByRole('article').count()).toBe(1);
      const visible = (await (await server.app.request('/api/comments?page=%2Ffirst')).json()) as { comments: { status: string }[] };
      expect(visible.comments.map((c) => c.status)).toEqual(['approved']);

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /Export the comments of About \/second/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('natter-export-second.json');
      const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as { pageId: string };
      expect(exported.pageId).toBe('/second');

      await page.reload();
      await page.getByRole('article', { name: /Brian/ }).waitFor();
      expect(problems).toEqual([]);
    });
  }, 60_000);
});
