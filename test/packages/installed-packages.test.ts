import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChromium } from '../helpers/chromium';
import { freePort } from '../helpers/free-port';
import { serveStatic, type StaticServer } from '../helpers/static-server';

const run = promisify(execFile);
const ROOT = resolve('.');
const DEMO_PAGE = '/small-is-beautiful-small-interventions-and-the-big-society/';
/** A comment of the demo thread the dev server seeds. */
const SEEDED = 'Margaret Okafor';

let work: string;
let tarballs: { natter: string; server: string };
let server: ChildProcess | undefined;
let serverUrl = '';
let site: StaticServer | undefined;

/** npm in `cwd`, bounded in time; the output on failure. */
async function npm(cwd: string, args: string[], timeout = 1_200_000): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return stdout;
}

/** A new empty folder under the test's own. */
function freshFolder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'natter-packages-'));
  // Built by `npm run build` (npm test and .ci/run build first); packing doesn't build again.
  await npm(ROOT, ['pack', '--ignore-scripts', '--pack-destination', work]);
  await npm(ROOT, ['pack', '-w', 'natter-server', '--ignore-scripts', '--pack-destination', work]);
  tarballs = { natter: join(work, 'natter-0.1.0.tgz'), server: join(work, 'natter-server-0.1.0.tgz') };
});

afterAll(async () => {
  await site?.close();
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    // The whole group: npx does not pass SIGTERM on to the natter it started, which outlived the test.
    process.kill(-server.pid, 'SIGTERM');
    await exited;
    // natter closes its streams and database, then stops listening.
    const listening = () => fetch(`${serverUrl}/api/config`).then(() => true, () => false);
    const until = Date.now() + 15_000;
    while (await listening()) {
      if (Date.now() > until) throw new Error('natter serve still answers 15 s after SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('natter installed from its tarball, for a front-end developer', () => {
  let app: string;

  beforeAll(async () => {
    app = freshFolder('widget');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'a-site', version: '1.0.0', private: true }));
    await npm(app, ['install', '--prefer-offline', tarballs.natter]);
  });

  it('brings no server dependency: only preact, valibot and ky (for the lazily loaded chunks) at run time', async () => {
    const tree = JSON.parse(await npm(app, ['ls', '--omit=dev', '--all', '--json'])) as { dependencies: Record<string, { dependencies?: Record<string, unknown> }> };
    expect(Object.keys(tree.dependencies)).toEqual(['natter']);
    expect(Object.keys(tree.dependencies.natter?.dependencies ?? {}).sort()).toEqual(['ky', 'preact', 'valibot']);
    const installed = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort();
    expect(installed).toEqual(['ky', 'natter', 'preact', 'valibot']);
    for (const server of ['better-sqlite3', 'pg', 'hono', 'kysely', 'nodemailer', 'jose', 'markdown-it', 'oidc-provider', 'natter-server']) expect(installed).not.toContain(server);
  });

  it('ships the script-tag bundles and no server code', () => {
    const files = readdirSync(join(app, 'node_modules', 'natter', 'dist'));
    expect(files).toEqual(expect.arrayContaining(['natter.iife.js', 'natter.sign-in.js', 'natter.js', 'protocol.js']));
    expect(readdirSync(join(app, 'node_modules', 'natter'))).not.toContain('server');
  });
});

describe('natter-server installed from its tarball, for a site owner', () => {
  let owner: string;

  beforeAll(async () => {
    owner = freshFolder('server');
    writeFileSync(join(owner, 'package.json'), JSON.stringify({ name: 'comments', version: '1.0.0', private: true }));
    // npm 11 compiles better-sqlite3 here (it warns that the install script is not yet approved, and runs it).
    await npm(owner, ['install', '--prefer-offline', tarballs.natter, tarballs.server]);
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    const sitePort = await freePort();
    server = spawn('npx', ['natter', 'serve', '--dev', '--port', String(port), '--db', join(owner, 'natter.db'), '--origins', `http://127.0.0.1:${sitePort}`], {
      cwd: owner, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    await new Promise<void>((ready, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`natter serve did not start:\n${out}`)), 60_000);
      const seen = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(serverUrl)) { clearTimeout(timer); ready(); }
      };
      server?.stdout?.on('data', seen);
      server?.stderr?.on('data', seen);
      server?.once('exit', (code) => { clearTimeout(timer); fail(new Error(`natter serve exited with ${code}:\n${out}`)); });
    });
    // The developer's page: natter's ES module build from the installed package, nothing bundled.
    const widget = join(work, 'widget');
    const page = `<!doctype html><html lang="en"><title>Installed natter</title>
<script type="importmap">${JSON.stringify({ imports: {
      natter: '/node_modules/natter/dist/natter.js',
      preact: '/node_modules/preact/dist/preact.mjs',
      'preact/hooks': '/node_modules/preact/hooks/dist/hooks.mjs',
      valibot: '/node_modules/valibot/dist/index.js',
      ky: '/node_modules/ky/distribution/index.js',
    } })}</script>
<main><h1>Installed natter</h1><div id="comments"></div></main>
<script type="module">
  import { mount, HttpBackend } from 'natter';
  mount(document.getElementById('comments'), { backend: new HttpBackend({ baseUrl: ${JSON.stringify(serverUrl)} }), pageId: ${JSON.stringify(DEMO_PAGE)} });
</script>`;
    site = await serveStatic({ root: widget, routes: { '/': page }, port: sitePort });
  });

  it('starts with --dev from the installed package alone and serves the demo article with its thread', async () => {
    const demo = await fetch(`${serverUrl}/`);
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('natter.iife.js');
    const script = await fetch(`${serverUrl}/natter.iife.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(readFileSync(join(owner, 'node_modules', 'natter', 'dist', 'natter.iife.js'), 'utf8'));
    await withChromium(async (ctx) => {
      const tab = await ctx.newPage();
      await tab.goto(`${serverUrl}/`);
      await expect.poll(() => tab.locator('#natter').getByText(SEEDED).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    });
  });

  it('answers the widget mounted from the installed natter on another origin', async () => {
    await withChromium(async (ctx) => {
      const tab = await ctx.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`${site?.url}/`);
      await expect.poll(() => tab.locator('#comments').getByText(SEEDED).count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => tab.locator('#comments').getByRole('heading', { name: 'Leave a Reply' }).count()).toBe(1);
      expect(errors).toEqual([]);
    });
  });
});
