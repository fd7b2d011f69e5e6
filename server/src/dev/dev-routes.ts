import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { ApiError } from '../http/api-error';
import type { Services } from '../services';

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8', map: 'application/json' };

/** Serves a file from the build directory, or 404. `name` is checked by the caller's route pattern. */
export async function serveBuilt(s: Services, c: Context, name: string, dir = s.distDir): Promise<Response> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, name));
  } catch {
    throw new ApiError(404, 'not_found', `${name} is not built (run npm run build)`);
  }
  const ext = name.slice(name.lastIndexOf('.') + 1);
  return c.body(new Uint8Array(bytes), 200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
}

/**
 * The widget as site owners embed it — `/natter.iife.js`, `/natter.sign-in.js` and `/natter.wordpress.js`
 * beside it and `/locales/*.json` — plus `/admin.js`, always; in dev mode also
 * the demo page at `/` and the ES module build.
 */
export function devRoutes(s: Services): Hono {
  const app = new Hono();
  app.get('/admin.js', (c) => serveBuilt(s, c, 'admin.js'));
  app.get('/natter.iife.js', (c) => serveWidget(s, c, 'natter.iife.js'));
  app.get('/natter.sign-in.js', (c) => serveWidget(s, c, 'natter.sign-in.js'));
  app.get('/natter.wordpress.js', (c) => serveWidget(s, c, 'natter.wordpress.js'));
  app.get('/locales/:file{[a-zA-Z-]{2,16}\\.json}', (c) => serveWidget(s, c, `locales/${c.req.param('file')}`));
  if (!s.config.dev) return app;
  app.get('/', (c) => {
    if (s.demoHtml === null) throw new ApiError(404, 'not_found', 'No demo page');
    return c.html(s.demoHtml);
  });
  app.get('/natter.js', (c) => serveBuilt(s, c, 'natter.js', s.widgetDir));
  return app;
}

/** A widget file, loadable by any site's pages (a `<script>` and its catalogues, cross-origin). */
async function serveWidget(s: Services, c: Context, name: string): Promise<Response> {
  const res = await serveBuilt(s, c, name, s.widgetDir);
  res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  // Catalogues are fetched, and the WordPress backend is import()ed as a module: both in CORS mode.
  if (name.startsWith('locales/') || name === 'natter.wordpress.js') res.headers.set('Access-Control-Allow-Origin', '*');
  return res;
}
