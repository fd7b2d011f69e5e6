import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);
const SCRIPT = 'scripts/wordpress-test-site.sh';

/** The origin natter's Node tests send as `Origin` (listed in the plugin's settings by the test site). */
export const TEST_ORIGIN = 'http://natter-tests.invalid';

/** A running test WordPress (see `scripts/wordpress-test-site.sh`) and what tests do to it as its admin. */
export interface WordPressSite {
  baseUrl: string;
  /** A published post with comments open, and one with comments closed. */
  openPostId: number;
  closedPostId: number;
  /** Calls the REST API as the admin (application password); answers the parsed JSON or throws. */
  admin(method: 'GET' | 'POST' | 'DELETE', route: string, body?: object): Promise<unknown>;
  /** Publishes a post whose slug is `slug` (comments open); answers its id. */
  createPost(slug: string): Promise<number>;
  /** Approves a held comment, as a moderator in wp-admin would. */
  approve(id: string): Promise<void>;
  /** Adds `origin` to the plugin's list of sites that may post. */
  allowOrigin(origin: string): Promise<void>;
  /** The site's posts and their comments as WordPress's own exporter writes them (WXR). */
  exportWxr(): Promise<string>;
  /** Stops the site and deletes its database (for a site started with its own `port`). */
  purge(): Promise<void>;
}

/** Where a second, separate test WordPress runs. */
export interface WordPressPlace {
  port: number;
  /** Its database, logs and secrets. */
  dir: string;
}

/** `fetch` that sends `Origin: origin`, as a browser on that site would (Node's fetch sends none). */
export function fetchFrom(origin: string, also: Record<string, string> = {}): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('Origin', origin);
    for (const [name, value] of Object.entries(also)) request.headers.set(name, value);
    return fetch(request);
  };
}

/**
 * Starts the test WordPress unless it runs already (Debian packages are
 * installed when missing; needs root). The test run's global setup stops it
 * again if this run started it. With `place`, starts a separate WordPress
 * there instead (a fresh one when its directory is new), which the test purges.
 */
export async function startWordPress(place?: WordPressPlace): Promise<WordPressSite> {
  const env = {
    ...process.env,
    NATTER_WP_RUN: inject('wordpressRun'),
    ...(place ? { NATTER_WP_PORT: String(place.port), NATTER_WP_DIR: place.dir } : {}),
  };
  const { stdout } = await run('bash', [SCRIPT, 'start'], { env, timeout: 600_000, maxBuffer: 1 << 20 });
  const state: unknown = JSON.parse(stdout);
  const get = (name: string): unknown => Reflect.get(Object(state), name);
  const baseUrl = String(get('baseUrl'));
  const auth = `Basic ${Buffer.from(`${String(get('adminUser'))}:${String(get('adminAppPassword'))}`).toString('base64')}`;
  const admin = async (method: string, route: string, body?: object): Promise<unknown> => {
    const response = await fetch(`${baseUrl}/wp-json${route}`, {
      method,
      headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    baseUrl,
    openPostId: Number(get('openPostId')),
    closedPostId: Number(get('closedPostId')),
    admin,
    async createPost(slug) {
      const post = await admin('POST', '/wp/v2/posts', { slug, title: slug, status: 'publish', comment_status: 'open', content: 'A post for natter\'s tests.' });
      return Number(Reflect.get(Object(post), 'id'));
    },
    async approve(id) {
      await admin('POST', `/wp/v2/comments/${id}`, { status: 'approved' });
    },
    async allowOrigin(origin) {
      const settings = await admin('GET', '/wp/v2/settings');
      const list = String(Reflect.get(Object(settings), 'natter_origins') ?? '').split('\n').filter(Boolean);
      if (!list.includes(origin)) await admin('POST', '/wp/v2/settings', { natter_origins: [...list, origin].join('\n') });
    },
    async exportWxr() {
      return (await run('bash', [SCRIPT, 'export-wxr'], { env, timeout: 120_000, maxBuffer: 256 << 20 })).stdout;
    },
    async purge() {
      if (!place) throw new Error('Only a WordPress started in its own place is purged by a test');
      await run('bash', [SCRIPT, 'purge'], { env, timeout: 60_000 });
    },
  };
}
