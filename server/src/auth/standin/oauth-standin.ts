import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { consentPage, STANDIN_PAGE_HEADERS } from './consent-page';
import { standinAvatarPng } from './standin-avatar';
import type { StandinFlavour } from './standin-flavours';
import { standinUser, type StandinUser } from './standin-users';

/** The one client (natter itself) a stand-in knows. */
export interface StandinClient {
  clientId: string;
  clientSecret: string;
  /** The only redirect URI accepted, compared exactly. */
  redirectUri: string;
}

/** Options for {@link oauthStandin}. */
export interface StandinOptions {
  /** Absolute URL where the stand-in is mounted, e.g. `http://127.0.0.1:8080/_standin/twitter`. */
  base: string;
  client: StandinClient;
  /** @default Date.now */
  now?: () => number;
}

interface PendingRequest { redirectUri: string; state: string | null; challenge: string | null; scope: string; expires: number }
interface IssuedCode { user: StandinUser; redirectUri: string; challenge: string | null; scope: string; expires: number; used: boolean; tokens: string[] }

const CODE_TTL_MS = 60_000;
const REQUEST_TTL_MS = 10 * 60_000;

function random(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function errorPage(c: Context, label: string, message: string) {
  return c.html(`<!doctype html><title>Local stand-in for ${label}</title><h1>Local stand-in for ${label} — not the real sign-in</h1><p>${message}</p>`, 400, STANDIN_PAGE_HEADERS);
}

/**
 * A local stand-in for an OAuth 2.0 provider (WordPress.com, Twitter or
 * Facebook): authorization endpoint with a consent page, token endpoint with
 * client authentication, single-use codes and PKCE, and the provider's
 * profile endpoint — all answering in the real provider's shapes. Development
 * and tests only; its state lives in this instance's memory.
 */
export function oauthStandin(flavour: StandinFlavour, options: StandinOptions): Hono {
  const now = options.now ?? Date.now;
  const { client } = options;
  const requests = new Map<string, PendingRequest>();
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, { user: StandinUser; expires: number }>();
  const app = new Hono();

  const back = (redirectUri: string, params: Record<string, string | null>) => {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
    return url.href + (flavour.redirectSuffix ?? '');
  };

  app.get(flavour.authorizePath, (c) => {
    const q = new URL(c.req.url).searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== client.clientId) return errorPage(c, flavour.label, 'Unknown client_id.');
    if (redirectUri !== client.redirectUri) return errorPage(c, flavour.label, 'redirect_uri does not match the registered one.');
    const state = q.get('state');
    const challenge = q.get('code_challenge');
    const fail = (description: string) => c.redirect(back(redirectUri, { error: 'invalid_request', error_description: description, state }), 302);
    if (q.get('response_type') !== 'code') return fail('response_type must be code');
    if (challenge === null && flavour.pkceRequired) return fail('code_challenge is required');
    if (challenge !== null && q.get('code_challenge_method') !== 'S256') return fail('code_challenge_method must be S256');
    const id = random();
    requests.set(id, { redirectUri, state, challenge, scope: q.get('scope') ?? '', expires: now() + REQUEST_TTL_MS });
    return c.html(consentPage({ label: flavour.label, action: `${options.base}/consent`, fields: { request: id }, clientName: 'natter' }), 200, STANDIN_PAGE_HEADERS);
  });

  app.post('/consent', async (c) => {
    const form = await c.req.parseBody();
    const id = typeof form.request === 'string' ? form.request : '';
    const pending = requests.get(id);
    requests.delete(id);
    if (!pending || pending.expires < now()) return errorPage(c, flavour.label, 'This sign-in request has expired; start again.');
    if (form.deny !== undefined) {
      return c.redirect(back(pending.redirectUri, { error: 'access_denied', error_description: 'The user denied the request', state: pending.state }), 302);
    }
    const user = standinUser(form.user);
    if (!user) return errorPage(c, flavour.label, 'Unknown test user.');
    const code = random();
    codes.set(code, { user, redirectUri: pending.redirectUri, challenge: pending.challenge, scope: pending.scope, expires: now() + CODE_TTL_MS, used: false, tokens: [] });
    return c.redirect(back(pending.redirectUri, { code, state: pending.state }), 302);
  });

  app.post(flavour.tokenPath, async (c) => {
    const fail = (error: string, description: string, status: 400 | 401 = 400) => c.json(flavour.errorBody(error, description), status);
    const form = new URLSearchParams(await c.req.text());
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    if (flavour.clientAuth === 'basic') {
      const header = /^Basic ([A-Za-z0-9+/=]+)$/.exec(c.req.header('authorization') ?? '');
      const [user, pass] = Buffer.from(header?.[1] ?? '', 'base64').toString().split(':').map((p) => decodeURIComponent(p));
      id = user ?? null;
      secret = pass ?? null;
    }
    if (id !== client.clientId || secret === null || !sameSecret(secret, client.clientSecret)) {
      return fail('invalid_client', 'Client authentication failed', 401);
    }
    if (form.get('grant_type') !== 'authorization_code') return fail('unsupported_grant_type', 'Only authorization_code');
    const code = codes.get(form.get('code') ?? '');
    if (!code || code.expires < now()) return fail('invalid_grant', 'Unknown or expired code');
    if (code.used) {
      // A replayed code revokes what it issued (RFC 6749 §4.1.2).
      for (const token of code.tokens) tokens.delete(token);
      return fail('invalid_grant', 'Code already used');
    }
    code.used = true;
    if (form.get('redirect_uri') !== code.redirectUri) return fail('invalid_grant', 'redirect_uri mismatch');
    const verifier = form.get('code_verifier');
    if (code.challenge !== null && (verifier === null || s256(verifier) !== code.challenge)) {
      return fail('invalid_grant', 'PKCE verification failed');
    }
    const accessToken = random();
    code.tokens.push(accessToken);
    tokens.set(accessToken, { user: code.user, expires: now() + 3_600_000 });
    return c.json(flavour.tokenResponse(accessToken, code.scope), 200, { 'Cache-Control': 'no-store' });
  });

  app.get(flavour.profilePath, (c) => {
    const bearer = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const grant = bearer === undefined ? undefined : tokens.get(bearer);
    if (!grant || grant.expires < now()) return c.json(flavour.errorBody('invalid_token', 'Invalid access token'), 401);
    const avatar = `${options.base}/avatar/${grant.user.key}.png`;
    return c.json(flavour.profile(grant.user, avatar, new URL(c.req.url).searchParams));
  });

  app.get('/avatar/:file{[a-z]+\\.png}', (c) => {
    const user = standinUser(c.req.param('file').replace(/\.png$/, ''));
    if (!user) return c.notFound();
    return c.body(new Uint8Array(standinAvatarPng(user.colour)), 200, {
      'Content-Type': 'image/png', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'public, max-age=3600',
    });
  });

  return app;
}
