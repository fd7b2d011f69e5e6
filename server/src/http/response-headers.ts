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

/** What {@link responseHeaders} allows. */
export interface CorsOptions {
  /** Origins whose pages may call the API; any other origin gets no `Access-Control-Allow-Origin`. */
  origins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAge: number;
}

/** The headers {@link responseHeaders} gives every answer of a request, for a handler that builds its response whole. */
export interface CommonHeaders {
  /** Security headers, CORS, and `Cache-Control: no-store` for authenticated and admin answers (it wins over the handler's). */
  headers: Record<string, string>;
  /** Appended to the answer's `Vary`, when not null. */
  vary: string | null;
  /** Set by a handler that put {@link headers} and {@link vary} in its response itself. */
  sent: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    commonHeaders: CommonHeaders;
  }
}

/**
 * Security headers on every answer; CORS for the site's origins on paths
 * under `corsPath` (preflights answered with 204, the headers hono's
 * `cors()` sends); `no-store` on authenticated and admin answers.
 *
 * The headers are worked out before the handler runs and left in the
 * context (`commonHeaders`): a handler that builds its response whole
 * ({@link sendEncoded}) puts them in its one header record, and the
 * response goes out without a `Headers` object ever being made. Other
 * responses get them set afterwards, in place (see {@link setResponseHeader}).
 */
export function responseHeaders(options: { cors: CorsOptions; corsPath: string }): MiddlewareHandler {
  const { cors } = options;
  const methods = cors.allowMethods.join(',');
  const allowHeaders = cors.allowHeaders.join(',');
  const expose = cors.exposeHeaders.join(',');
  const maxAge = String(cors.maxAge);
  const security = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  return async (c, next) => {
    const path = c.req.path;
    const api = path.startsWith(options.corsPath);
    const headers: Record<string, string> = { ...security };
    if (api) {
      const origin = c.req.header('origin');
      if (origin !== undefined && cors.origins.includes(origin)) headers['Access-Control-Allow-Origin'] = origin;
      if (expose !== '') headers['Access-Control-Expose-Headers'] = expose;
      if (c.req.method === 'OPTIONS') {
        const preflight = new Headers(headers);
        preflight.append('Vary', 'Origin');
        preflight.set('Access-Control-Max-Age', maxAge);
        if (methods !== '') preflight.set('Access-Control-Allow-Methods', methods);
        if (allowHeaders !== '') preflight.set('Access-Control-Allow-Headers', allowHeaders);
        preflight.append('Vary', 'Access-Control-Request-Headers');
        return new Response(null, { headers: preflight, status: 204, statusText: 'No Content' });
      }
    }
    if (c.req.header('authorization') !== undefined || path.startsWith('/api/admin')) headers['Cache-Control'] = 'no-store';
    const common: CommonHeaders = { headers, vary: api ? 'Origin' : null, sent: false };
    c.set('commonHeaders', common);
    await next();
    if (common.sent) return;
    for (const name in headers) setResponseHeader(c, name, headers[name] ?? null);
    setResponseHeader(c, 'X-Powered-By', null);
    if (common.vary !== null) setResponseHeader(c, 'Vary', common.vary, { append: true });
  };
}
