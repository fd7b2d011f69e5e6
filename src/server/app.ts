import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '../shared/error-codes';
import { isErrorCode } from '../shared/error-codes';
import { ApiError } from './api-error';
import { hmac } from './crypto';
import { RateLimiter } from './rate-limiter';
import { corsHeaders, securityHeaders } from './response-headers';
import { adminRoutes } from './routes/admin';
import { commentRoutes } from './routes/comments';
import { configRoutes } from './routes/config';
import { countRoutes } from './routes/counts';
import { devRoutes } from './routes/dev';
import { eventRoutes } from './routes/events';
import { likeRoutes } from './routes/likes';
import { openapiRoutes } from './routes/openapi';
import { sessionRoutes } from './routes/session';
import { unsubscribeRoutes } from './routes/unsubscribe';
import type { AppDeps, RateRules, Services } from './services';
import { SessionManager } from './sessions';

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
    adminLogin: { max: 10, windowSeconds: 900 },
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
    distDir: deps.distDir ?? 'dist',
    sessions: new SessionManager(deps.storage, deps.secret, now),
    limiter: new RateLimiter(deps.storage, now),
    rules,
    avatarKey: deps.avatarKey ?? ((id) => hmac(deps.secret, 'avatar', id.toLowerCase()).slice(0, 32)),
    providers: deps.providers ?? [],
    simulatedSignIn: deps.simulatedSignIn ?? false,
    demoHtml: deps.demoHtml ?? null,
    allowedOrigins: [...new Set([own, ...deps.config.origins])],
    editWindowMs: deps.config.editWindowSeconds * 1000,
    background(work) {
      work.catch((error: unknown) => log('background work failed', error));
    },
  };
}

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

  app.use('*', securityHeaders());
  app.use('/api/*', corsHeaders({
    origins: s.allowedOrigins,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Natter-Visitor', 'X-Natter-Edit-Token', 'If-None-Match'],
    exposeHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  }));

  app.route('/', configRoutes(s));
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
