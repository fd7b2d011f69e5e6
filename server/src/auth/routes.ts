import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import * as oauth from 'oauth4webapi';
import { ApiError, invalid } from '../http/api-error';
import { objectWith } from '../http/body-fields';
import { randomToken, sha256 } from '../http/crypto';
import type { SessionManager } from './sessions';
import type { Storage, StoredUser } from '../storage/storage';
import { parseStrictJson } from '../http/strict-json';
import type { AuthStore } from './auth-store';
import type { ErrorBody, ErrorCode } from 'natter/protocol';
import { authText, requestLanguage, wantsJson, type AuthMessageId } from './auth-messages';
import { callbackPage, errorPage, type AuthMessage, type AuthPage } from './callback-page';
import type { ProviderClient } from './provider-client';
import { isProviderId, type ProviderId } from './provider-ids';

/** How long a started sign-in may take, in milliseconds. */
export const ATTEMPT_TTL_MS = 10 * 60_000;
/** How long the one-time login code lives, in milliseconds. */
export const LOGIN_CODE_TTL_MS = 60_000;

const WIDGET_NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const LOGIN_CODE = /^[A-Za-z0-9_-]{16,256}$/;

/** The session as the widget sees it (the `Session` of the Backend contract). */
export interface SessionBody {
  provider: ProviderId;
  user: { id: string; name: string; avatarUrl?: string; profileUrl?: string };
}

/** What {@link authRoutes} needs. */
export interface AuthRoutesDeps {
  /** natter's public URL; its origin may always sign in. */
  publicUrl: string;
  /** Site origins allowed to embed the widget (exact origins). */
  allowedOrigins: readonly string[];
  /** The enabled providers. */
  providers: Partial<Record<ProviderId, ProviderClient>>;
  store: AuthStore;
  storage: Pick<Storage, 'upsertUser' | 'getUser'>;
  sessions: Pick<SessionManager, 'issueUserSession'>;
  /** How a user appears in the session body (e.g. avatars through natter's avatar route). */
  sessionOf?: (user: StoredUser) => SessionBody | Promise<SessionBody>;
  /** Told why a sign-in failed; never given a token or code. @default console.warn */
  log?: (line: string) => void;
  /** @default Date.now */
  now?: () => number;
  /** Counts a request against the caller's rate limit; throws `ApiError` 429 when over it. */
  limit?: (c: Context, action: 'start' | 'exchange') => Promise<void>;
}

