import { Hono, type Context } from 'hono';
import { ApiError } from '../http/api-error';
import { StaticFiles } from '../http/static-files';
import type { Services } from '../services';

/**
 * The widget as site owners embed it — `/natter.iife.js`, `/natter.interaction.js`, `/natter.sign-in.js`
 * and `/natter.wordpress.js` beside it, `/locales/*.json` and the content-hashed chunks it loads — plus
 * `/admin.js`, always; in dev mode also the demo page at `/` and the ES module
 * build. Each file is compressed (brotli 11, gzip 9) into memory once, the
 * script-tag bundles as the server starts (`prepareBundles`), and sent with a strong ETag.
 */
export function devRoutes(s: Services): Hono {
  const app = new Hono();
  const server = new StaticFiles(s.distDir);
  const widget = new StaticFiles(s.widgetDir);
  if (s.prepareBundles) s.background(widget.warm(['natter.iife.js', 'natter.interaction.js', 'natter.sign-in.js']));
  const serveWidget = async (c: Context, name: string) => {
    const res = await widget.serve(c, name);
    res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
    // Catalogues are fetched, and the WordPress backend is import()ed as a module: both in CORS mode.
    if (name.startsWith('locales/') || name === 'natter.wordpress.js') res.headers.set('Access-Control-Allow-Origin', '*');
    return res;
  };
  app.get('/admin.js', (c) => server.serve(c, 'admin.js', { cacheControl: 'no-cache' }));
  app.get('/natter.iife.js', (c) => serveWidget(c, 'natter.iife.js'));
  app.get('/natter.interaction.js', (c) => serveWidget(c, 'natter.interaction.js'));
  app.get('/natter.sign-in.js', (c) => serveWidget(c, 'natter.sign-in.js'));
  app.get('/natter.wordpress.js', (c) => serveWidget(c, 'natter.wordpress.js'));
  app.get('/locales/:file{[a-zA-Z-]{2,16}\\.json}', (c) => serveWidget(c, `locales/${c.req.param('file')}`));
  // Chunks the script-tag bundle loads from beside itself; their names carry a hash of their content.
  app.get('/:file{[A-Za-z0-9_.]+-[A-Za-z0-9_-]{8}\\.js}', (c) => serveWidget(c, c.req.param('file')));
  if (!s.config.dev) return app;
  app.get('/', (c) => {
    if (s.demoHtml === null) throw new ApiError(404, 'not_found', 'No demo page');
    return c.html(s.demoHtml);
  });
  app.get('/natter.js', (c) => widget.serve(c, 'natter.js', { cacheControl: 'no-cache' }));
  return app;
}
