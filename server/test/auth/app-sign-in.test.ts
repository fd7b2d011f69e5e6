import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInExchangeResponse } from 'natter/protocol';
import { createSignIn } from '../../src/auth/sign-in';
import { openStorage } from '../../src/storage/open-storage';
import { json, postComment, testServer, visitor, type TestServer } from '../helpers/server-app';
import { consentForm, postedMessage } from './flow-harness';

// A loopback public URL that is never dialled: every request, the provider
// calls included, goes through `app.request`.
const PUBLIC_URL = 'http://127.0.0.1:9';
const SITE = 'https://blog.example';
const NONCE = 'app-nonce-0123456789abcdef';

let server: TestServer;
let app: Hono;

beforeAll(async () => {
  const storage = await openStorage(':memory:');
  const signIn = await createSignIn({
    config: { publicUrl: PUBLIC_URL, host: '127.0.0.1', dev: true },
    env: {},
    db: storage.db,
    fetch: (input, init) => Promise.resolve(app.request(String(input instanceof Request ? input.url : input), init)),
  });
  server = await testServer({
    storage,
    config: { publicUrl: PUBLIC_URL, dev: true, origins: [SITE] },
    deps: { extraRoutes: signIn.routes, providers: signIn.providers, simulatedSignIn: signIn.standins },
  });
  app = server.app;
});
afterAll(async () => { await server?.close(); });

/** Signs in through the WordPress.com or Twitter stand-in and exchanges the code. */
async function signIn(provider: 'wordpress' | 'twitter', user: string): Promise<SignInExchangeResponse> {
  const start = await app.request(`${PUBLIC_URL}/auth/${provider}/start?${new URLSearchParams({ origin: SITE, nonce: NONCE, mode: 'popup' })}`);
  expect(start.status).toBe(302);
  const consent = await app.request(start.headers.get('location') ?? '');
  const form = consentForm(await consent.text());
  const decided = await app.request(form.action, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, user }).toString(),
  });
  const callback = await app.request(decided.headers.get('location') ?? '');
  const { message } = postedMessage(await callback.text());
  const code = (message as { code: string }).code;
  const exchanged = await app.request(`${PUBLIC_URL}/auth/exchange`, json('POST', { code }, { Origin: SITE }));
  expect(exchanged.status).toBe(200);
  return (await exchanged.json()) as SignInExchangeResponse;
}

describe('sign-in inside the natter app', () => {
  it('advertises the four stand-in providers in the site config', async () => {
    const config = await (await app.request('/api/config')).json();
    expect(config).toMatchObject({ providers: ['wordpress', 'google', 'twitter', 'facebook'], simulatedSignIn: true });
  });

  it('answers the exchange with the same session /api/session returns, avatar through natter', async () => {
    const { token, session } = await signIn('wordpress', 'ada');
    const current = await (await app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(current).toEqual({ session });
    expect(session.user.avatarUrl).toMatch(new RegExp(`^${PUBLIC_URL}/avatars/[A-Za-z0-9_-]+$`));
    expect(JSON.stringify(session)).not.toContain('@');
  });

  it('lets the exchange answer the embedding site cross-origin, and nobody else', async () => {
    const preflight = await app.request(`${PUBLIC_URL}/auth/exchange`, {
      method: 'OPTIONS', headers: { Origin: SITE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE);
    const evil = await app.request(`${PUBLIC_URL}/auth/exchange`, {
      method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a token after Log Out revoked it', async () => {
    const { token } = await signIn('twitter', 'ada');
    const auth = { Authorization: `Bearer ${token}` };
    expect((await app.request('/api/session', { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(await (await app.request('/api/session', { headers: auth })).json()).toEqual({ session: null });
    const post = await postComment(app, { guest: undefined, body: 'After logging out' }, auth);
    expect(post.status).toBe(401);
  });

  it("gives a guest who types a member's verified email nothing of that member's identity", async () => {
    const { token } = await signIn('wordpress', 'grace');
    const guest = await postComment(app, { body: 'I am Grace, honest', guest: { name: 'Grace Hopper', email: 'grace@example.test' } }, { 'X-Natter-Visitor': visitor(7) });
    expect(guest.status).toBe(201);
    const comment = (await guest.json()) as { comment: { author: Record<string, unknown>; mine?: boolean } };
    expect(comment.comment.author.provider).toBeUndefined();
    // As the member, that guest comment is not theirs.
    const list = await (await app.request('/api/comments?page=%2Fpost&limit=100', { headers: { Authorization: `Bearer ${token}` } })).json() as { comments: Array<{ bodyHtml: string; mine?: boolean; author: { provider?: string } }> };
    const forged = list.comments.find((c) => c.bodyHtml.includes('I am Grace, honest'));
    expect(forged?.mine).not.toBe(true);
    expect(forged?.author.provider).toBeUndefined();
    // The member is untouched.
    const still = await (await app.request('/api/session', { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(still).toMatchObject({ session: { provider: 'wordpress', user: { name: 'Grace Hopper' } } });
  });

  it('limits sign-in starts per address, answering the popup with a page and Retry-After', async () => {
    const url = `${PUBLIC_URL}/auth/facebook/start?${new URLSearchParams({ origin: SITE, nonce: NONCE, mode: 'popup' })}`;
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await app.request(url)).status);
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(30);
    const limited = await app.request(url);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    expect(limited.headers.get('content-type')).toContain('text/html');
  });
});
