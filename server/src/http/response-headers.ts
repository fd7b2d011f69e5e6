import type { Context, MiddlewareHandler } from 'hono';

/**
 * Sets a header on the response a handler already returned, in place.
 *
 * `c.header()` after `next()` asks the response whether its body was used,
 * which makes @hono/node-server turn its lightweight response into a full
 * web Response and then stream the body out of it: about half the time of
 * serving a cached comment page. Changing the headers object in place keeps
 * the fast path. A response with immutable headers (one fetched from
 * elsewhere) still goes through `c.header()`.
 */
export function setResponseHeader(c: Context, name: string, value: string | null, options: { append?: boolean } = {}): void {
  const headers = c.res.headers;
  try {
    if (value === null) headers.delete(name);
    else if (options.append) headers.append(name, value);
    else headers.set(name, value);
  } catch {
    c.header(name, value ?? undefined, options);
  }
}

/** Security headers on every answer; `no-store` on authenticated and admin answers. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    setResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
    setResponseHeader(c, 'Referrer-Policy', 'no-referrer');
    setResponseHeader(c, 'X-Powered-By', null);
    if (c.req.header('authorization') !== undefined || c.req.path.startsWith('/api/admin')) {
      setResponseHeader(c, 'Cache-Control', 'no-store');
    }
  };
}

/** What {@link corsHeaders} allows. */
export interface CorsOptions {
  /** Origins whose pages may call the API; any other origin gets no `Access-Control-Allow-Origin`. */
  origins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAge: number;
}

/**
 * CORS for the configured site origins, answering preflights with 204 — the
 * headers hono's `cors()` sends, set without leaving the fast response path
 * (see {@link setResponseHeader}).
 */
export function corsHeaders(options: CorsOptions): MiddlewareHandler {
  const methods = options.allowMethods.join(',');
  const allowHeaders = options.allowHeaders.join(',');
  const expose = options.exposeHeaders.join(',');
  const maxAge = String(options.maxAge);
  return async (c, next) => {
    const origin = c.req.header('origin') ?? '';
    const allowed = origin !== '' && options.origins.includes(origin) ? origin : null;
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers();
      if (allowed !== null) headers.set('Access-Control-Allow-Origin', allowed);
      if (expose !== '') headers.set('Access-Control-Expose-Headers', expose);
      headers.append('Vary', 'Origin');
      headers.set('Access-Control-Max-Age', maxAge);
      if (methods !== '') headers.set('Access-Control-Allow-Methods', methods);
      if (allowHeaders !== '') headers.set('Access-Control-Allow-Headers', allowHeaders);
      headers.append('Vary', 'Access-Control-Request-Headers');
      return new Response(null, { headers, status: 204, statusText: 'No Content' });
    }
    await next();
    if (allowed !== null) setResponseHeader(c, 'Access-Control-Allow-Origin', allowed);
    if (expose !== '') setResponseHeader(c, 'Access-Control-Expose-Headers', expose);
    setResponseHeader(c, 'Vary', 'Origin', { append: true });
  };
}
