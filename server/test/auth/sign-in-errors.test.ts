import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerClients, readAuthSettings, standinClients } from '../../src/auth/auth-config';
import type { AuthStore } from '../../src/auth/auth-store';
import { authRoutes } from '../../src/auth/routes';
import { SITE, startFlowServer, type FlowServer } from './flow-harness';

let server: FlowServer;
beforeAll(async () => { server = await startFlowServer(); });
afterAll(async () => { await server?.close(); });

const NONCE = 'widget-nonce-0123456789abcdef';
const JSON_ACCEPT = { accept: 'application/json' };
const BROWSER_ACCEPT = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

function startUrl(provider: string, params: Record<string, string>): string {
  const query = new URLSearchParams({ origin: SITE, nonce: NONCE, mode: 'popup', ...params });
  return `${server.url}/auth/${provider}/start?${query.toString()}`;
}

async function get(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every way a sign-in step refuses, with the status and code a program gets. */
const REFUSALS: { name: string; url: () => string; status: number; code: string }[] = [
  { name: 'an origin that may not sign in', url: () => startUrl('google', { origin: 'https://evil.test' }), status: 400, code: 'invalid' },
  { name: 'a malformed nonce', url: () => startUrl('google', { nonce: 'short' }), status: 400, code: 'invalid' },
  { name: 'an unknown mode', url: () => startUrl('google', { mode: 'iframe' }), status: 400, code: 'invalid' },
  { name: 'a foreign return address', url: () => startUrl('google', { mode: 'redirect', return: 'https://evil.test/' }), status: 400, code: 'invalid' },
  { name: 'a provider that is not enabled', url: () => startUrl('myspace', {}), status: 404, code: 'not_found' },
  { name: 'an unknown or used state', url: () => `${server.url}/auth/google/callback?state=forged-state&code=x`, status: 400, code: 'invalid' },
];

describe('sign-in errors', () => {
  it.each(REFUSALS)('answers $name in the API error shape to a client that asks for JSON', async ({ url, status, code }) => {
    const answer = await get(url(), JSON_ACCEPT);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const body: unknown = JSON.parse(answer.text);
    expect(body).toEqual({ error: { code, message: expect.any(String), field: expect.any(String) } });
    expect(answer.text).not.toContain('<');
  });

  it.each(REFUSALS)('shows the reader in the popup a page about $name, under a CSP without scripts', async ({ url, status }) => {
    const answer = await get(url(), BROWSER_ACCEPT);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.text).toContain('<h1>Sign-in did not work</h1>');
    expect(answer.text).toContain('Close this window and try again from the article.');
  });

  it('speaks French or German to the reader by the widget\'s lang, then by the browser\'s Accept-Language', async () => {
    const byLang = await get(startUrl('google', { origin: 'https://evil.test', lang: 'fr-CA' }), { ...BROWSER_ACCEPT, 'accept-language': 'de' });
    expect(byLang.text).toContain('<html lang="fr">');
    expect(byLang.text).toContain('<h1>La connexion a échoué</h1>');
    expect(byLang.text).toContain('Cette page n’est pas autorisée à se connecter avec ce serveur.');
    expect(byLang.headers.get('content-language')).toBe('fr');

    const byBrowser = await get(`${server.url}/auth/google/callback?state=forged`, { ...BROWSER_ACCEPT, 'accept-language': 'ja;q=1, de-CH;q=0.8, en;q=0.5' });
    expect(byBrowser.text).toContain('<html lang="de">');
    expect(byBrowser.text).toContain('Diese Anmeldung ist abgelaufen oder wurde bereits verwendet.');

    const unknown = await get(startUrl('myspace', { lang: 'xx' }), { ...BROWSER_ACCEPT, 'accept-language': 'ja' });
    expect(unknown.text).toContain('<html lang="en">');
    expect(unknown.text).toContain('This sign-in provider is not enabled on this site.');
  });

  it('answers a JSON client in the error shape even with a lang, and a failed exchange always in JSON', async () => {
    const answer = await get(startUrl('google', { nonce: 'short', lang: 'de' }), { accept: 'application/json, text/html;q=0.5' });
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 'invalid', message: 'The sign-in request is malformed.', field: 'nonce' } });
    const exchange = await fetch(`${server.url}/auth/exchange`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: SITE, accept: 'text/html' }, body: JSON.stringify({ code: 'x'.repeat(43) }),
    });
    expect(exchange.status).toBe(401);
    expect(await exchange.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
  });
});

describe('sign-in failing on the server', () => {
  const broken: AuthStore = {
    putAttempt: async () => { throw new Error('the database is gone'); },
    takeAttempt: async () => { throw new Error('the database is gone'); },
    putLoginCode: async () => { throw new Error('the database is gone'); },
    takeLoginCode: async () => { throw new Error('the database is gone'); },
  };
  const publicUrl = 'http://natter.test';
  const logs: string[] = [];
  const app = authRoutes({
    publicUrl, allowedOrigins: [SITE], store: broken, log: (line) => logs.push(line),
    providers: providerClients({ publicUrl, settings: readAuthSettings({}), standins: standinClients(publicUrl) }),
    storage: { upsertUser: async () => { throw new Error('unused'); }, getUser: async () => null },
    sessions: { issueUserSession: async () => { throw new Error('unused'); } },
  });

  it('shows the reader a translated page, not JSON or a stack trace, and logs why', async () => {
    const url = `/wordpress/callback?state=some-state`;
    const page = await app.request(url, { headers: { ...BROWSER_ACCEPT, 'accept-language': 'de-DE' } });
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Auf dem Server ist ein Fehler aufgetreten.');
    expect(html).not.toContain('the database is gone');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(logs.some((line) => line.includes('the database is gone'))).toBe(true);
  });

  it('leaves a JSON client to the app\'s JSON error', async () => {
    const root = new Hono();
    root.route('/auth', app);
    root.onError((_error, c) => c.json({ error: { code: 'server', message: 'Something went wrong on the server' } }, 500));
    const answer = await root.request('/auth/wordpress/callback?state=some-state', { headers: JSON_ACCEPT });
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: { code: 'server', message: 'Something went wrong on the server' } });
  });
});