/** The origin `value` names exactly (`https://host[:port]`, nothing more), or `null`. */
export function exactOrigin(value: string | undefined): string | null {
  if (value === undefined || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.origin === value ? value : null;
}

/**
 * `value` as an absolute http(s) URL on `origin` without credentials or
 * fragment, or `null`. Relative and scheme-relative forms (`//evil`, `/\evil`)
 * do not parse without a base, and `https://ok@evil` carries credentials and
 * another origin: all rejected.
 */
export function checkedReturnUrl(value: string | undefined, origin: string): string | null {
  if (value === undefined || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '' || url.origin !== origin) return null;
  url.hash = '';
  return url.href;
}

/**
 * The key a login code is stored under: bound to the origin of the page that
 * started the sign-in, so only a request from that origin can redeem it.
 */
function loginCodeKey(code: string, origin: string): string {
  return sha256(`${origin}\n${code}`);
}

function defaultSessionOf(user: StoredUser): SessionBody {
  const provider = user.provider;
  if (!isProviderId(provider)) throw new Error(`Unknown provider in storage: ${provider}`);
  return {
    provider,
    user: {
      id: user.subject,
      name: user.name,
      ...(user.avatarUrl === null ? {} : { avatarUrl: user.avatarUrl }),
      ...(user.profileUrl === null ? {} : { profileUrl: user.profileUrl }),
    },
  };
}

function send(c: Context, status: 200 | 502, page: AuthPage) {
  return c.html(page.html, status, page.headers);
}

/** Why a sign-in step stopped, for a program (`code`) and for the reader (`text`). */
interface Refusal {
  status: 400 | 404 | 429 | 500 | 502;
  code: ErrorCode;
  text: AuthMessageId;
  field?: string;
  provider?: string;
}

/**
 * Answers a stopped sign-in step: `{error:{code,message}}` to a client that
 * asks for JSON, else a translated page for the reader looking at the popup.
 */
function refuse(c: Context, refusal: Refusal) {
  const vars = refusal.provider === undefined ? {} : { provider: refusal.provider };
  if (wantsJson(c)) {
    const body: ErrorBody = { error: { code: refusal.code, message: authText('en', refusal.text, vars) } };
    if (refusal.field !== undefined) body.error.field = refusal.field;
    return c.json(body, refusal.status, { 'Cache-Control': 'no-store', Vary: 'Accept, Accept-Language' });
  }
  const lang = requestLanguage(c);
  const page = errorPage(authText(lang, refusal.text, vars), lang);
  return c.html(page.html, refusal.status, { ...page.headers, 'Content-Language': lang, Vary: 'Accept, Accept-Language' });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = error.cause instanceof Error ? `: ${error.cause.name} ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * natter's sign-in routes, mounted at `/auth`:
 * - `GET /:provider/start?origin&nonce&mode=popup|redirect&return` stores a
 *   single-use attempt (state, PKCE verifier, OIDC nonce, origin, widget
 *   nonce) and redirects to the provider;
 * - `GET /:provider/callback` consumes the state, finishes the code flow,
 *   upserts the user by (provider, subject) and hands the widget a one-time
 *   60-second login code — by `postMessage` to the exact stored origin
 *   (popup) or in the return URL's fragment (redirect);
 * - `POST /exchange {code}` trades the code for `{ token, session }`, only
 *   for a request whose `Origin` is the page that started the sign-in.
 * No token is ever put in a URL or a log line.
 */
export function authRoutes(deps: AuthRoutesDeps): Hono {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((line: string) => console.warn(line));
  const sessionOf = deps.sessionOf ?? defaultSessionOf;
  const allowed = new Set([...deps.allowedOrigins, new URL(deps.publicUrl).origin]);
  const clientOf = (id: string): ProviderClient | undefined => (isProviderId(id) ? deps.providers[id] : undefined);
  const app = new Hono();

  // The popup's pages fail as pages too; the API's callers (and the exchange) get the app's JSON error.
  app.onError((error, c) => {
    if (c.req.method !== 'GET' || wantsJson(c)) throw error;
    log(`sign-in page ${new URL(c.req.url).pathname} failed: ${describe(error)}`);
    return refuse(c, { status: 500, code: 'server', text: 'serverError' });
  });

  app.get('/:provider/start', async (c) => {
    try {
      await deps.limit?.(c, 'start');
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        c.header('Retry-After', String(error.options.retryAfter ?? 60));
        return refuse(c, { status: 429, code: 'rate_limited', text: 'rateLimited' });
      }
      throw error;
    }
    const client = clientOf(c.req.param('provider'));
    if (!client) return refuse(c, { status: 404, code: 'not_found', text: 'providerDisabled', field: 'provider' });
    const origin = exactOrigin(c.req.query('origin'));
    if (origin === null || !allowed.has(origin)) return refuse(c, { status: 400, code: 'invalid', text: 'originRefused', field: 'origin' });
    const widgetNonce = c.req.query('nonce') ?? '';
    if (!WIDGET_NONCE.test(widgetNonce)) return refuse(c, { status: 400, code: 'invalid', text: 'malformed', field: 'nonce' });
    const modeParam = c.req.query('mode') ?? 'popup';
    if (modeParam !== 'popup' && modeParam !== 'redirect') return refuse(c, { status: 400, code: 'invalid', text: 'malformed', field: 'mode' });
    const returnUrl = modeParam === 'redirect' ? checkedReturnUrl(c.req.query('return'), origin) : null;
    if (modeParam === 'redirect' && returnUrl === null) return refuse(c, { status: 400, code: 'invalid', text: 'returnRefused', field: 'return' });

    const secrets = { state: oauth.generateRandomState(), codeVerifier: oauth.generateRandomCodeVerifier(), oidcNonce: oauth.generateRandomNonce() };
    let location: string;
    try {
      location = await client.authorizationUrl(secrets);
    } catch (error) {
      log(`sign-in start failed: ${describe(error)}`);
      return refuse(c, { status: 502, code: 'provider_error', text: 'providerUnreachable', provider: client.definition.label });
    }
    await deps.store.putAttempt(sha256(secrets.state), {
      provider: client.definition.id, codeVerifier: secrets.codeVerifier, oidcNonce: secrets.oidcNonce, origin,
      widgetNonce, mode: modeParam, returnUrl, expiresAt: now() + ATTEMPT_TTL_MS,
    }, now());
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    return c.redirect(location, 302);
  });

  app.get('/:provider/callback', async (c) => {
    const url = new URL(c.req.url);
    const state = url.searchParams.get('state');
    const attempt = state !== null && state.length <= 512 ? await deps.store.takeAttempt(sha256(state), now()) : null;
    if (state === null || !attempt || attempt.provider !== c.req.param('provider')) {
      return refuse(c, { status: 400, code: 'invalid', text: 'expired', field: 'state' });
    }
    const client = clientOf(attempt.provider);
    if (!client) return refuse(c, { status: 404, code: 'not_found', text: 'providerDisabled', field: 'provider' });

    const reply = (status: 200 | 502, result: { code: string } | { error: 'provider_error' }) => {
      if (attempt.mode === 'redirect' && attempt.returnUrl !== null) {
        const fragment = new URLSearchParams('code' in result
          ? { natter_code: result.code, natter_nonce: attempt.widgetNonce }
          : { natter_error: result.error, natter_nonce: attempt.widgetNonce });
        c.header('Referrer-Policy', 'no-referrer');
        c.header('Cache-Control', 'no-store');
        return c.redirect(`${attempt.returnUrl}#${fragment.toString()}`, 303);
      }
      const message: AuthMessage = 'code' in result
        ? { type: 'natter:auth', nonce: attempt.widgetNonce, code: result.code }
        : { type: 'natter:auth', nonce: attempt.widgetNonce, error: result.error };
      return send(c, status, callbackPage(message, attempt.origin, requestLanguage(c)));
    };

    const providerError = url.searchParams.get('error');
    if (providerError !== null) {
      log(`sign-in with ${attempt.provider} ended at the provider: ${/^[a-z_]{1,40}$/.test(providerError) ? providerError : 'error'}`);
      return reply(200, { error: 'provider_error' });
    }
    let profile;
    try {
      profile = await client.complete(url, { state, codeVerifier: attempt.codeVerifier, oidcNonce: attempt.oidcNonce });
    } catch (error) {
      log(`sign-in with ${attempt.provider} failed: ${describe(error)}`);
      return reply(502, { error: 'provider_error' });
    }
    // Identity is (provider, subject); the email is kept only when verified and never used to match.
    const user = await deps.storage.upsertUser({
      provider: attempt.provider, subject: profile.subject, name: profile.name,
      avatarUrl: profile.avatarUrl ?? null, profileUrl: profile.profileUrl ?? null,
      email: profile.emailVerified && profile.email !== undefined ? profile.email : null,
    }, now());
    const code = randomToken(32);
    await deps.store.putLoginCode(loginCodeKey(code, attempt.origin), user.id, now() + LOGIN_CODE_TTL_MS, now());
    return reply(200, { code });
  });

  app.use('/exchange', cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type'],
    maxAge: 600,
  }));

  app.post('/exchange', async (c) => {
    await deps.limit?.(c, 'exchange');
    // Browsers send Origin with every POST; a request without an allowed one did not come from the widget.
    const origin = exactOrigin(c.req.header('origin'));
    if (origin === null || !allowed.has(origin)) {
      throw new ApiError(403, 'forbidden', 'A sign-in code can only be exchanged from the page that started the sign-in');
    }
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'invalid', 'Exchanging a sign-in code needs Content-Type: application/json');
    }
    const body = objectWith(parseStrictJson(new Uint8Array(await c.req.arrayBuffer()), { maxBytes: 1024, maxDepth: 2 }), ['code'], 'sign-in exchange');
    const code = body.code;
    if (typeof code !== 'string' || !LOGIN_CODE.test(code)) throw invalid('The sign-in code is malformed', 'code');
    // Presented from another allowed origin, the code is unknown there and stays usable by its own page.
    const userId = await deps.store.takeLoginCode(loginCodeKey(code, origin), now());
    const user = userId === null ? null : await deps.storage.getUser(userId);
    if (!user) throw new ApiError(401, 'unauthorized', 'The sign-in code is unknown, already used or expired', { field: 'code' });
    const { token } = await deps.sessions.issueUserSession(user.id);
    return c.json({ token, session: await sessionOf(user) }, 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
