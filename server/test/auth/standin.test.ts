import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oauthStandin } from '../../src/auth/standin/oauth-standin';
import { FACEBOOK_FLAVOUR, TWITTER_FLAVOUR, WORDPRESS_FLAVOUR, type StandinFlavour } from '../../src/auth/standin/standin-flavours';
import { standinAvatarPng } from '../../src/auth/standin/standin-avatar';
import { consentForm } from './flow-harness';

const CLIENT = { clientId: 'natter-dev', clientSecret: 'dev-secret', redirectUri: 'http://127.0.0.1:1/auth/x/callback' };
const VERIFIER = 'v'.repeat(50);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

function paths(flavour: StandinFlavour) {
  const version = (p: string) => p.replace(':version{v[0-9]+\\.0}', 'v23.0');
  return { authorize: version(flavour.authorizePath), token: version(flavour.tokenPath), profile: version(flavour.profilePath) };
}

/** Authorizes as Ada and returns the code from the redirect. */
async function authorize(flavour: StandinFlavour, params: Record<string, string> = {}) {
  const app = oauthStandin(flavour, { base: 'http://standin.test', client: CLIENT });
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, state: 'st',
    code_challenge: CHALLENGE, code_challenge_method: 'S256', ...params,
  });
  const page = await app.request(`${paths(flavour).authorize}?${query}`);
  const form = consentForm(await page.text());
  const back = await app.request('/consent', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form.fields, user: 'ada' }).toString(),
  });
  const location = new URL(back.headers.get('location') ?? '');
  return { app, code: location.searchParams.get('code') ?? '', location };
}

function tokenRequest(flavour: StandinFlavour, fields: Record<string, string>, secret = CLIENT.clientSecret) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: CLIENT.redirectUri, code_verifier: VERIFIER, ...fields });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (flavour.clientAuth === 'basic') headers.authorization = `Basic ${Buffer.from(`${CLIENT.clientId}:${secret}`).toString('base64')}`;
  else {
    body.set('client_id', CLIENT.clientId);
    body.set('client_secret', secret);
  }
  return { method: 'POST', headers, body: body.toString() };
}

describe.each([WORDPRESS_FLAVOUR, TWITTER_FLAVOUR, FACEBOOK_FLAVOUR])('the $label stand-in', (flavour) => {
  it('redirects back with a code and the state, then trades the code once for a token that reads the profile', async () => {
    const { app, code, location } = await authorize(flavour);
    expect(location.origin + location.pathname).toBe(CLIENT.redirectUri);
    expect(location.searchParams.get('state')).toBe('st');
    const answer = await app.request(paths(flavour).token, tokenRequest(flavour, { code }));
    expect(answer.status).toBe(200);
    const token = (await answer.json()) as { access_token: string; token_type: string };
    expect(token.token_type).toBe('bearer');
    const profile = await app.request(paths(flavour).profile, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(profile.status).toBe(200);
    expect(JSON.stringify(await profile.json())).toContain('Ada Lovelace');

    const again = await app.request(paths(flavour).token, tokenRequest(flavour, { code }));
    expect(again.status).toBe(400);
    // Replaying the code revoked the token it had issued.
    const revoked = await app.request(paths(flavour).profile, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(revoked.status).toBe(401);
  });

  it('refuses a wrong PKCE verifier, a wrong redirect_uri and a wrong client secret', async () => {
    const wrongVerifier = await authorize(flavour);
    expect((await wrongVerifier.app.request(paths(flavour).token, tokenRequest(flavour, { code: wrongVerifier.code, code_verifier: 'w'.repeat(50) }))).status).toBe(400);
    const wrongRedirect = await authorize(flavour);
    expect((await wrongRedirect.app.request(paths(flavour).token, tokenRequest(flavour, { code: wrongRedirect.code, redirect_uri: 'http://evil.test/cb' }))).status).toBe(400);
    const wrongSecret = await authorize(flavour);
    expect((await wrongSecret.app.request(paths(flavour).token, tokenRequest(flavour, { code: wrongSecret.code }, 'not-the-secret'))).status).toBe(401);
  });

  it('shows an error page, not a redirect, for an unregistered redirect_uri', async () => {
    const app = oauthStandin(flavour, { base: 'http://standin.test', client: CLIENT });
    const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: 'https://evil.test/cb', state: 's' });
    const page = await app.request(`${paths(flavour).authorize}?${query}`);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
  });

  it('labels its consent page as a local stand-in and answers Deny with access_denied', async () => {
    const app = oauthStandin(flavour, { base: 'http://standin.test', client: CLIENT });
    const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    const html = await (await app.request(`${paths(flavour).authorize}?${query}`)).text();
    expect(html).toContain(`Local stand-in for ${flavour.label} — not the real sign-in`);
    const form = consentForm(html);
    const denied = await app.request('/consent', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form.fields, deny: '1' }).toString(),
    });
    expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });
});

describe('stand-in details', () => {
  it('makes Twitter require PKCE', async () => {
    const app = oauthStandin(TWITTER_FLAVOUR, { base: 'http://standin.test', client: CLIENT });
    const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: CLIENT.redirectUri, state: 's' });
    const answer = await app.request(`/i/oauth2/authorize?${query}`);
    expect(new URL(answer.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('answers with the real shapes: WordPress.com ID and avatar_URL, Twitter data.*, Facebook picture.data.url', () => {
    const ada = { key: 'ada', name: 'Ada Lovelace', username: 'ada', email: 'a@x.test', ids: { wordpress: '1', google: '2', twitter: '3', facebook: '4' }, colour: [0, 0, 0] as const };
    expect(WORDPRESS_FLAVOUR.profile(ada, 'https://a/p.png', new URLSearchParams())).toMatchObject({ ID: 1, display_name: 'Ada Lovelace', avatar_URL: 'https://a/p.png', email_verified: true });
    expect(TWITTER_FLAVOUR.profile(ada, 'https://a/p.png', new URLSearchParams('user.fields=profile_image_url,url,username')))
      .toEqual({ data: { id: '3', name: 'Ada Lovelace', username: 'ada', profile_image_url: 'https://a/p.png', url: 'https://t.co/natterdev' } });
    expect(FACEBOOK_FLAVOUR.profile(ada, 'https://a/p.png', new URLSearchParams('fields=id,name,picture'))).toEqual({
      id: '4', name: 'Ada Lovelace', picture: { data: { height: 50, is_silhouette: false, url: 'https://a/p.png', width: 50 } },
    });
  });

  it('serves avatars as real PNG images', () => {
    const png = standinAvatarPng([1, 2, 3]);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(64);
  });
});
