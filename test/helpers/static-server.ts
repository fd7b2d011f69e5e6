import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** A fixed response: its body and its `Content-Type`. */
export interface StaticRoute {
  body: string | Uint8Array;
  type: string;
}

/** Options for {@link serveStatic}. */
export interface StaticServerOptions {
  /** A directory whose files are served by path (e.g. `dist`). */
  root?: string;
  /**
   * Fixed responses by URL path, checked before `root`. A string is the body,
   * typed by the path's extension (`text/html` when it has none).
   */
  routes?: Record<string, string | StaticRoute>;
  /** The port to listen on. @default a free one */
  port?: number;
}

/** A running server; `close()` stops it. */
export interface StaticServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type for a path, by its extension. */
export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? (extname(path) ? 'application/octet-stream' : TYPES['.html']!);
}

/**
 * Serves fixed routes and/or a directory on 127.0.0.1 at a free port, for
 * browser tests. Paths that escape `root` are refused with 404.
 *
 * @example
 * const site = await serveStatic({ root: 'dist', routes: { '/': '<!doctype html>…' } });
 * try { await page.goto(site.url); } finally { await site.close(); }
 */
export async function serveStatic(options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = options.root === undefined ? undefined : resolve(options.root);
  const routes = options.routes ?? {};

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain; charset=utf-8', 'Internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', req.method);
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes[pathname];
    if (route !== undefined) {
      if (typeof route === 'string') send(res, 200, contentTypeFor(pathname), route, req.method);
      else send(res, 200, route.type, route.body, req.method);
      return;
    }
    const file = root === undefined ? undefined : resolveInside(root, pathname);
    if (file !== undefined) {
      const found = await stat(file).catch(() => undefined);
      const target = found?.isDirectory() ? resolveInside(file, '/index.html') : found?.isFile() ? file : undefined;
      const body = target === undefined ? undefined : await readFile(target).catch(() => undefined);
      if (target !== undefined && body !== undefined) {
        send(res, 200, contentTypeFor(target), body, req.method);
        return;
      }
    }
    send(res, 404, 'text/plain; charset=utf-8', 'Not found', req.method);
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The file for a URL path under `root`, or `undefined` when it would escape it. */
function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const file = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, method?: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(method === 'HEAD' ? undefined : body);
}
