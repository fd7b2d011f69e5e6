/**
 * Waline beside natter: installed into bench/.peers (exact versions, never
 * natter's dependencies), on a SQLite file with the documented tables and
 * the same seed, started on loopback with a stub for the OAuth service it
 * calls on every API request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, seedComments, startChild } from './natter.js';

export const WALINE_VERSIONS = { '@waline/vercel': '1.39.3', '@waline/client': '3.15.2' };

/** Installs the peers into `dir` unless they are there already; returns the server's package folder. */
export function installWaline(dir) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'natter-bench-peers', private: true, dependencies: WALINE_VERSIONS, allowScripts: { sqlite3: true } };
  const file = join(dir, 'package.json');
  const want = JSON.stringify(manifest, null, 2);
  const server = join(dir, 'node_modules', '@waline', 'vercel');
  const installed = existsSync(join(server, 'package.json')) && JSON.parse(readFileSync(join(server, 'package.json'), 'utf8')).version === WALINE_VERSIONS['@waline/vercel'];
  if (!installed || !existsSync(file) || readFileSync(file, 'utf8') !== want) {
    writeFileSync(file, want);
    console.error('natter bench: installing Waline into bench/.peers (once; a few minutes: sqlite3 compiles)…');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 900_000 });
  }
  return server;
}

/** Creates Waline's SQLite file (wl_Comment, wl_Counter, wl_Users as documented) with the seed. */
export function seedWaline(dbDir, plan) {
  // better-sqlite3 from natter's own tree writes the file; Waline reads it through its sqlite3.
  const Database = createRequire(import.meta.url)('better-sqlite3');
  mkdirSync(dbDir, { recursive: true });
  const db = new Database(join(dbDir, 'waline.sqlite'));
  db.exec(`
    CREATE TABLE wl_Comment (
      id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, comment TEXT, insertedAt DATETIME DEFAULT CURRENT_TIMESTAMP,
      ip VARCHAR(100) DEFAULT '', link VARCHAR(255), mail VARCHAR(255), nick VARCHAR(255), pid INTEGER, rid INTEGER,
      sticky NUMERIC, status VARCHAR(50) NOT NULL DEFAULT '', "like" INTEGER, ua TEXT, url VARCHAR(255),
      createdAt DATETIME DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME DEFAULT CURRENT_TIMESTAMP);
    CREATE TABLE wl_Counter (
      id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER, reaction0 INTEGER, reaction1 INTEGER, reaction2 INTEGER,
      reaction3 INTEGER, reaction4 INTEGER, reaction5 INTEGER, reaction6 INTEGER, reaction7 INTEGER, reaction8 INTEGER,
      url VARCHAR(255) NOT NULL DEFAULT '', createdAt DATETIME DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME DEFAULT CURRENT_TIMESTAMP);
    CREATE TABLE wl_Users (
      id INTEGER PRIMARY KEY AUTOINCREMENT, display_name VARCHAR(255) NOT NULL DEFAULT '', email VARCHAR(255) NOT NULL DEFAULT '',
      password VARCHAR(255) NOT NULL DEFAULT '', type VARCHAR(50) NOT NULL DEFAULT '', label VARCHAR(255), url VARCHAR(255),
      avatar VARCHAR(255), github VARCHAR(255), twitter VARCHAR(255), facebook VARCHAR(255), google VARCHAR(255),
      weibo VARCHAR(255), qq VARCHAR(255), oidc VARCHAR(255), "2fa" VARCHAR(32),
      createdAt DATETIME DEFAULT CURRENT_TIMESTAMP, updatedAt DATETIME DEFAULT CURRENT_TIMESTAMP);
    -- Not in Waline's documented schema: without it every list request scans every comment of the site.
    CREATE INDEX wl_comment_url ON wl_Comment (url, status);
  `);
  const insert = db.prepare(`INSERT INTO wl_Comment (id, comment, insertedAt, ip, link, mail, nick, pid, rid, status, ua, url, createdAt, updatedAt)
    VALUES (?, ?, ?, '127.0.0.1', NULL, ?, ?, ?, ?, 'approved', 'natter-bench', ?, ?, ?)`);
  const start = Date.now() - plan.totalComments * 1000;
  db.transaction(() => {
    for (const c of seedComments(plan, start)) {
      const at = new Date(c.createdAt).toISOString().replace('T', ' ').slice(0, 19);
      insert.run(c.n, c.source, at, c.email, c.name, c.parent, c.parent, c.pageId, at, at);
    }
  })();
  db.close();
}

/** A loopback stand-in for the OAuth service Waline asks on every API request. */
export async function startOauthStub() {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"services":[]}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}

/** Starts Waline on `dbDir`; resolves with its URL and a stop function. */
export async function startWaline(serverDir, dbDir, oauthUrl) {
  const port = await freePort();
  const env = {
    ...process.env, SQLITE_PATH: dbDir, SQLITE_DB: 'waline', JWT_TOKEN: 'natter-bench-waline-jwt-secret', OAUTH_URL: oauthUrl,
    WALINE_DIR: serverDir, AKISMET_KEY: 'false', IPQPS: '0', COMMENT_AUDIT: 'false', DISABLE_USERAGENT: 'false', LEVELS: '', SITE_NAME: 'bench', SITE_URL: 'http://127.0.0.1',
  };
  const launcher = new URL('./waline-start.cjs', import.meta.url).pathname;
  const child = await startChild(process.execPath, [launcher, String(port)], /Server running at (http:\/\/[0-9.]+:\d+)/, { env, cwd: serverDir, timeoutMs: 120_000 });
  const url = `http://127.0.0.1:${port}`;
  // The master says "running" before its worker has loaded: wait until an API request is answered.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/comment?path=%2F&lang=en`);
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`Waline did not answer within 120 s:\n${child.output().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, stop: child.stop, bound: child.match[1] };
}
