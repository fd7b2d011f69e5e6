#!/usr/bin/env node
/**
 * Benchmarks the natter server on loopback, for SQLite and PostgreSQL:
 * seeds one page with 1,000 comments (a quarter of them replies) in a database
 * of 100,000 comments across 991 pages, then measures with autocannon
 *
 *   - list:      GET /api/comments?page=<big page>&limit=50 (50 threads with their replies);
 *   - the same from a reader who sends a visitor id (as the widget does) and wrote nothing there;
 *   - list 304:  the same with If-None-Match (a widget revalidating);
 *   - post:      POST /api/comments as guests, each with a new idempotency key
 *                (SQLite in WAL with synchronous=FULL: acknowledged posts are on disk);
 *
 * and prints requests/s and p50/p99 latency. Each row runs for BENCH_SECONDS
 * (default 10) with BENCH_CONNECTIONS (default 10) connections.
 *
 *   npm run bench:server                         builds first, then runs this
 *   BENCH_SECONDS=5 node scripts/bench-server.js  after a build
 *   BENCH_DATABASES=sqlite node scripts/bench-server.js
 *
 * PostgreSQL 15 from Debian (`apt-get install -y postgresql`) is started
 * privately on 127.0.0.1 (as the postgres user, so run as root) and stopped by
 * its PID. The server is `natter serve` in a child process, from a server
 * bundle this script builds privately (so a concurrent `npm run build` cannot
 * pull it away mid-run).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The private server bundle, inside the repository so its packages resolve. */
