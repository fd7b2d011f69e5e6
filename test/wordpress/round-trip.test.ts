import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend';
import { HttpBackend } from '../../src/backend/http/http';
import { WordPressBackend } from '../../src/backend/wordpress/wordpress-backend';
import type { Comment } from '../../src/model/types';
import { withChromium } from '../helpers/chromium';
import { serveStatic, type StaticServer } from '../helpers/static-server';
import { buildServer, startServerProcess, type ServerProcess } from '../../server/test/helpers/built-server';
import { freePort } from '../helpers/free-port';
import { MapStorage } from '../helpers/map-storage';
import { fetchFrom, startWordPress, TEST_ORIGIN, type WordPressSite } from '../helpers/wordpress';
import { readWxrItems, type WxrFileComment } from '../helpers/wxr-comments';

// WordPress → WXR (WordPress's own exporter) → `natter import wxr` → the same thread from
// WordPressBackend and from natter's HttpBackend → `natter export --format wxr` → a fresh
// WordPress → the same thread again. Debian has no WordPress importer plugin, so the
// last step loads the file's comments through WordPress's REST API as its admin
// (POST /wp/v2/comments with date, author, email, website, IP, parent and status),
// which is also how the thread is written into the first WordPress.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'natter-wp-round-trip-'));
let source: WordPressSite;
let fresh: WordPressSite | undefined;
let built: Awaited<ReturnType<typeof buildServer>>;
let server: ServerProcess | undefined;
let host: StaticServer | undefined;

beforeAll(async () => {
  [source, built] = await Promise.all([startWordPress(), buildServer()]);
}, 600_000);

