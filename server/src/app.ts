import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from 'natter/protocol';
import { isErrorCode } from 'natter/protocol';
import { AnswerCache } from './http/answer-cache';
import { boundedMemo } from './http/bounded-memo';
import { ApiError } from './http/api-error';
import { hmac } from './http/crypto';
import { RateLimiter } from './http/rate-limiter';
import { responseHeaders } from './http/response-headers';
import { adminRoutes } from './admin/admin-routes';
import { commentRoutes } from './comments/comments-routes';
import { configRoutes } from './http/config-routes';
import { countRoutes } from './comments/counts-routes';
import { threadRoutes } from './comments/thread-routes';
import { devRoutes } from './dev/dev-routes';
import { eventRoutes } from './events/events-routes';
import { likeRoutes } from './likes/likes-routes';
import { openapiRoutes } from './http/openapi-routes';
import { sessionRoutes } from './auth/session-routes';
import { unsubscribeRoutes } from './mail/unsubscribe-routes';
import type { AppDeps, RateRules, Services } from './services';
import { SessionManager } from './auth/sessions';
import { storageUnavailable, type UnavailableReason } from './storage/storage-unavailable';

/** Builds the services every route shares from the app's dependencies. */
export function createServices(deps: AppDeps): Services {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(`natter: ${message}`, error ?? ''));
  const perMinute = deps.config.rateLimit;
  const rules: RateRules = {
    postPerIp: perMinute > 0 ? { max: perMinute, windowSeconds: 60 } : null,
    postPerIdentity: perMinute > 0 ? { max: Math.max(1, Math.ceil(perMinute / 3)), windowSeconds: 60 } : null,
    likePerIp: perMinute > 0 ? { max: perMinute * 2, windowSeconds: 60 } : null,
    editPerIp: perMinute > 0 ? { max: perMinute, windowSeconds: 60 } : null,
    // A wrong password past the fifth doubles the wait, from 1 s: at most a minute for
    // the account (so nobody's failures keep the moderator out for longer), five per address.
    adminLogin: {
      account: { free: 5, baseSeconds: 1, capSeconds: 60, periodSeconds: 3600 },
      ip: { free: 5, baseSeconds: 1, capSeconds: 300, periodSeconds: 3600 },
    },
  };
  const own = new URL(deps.config.publicUrl).origin;
  return {
    config: deps.config,
    storage: deps.storage,
    events: deps.events,
    secret: deps.secret,
    renderMarkdown: deps.renderMarkdown,
    spamChecker: deps.spamChecker ?? null,
    notifier: deps.notifier ?? null,
    now,
    log,
    minSubmitMs: deps.minSubmitMs ?? 2000,
    maxLinks: deps.maxLinks ?? 2,
    // Run from source (tests): server/dist and the widget's dist beside it.
    distDir: deps.distDir ?? fileURLToPath(new URL('../dist', import.meta.url)),
    widgetDir: deps.widgetDir ?? fileURLToPath(new URL('../../dist', import.meta.url)),
    sessions: new SessionManager(deps.storage, deps.secret, now),
    limiter: new RateLimiter(deps.storage, now),
    answers: new AnswerCache(deps.config.pageCacheMb * 1024 * 1024),
    rules,
    avatarKey: deps.avatarKey ?? ((id) => hmac(deps.secret, 'avatar', id.toLowerCase()).slice(0, 32)),
    // Every read of a returning reader hashed their id anew: an HMAC costs more than the cached answer's lookup.
    visitorHash: boundedMemo(10_000, (visitor) => hmac(deps.secret, 'visitor', visitor)),
    providers: deps.providers ?? [],
    simulatedSignIn: deps.simulatedSignIn ?? false,
    demoHtml: deps.demoHtml ?? null,
    prepareBundles: deps.prepareBundles ?? false,
    allowedOrigins: [...new Set([own, ...deps.config.origins])],
    editWindowMs: deps.config.editWindowSeconds * 1000,
    background(work) {
      work.catch((error: unknown) => log('background work failed', error));
    },
  };
}

/** What a client is told when the database cannot take its request for now (nothing was saved). */
const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  full: 'The server is out of disk space; nothing was saved. Try again later',
  busy: 'The database is busy; nothing was saved. Try again in a moment',
  down: 'The database cannot be reached; nothing was saved. Try again in a moment',
};

/** The JSON error response for any thrown value; never a stack trace. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody; retryAfter?: number } {
  if (error instanceof ApiError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.options.field !== undefined) body.error.field = error.options.field;
    return { status: error.status, body, ...(error.options.retryAfter === undefined ? {} : { retryAfter: error.options.retryAfter }) };
  }
  // Sign-in errors carry their own code and status.
  if (error instanceof Error && error.name === 'AuthError') {
    const code: unknown = Reflect.get(error, 'code');
    const status: unknown = Reflect.get(error, 'status');
    if (isErrorCode(code) && typeof status === 'number') return { status, body: { error: { code, message: error.message } } };
  }
  const unavailable = storageUnavailable(error);
  if (unavailable !== null) {
    return { status: 503, body: { error: { code: 'server', message: UNAVAILABLE_MESSAGES[unavailable] } }, retryAfter: unavailable === 'full' ? 60 : 5 };
  }
  if (error instanceof HTTPException && error.status < 500) {
    return { status: error.status, body: { error: { code: error.status === 413 ? 'too_long' : 'invalid', message: 'Bad request' } } };
  }
  return { status: 500, body: { error: { code: 'server', message: 'Something went wrong on the server' } } };
}

/**
 * The natter server as a Hono app: routes mounted as sub-apps, one error
 * handler, CORS for the configured site origins, security headers.
 * @example const app = createApp({ config, storage, events, secret, renderMarkdown });
 */
export function createApp(deps: AppDeps): Hono {
  const s = createServices(deps);
  const app = new Hono();

  app.onError((error, c) => {
    const { status, body, retryAfter } = errorResponse(error);
    if (status >= 500) s.log(`${c.req.method} ${new URL(c.req.url).pathname} failed`, error);
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    c.header('Cache-Control', 'no-store');
    return c.json(body, status as 400);
  });
  app.notFound((c) => c.json<ErrorBody>({ error: { code: 'not_found', message: `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

  app.use('*', responseHeaders({
    corsPath: '/api/',
    cors: {
      origins: s.allowedOrigins,
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Natter-Visitor', 'X-Natter-Edit-Token', 'If-None-Match'],
      exposeHeaders: ['ETag', 'Retry-After'],
      maxAge: 600,
    },
  }));

  app.route('/', configRoutes(s));
  app.route('/', threadRoutes(s));
  app.route('/', commentRoutes(s));
  app.route('/', likeRoutes(s));
  app.route('/', countRoutes(s));
  app.route('/', eventRoutes(s));
  app.route('/', sessionRoutes(s));
  app.route('/', unsubscribeRoutes(s));
  app.route('/', adminRoutes(s));
  app.route('/', openapiRoutes());
  if (deps.extraRoutes) app.route('/', deps.extraRoutes(s));
  if (deps.avatarRoutes) app.route('/avatars', deps.avatarRoutes);
  app.route('/', devRoutes(s));
  return app;
}
