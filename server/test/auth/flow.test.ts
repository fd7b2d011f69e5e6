import type { ErrorBody, SignInExchangeResponse } from 'natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId } from '../../src/auth/provider-ids';
import { Browser, consentForm, postedMessage, SITE, startFlowServer, type FlowServer, type Visit } from './flow-harness';

let server: FlowServer;
beforeAll(async () => { server = await startFlowServer(); });
afterAll(async () => { await server?.close(); });

const NONCE = 'widget-nonce-0123456789abcdef';

function startUrl(provider: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ origin: SITE, nonce: NONCE, mode: 'popup', ...params });
  return `${server.url}/auth/${provider}/start?${query.toString()}`;
}

/** Runs a sign-in up to natter's callback: start → provider → consent → back. */
async function toCallback(browser: Browser, provider: string, choice: string, params: Record<string, string> = {}) {
  const consent = await browser.follow(startUrl(provider, params));
  expect(consent.status).toBe(200);
  expect(consent.body).toContain(`Local stand-in for`);
  const form = consentForm(consent.body);
  const decision: Record<string, string> = choice === 'deny' ? { deny: '1' } : { user: choice };
  const back = await browser.follow(form.action, `${server.url}/auth/${provider}/callback`, { method: 'POST', form: { ...form.fields, ...decision } });
  const callbackUrl = back.location;
  if (callbackUrl === null) throw new Error(`No redirect back to natter: ${back.status} ${back.body.slice(0, 300)}`);
  return callbackUrl;
}

