import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../../../test/helpers/chromium';
import { serveStatic, type StaticServer } from '../../../test/helpers/static-server';
import { freePort } from '../../../test/helpers/free-port';

/**
 * The whole reader–moderator journey on a real natter server process: a site
 * page on one loopback origin loads the built `natter.iife.js`, which talks to
 * `natter serve` on another (SQLite in a temporary folder, an admin password,
 * SMTP pointed at a local server that keeps every message).
 */

const PAGE_ID = '/small-is-beautiful/';
const PAGE_TITLE = 'Small is beautiful?';
const SITE_NAME = 'Small Ideas';
const PASSWORD = 'correct horse battery staple';
const WAIT = { timeout: 15_000 };
/** How long a reader spends writing a comment, on the page's fake clock: the server rejects faster posts as spam. */
const HUMAN_TYPING_MS = 5_000;
const JOURNEY_TIMEOUT = 180_000;

const ADA = { name: 'Ada Reader', email: 'ada@example.org' };
const BEA = { name: 'Bea Reader', email: 'bea@example.org' };
const CY = { name: 'Cy Reader', email: 'cy@example.org' };

const FIRST = 'Small interventions add up to something big.';
const EDITED = 'Small interventions add up to something big, if they last.';
/** Markup in a reply is text, in the thread and in the email. */
const REPLY = 'Count me in <b>too</b> & thanks, Ada!';
const REPLY_ESCAPED = 'Count me in &#60;b&#62;too&#60;/b&#62; &#38; thanks, Ada!';
const LATER = 'A later reply, after Ada unsubscribed.';

