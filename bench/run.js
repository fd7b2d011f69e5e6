#!/usr/bin/env node
/**
 * natter's benchmark: `npm run bench` (builds first), or `node bench/run.js`
 * after a build. Everything runs on this machine, on loopback:
 *
 *   - bundle sizes (raw, gzip -9, brotli 11), natter's and Waline's client;
 *   - the server on SQLite (and PostgreSQL when installed): the widget's
 *     first-paint request (`GET /api/thread`) and its list request, cached,
 *     each beside a bare Hono route and plain node:http serving the same
 *     bytes and headers (the floor), both for a page not in the cache, a
 *     revalidation (304), durable guest posts; Waline's list and post on the
 *     same seed, in the same run;
 *   - live fan-out: 10,000 Server-Sent Events readers of one page, one new
 *     comment, the time until each reader has it;
 *   - first render in Debian's Chromium: cold loads of an article with the
 *     widget (pages of 1,000 and 10,000 comments) beside the same article
 *     without it: time until a comment is visible, requests and bytes until
 *     then, long tasks, JS heap.
 *
 * Prints the tables and writes bench/RESULTS.md and bench/results.svg.
 *
 *   --smoke        a short run (1 s per row, a small seed, 200 live readers,
 *                  no PostgreSQL, Waline only when already installed) that
 *                  writes its report to a temporary folder: CI runs it
 *   --no-peers     leave Waline out
 *   --no-browser   leave the first render in Chromium out
 *   --out <dir>    where RESULTS.md and results.svg go (default bench/)
 *
 * Environment: BENCH_SECONDS (default 10), BENCH_ROUNDS (3 runs per server row, the median
 * recorded), BENCH_WARMUP (2), BENCH_CONNECTIONS (10),
 * BENCH_LIVE_READERS (10000), BENCH_LOADS (7 cold loads per first-render case),
 * BENCH_DATABASES (sqlite,postgres),
 * POSTGRES_BIN (/usr/lib/postgresql/15/bin).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { firstRender, startArticleServer } from './lib/first-render.js';
import { liveFanout } from './lib/live.js';
import { buildServerBundle, freePort, seedNatter, seedPlan, startChild, startNatter, startPostgres } from './lib/natter.js';
import { barChart, fmt, table } from './lib/report.js';
import { installWaline, seedWaline, startOauthStub, startWaline, WALINE_VERSIONS } from './lib/waline.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values: args } = parseArgs({ options: { smoke: { type: 'boolean' }, 'no-peers': { type: 'boolean' }, 'no-browser': { type: 'boolean' }, out: { type: 'string' } } });
const smoke = args.smoke === true;
const SECONDS = Number(process.env.BENCH_SECONDS ?? (smoke ? 1 : 10));
/** Seconds of unmeasured load before each row: otherwise the first row of each server pays its JIT's warm-up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? (smoke ? 0 : 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Measured runs per server row; the row is the median run. */
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? (smoke ? 1 : 3))) || 1);
const LIVE_READERS = Number(process.env.BENCH_LIVE_READERS ?? (smoke ? 200 : 10_000));
/** Cold loads of each first-render case (the issue asks for at least 7). */
const LOADS = Number(process.env.BENCH_LOADS ?? (smoke ? 1 : 7));
const DATABASES = (process.env.BENCH_DATABASES ?? (smoke ? 'sqlite' : 'sqlite,postgres')).split(',').map((s) => s.trim()).filter(Boolean);
const PG_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const PEERS_DIR = join(here, '.peers');
const plan = seedPlan(smoke);
/**
 * The headers of the widget's reads: no custom header (that would cost a CORS
 * preflight); the visitor id goes in the query (src/backend/http/thread-read.ts).
 */
const WIDGET_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };
const VISITOR = 'bench-reader-0123456789abcdef';
/** The widget's first-paint request (config, first page, likes) and its list request, for a page, as `readUrl` writes them. */
const threadPath = (pageId) => `/api/thread?page=${encodeURIComponent(pageId)}&sort=oldest&limit=50&visitor=${VISITOR}`;
const listPath = (pageId) => `/api/comments?page=${encodeURIComponent(pageId)}&sort=oldest&limit=50&visitor=${VISITOR}`;