async function exchange(code: unknown, contentType = 'application/json', origin: string | null = SITE) {
  const response = await fetch(`${server.url}/auth/exchange`, {
    method: 'POST', headers: { 'content-type': contentType, ...(origin === null ? {} : { origin }) }, body: JSON.stringify({ code }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as SignInExchangeResponse & ErrorBody };
}

/** A whole popup sign-in: returns the callback page and the exchanged session. */
async function signIn(provider: ProviderId, user = 'ada') {
  const browser = new Browser();
  const callbackUrl = await toCallback(browser, provider, user);
  const page = await browser.request(callbackUrl);
  const { message } = postedMessage(page.body);
  const code = (message as { code: string }).code;
  const exchanged = await exchange(code);
  return { browser, callbackUrl, page, message, code, exchanged };
}

function everyUrl(browser: Browser): string[] {
  return browser.urls;
}

describe.each(PROVIDER_IDS)('sign-in with %s against its stand-in', (provider) => {
  let run: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => { run = await signIn(provider); });

  it('posts a one-time code to the exact opener origin with the widget nonce', () => {
    expect(run.page.status).toBe(200);
    const { message, origin } = postedMessage(run.page.body);
    expect(origin).toBe(SITE);
    expect(message).toEqual({ type: 'natter:auth', nonce: NONCE, code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(run.page.body).not.toContain("'*'");
  });

  it('serves the callback page with a nonce CSP, no framing and no referrer', () => {
    const csp = run.page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(run.page.body).toContain(`<script nonce="${nonce}">`);
    expect(run.page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(run.page.headers.get('cache-control')).toBe('no-store');
  });

  it('sent PKCE S256 and a state to the provider', () => {
    const authorize = new URL(run.browser.urls.find((u) => u.includes('/_standin/') && u.includes('code_challenge')) ?? '');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/auth/${provider}/callback`);
  });

  it('exchanges the code for a session token and the provider identity', async () => {
    expect(run.exchanged.status).toBe(200);
    expect(run.exchanged.headers.get('cache-control')).toBe('no-store');
    expect(run.exchanged.headers.get('access-control-allow-origin')).toBe(SITE);
    const { token, session } = run.exchanged.body;
    expect(session).toMatchObject({ provider, user: { name: 'Ada Lovelace' } });
    expect(session.user.avatarUrl).toBe(`${server.url}/_standin/${provider}/avatar/ada.png`);
    const active = await server.sessions.verifyUser(token);
    expect(active?.user).toMatchObject({ provider, name: 'Ada Lovelace' });
  });

  it('refuses the same login code a second time', async () => {
    const again = await exchange(run.code);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('unauthorized');
  });

  it('rejects the replayed callback (its state is used up)', async () => {
    const replay = await run.browser.request(run.callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.body).not.toContain('natter:auth');
  });

  it('never puts the session token or login code in a URL or a log line', () => {
    const { token } = run.exchanged.body as { token: string };
    for (const url of everyUrl(run.browser)) {
      expect(url).not.toContain(token);
      expect(url).not.toContain(run.code);
    }
    for (const line of server.logs) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(run.code);
    }
  });
});

describe('identity', () => {
  it('keys users by (provider, subject): the same person on two providers is two users, again on one is the same', async () => {
    const google = await signIn('google', 'grace');
    const twitter = await signIn('twitter', 'grace');
    const googleAgain = await signIn('google', 'grace');
    const user = async (token: string) => (await server.sessions.verifyUser(token))?.user;
    const [g, t, g2] = await Promise.all([google, twitter, googleAgain].map((r) => user(r.exchanged.body.token)));
    expect(g?.id).not.toBe(t?.id);
    expect(g2?.id).toBe(g?.id);
    expect(g?.email).toBe('grace@example.test');
    // Twitter vouches for no email, so none is kept.
    expect(t?.email).toBeNull();
  });

  it('cleans a hostile provider profile before storing it', async () => {
    const { exchanged } = await signIn('facebook', 'mallory');
    expect(exchanged.body.session.user.name).toBe('Mallory <img src=x onerror=alert(1)>');
    const active = await server.sessions.verifyUser(exchanged.body.token);
    expect(active?.user.email).toBeNull();
  });
});

describe('provider errors', () => {
  it.each(PROVIDER_IDS)('tells the opener provider_error when the reader denies at %s', async (provider) => {
    const browser = new Browser();
    const callbackUrl = await toCallback(browser, provider, 'deny');
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const page = await browser.request(callbackUrl);
    expect(postedMessage(page.body)).toEqual({ message: { type: 'natter:auth', nonce: NONCE, error: 'provider_error' }, origin: SITE });
  });
});

describe('state and code checks', () => {
  it('rejects a foreign state with 400', async () => {
    const browser = new Browser();
    const page = await browser.request(`${server.url}/auth/wordpress/callback?code=abc&state=${'x'.repeat(43)}`);
    expect(page.status).toBe(400);
    const none = await browser.request(`${server.url}/auth/wordpress/callback?code=abc`);
    expect(none.status).toBe(400);
  });

  it("rejects one provider's state at another provider's callback", async () => {
    const browser = new Browser();
    const callbackUrl = new URL(await toCallback(browser, 'twitter', 'ada'));
    const moved = await browser.request(`${server.url}/auth/wordpress/callback${callbackUrl.search}`);
    expect(moved.status).toBe(400);
  });

  it.each(['wordpress', 'twitter', 'facebook', 'google'] as const)('rejects a reused authorization code at %s', async (provider) => {
    const browser = new Browser();
    const first = new URL(await toCallback(browser, provider, 'ada'));
    expect((await browser.request(first.href)).status).toBe(200);
    // A fresh attempt (valid state) carrying the old, already redeemed code.
    const second = new URL(await toCallback(browser, provider, 'ada'));
    second.searchParams.set('code', first.searchParams.get('code') ?? '');
    const page = await browser.request(second.href);
    expect(postedMessage(page.body).message).toEqual({ type: 'natter:auth', nonce: NONCE, error: 'provider_error' });
    expect(server.logs.some((line) => line.includes(`sign-in with ${provider} failed`))).toBe(true);
  });

  it('refuses a login code after 60 seconds', async () => {
    const browser = new Browser();
    const page = await browser.request(await toCallback(browser, 'wordpress', 'ada'));
    const { code } = postedMessage(page.body).message as { code: string };
    server.advance(61_000);
    try {
      const late = await exchange(code);
      expect(late.status).toBe(401);
      expect(late.body.error.code).toBe('unauthorized');
    } finally {
      server.advance(-61_000);
    }
  });

  it('exchanges a code only from the page that started the sign-in, and keeps it for that page', async () => {
    const browser = new Browser();
    const page = await browser.request(await toCallback(browser, 'google', 'ada'));
    const { code } = postedMessage(page.body).message as { code: string };
    const foreign = await exchange(code, 'application/json', 'https://evil.test');
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    expect((await exchange(code, 'application/json', null)).status).toBe(403);
    // natter's own origin may sign in, but this code was handed to the site's page.
    const otherAllowed = await exchange(code, 'application/json', new URL(server.url).origin);
    expect(otherAllowed.status).toBe(401);
    expect(otherAllowed.body.error.code).toBe('unauthorized');
    const own = await exchange(code);
    expect(own.status).toBe(200);
    expect(typeof own.body.token).toBe('string');
  });

  it('answers malformed exchanges with 4xx and the error shape', async () => {
    expect((await exchange('short')).status).toBe(400);
    expect((await exchange(12)).status).toBe(400);
    expect((await exchange('a'.repeat(43), 'text/plain')).status).toBe(415);
    const extra = await fetch(`${server.url}/auth/exchange`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: SITE }, body: '{"code":"aaaaaaaaaaaaaaaaaaaa","__proto__":{}}',
    });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: { code: 'invalid' } });
  });
});

describe('origin and return checks', () => {
  async function start(params: Record<string, string>, provider = 'google'): Promise<Visit> {
    return new Browser().request(startUrl(provider, params));
  }

  it.each([
    'https://evil.test', 'https://blog.example.test/', 'https://blog.example.test.evil.test', 'http://blog.example.test',
    'null', '//blog.example.test', '',
  ])('refuses to start for origin %j', async (origin) => {
    const visit = await start({ origin });
    expect(visit.status).toBe(400);
    expect(visit.location).toBeNull();
  });

  it.each([
    '//evil.test/post', '/\\evil.test/post', 'https://blog.example.test@evil.test/post', 'https://ok:pw@blog.example.test/post',
    'https://evil.test/post', 'javascript:alert(1)', '/post', 'https:\\\\evil.test', '',
  ])('refuses the return address %j in redirect mode', async (ret) => {
    const visit = await start({ mode: 'redirect', return: ret });
    expect(visit.status).toBe(400);
    expect(visit.location).toBeNull();
  });

  it('refuses a malformed nonce, an unknown mode and a provider that is not enabled', async () => {
    expect((await start({ nonce: 'short' })).status).toBe(400);
    expect((await start({ mode: 'iframe' })).status).toBe(400);
    expect((await start({}, 'myspace')).status).toBe(404);
  });

  it('returns to the article with the code in the fragment, never in the query', async () => {
    const browser = new Browser();
    const callbackUrl = await toCallback(browser, 'twitter', 'ada', { mode: 'redirect', return: `${SITE}/post/1?x=1#comments` });
    const back = await browser.request(callbackUrl);
    expect(back.status).toBe(303);
    expect(back.headers.get('referrer-policy')).toBe('no-referrer');
    const location = new URL(back.location ?? '');
    expect(location.origin + location.pathname + location.search).toBe(`${SITE}/post/1?x=1`);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('natter_nonce')).toBe(NONCE);
    const code = fragment.get('natter_code') ?? '';
    expect((await exchange(code)).status).toBe(200);
  });

  it('returns a provider error through the fragment in redirect mode', async () => {
    const browser = new Browser();
    const callbackUrl = await toCallback(browser, 'facebook', 'deny', { mode: 'redirect', return: `${SITE}/post/2` });
    const back = await browser.request(callbackUrl);
    expect(back.location).toBe(`${SITE}/post/2#natter_error=provider_error&natter_nonce=${NONCE}`);
  });
});