/** The article page a site owner would publish: the script tag points at the natter server by its URL. */
function articlePage(backend: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${PAGE_TITLE}</title></head>
<body>
<article><h1>Small is beautiful? Small interventions and the Big Society</h1>
<p>Small interventions in local communities.</p></article>
<div id="natter"></div>
<script src="/natter.iife.js" data-backend="${backend}" data-page-id="${PAGE_ID}" async></script>
</body>
</html>`;
}

// ——— a local SMTP server that keeps what it receives ———

interface Delivered {
  rcptTo: string[];
  raw: string;
}

interface MailSink {
  url: string;
  messages: Delivered[];
  /** Resolves with the first message (already received or still to come) that `match` accepts. */
  next(match: (m: Delivered) => boolean, timeoutMs?: number): Promise<Delivered>;
  close(): Promise<void>;
}

async function startMailSink(): Promise<MailSink> {
  const messages: Delivered[] = [];
  const waiters = new Set<() => void>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
  const address: AddressInfo | string | null = smtp.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp server: no TCP address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    next(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching email within ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => m.rcptTo))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((done) => smtp.close(() => done())),
  };
}

// ——— a small MIME reader, enough for what nodemailer writes ———

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  ).trim();
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body: split === -1 ? '' : raw.slice(split + 4) };
}

function decodeBody(part: Part): string {
  const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase();
  const body = encoding === 'quoted-printable'
    ? decodeQuotedPrintable(part.body)
    : encoding === 'base64' ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8') : part.body;
  return body.replace(/\r\n/g, '\n');
}

/** A message's top-level headers and its decoded text and HTML parts. */
function readMessage(raw: string): { headers: Map<string, string>; text: string; html: string } {
  const top = parsePart(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers.get('content-type') ?? '')?.[1];
  if (boundary === undefined) return { headers: top.headers, text: decodeBody(top), html: '' };
  const parts = top.body.split(`--${boundary}`).slice(1, -1).map((p) => parsePart(p.replace(/^\r\n/, '')));
  const find = (type: string) => parts.find((p) => (p.headers.get('content-type') ?? '').startsWith(type));
  const text = find('text/plain');
  const html = find('text/html');
  return { headers: top.headers, text: text ? decodeBody(text) : '', html: html ? decodeBody(html) : '' };
}

// ——— the natter server, started as a site owner would ———

interface NatterProcess {
  url: string;
  stop(): Promise<void>;
}

async function startNatter(options: { port: number; origin: string; smtp: string }): Promise<NatterProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'natter-journey-'));
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [
    'server/bin/natter.js', 'serve', '--port', String(options.port), '--public-url', url, '--db', join(dir, 'natter.db'),
    '--origins', options.origin, '--admin-password', PASSWORD, '--smtp', options.smtp, '--site-name', SITE_NAME,
    '--moderation', 'first',
  ], {
    // Avatars stay generated: the test never leaves loopback.
    env: { ...process.env, NATTER_GRAVATAR: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const read = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`natter serve did not start within 20 s:\n${output}`)), 20_000);
      const listening = () => {
        if (!output.includes(`natter listening on ${url}`)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout.on('data', listening);
      child.stderr.on('data', listening);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`natter serve exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

// ——— the admin API, for the moderation that is not the journey's point ———

async function adminToken(server: string): Promise<string> {
  const res = await fetch(`${server}/api/admin/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
  const data: unknown = await res.json();
  const token: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'token') : undefined;
  if (typeof token !== 'string') throw new Error('admin login: no token');
  return token;
}

/** Approves the one pending comment whose Markdown source is `source`. */
async function approveBySource(server: string, token: string, source: string): Promise<string> {
  const auth = { Authorization: `Bearer ${token}` };
  const list = await fetch(`${server}/api/admin/comments?status=pending`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  expect(list.status).toBe(200);
  const data: unknown = await list.json();
  const comments: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'comments') : undefined;
  const ids = (Array.isArray(comments) ? comments : [])
    .filter((c: unknown) => typeof c === 'object' && c !== null && Reflect.get(c, 'source') === source)
    .map((c: object) => String(Reflect.get(c, 'id')));
  expect(ids).toHaveLength(1);
  const id = ids[0] ?? '';
  const res = await fetch(`${server}/api/admin/comments/${encodeURIComponent(id)}/status`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'approved' }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
  return id;
}

// ——— the readers' side ———

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', ...WAIT });
  return locator;
}

/** Collects uncaught exceptions on a page: the widget must never throw into its host. */
function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
}

/** Opens the article and waits for the widget and its live-event stream to be ready. */
async function openArticle(page: Page, url: string): Promise<void> {
  const live = page.waitForResponse((r) => r.url().includes('/api/events?'), WAIT);
  await page.goto(url);
  await visible(page.getByRole('form', { name: 'Leave a Reply', exact: true }));
  expect((await live).status()).toBe(200);
}

/** Types a comment into `form` as a guest, optionally asks for follow-up emails, and posts it. */
async function postAsGuest(form: Locator, body: string, guest: { name: string; email: string }, notify: boolean): Promise<void> {
  const textarea = await visible(form.getByRole('textbox', { name: 'Enter your comment here...', exact: true }));
  await textarea.click();
  await textarea.fill(body);
  await (await visible(form.getByLabel('Name (required)', { exact: true }))).fill(guest.name);
  await form.getByLabel('Email (required) (Address never made public)', { exact: true }).fill(guest.email);
  if (notify) await form.getByRole('checkbox', { name: 'Notify me of follow-up comments via email.', exact: true }).check();
  await form.page().clock.fastForward(HUMAN_TYPING_MS);
  await form.getByRole('button', { name: 'Post Comment', exact: true }).click();
}

function commentBy(page: Page, name: string): Locator {
  return page.getByRole('article', { name: `Comment by ${name}`, exact: true });
}

describe('a natter server with a site, a moderator and mail, in Chromium', () => {
  let site: StaticServer | undefined;
  let natter: NatterProcess | undefined;
  let mail: MailSink | undefined;
  let server = '';
  let article = '';

  beforeAll(async () => {
    for (const file of ['dist/natter.iife.js', 'server/dist/admin.js', 'server/dist/cli.js']) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
    }
    mail = await startMailSink();
    const port = await freePort();
    server = `http://127.0.0.1:${port}`;
    site = await serveStatic({ root: 'dist', routes: { '/article': articlePage(server) } });
    article = `${site.url}/article`;
    natter = await startNatter({ port, origin: site.url, smtp: mail.url });
  }, 60_000);

  afterAll(async () => {
    await natter?.stop();
    await site?.close();
    await mail?.close();
  });

  it('holds a guest comment, lets the moderator approve it, shows it and its edit live, counts a like and emails the follow-up with a working unsubscribe', async () => {
    const sink = mail;
    if (!sink) throw new Error('no mail sink');
    const errors: string[] = [];
    // Two independent browsers: the readers share nothing (storage, visitor id, session).
    await withChromium(async (ctxA) => withChromium(async (ctxB) => {
      const ada = await ctxA.newPage();
      const bea = await ctxB.newPage();
      watchErrors(ada, errors);
      watchErrors(bea, errors);
      await ada.clock.install();
      await bea.clock.install();
      await openArticle(ada, article);
      await openArticle(bea, article);

      // 1. Ada posts as a guest and asks for follow-ups; her comment is held, and only she sees it.
      await postAsGuest(ada.getByRole('form', { name: 'Leave a Reply', exact: true }), FIRST, ADA, true);
      const adaOwn = commentBy(ada, ADA.name);
      await visible(adaOwn.getByText('Your comment is awaiting moderation.', { exact: true }));
      await visible(adaOwn.getByText(FIRST, { exact: true }));

      await openArticle(bea, article);
      await visible(bea.getByText('No comments yet.', { exact: true }));
      expect(await bea.getByText(FIRST, { exact: true }).count()).toBe(0);
      expect(await commentBy(bea, ADA.name).count()).toBe(0);

      // 2. The moderator signs in to /admin on the natter server and approves it from the queue.
      const admin = await ctxA.newPage();
      watchErrors(admin, errors);
      await admin.goto(`${server}/admin`);
      await admin.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
      await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
      const held = await visible(admin.getByRole('article', { name: `${ADA.name} on ${PAGE_TITLE}`, exact: true }));
      await visible(held.getByText(FIRST, { exact: true }));
      await held.getByRole('button', { name: 'Approve', exact: true }).click();
      await visible(admin.getByRole('status').filter({ hasText: `Comment by ${ADA.name} approved.` }));
      await admin.close();

      // 3. Bea's open page shows it without a reload, and Ada's no longer says it is held.
      const seenByBea = commentBy(bea, ADA.name);
      await visible(seenByBea.getByText(FIRST, { exact: true }));
      await visible(bea.getByRole('heading', { name: `One thought on “${PAGE_TITLE}”`, exact: true }));
      await adaOwn.getByText('Your comment is awaiting moderation.', { exact: true }).waitFor({ state: 'detached', ...WAIT });

      // 4. Ada edits her comment within the window; Bea sees the new text live.
      await adaOwn.getByRole('button', { name: 'Edit', exact: true }).click();
      const editor = await visible(adaOwn.getByRole('textbox', { name: 'Edit your comment', exact: true }));
      expect(await editor.inputValue()).toBe(FIRST);
      await editor.fill(EDITED);
      await adaOwn.getByRole('button', { name: 'Save', exact: true }).click();
      await visible(adaOwn.getByText(EDITED, { exact: true }));
      await visible(seenByBea.getByText(EDITED, { exact: true }));
      await visible(seenByBea.getByText('(edited)', { exact: true }));
      expect(await bea.getByText(FIRST, { exact: true }).count()).toBe(0);

      // 5. Bea likes the post: her count and strip change, and Ada's count follows live.
      await visible(bea.getByText('Be the first to like this.', { exact: true }));
      await bea.getByRole('button', { name: 'Like', exact: true }).click();
      await visible(bea.getByRole('button', { name: 'Liked', exact: true }));
      await visible(bea.getByText('One blogger likes this.', { exact: true }));
      expect(await bea.getByRole('list', { name: 'People who like this', exact: true }).getByRole('listitem').count()).toBe(1);
      await visible(ada.getByText('One blogger likes this.', { exact: true }));

      // 6. Bea replies to Ada as another guest (held, then approved); Ada is emailed about it.
      await seenByBea.getByRole('button', { name: `Reply to ${ADA.name}`, exact: true }).click();
      const replyForm = await visible(bea.getByRole('form', { name: `Leave a Reply to ${ADA.name}`, exact: true }));
      await postAsGuest(replyForm, REPLY, BEA, true);
      const beaOwn = commentBy(bea, BEA.name);
      await visible(beaOwn.getByText('Your comment is awaiting moderation.', { exact: true }));
      await visible(beaOwn.getByText(REPLY, { exact: true }));

      const token = await adminToken(server);
      const replyId = await approveBySource(server, token, REPLY);
      await visible(commentBy(ada, BEA.name).getByText(REPLY, { exact: true }));

      const toAda = await sink.next((m) => m.rcptTo.includes(ADA.email));
      expect(toAda.rcptTo).toEqual([ADA.email]);
      // Bea wrote the reply: she is not told about her own comment.
      expect(sink.messages.map((m) => m.rcptTo)).toEqual([[ADA.email]]);
      const { headers, text, html } = readMessage(toAda.raw);
      expect(headers.get('to')).toBe(ADA.email);
      expect(headers.get('subject')).toBe(`[${SITE_NAME}] New comment on “${PAGE_TITLE}”`);
      expect(text).toContain(`${BEA.name} commented on “${PAGE_TITLE}”:`);
      expect(text).toContain(REPLY);
      expect(text).toContain(`${article}#comment-${replyId}`);
      expect(html).toContain(REPLY_ESCAPED);
      expect(html).not.toContain('<b>too</b>');
      expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const unsubscribe = /^<([^>]+)>$/.exec(headers.get('list-unsubscribe') ?? '')?.[1] ?? '';
      expect(unsubscribe.startsWith(`${server}/api/unsubscribe?token=`)).toBe(true);
      expect(text).toContain(unsubscribe);

      // The one-click unsubscribe, as a mail provider sends it (RFC 8058).
      const res = await fetch(unsubscribe, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('You will not get these emails any more.');

      // A later reply: Bea (subscribed with hers) is told; Ada, unsubscribed, is not.
      const later = await fetch(`${server}/api/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `journey-later-${Date.now()}` },
        body: JSON.stringify({ pageId: PAGE_ID, parentId: replyId, body: LATER, guest: CY }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(later.status).toBe(201);
      await approveBySource(server, token, LATER);
      await visible(commentBy(ada, CY.name).getByText(LATER, { exact: true }));
      const toBea = await sink.next((m) => m.rcptTo.includes(BEA.email));
      expect(readMessage(toBea.raw).text).toContain(LATER);
      // Subscribers are mailed in the order they subscribed: Ada's would have come before Bea's.
      expect(sink.messages.map((m) => m.rcptTo)).toEqual([[ADA.email], [BEA.email]]);
    }));
    expect(errors).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
