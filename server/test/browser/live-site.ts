import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { freePort } from '../../../test/helpers/free-port';
import { startServerProcess, type ServerProcess } from '../helpers/built-server';

/**
 * What the hostile-page and bad-network journeys share: the built
 * `natter serve` (`server/dist/cli.js`, a fresh SQLite file), a watcher for
 * everything a host page must never see (uncaught exceptions, console errors,
 * CSP violations), and the reader's own moves.
 */

export const WAIT = { timeout: 15_000 };
/** How long a reader spends writing a comment, on the page's fake clock: the server rejects faster posts as spam. */
export const HUMAN_TYPING_MS = 5_000;
export const JOURNEY_TIMEOUT = 90_000;

/** A running `natter serve`. */
export interface NatterProcess {
  url: string;
  /** Stops the server and starts it again on the same port and database: every open connection drops. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the built `natter serve` on a free port for the site at `origin`; generated avatars only, nothing leaves loopback. */
export async function startNatter(origin: string): Promise<NatterProcess> {
  for (const file of ['dist/natter.iife.js', 'dist/natter.interaction.js', 'server/dist/cli.js']) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  // The port is chosen first: the server's public URL (avatar links) names it, and a restart keeps it.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'natter-live-'));
  const flags = ['--port', String(port), '--host', '127.0.0.1', '--public-url', url, '--db', join(dir, 'natter.db'),
    '--origins', origin, '--moderation', 'none'];
  const launch = () => startServerProcess(resolve('server/dist/cli.js'), flags, { NATTER_GRAVATAR: 'off' });
  let server: ServerProcess;
  try {
    server = await launch();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    async restart() {
      await server.stop();
      server = await launch();
    },
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Posts a comment straight to the server, as another reader elsewhere would; resolves with its id. */
export async function postDirectly(server: string, origin: string, pageId: string, name: string, body: string): Promise<string> {
  const res = await fetch(`${server}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, 'Idempotency-Key': `direct-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify({ pageId, parentId: null, body, guest: { name, email: 'other@example.org' }, elapsedMs: 60_000, honeypot: '' }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`posting directly answered ${res.status}: ${text}`);
  const data: unknown = JSON.parse(text);
  const comment: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'comment') : undefined;
  const id: unknown = typeof comment === 'object' && comment !== null ? Reflect.get(comment, 'id') : undefined;
  return String(id);
}

/** Everything a host page must never see from the widget. */
export interface PageTrouble {
  /** Uncaught exceptions and unhandled rejections. */
  uncaught: string[];
  /** `console.error` and failed-resource messages. */
  consoleErrors: string[];
  /** Content-Security-Policy and Trusted Types violations. */
  violations: string[];
}

/** Starts watching `page` (call before `goto`). */
export async function watchPage(page: Page): Promise<PageTrouble> {
  const trouble: PageTrouble = { uncaught: [], consoleErrors: [], violations: [] };
  page.on('pageerror', (error) => trouble.uncaught.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy|Trusted ?Type/i.test(text)) trouble.violations.push(text);
    else if (message.type() === 'error') trouble.consoleErrors.push(text);
  });
  // Runs before the page's scripts (and outside its CSP): every violation, reported or not.
  await page.exposeFunction('__natterViolation', (text: string) => trouble.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = Reflect.get(window, '__natterViolation');
      if (typeof report === 'function') report(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`);
    });
  });
  return trouble;
}

export async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', ...WAIT });
  return locator;
}

/** Types a comment into `form` as a guest (filling the details when empty) and presses "Post Comment". */
export async function postAsGuest(form: Locator, body: string, guest: { name: string; email: string }): Promise<void> {
  const textarea = await visible(form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }));
  await textarea.click();
  await textarea.fill(body);
  const name = await visible(form.getByLabel('Name (required)', { exact: true }));
  if ((await name.inputValue()) === '') {
    await name.fill(guest.name);
    await form.getByLabel('Email (required) (Address never made public)', { exact: true }).fill(guest.email);
  }
  await form.page().clock.fastForward(HUMAN_TYPING_MS);
  await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
}

/** The comment by `name` as a reader finds it. */
export function commentBy(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('article', { name: `Comment by ${name}`, exact: true });
}

/** The HTML bodies of the visible comments the server keeps for `pageId`, as any reader gets them. */
export async function bodiesOn(server: string, pageId: string): Promise<string[]> {
  const res = await fetch(`${server}/api/comments?page=${encodeURIComponent(pageId)}&limit=100`, { signal: AbortSignal.timeout(10_000) });
  const data: unknown = await res.json();
  const comments: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'comments') : undefined;
  return (Array.isArray(comments) ? comments : []).map((c: unknown) => String(typeof c === 'object' && c !== null ? Reflect.get(c, 'bodyHtml') : ''));
}