const BUNDLE = join(root, 'node_modules', '.natter-bench', `server-${process.pid}`);
const CLI = join(BUNDLE, 'cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const PG_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

const BIG_PAGE = '/bench/big-article';
const BIG_COMMENTS = 1_000;
const TOTAL_COMMENTS = 100_000;
const OTHER_PAGE_SIZE = 100;
const BATCH = 500;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `natter serve` on `database`; resolves with its URL and a stop function. */
async function startNatter(database) {
  const flags = ['serve', '--db', database, '--port', '0', '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none'];
  const code = `import(${JSON.stringify(CLI)}).then((m) => m.main(JSON.parse(process.argv[1]), process.env))`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(flags)], { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`natter did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`natter exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** A private PostgreSQL 15 on 127.0.0.1 with its default (durable) settings. */
async function startPostgres() {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL 15 not found in ${PG_BIN}: apt-get install -y postgresql`);
  const dir = mkdtempSync(join(tmpdir(), 'natter-bench-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  const port = await freePort();
  const data = join(dir, 'data');
  const as = (command) => execFileSync('su', ['postgres', '-c', command], { stdio: 'pipe', timeout: 120_000 });
  as(`${PG_BIN}/initdb -D ${data} -A trust -U postgres -E UTF8`);
  as(`${PG_BIN}/pg_ctl -D ${data} -l ${dir}/log -w -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=100" start`);
  as(`${PG_BIN}/createdb -h 127.0.0.1 -p ${port} -U postgres natter_bench`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/natter_bench`,
    async stop() {
      const pidFile = join(data, 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (Number.isInteger(pid) && pid > 0) {
          try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
          for (let i = 0; i < 200 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seed rows: the big page first (every fourth comment a reply to the thread before it), then 99 other pages' worth. */
function* seedRows(start) {
  let lastTop = 0;
  for (let n = 1; n <= TOTAL_COMMENTS; n++) {
    const big = n <= BIG_COMMENTS;
    const pageId = big ? BIG_PAGE : `/bench/page-${Math.floor((n - BIG_COMMENTS - 1) / OTHER_PAGE_SIZE)}`;
    const reply = big ? n % 4 === 0 && lastTop > 0 : false;
    if (!reply && big) lastTop = n;
    const source = `Bench comment ${n}: a few sentences of an ordinary reader's reply, with *some* emphasis and a [link](https://example.org/${n}).`;
    yield {
      id: n, page_id: pageId, parent_id: reply ? lastTop : null, root_id: reply ? lastTop : null, status: 'approved',
      author_name: `Reader ${n % 250}`, author_email: `reader${n % 250}@example.org`, author_url: null, avatar_key: `bench${n % 250}`,
      source,
      body_html: `<p>Bench comment ${n}: a few sentences of an ordinary reader’s reply, with <em>some</em> emphasis and a <a href="https://example.org/${n}">link</a>.</p>`,
      content_hash: `bench-${n}`, idempotency_key: `bench-seed-${n}`, created_at: start + n * 1000,
    };
  }
}

/** Seeds the database through the server's own storage layer (migrations applied by the first start). */
async function seed(database) {
  const { openStorage } = await import(CLI);
  const storage = await openStorage(database);
  const start = Date.now() - TOTAL_COMMENTS * 1000;
  let batch = [];
  const flush = async () => {
    if (batch.length > 0) await storage.db.insertInto('comments').values(batch).execute();
    batch = [];
  };
  for (const row of seedRows(start)) {
    batch.push(row);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  if (storage.dialect === 'postgres') {
    // Explicit ids were inserted: move the sequence past them, and refresh the planner's statistics as autovacuum would.
    const { sql } = await import('kysely');
    await sql`select setval(pg_get_serial_sequence('comments', 'id'), (select max(id) from comments))`.execute(storage.db);
    await sql`analyze`.execute(storage.db);
  }
  const [{ n }] = await storage.db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).execute();
  await storage.close();
  return Number(n);
}

function run(options) {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
}

async function benchDatabase(kind) {
  let pg = null;
  let dir = null;
  let database;
  if (kind === 'postgres') {
    pg = await startPostgres();
    database = pg.url;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'natter-bench-'));
    database = join(dir, 'natter.db');
  }
  const rows = [];
  try {
    // First start applies the migrations; seeding runs while no server holds the database.
    await (await startNatter(database)).stop();
    const seeded = await seed(database);
    const natter = await startNatter(database);
    try {
      const listPath = `/api/comments?page=${encodeURIComponent(BIG_PAGE)}&limit=50`;
      const first = await fetch(`${natter.url}${listPath}`);
      const page = await first.json();
      if (!first.ok || page.comments.length < 50) throw new Error(`the seeded page did not list: ${first.status}`);
      const etag = first.headers.get('etag');

      rows.push({ kind, what: `list 50 threads (${page.comments.length} comments), page of ${BIG_COMMENTS}`, expect: 200, result: await run({ url: `${natter.url}${listPath}` }) });
      // The widget sends its visitor id with every list request; a reader who wrote nothing on the page shares its cached copy.
      rows.push({ kind, what: 'list, reader with a visitor id', expect: 200, result: await run({ url: `${natter.url}${listPath}`, headers: { 'x-natter-visitor': 'bench-reader-0123456789abcdef' } }) });
      if (etag) {
        rows.push({ kind, what: 'list, revalidated (304)', expect: 304, result: await run({ url: `${natter.url}${listPath}`, headers: { 'if-none-match': etag } }) });
      }
      let n = 0;
      const run_id = Date.now().toString(36);
      rows.push({
        kind, what: 'post (guest, new idempotency key)', expect: 201,
        result: await run({
          url: natter.url,
          requests: [{
            method: 'POST',
            path: '/api/comments',
            setupRequest: (request) => {
              n += 1;
              return {
                ...request,
                headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run_id}-${n}`, 'x-natter-visitor': `bench-visitor-${run_id}-${n % 100}` },
                body: JSON.stringify({ pageId: `/bench/posts-${n % 100}`, parentId: null, body: `Posted during the bench, number ${n}, with **Markdown**.`, guest: { name: 'Bench Poster', email: `poster${n % 100}@example.org` } }),
              };
            },
          }],
        }),
      });
      rows.push({ kind, what: `(seeded ${seeded.toLocaleString('en')} comments)`, result: null });
    } finally {
      await natter.stop();
    }
  } finally {
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function table(rows) {
  const header = ['database', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'answers', 'other answers', 'errors'];
  const lines = rows.map(({ kind, what, expect, result }) => {
    if (result === null) return [kind, what, '', '', '', '', '', ''];
    const answers = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + s.count, 0);
    const expected = result.statusCodeStats?.[expect]?.count ?? 0;
    return [
      kind, what, Math.round(result.requests.average).toLocaleString('en'), String(result.latency.p50), String(result.latency.p99),
      `${expected.toLocaleString('en')} × ${expect}`, String(answers - expected), String(result.errors + result.timeouts),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  return [row(header), `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...lines.map(row)].join('\n');
}

async function main() {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'server', 'vite.config.ts'), logLevel: 'silent', build: { outDir: BUNDLE, emptyOutDir: true } });
  const rows = [];
  try {
    for (const kind of DATABASES) {
      if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`Unknown database "${kind}" in BENCH_DATABASES`);
      console.error(`natter bench: ${kind}: seeding ${TOTAL_COMMENTS.toLocaleString('en')} comments, then ${SECONDS} s per row with ${CONNECTIONS} connections…`);
      rows.push(...(await benchDatabase(kind)));
    }
  } finally {
    rmSync(BUNDLE, { recursive: true, force: true });
  }
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  console.log(`\nnatter server on 127.0.0.1, Node ${process.version}, ${cpus().length} CPUs (load average now ${load}), autocannon ${CONNECTIONS} connections × ${SECONDS} s per row\n`);
  console.log(table(rows));
}

main().catch((error) => {
  console.error('natter bench failed:', error);
  process.exitCode = 1;
});