afterAll(async () => {
  await host?.close();
  await server?.stop();
  await fresh?.purge();
  built?.remove();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The built `natter` CLI in a child process, as a site owner runs it. */
async function natter(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const code = `import(${JSON.stringify(built.cli)}).then(async (m) => { process.exitCode = (await m.main(JSON.parse(process.argv[1]), process.env)) ?? 0; })`;
  return run(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(args)], { env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 64 << 20 });
}

/** Runs `task` over `items`, at most `width` at a time (the test WordPress has four PHP workers). */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

/** Who writes the thread: names in several scripts, some with a website. */
const AUTHORS = [
  { name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://ada.example/notes/' },
  { name: 'Zoë Ångström', email: 'zoe@example.net', url: '' },
  { name: 'Grace Hopper', email: 'grace@example.com', url: 'https://grace.example/blog/' },
  { name: 'Mårten Ødegaard', email: 'marten@example.no', url: '' },
  { name: '李小龙', email: 'li@example.cn', url: 'https://li.example/about' },
  { name: 'Chinua Achebe', email: 'chinua@example.ng', url: '' },
  { name: 'Ngũgĩ wa Thiong’o', email: 'ngugi@example.ke', url: 'https://ngugi.example/' },
];

/**
 * Bodies as WordPress stores them: paragraphs by blank lines, line breaks, the
 * markup WordPress allows in comments, links, escaped characters and emoji.
 */
const BODIES = [
  (n: number) => `Comment ${n}: a plain one.`,
  (n: number) => `Comment ${n} has <em>emphasis</em> and <strong>strong words</strong>.\nA second line.\n\nAnd a second paragraph.`,
  (n: number) => `Comment ${n} links to <a href="https://example.org/read/${n}">a longer read</a> 🎉`,
  (n: number) => `Comment ${n} compares <code>a &lt; b &amp;&amp; c</code> and <b>bold</b> with <i>italic</i>.`,
  (n: number) => `Comment ${n} in other words: Grüße, ¿qué tal?, こんにちは.`,
];

/** One comment of the thread as it is written into WordPress. */
interface Planned {
  n: number;
  parent: number | null;
  depth: number;
  author: (typeof AUTHORS)[number];
  content: string;
  dateGmt: string;
  status: 'approved' | 'hold' | 'trash';
}

/**
 * 44 threads of five comments, four levels deep (a reply, its reply and that
 * one's reply, plus a second reply to the first comment), a minute apart. Some
 * replies without replies of their own are held for moderation, two are in the trash.
 */
function planThread(): Planned[] {
  const planned: Planned[] = [];
  const start = Date.UTC(2023, 4, 1, 8, 0, 0);
  const add = (parent: number | null, depth: number, status: Planned['status'] = 'approved'): number => {
    const n = planned.length + 1;
    planned.push({
      n, parent, depth, status, author: AUTHORS[(n * 3) % AUTHORS.length]!, content: BODIES[n % BODIES.length]!(n),
      dateGmt: new Date(start + n * 60_000).toISOString().slice(0, 19),
    });
    return n;
  };
  for (let t = 0; t < 44; t++) {
    const top = add(null, 1);
    const reply = add(top, 2);
    const deeper = add(reply, 3);
    add(deeper, 4, t % 10 === 3 ? 'hold' : 'approved');
    add(top, 2, t % 6 === 0 ? 'hold' : t === 7 || t === 29 ? 'trash' : 'approved');
  }
  return planned;
}

/** A WordPress comment as its admin reads it (`context=edit`). */
interface Stored {
  id: number;
  parent: number;
  author: string;
  email: string;
  url: string;
  ip: string;
  date: string;
  content: string;
  status: string;
}

/** Every comment on `post` in each status, as the admin sees it. */
async function storedComments(site: WordPressSite, post: number): Promise<Stored[]> {
  const all: Stored[] = [];
  for (const status of ['approve', 'hold', 'trash']) {
    for (let page = 1; ; page++) {
      const list = await site.admin('GET', `/wp/v2/comments?post=${post}&status=${status}&context=edit&per_page=100&page=${page}`);
      if (!Array.isArray(list)) throw new Error('WordPress answered no list');
      for (const item of list) {
        const get = (name: string): unknown => Reflect.get(Object(item), name);
        all.push({
          id: Number(get('id')), parent: Number(get('parent')), author: String(get('author_name')), email: String(get('author_email')),
          url: String(get('author_url')), ip: String(get('author_ip')), date: String(get('date_gmt')),
          content: String(Reflect.get(Object(get('content')), 'raw')), status: String(get('status')),
        });
      }
      if (list.length < 100) break;
    }
  }
  return all;
}

/** The thread without WordPress's ids: each comment with its parent named by date (every date is distinct). */
function withoutIds(comments: readonly Stored[]): (Omit<Stored, 'id' | 'parent'> & { parentDate: string | null | undefined })[] {
  const dateOf = new Map(comments.map((c) => [c.id, c.date]));
  return comments.map(({ id: _id, parent, ...rest }) => ({ ...rest, parentDate: parent === 0 ? null : dateOf.get(parent) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Writes `comments` into `post` as the admin, parents first; answers WordPress's id of each key. */
async function writeComments(
  site: WordPressSite, post: number,
  comments: readonly { key: string; parent: string | null; depth: number; body: Record<string, string> }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let depth = 1; comments.some((c) => c.depth >= depth); depth++) {
    await inParallel(comments.filter((c) => c.depth === depth), 4, async (c) => {
      const parent = c.parent === null ? 0 : ids.get(c.parent);
      if (parent === undefined) throw new Error(`comment ${c.key} comes before its parent ${c.parent}`);
      const created = await site.admin('POST', '/wp/v2/comments', { post, parent, ...c.body });
      ids.set(c.key, Number(Reflect.get(Object(created), 'id')));
    });
  }
  return ids;
}

/** How deep each comment of a WXR file sits (1 = top level). */
function depths(comments: readonly WxrFileComment[]): Map<string, number> {
  const parents = new Map(comments.map((c) => [c.id, c.parent]));
  const depthOf = (id: string): number => {
    const parent = parents.get(id) ?? '0';
    return parent === '0' ? 1 : 1 + depthOf(parent);
  };
  return new Map(comments.map((c) => [c.id, depthOf(c.id)]));
}

/** A body as the widget shows it: the elements its renderer keeps (b → strong, i → em), links by href, text with spaces collapsed. */
function shownBody(html: string): string {
  const KEPT = new Map([['p', 'p'], ['br', 'br'], ['strong', 'strong'], ['b', 'strong'], ['em', 'em'], ['i', 'em'], ['code', 'code'],
    ['pre', 'pre'], ['blockquote', 'blockquote'], ['ul', 'ul'], ['ol', 'ol'], ['li', 'li'], ['a', 'a']]);
  const walk = (nodes: readonly DefaultTreeAdapterTypes.ChildNode[]): string => nodes.map((node) => {
    if (node.nodeName === '#text' && 'value' in node) return node.value.replace(/\s+/g, ' ');
    if (!('tagName' in node)) return '';
    const kept = KEPT.get(node.tagName);
    if (kept === 'br') return '<br>';
    if (kept === 'a') return `<a href="${node.attrs.find((a) => a.name === 'href')?.value ?? ''}">${walk(node.childNodes)}</a>`;
    return kept === undefined ? walk(node.childNodes) : `<${kept}>${walk(node.childNodes)}</${kept}>`;
  }).join('');
  return walk(parseFragment(html).childNodes).replace(/\s*(<\/?(p|br)>)\s*/g, '$1').trim();
}

/** A comment as a reader sees it in the widget, with its replies. */
interface Shown {
  author: string;
  website: string | null;
  date: string;
  body: string;
  replies: Shown[];
}

/** The whole thread a backend serves for `pageId`, every page of it, as nested comments in the order it gives them. */
async function shownThread(backend: Backend, pageId: string): Promise<Shown[]> {
  const comments: Comment[] = [];
  let cursor: string | null = null;
  do {
    const page = await backend.listComments({ pageId, cursor, limit: 20 });
    comments.push(...page.comments);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const shown = new Map<string, Shown>();
  const top: Shown[] = [];
  for (const c of comments) {
    const node = { author: c.author.name, website: c.author.url ?? null, date: c.createdAt, body: shownBody(c.bodyHtml), replies: [] };
    shown.set(c.id, node);
    const parent = c.parentId === null ? undefined : shown.get(c.parentId);
    if (c.parentId !== null && parent === undefined) throw new Error(`comment ${c.id} came before its parent ${c.parentId}`);
    (parent?.replies ?? top).push(node);
  }
  return top;
}

/** The planned thread as readers should see it: approved comments only. */
function expectedThread(planned: readonly Planned[]): Shown[] {
  const shown = new Map<number, Shown>();
  const top: Shown[] = [];
  for (const p of planned.filter((c) => c.status === 'approved')) {
    const node = {
      author: p.author.name, website: p.author.url || null, date: `${p.dateGmt}.000Z`, body: shownBody(`<p>${p.content.replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>')}</p>`),
      replies: [],
    };
    shown.set(p.n, node);
    (p.parent === null ? top : shown.get(p.parent)!.replies).push(node);
  }
  return top;
}

/** A comment as the widget draws it in the page, with the replies it nests under it. */
interface Drawn {
  author: string;
  website: string | null;
  date: string | null;
  body: string;
  inReplyTo: string | null;
  replies: Drawn[];
}

/**
 * The thread the widget mounted in `#id` draws, once "Load more comments" has
 * brought every page and `count` comments are on screen.
 */
async function drawnThread(page: Page, id: string, count: number): Promise<Drawn[]> {
  const root = page.locator(`#${id}`);
  await root.locator('article.comment').first().waitFor({ timeout: 30_000 });
  for (;;) {
    const more = root.getByRole('button', { name: 'Load more comments', exact: true });
    if ((await more.count()) === 0) break;
    const before = await root.locator('article.comment').count();
    await more.click();
    await page.waitForFunction(([host, n]) => {
      const shadow = document.getElementById(host as string)?.shadowRoot;
      return (shadow?.querySelectorAll('article.comment').length ?? 0) > (n as number);
    }, [id, before] as const, { timeout: 30_000 });
  }
  await page.waitForFunction(([host, n]) => document.getElementById(host as string)?.shadowRoot?.querySelectorAll('article.comment').length === n, [id, count] as const, { timeout: 30_000 });
  return page.evaluate((host) => {
    // A list's threads sit in its blocks (runs of threads that skip rendering while out of view).
    const walk = (list: Element): Drawn[] => [...list.querySelectorAll(':scope > .block > .item')].map((item) => {
      const article = item.querySelector(':scope > article');
      const replies = item.querySelector(':scope > .thread');
      return {
        author: article?.querySelector('.author')?.textContent ?? '',
        website: article?.querySelector('a.author')?.getAttribute('href') ?? null,
        date: article?.querySelector('time')?.getAttribute('datetime') ?? null,
        body: article?.querySelector('.body')?.innerHTML ?? '',
        inReplyTo: article?.querySelector('.in-reply-to')?.textContent?.trim() ?? null,
        replies: replies ? walk(replies) : [],
      };
    });
    const top = document.getElementById(host)?.shadowRoot?.querySelector('.thread');
    return top ? walk(top) : [];
  }, id);
}

it('carries a 220-comment thread from WordPress through natter into a fresh WordPress: same authors, bodies, dates, order, nesting and statuses, and the post’s like', async () => {
  // 1. The thread, written into WordPress.
  const slug = `round-trip-${Date.now()}`;
  const post = await source.createPost(slug);
  const planned = planThread();
  expect(planned).toHaveLength(220);
  expect(Math.max(...planned.map((p) => p.depth))).toBe(4);
  await writeComments(source, post, planned.map((p) => ({
    key: String(p.n), parent: p.parent === null ? null : String(p.parent), depth: p.depth,
    body: {
      author_name: p.author.name, author_email: p.author.email, author_url: p.author.url, author_ip: '192.0.2.7',
      date_gmt: p.dateGmt, content: p.content, status: p.status,
    },
  })));
  // A reader likes the post through natter's plugin, which keeps the like as post meta WordPress exports.
  const wordpressReader = new WordPressBackend({ siteUrl: source.baseUrl, storage: new MapStorage(), fetch: fetchFrom(TEST_ORIGIN) });
  await wordpressReader.setLike(String(post), true, { name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://ada.example/notes/' });
  const original = await storedComments(source, post);
  expect(original).toHaveLength(220);
  expect(original.filter((c) => c.status === 'hold')).toHaveLength(5 + 8);

  // 2. Exported by WordPress, imported by natter.
  const wxr = join(dir, 'wordpress.xml');
  writeFileSync(wxr, await source.exportWxr());
  const item = readWxrItems(readFileSync(wxr, 'utf8')).find((i) => i.postId === String(post));
  expect(item?.comments).toHaveLength(220);
  const db = join(dir, 'natter.db');
  const imported = await natter(['import', 'wxr', wxr, '--db', db]);
  expect(imported.stdout).toMatch(/imported \d+ comments on \d+ pages?/);

  // 3. The same thread from both backends.
  // A plain page on another origin shows the thread twice, from WordPress and from natter.
  const routes: Record<string, string> = {};
  host = await serveStatic({ root: 'dist', routes });
  server = await startServerProcess(built.cli, ['--db', db, '--host', '127.0.0.1', '--rate-limit', '0', '--origins', host.url]);
  await source.allowOrigin(host.url);
  const natterReader = new HttpBackend({ baseUrl: server.url, storage: null });
  const fromWordPress = await shownThread(new WordPressBackend({ siteUrl: source.baseUrl, storage: new MapStorage(), fetch: fetchFrom(TEST_ORIGIN) }), String(post));
  const fromNatter = await shownThread(natterReader, `/${slug}/`);
  const expected = expectedThread(planned);
  expect(fromWordPress).toEqual(expected);
  expect(fromNatter).toEqual(expected);
  const likers = [{ name: 'Ada Lovelace', url: 'https://ada.example/notes/' }];
  expect(await wordpressReader.getLikes(String(post))).toMatchObject({ count: 1, liked: true, likers });
  expect(await natterReader.getLikes(`/${slug}/`)).toMatchObject({ count: 1, liked: false, likers });
  // What readers see: the widget draws the same 207 approved comments, nested and flattened alike, from both.
  routes['/both/'] = `<!doctype html><html lang="en"><head><title>Both</title></head><body>
    <div id="from-wordpress"></div><div id="from-natter"></div>
    <script src="/natter.iife.js" data-backend="wordpress:${source.baseUrl}" data-page-id="${post}" data-target="#from-wordpress" async></script>
    <script src="/natter.iife.js" data-backend="${server.url}" data-page-id="/${slug}/" data-target="#from-natter" async></script>
  </body></html>`;
  const approved = planned.filter((p) => p.status === 'approved').length;
  const [drawnFromWordPress, drawnFromNatter] = await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    await page.goto(`${host!.url}/both/`);
    return [await drawnThread(page, 'from-wordpress', approved), await drawnThread(page, 'from-natter', approved)];
  });
  // Drawn alike, markup aside: natter keeps <b> and <i> as <strong> and <em>, and WordPress's rendering ends with a newline.
  const alike = (drawn: Drawn[]): Drawn[] => drawn.map((c) => ({
    ...c, body: c.body.trim().replace(/<(\/?)b>/g, '<$1strong>').replace(/<(\/?)i>/g, '<$1em>'), replies: alike(c.replies),
  }));
  expect(alike(drawnFromNatter)).toEqual(alike(drawnFromWordPress));
  expect(drawnFromNatter.map((c) => c.author)).toEqual(expected.map((c) => c.author));
  expect(JSON.stringify(drawnFromNatter)).toContain('"inReplyTo":"in reply to');

  // 4. Exported by natter, loaded into a fresh WordPress through its REST API.
  const out = join(dir, 'natter.xml');
  await natter(['export', '--format', 'wxr', '--page', `/${slug}/`, '--db', db, '--out', out]);
  const [exported, ...others] = readWxrItems(readFileSync(out, 'utf8'));
  expect(others).toEqual([]);
  expect(exported?.comments).toHaveLength(220);
  const port = await freePort();
  fresh = await startWordPress({ port, dir: join(tmpdir(), `natter-wordpress-fresh-${port}`) });
  const freshPost = await fresh.createPost(slug);
  const depthOf = depths(exported!.comments);
  const STATUS: Record<string, string> = { '1': 'approved', '0': 'hold', spam: 'spam', trash: 'trash' };
  await writeComments(fresh, freshPost, exported!.comments.map((c) => ({
    key: c.id, parent: c.parent === '0' ? null : c.parent, depth: depthOf.get(c.id)!,
    body: {
      author_name: c.author, author_email: c.email, author_url: c.url, author_ip: c.ip,
      date_gmt: c.dateGmt.replace(' ', 'T'), content: c.content, status: STATUS[c.approved] ?? c.approved,
    },
  })));

  // 5. The fresh WordPress holds the thread the first one did.
  expect(withoutIds(await storedComments(fresh, freshPost))).toEqual(withoutIds(original));
}, 300_000);