/** The bot signals the widget sends with a post (an empty honeypot, the time spent writing). */
const HUMAN = { honeypot: '', elapsedMs: 30_000 };

const log = (line) => console.error(`natter bench: ${line}`);

/**
 * The load of one row: {@link WARMUP} seconds unmeasured, then {@link ROUNDS}
 * measured runs of {@link SECONDS}; answers the run with the median rate,
 * with every run's rate in `rounds` (on a shared machine one run can be a
 * fifth off the next).
 */
async function run(options) {
  if (WARMUP > 0) await autocannon({ connections: CONNECTIONS, duration: WARMUP, ...options });
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }));
  const byRate = [...runs].sort((a, b) => a.requests.average - b.requests.average);
  return { ...byRate[Math.floor((byRate.length - 1) / 2)], rounds: runs.map((r) => r.requests.average) };
}

/** One row from an autocannon result; `expect` is the status that counts as an answer. */
function row(section, what, kind, result, expect) {
  const answers = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + s.count, 0);
  const expected = result.statusCodeStats?.[expect]?.count ?? 0;
  return {
    section, what, kind, rps: result.requests.average, rounds: result.rounds ?? [result.requests.average], p50: result.latency.p50, p99: result.latency.p99,
    ok: expected, other: answers - expected, errors: result.errors + result.timeouts, bytes: result.throughput.average / Math.max(1, result.requests.average),
  };
}

// ——— sizes ———

function sizes() {
  const files = [];
  const dist = join(root, 'dist');
  for (const name of ['natter.iife.js', 'natter.interaction.js', 'natter.sign-in.js', 'natter.wordpress.js', 'natter.offline.iife.js']) {
    if (existsSync(join(dist, name))) files.push({ who: 'natter', name, path: join(dist, name) });
  }
  for (const name of readdirSync(join(dist, 'locales')).sort()) files.push({ who: 'natter', name: `locales/${name}`, path: join(dist, 'locales', name) });
  const client = join(PEERS_DIR, 'node_modules', '@waline', 'client', 'dist');
  if (existsSync(client)) {
    for (const name of ['waline.umd.js', 'waline.js', 'waline.css']) {
      if (existsSync(join(client, name))) files.push({ who: `Waline client ${WALINE_VERSIONS['@waline/client']}`, name, path: join(client, name) });
    }
  }
  return files.map((f) => {
    const bytes = readFileSync(f.path);
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength;
    return { who: f.who, name: f.name, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength, br };
  });
}

// ——— server ———

