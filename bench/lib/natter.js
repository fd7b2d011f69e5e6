/**
 * natter for the benchmark: a private server bundle, `natter serve` in a child
 * process on loopback, a private PostgreSQL, and the seed data.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts `command args` and resolves with the first match of `ready` in its output, plus a stop function. */
export async function startChild(command, args, ready, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output.slice(-4000)}`)), options.timeoutMs ?? 60_000);
    const read = (chunk) => {
      output += chunk;
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  return {
    match,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => { if (child.exitCode === null) process.kill(child.pid, 'SIGKILL'); }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Builds the server bundle into `dir` (so a concurrent `npm run build` cannot pull it away mid-run); returns its cli.js. */
export async function buildServerBundle(root, dir) {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'server', 'vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return join(dir, 'cli.js');
}

/** Starts `natter serve` from the bundle on `database` with extra flags; resolves with its URL and a stop function. */
export async function startNatter(root, cli, database, extra = []) {
  const flags = ['serve', '--db', database, '--port', '0', '--host', '127.0.0.1', '--rate-limit', '0', '--moderation', 'none', ...extra];
  const code = `import(${JSON.stringify(cli)}).then((m) => m.main(JSON.parse(process.argv[1]), process.env))`;
  const child = await startChild(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(flags)], /listening on (http:\/\/127\.0\.0\.1:\d+)/, { cwd: root });
  return { url: child.match[1], pid: child.pid, stop: child.stop };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A private PostgreSQL 15 on 127.0.0.1 with its default (durable) settings; null when not installed. */
export async function startPostgres(pgBin) {
  if (!existsSync(join(pgBin, 'initdb'))) return null;
  const dir = mkdtempSync(join(tmpdir(), 'natter-bench-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  const port = await freePort();
  const data = join(dir, 'data');
  const as = (command) => execFileSync('su', ['postgres', '-c', command], { stdio: 'pipe', timeout: 120_000 });
  as(`${pgBin}/initdb -D ${data} -A trust -U postgres -E UTF8`);
  as(`${pgBin}/pg_ctl -D ${data} -l ${dir}/log -w -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=100" start`);
  as(`${pgBin}/createdb -h 127.0.0.1 -p ${port} -U postgres natter_bench`);
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

/** The shape of the seed: one big page among many ordinary ones. */
export function seedPlan(smoke) {
  const pages = { bigPage: '/bench/big-article', bigComments: 1_000, hugePage: '/bench/huge-article', otherPageSize: 100 };
  return smoke ? { ...pages, hugeComments: 0, totalComments: 3_000 } : { ...pages, hugeComments: 10_000, totalComments: 100_000 };
}

const WORDS = ('the a of to and in that it is was for on with as I his he be at by had not are but from or have an they which one you were ' +
  'her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new ' +
  'some could time these two may then do first any my now such like our over man me even most made after also did many before must through ' +
  'article small beautiful economy scale people reader comment thought question answer agree disagree point argument example book chapter').split(' ');

/** Ordinary-looking prose, different for every comment (a fixed pseudo-random sequence), so compression is not flattered. */
function prose(n) {
  let x = (n * 2654435761) >>> 0;
  const next = () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
  const words = [];
  const count = 18 + (next() % 40);
  for (let i = 0; i < count; i++) words.push(WORDS[next() % WORDS.length]);
  return words.join(' ');
}

/** How many different readers write the seed's comments. */
const READERS = 250;

/** The seed comments: the big page, the huge page (every fourth a reply to the thread before it), then ordinary pages. */
export function* seedComments(plan, start) {
  let lastTop = 0;
  const threaded = plan.bigComments + plan.hugeComments;
  for (let n = 1; n <= plan.totalComments; n++) {
    const big = n <= threaded;
    const pageId = n <= plan.bigComments ? plan.bigPage : big ? plan.hugePage : `/bench/page-${Math.floor((n - threaded - 1) / plan.otherPageSize)}`;
    if (n === plan.bigComments + 1) lastTop = 0;
    const reply = big && n % 4 === 0 && lastTop > 0;
    if (!reply && big) lastTop = n;
    yield {
      n, pageId, parent: reply ? lastTop : null, createdAt: start + n * 1000,
      name: `Reader ${n % READERS}`, email: `reader${n % READERS}@example.org`,
      source: `${prose(n)}, with *some* emphasis and a [link](https://example.org/${n}).`,
      html: `<p>${prose(n)}, with <em>some</em> emphasis and a <a href="https://example.org/${n}">link</a>.</p>`,
    };
  }
}

/** Seeds natter's database through its own storage layer (migrations applied by a first start). */
export async function seedNatter(cli, database, plan) {
  const { openStorage } = await import(cli);
  const storage = await openStorage(database, { server: false });
  const start = Date.now() - plan.totalComments * 1000;
  let batch = [];
  const flush = async () => {
    if (batch.length > 0) await storage.db.insertInto('comments').values(batch).execute();
    batch = [];
  };
  for (const c of seedComments(plan, start)) {
    batch.push({
      id: c.n, page_id: c.pageId, parent_id: c.parent, root_id: c.parent, status: 'approved',
      author_name: c.name, author_email: c.email, author_url: null, avatar_key: `bench${c.n % READERS}`,
      source: c.source, body_html: c.html, content_hash: `bench-${c.n}`, idempotency_key: `bench-seed-${c.n}`, created_at: c.createdAt,
    });
    if (batch.length === 500) await flush();
  }
  await flush();
  // The readers' avatars as a running server knows them once it has looked: one reader in five
  // has a picture of their own (the widget shows it, lazily), the others get initials drawn in the page.
  await storage.db.insertInto('avatars').values(Array.from({ length: READERS }, (_, n) => ({
    key: `bench${n}`, email: `reader${n}@example.org`, url: null, picture: n % 5 === 0 ? 1 : 0,
  }))).execute();
  const { sql } = await import('kysely');
  // The comments' triggers made each page's row (its count of approved comments): give the big pages a version.
  await sql`update pages set version = 1 where page_id in (${plan.bigPage}, ${plan.hugePage})`.execute(storage.db);
  if (storage.dialect === 'postgres') {
    // Explicit ids were inserted: move the sequence past them, and refresh the planner's statistics as autovacuum would.
    await sql`select setval(pg_get_serial_sequence('comments', 'id'), (select max(id) from comments))`.execute(storage.db);
    await sql`analyze`.execute(storage.db);
  }
  await storage.close();
}
