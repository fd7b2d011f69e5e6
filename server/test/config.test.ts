import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

describe('parseConfig', () => {
  it('has safe defaults', () => {
    const c = parseConfig([], {});
    expect(c).toMatchObject({
      port: 8080, host: '127.0.0.1', database: './data/natter.db', publicUrl: 'http://127.0.0.1:8080', origins: [],
      adminPassword: null, smtpUrl: null, moderation: 'first', editWindowSeconds: 900, trustProxy: 0, secret: null,
      rateLimit: 30, pageCacheMb: 32, livePerClient: 16, dev: false, mailFrom: 'natter@localhost', siteName: '127.0.0.1',
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: 'postgres://db/natter', NATTER_ADMIN_PASSWORD: 'env-password', SMTP_URL: 'smtp://mail:25' };
    const c = parseConfig(['--port', '9100', '--origins', 'https://blog.example, https://www.blog.example/', '--moderation=all', '--trust-proxy', '1', '--dev'], env);
    expect(c).toMatchObject({
      port: 9100, host: '0.0.0.0', database: 'postgres://db/natter', adminPassword: 'env-password', smtpUrl: 'smtp://mail:25',
      origins: ['https://blog.example', 'https://www.blog.example'], moderation: 'all', trustProxy: 1, dev: true,
    });
  });

  it('rejects bad values with clear messages', () => {
    const bad: [string[], RegExp][] = [
      [['--port', 'eighty'], /--port must be a whole number from 0 to 65535/],
      [['--port', '70000'], /--port/],
      [['--moderation', 'sometimes'], /--moderation must be all, first or none/],
      [['--edit-window', '-5'], /--edit-window/],
      [['--origins', 'blog.example'], /--origins: "blog.example" is not an absolute URL/],
      [['--origins', 'ftp://blog.example'], /must be http or https/],
      [['--public-url', 'nope'], /--public-url/],
      [['--admin-password', 'short'], /at least 8 characters/],
      [['--smtp', 'http://mail'], /--smtp must be an smtp/],
      [['--secret', 'tooshort'], /--secret must be at least 32 characters/],
      [['--trust-proxy', '99'], /--trust-proxy/],
      [['--no-such-flag'], /no-such-flag/],
      [['--site-name', 'a\nb'], /--site-name/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseConfig(argv, {}), argv.join(' ')).toThrow(ConfigError);
      expect(() => parseConfig(argv, {})).toThrow(message);
    }
  });

  it('accepts extra flags for sign-in and returns them', () => {
    const c = parseConfig(['--google-client-id', 'abc'], {}, { 'google-client-id': { type: 'string' } });
    expect(c.flags['google-client-id']).toBe('abc');
  });
});