async function postRequests(url, tag) {
  let n = 0;
  return {
    url,
    requests: [{
      method: 'POST', path: '/api/comments',
      setupRequest: (request) => {
        n += 1;
        return {
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${tag}-${n}`, 'x-natter-visitor': `bench-visitor-${tag}-${n % 100}` },
          body: JSON.stringify({ pageId: `/bench/posts-${n % 100}`, parentId: null, body: `Posted during the bench, number ${n}, with **Markdown**.`, guest: { name: 'Bench Poster', email: `poster${n % 100}@example.org` }, ...HUMAN }),
        };
      },
    }],
  };
}

/** Fetches natter's cached answer and writes it (bytes and headers) for the floor servers; returns its size, coding, ETag and JSON. */
async function captureAnswer(url, file) {
  const res = await fetch(url, { headers: WIDGET_HEADERS });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  // An answer asked for twice is compressed again, smaller, right after: capture the bytes every later reader gets.
  await (await fetch(url, { headers: WIDGET_HEADERS })).arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 100));
  // fetch decodes the body: ask node:http for the bytes as sent.
  const { request } = await import('node:http');
  const raw = await new Promise((resolve, reject) => {
    request(url, { headers: WIDGET_HEADERS }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
  const keep = ['content-type', 'content-encoding', 'etag', 'vary', 'cache-control', 'x-content-type-options', 'referrer-policy'];
  const headers = Object.fromEntries(keep.filter((k) => raw.headers[k] !== undefined).map((k) => [k, String(raw.headers[k])]));
  writeFileSync(file, JSON.stringify({ path: new URL(url).pathname, headers, body: raw.body.toString('base64') }));
  return { bytes: raw.body.byteLength, encoding: headers['content-encoding'] ?? 'identity', etag: headers.etag, json: await res.json() };
}

async function benchDatabase(kind, cli, withPeers, withBrowser) {
  const rows = [];
  const notes = [];
  let pg = null;
  const dir = mkdtempSync(join(tmpdir(), 'natter-bench-'));
  let database = join(dir, 'natter.db');
  if (kind === 'postgres') {
    pg = await startPostgres(PG_BIN);
    if (pg === null) {
      log(`PostgreSQL not found in ${PG_BIN}: skipped`);
      rmSync(dir, { recursive: true, force: true });
      return { rows, notes: [`PostgreSQL skipped: not installed in ${PG_BIN}`] };
    }
    database = pg.url;
  }
  const stops = [];
  try {
    await (await startNatter(root, cli, database)).stop();
    log(`${kind}: seeding ${plan.totalComments.toLocaleString('en')} comments…`);
    await seedNatter(cli, database, plan);
    const article = kind === 'sqlite' && withBrowser ? await startArticleServer(await freePort()) : null;
    if (article) stops.push(article.stop);
    const natter = await startNatter(root, cli, database, ['--live-per-client', String(LIVE_READERS + 100), ...(article ? ['--origins', article.url] : [])]);
    stops.push(natter.stop);
    const thread = threadPath(plan.bigPage);
    const list = listPath(plan.bigPage);
    const threadFile = join(dir, 'thread.json');
    const listFile = join(dir, 'list.json');
    const threadAnswer = await captureAnswer(`${natter.url}${thread}`, threadFile);
    const listAnswer = await captureAnswer(`${natter.url}${list}`, listFile);
    notes.push(`${kind}: the thread answer (config, first page, likes) is ${threadAnswer.json.page.comments.length} comments (50 threads of a ${plan.bigComments.toLocaleString('en')}-comment page), ${threadAnswer.bytes.toLocaleString('en')} bytes ${threadAnswer.encoding}; the list answer ${listAnswer.json.comments.length} comments, ${listAnswer.bytes.toLocaleString('en')} bytes ${listAnswer.encoding}`);
    const floor = await startChild(process.execPath, [join(here, 'lib', 'floor-server.js'), threadFile, listFile], /floor hono=(\S+) node=(\S+)/, { cwd: root });
    stops.push(floor.stop);
    const [, honoUrl, nodeUrl] = floor.match;

    const section = `server (${kind})`;
    log(`${kind}: cached thread and list, each then the same bytes from bare Hono and node:http…`);
    rows.push(row(section, 'cached thread (the widget\'s first paint)', 'natter', await run({ url: `${natter.url}${thread}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'thread, same bytes: bare Hono route', 'floor', await run({ url: `${honoUrl}${thread}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'thread, same bytes: plain node:http', 'floor', await run({ url: `${nodeUrl}${thread}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'cached list (the widget\'s list read)', 'natter', await run({ url: `${natter.url}${list}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'list, same bytes: bare Hono route', 'floor', await run({ url: `${honoUrl}${list}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'list, same bytes: plain node:http', 'floor', await run({ url: `${nodeUrl}${list}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'revalidated list (304)', 'natter', await run({ url: `${natter.url}${list}`, headers: { ...WIDGET_HEADERS, 'if-none-match': listAnswer.etag } }), 304));

    log(`${kind}: uncached thread and list (a second natter with --page-cache-mb 0)…`);
    const uncached = await startNatter(root, cli, database, ['--page-cache-mb', '0']);
    stops.push(uncached.stop);
    rows.push(row(section, 'uncached thread (page not in the cache)', 'natter', await run({ url: `${uncached.url}${thread}`, headers: WIDGET_HEADERS }), 200));
    rows.push(row(section, 'uncached list (page not in the cache)', 'natter', await run({ url: `${uncached.url}${list}`, headers: WIDGET_HEADERS }), 200));
    await uncached.stop();

    log(`${kind}: posts…`);
    rows.push(row(section, `post (guest; ${kind === 'sqlite' ? 'WAL on disk before the answer' : 'default fsync'})`, 'natter', await run(await postRequests(natter.url, `${kind}-${Date.now().toString(36)}`)), 201));

    let live = null;
    if (kind === 'sqlite') {
      log(`${kind}: live fan-out to ${LIVE_READERS.toLocaleString('en')} readers…`);
      live = await liveFanout({
        url: natter.url, pageId: plan.bigPage, readers: LIVE_READERS,
        post: () => fetch(`${natter.url}/api/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-live-${Date.now()}` },
          body: JSON.stringify({ pageId: plan.bigPage, parentId: null, body: 'A new comment for every live reader.', guest: { name: 'Live Poster', email: 'live@example.org' }, ...HUMAN }),
        }),
      });
    }
    let browser = null;
    if (article) {
      log(`${kind}: first render in Chromium…`);
      article.setBackend(natter.url);
      browser = await firstRender({
        articleUrl: article.url, loads: LOADS,
        cases: [
          { label: 'article without the widget (baseline)', pageId: null },
          { label: `widget, page of ${plan.bigComments.toLocaleString('en')} comments`, pageId: plan.bigPage },
          ...(plan.hugeComments > 0 ? [{ label: `widget, page of ${plan.hugeComments.toLocaleString('en')} comments`, pageId: plan.hugePage }] : []),
        ],
      });
    }
    await natter.stop();
    await floor.stop();

    if (withPeers && kind === 'sqlite') {
      log('Waline: seeding the same comments into its SQLite tables…');
      const walineServer = installWaline(PEERS_DIR);
      const walineDb = join(dir, 'waline');
      seedWaline(walineDb, plan);
      const oauth = await startOauthStub();
      stops.push(oauth.stop);
      const waline = await startWaline(walineServer, walineDb, oauth.url);
      stops.push(waline.stop);
      notes.push(`Waline said it is listening at ${waline.bound}`);
      const walineList = `/api/comment?path=${encodeURIComponent(plan.bigPage)}&page=1&pageSize=50&sortBy=insertedAt_asc&lang=en`;
      const probe = await fetch(`${waline.url}${walineList}`, { headers: WIDGET_HEADERS });
      const probeBody = await probe.json();
      const listed = Array.isArray(probeBody?.data?.data) ? probeBody.data.data.length : 0;
      notes.push(`Waline's list answer: ${probe.status}, ${listed} threads of ${probeBody?.data?.count ?? '?'} (its page of 50 threads, replies inline)`);
      rows.push(row(section, 'Waline: list (page 1, 50 threads)', 'peer', await run({ url: `${waline.url}${walineList}`, headers: WIDGET_HEADERS }), 200));
      let n = 0;
      const tag = Date.now().toString(36);
      rows.push(row(section, 'Waline: post (guest)', 'peer', await run({
        url: waline.url,
        requests: [{
          method: 'POST', path: '/api/comment?lang=en',
          setupRequest: (request) => {
            n += 1;
            return {
              ...request, headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ comment: `Posted during the bench, number ${n} ${tag}, with **Markdown**.`, nick: 'Bench Poster', mail: `poster${n % 100}@example.org`, link: '', url: `/bench/posts-${n % 100}`, ua: 'natter-bench' }),
            };
          },
        }],
      }), 200));
    }
    return { rows, notes, live, browser };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ——— report ———

function versionOf(name, from = root) {
  try {
    return JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '—';
  }
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

function serverTable(rows) {
  const spread = (r) => (r.rounds.length > 1 ? `${fmt.int(Math.min(...r.rounds))}–${fmt.int(Math.max(...r.rounds))}` : '—');
  return table(['scenario', 'req/s', `runs' req/s`, 'p50 ms', 'p99 ms', 'answers', 'other', 'errors'],
    rows.map((r) => [r.what, fmt.int(r.rps), spread(r), fmt.ms(r.p50), fmt.ms(r.p99), fmt.int(r.ok), fmt.int(r.other), fmt.int(r.errors)]));
}

function ratios(rows) {
  const find = (what) => rows.find((r) => r.what.startsWith(what))?.rps ?? NaN;
  const thread = find('cached thread');
  const cached = find('cached list');
  const lines = [
    ['cached thread ÷ bare Hono (same bytes)', fmt.ratio(thread / find('thread, same bytes: bare Hono')), '≥ 0.50×'],
    ['cached thread ÷ node:http (same bytes)', fmt.ratio(thread / find('thread, same bytes: plain node:http')), ''],
    ['cached list ÷ bare Hono (same bytes)', fmt.ratio(cached / find('list, same bytes: bare Hono')), '≥ 0.50×'],
    ['cached list ÷ node:http (same bytes)', fmt.ratio(cached / find('list, same bytes: plain node:http')), ''],
    ['uncached list ÷ Waline list', fmt.ratio(find('uncached list') / find('Waline: list')), ''],
    ['cached list ÷ Waline list', fmt.ratio(cached / find('Waline: list')), ''],
    ['post ÷ Waline post', fmt.ratio(find('post (') / find('Waline: post')), ''],
  ];
  return table(['ratio (same run)', 'value', 'goal'], lines);
}

async function main() {
  const started = new Date();
  const loadBefore = loadavg().map((n) => n.toFixed(1)).join(' ');
  const bundleDir = join(root, 'node_modules', '.natter-bench', `server-${process.pid}`);
  const withPeers = args['no-peers'] !== true && (!smoke || existsSync(join(PEERS_DIR, 'node_modules', '@waline', 'vercel')));
  const withBrowser = args['no-browser'] !== true && existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const out = args.out ?? (smoke ? mkdtempSync(join(tmpdir(), 'natter-bench-out-')) : here);
  const sizeRows = sizes();
  const sections = [];
  const notes = [];
  let live = null;
  let browser = null;
  try {
    const cli = await buildServerBundle(root, bundleDir);
    for (const kind of DATABASES) {
      if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`Unknown database "${kind}" in BENCH_DATABASES`);
      const result = await benchDatabase(kind, cli, withPeers, withBrowser);
      sections.push({ kind, rows: result.rows });
      notes.push(...result.notes);
      live = live ?? result.live ?? null;
      browser = browser ?? result.browser ?? null;
    }
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }

  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free)`;
  const versions = `Node ${process.version}; natter ${gitCommit()}; hono ${versionOf('hono')}, @hono/node-server ${versionOf('@hono/node-server')}, better-sqlite3 ${versionOf('better-sqlite3')}, autocannon ${versionOf('autocannon')}` +
    (withPeers ? `; @waline/vercel ${versionOf('@waline/vercel', PEERS_DIR)}, @waline/client ${versionOf('@waline/client', PEERS_DIR)}` : '');
  const sizeTable = table(['file', 'raw KB', 'gzip -9 KB', 'brotli 11 KB'], sizeRows.map((s) => [`${s.who === 'natter' ? '' : `${s.who}: `}${s.name}`, fmt.kb(s.raw), fmt.kb(s.gzip), fmt.kb(s.br)]));
  const liveTable = live === null ? '(not run)' : table(['readers on one page', 'delivered', 'p50 ms', 'p99 ms', 'max ms', 'opened in s'],
    [[fmt.int(live.readers), fmt.int(live.delivered), fmt.ms(live.p50), fmt.ms(live.p99), fmt.ms(live.max), live.openSeconds.toFixed(1)]]);

  const browserTable = browser === null ? '(not run: no Chromium, or --no-browser)' : table([`cold load (median of ${LOADS})`, 'visible ms', 'min–max ms', 'requests', 'KB', 'long tasks', 'long task ms', 'JS heap MB'],
    browser.map((b) => [b.label, fmt.ms(b.visible), `${fmt.ms(b.visibleMin)}–${fmt.ms(b.visibleMax)}`, fmt.int(b.requests), fmt.kb(b.bytes), fmt.int(b.longTasks), fmt.ms(b.longTaskMs), (b.heap / 2 ** 20).toFixed(1)]));
  const moreTable = browser === null ? '' : table(['"Load more comments", pressed in a row', 'presses', 'comments shown', 'longest task ms', 'JS heap MB after'],
    browser.filter((b) => b.more).map((b) => [b.label, fmt.int(b.more.presses), fmt.int(b.more.comments), fmt.ms(b.more.longest), (b.more.heap / 2 ** 20).toFixed(1)]));
  const text = [
    `# natter benchmark${smoke ? ' (smoke run: numbers not meaningful)' : ''}`,
    '',
    `- date: ${started.toISOString()}`,
    `- machine: ${machine}; load average ${loadBefore} before, ${loadavg().map((n) => n.toFixed(1)).join(' ')} after`,
    `- versions: ${versions}`,
    `- method: every server in its own process on 127.0.0.1, the load from autocannon in the bench process, ${CONNECTIONS} connections, ${ROUNDS} run${ROUNDS === 1 ? '' : 's'} of ${SECONDS} s per row after ${WARMUP} s of unmeasured load on the same request, rows one after another; a row is its median run (answers, latencies), with every run's rate beside it. The seed: ${plan.totalComments.toLocaleString('en')} comments over ${Math.ceil((plan.totalComments - plan.bigComments) / plan.otherPageSize) + 1} pages, one page of ${plan.bigComments.toLocaleString('en')} (a quarter of them replies), written by 250 readers of whom one in five has a picture of their own (the others, as a running natter server knows once it has looked, get initials drawn by the widget); natter and Waline get the same comments. The thread request (config, first page and likes) is the widget's first paint and the list request its later reads, both as the widget sends them (Accept-Encoding: gzip, deflate, br; the visitor id in the query); the floor servers answer each with natter's cached bytes and headers. The uncached rows run a second natter with \`--page-cache-mb 0\`. Posts are durable (an answer only after SQLite's WAL holding the comment is synced to disk). Live: raw sockets hold the Server-Sent Events streams; the wait is from sending the post to each reader having the comment. On a shared machine absolute figures move from run to run; the ratios come from rows of the same run.`,
    '',
    '## Bundle sizes',
    '',
    sizeTable,
    '',
    ...sections.flatMap((s) => [`## Server: ${s.kind}`, '', serverTable(s.rows), '', ...(s.kind === 'sqlite' ? [ratios(s.rows), ''] : [])]),
    '## Live fan-out (SQLite, one process)',
    '',
    liveTable,
    '',
    '## First render in Chromium',
    '',
    `Cold loads (a fresh profile each, ${LOADS} per row, taken in turns: one of each row, then the next round, each round starting one row further on; each browser left a second to finish its own start-up before the load) of an article served from loopback; "visible" is from navigation start until a comment is painted in the widget (for the baseline: the load event); requests and bytes (headers and bodies as received) are those finished by then, by the page's clock; long tasks are those before it; the JS heap (MiB, garbage included) is read by the page at that moment (for the baseline: at its load event). The bench waits with a script of the page's own, not Playwright's injected one, which the heap would count.`,
    '',
    browserTable,
    '',
    'Then, in the same loads, the reader presses "Load more comments" again and again, each press once the previous page is in (the longest task is the worst of all loads; 0 when no task reached 50 ms):',
    '',
    moreTable,
    '',
    '## Notes',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    '![requests per second](results.svg)',
    '',
  ].join('\n');
  console.log(`\n${text}`);
  writeFileSync(join(out, 'RESULTS.md'), text);
  const sqlite = sections.find((s) => s.kind === 'sqlite')?.rows ?? [];
  const pick = (what) => sqlite.find((r) => r.what.startsWith(what));
  const bars = (list) => list.map(([what, name]) => ({ r: pick(what), name })).filter((b) => b.r).map((b) => ({ name: b.name, value: b.r.rps, kind: b.r.kind }));
  writeFileSync(join(out, 'results.svg'), barChart({
    title: 'natter server, requests per second (SQLite)',
    subtitle: `${started.toISOString().slice(0, 10)} · ${cpus().length} cores · Node ${process.version} · ${CONNECTIONS} connections × ${SECONDS} s, median of ${ROUNDS}`,
    groups: [
      { label: 'First paint (thread), cached', bars: bars([['cached thread', 'natter'], ['thread, same bytes: bare Hono', 'bare Hono, same bytes'], ['thread, same bytes: plain node:http', 'node:http, same bytes']]) },
      { label: 'List a page, cached', bars: bars([['cached list', 'natter'], ['list, same bytes: bare Hono', 'bare Hono, same bytes'], ['list, same bytes: plain node:http', 'node:http, same bytes']]) },
      { label: 'A page not in the cache', bars: bars([['uncached thread', 'natter: thread'], ['uncached list', 'natter: list'], ['Waline: list', 'Waline: list']]) },
      { label: 'Post a comment (durable)', bars: bars([['post (', 'natter'], ['Waline: post', 'Waline']]) },
    ],
  }));
  log(`wrote ${relative(process.cwd(), join(out, 'RESULTS.md'))} and results.svg`);
}

main().catch((error) => {
  console.error('natter bench failed:', error);
  process.exitCode = 1;
});
