import { describe, expect, it } from 'vitest';
import { devModeRefusal, providerClients, readAuthSettings, standinClients } from '../../src/auth/auth-config';

describe('readAuthSettings', () => {
  it('enables a provider only when both its client id and secret are set', () => {
    const settings = readAuthSettings({
      NATTER_GOOGLE_CLIENT_ID: 'gid', NATTER_GOOGLE_CLIENT_SECRET: 'gsecret', NATTER_FACEBOOK_CLIENT_ID: '  ',
    });
    expect(settings.credentials).toEqual({ google: { clientId: 'gid', clientSecret: 'gsecret' } });
  });

  it('lets flags win over the environment', () => {
    const settings = readAuthSettings(
      { NATTER_TWITTER_CLIENT_ID: 'env-id', NATTER_TWITTER_CLIENT_SECRET: 'env-secret' },
      { 'twitter-client-id': 'flag-id' },
    );
    expect(settings.credentials.twitter).toEqual({ clientId: 'flag-id', clientSecret: 'env-secret' });
  });

  it('explains a half-configured provider', () => {
    expect(() => readAuthSettings({ NATTER_WORDPRESS_CLIENT_ID: 'id' })).toThrow(/wordpress: the client secret is missing/);
    expect(() => readAuthSettings({ NATTER_WORDPRESS_CLIENT_SECRET: 's' })).toThrow(/wordpress: the client id is missing/);
  });

  it('accepts only absolute http(s) base URLs', () => {
    expect(readAuthSettings({ NATTER_FACEBOOK_BASE_URL: 'https://fb.example.test/' }).baseUrls).toEqual({ facebook: 'https://fb.example.test' });
    expect(() => readAuthSettings({ NATTER_FACEBOOK_BASE_URL: 'javascript:alert(1)' })).toThrow(/not an absolute http\(s\) URL/);
    expect(() => readAuthSettings({ NATTER_FACEBOOK_BASE_URL: '/relative' })).toThrow(/not an absolute http\(s\) URL/);
  });
});

describe('devModeRefusal', () => {
  const none = readAuthSettings({});
  const ok = { host: '127.0.0.1', publicUrl: 'http://127.0.0.1:8080', env: {}, settings: none };

  it('allows development mode on loopback without real credentials', () => {
    expect(devModeRefusal(ok)).toBeNull();
    expect(devModeRefusal({ ...ok, host: '::1', publicUrl: 'http://[::1]:8080' })).toBeNull();
    expect(devModeRefusal({ ...ok, host: 'localhost', publicUrl: 'http://localhost:8080' })).toBeNull();
  });

  it('refuses a host or public URL that is not loopback', () => {
    expect(devModeRefusal({ ...ok, host: '0.0.0.0' })).toMatch(/loopback host/);
    expect(devModeRefusal({ ...ok, host: '192.168.1.2' })).toMatch(/loopback host/);
    expect(devModeRefusal({ ...ok, publicUrl: 'https://comments.example.com' })).toMatch(/loopback public URL/);
    expect(devModeRefusal({ ...ok, publicUrl: 'http://127.0.0.1.evil.test' })).toMatch(/loopback public URL/);
  });

  it('refuses NODE_ENV=production and real provider credentials', () => {
    expect(devModeRefusal({ ...ok, env: { NODE_ENV: 'production' } })).toMatch(/NODE_ENV=production/);
    const real = readAuthSettings({ NATTER_GOOGLE_CLIENT_ID: 'id', NATTER_GOOGLE_CLIENT_SECRET: 's' });
    expect(devModeRefusal({ ...ok, settings: real })).toMatch(/real provider credentials.*google/);
  });
});

describe('providerClients', () => {
  it('creates clients only for configured providers, with the exact callback URL', () => {
    const clients = providerClients({
      publicUrl: 'https://comments.example.com/',
      settings: readAuthSettings({ NATTER_TWITTER_CLIENT_ID: 'id', NATTER_TWITTER_CLIENT_SECRET: 's' }),
    });
    expect(Object.keys(clients)).toEqual(['twitter']);
    expect(clients.twitter?.definition).toMatchObject({ tokenEndpoint: 'https://api.twitter.com/2/oauth2/token' });
  });

  it('points every provider at its stand-in in development mode', () => {
    const url = 'http://127.0.0.1:8080';
    const clients = providerClients({ publicUrl: url, settings: readAuthSettings({}), standins: standinClients(url) });
    expect(Object.keys(clients)).toEqual(['wordpress', 'google', 'twitter', 'facebook']);
    expect(clients.wordpress?.definition).toMatchObject({ authorizationEndpoint: `${url}/_standin/wordpress/oauth2/authorize` });
    expect(clients.google?.definition.issuer).toBe(`${url}/_standin/google`);
  });
});
