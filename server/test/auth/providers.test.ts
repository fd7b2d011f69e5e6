import { describe, expect, it } from 'vitest';
import {
  mapFacebookProfile, mapGoogleProfile, mapTwitterProfile, mapWordPressProfile, providerTable,
} from '../../src/auth/providers';
import { cleanDisplayName, safeProfileUrl } from '../../src/auth/profile-text';

const wordpressMe = {
  ID: 123456,
  display_name: 'Ada Lovelace',
  username: 'adalovelace',
  email: 'ada@example.com',
  primary_blog: 42,
  language: 'en',
  avatar_URL: 'https://0.gravatar.com/avatar/abc?s=96&d=identicon',
  profile_URL: 'https://gravatar.com/adalovelace',
  verified: true,
  email_verified: true,
  date: '2012-03-04T05:06:07+00:00',
  site_count: 1,
  logout_URL: 'https://wordpress.com/wp-login.php?action=logout',
};

const googleClaims = {
  iss: 'https://accounts.google.com',
  aud: 'client',
  sub: '110169484474386276334',
  email: 'grace@example.com',
  email_verified: true,
  name: 'Grace Hopper',
  picture: 'https://lh3.googleusercontent.com/a/photo',
  given_name: 'Grace',
  family_name: 'Hopper',
  iat: 1, exp: 2, nonce: 'n',
};

const twitterMe = {
  data: {
    id: '2244994945',
    name: 'Ada Lovelace',
    username: 'ada_l',
    profile_image_url: 'https://pbs.twimg.com/profile_images/1/ada_normal.jpg',
    url: 'https://t.co/abc',
  },
};

const facebookMe = {
  id: '10158000000000001',
  name: 'Grace Hopper',
  picture: { data: { height: 50, is_silhouette: false, url: 'https://platform-lookaside.fbsbx.com/p?asid=1', width: 50 } },
  link: 'https://www.facebook.com/app_scoped_user_id/1/',
  email: 'grace@example.com',
};

describe('cleanDisplayName', () => {
  it('normalises to NFC and collapses spaces', () => {
    expect(cleanDisplayName('  Ade\u0301le \u00a0\u2028 Smith ')).toBe('Ad\u00e9le Smith');
  });

  it('strips bidi controls, zero-width characters, controls and lone surrogates', () => {
    expect(cleanDisplayName('\u202eAda\u200b\u200d \u0007Love\ufefflace\ud800')).toBe('Ada Lovelace');
  });

  it('rejects names that are empty once cleaned or longer than 64 characters, never truncating', () => {
    expect(cleanDisplayName('\u200b\u202e \t')).toBeUndefined();
    expect(cleanDisplayName('x'.repeat(65))).toBeUndefined();
    expect(cleanDisplayName('😀'.repeat(64))).toBe('😀'.repeat(64));
    expect(cleanDisplayName(42)).toBeUndefined();
  });

  it('keeps markup-looking names as plain text for the widget to show as text', () => {
    expect(cleanDisplayName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('safeProfileUrl', () => {
  it('accepts absolute https URLs and normalises them', () => {
    expect(safeProfileUrl('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it.each([
    'http://example.com/a.png', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>', '//evil.test/a.png', '/relative.png', 'https://user:pw@evil.test/',
    'https://ok.test@evil.test/', 'vbscript:msgbox', 'file:///etc/passwd', `https://a.test/${'x'.repeat(2048)}`,
  ])('rejects %s', (value) => {
    expect(safeProfileUrl(value)).toBeUndefined();
  });

  it('accepts http only from the development stand-in origin', () => {
    const devOrigin = 'http://127.0.0.1:3000';
    expect(safeProfileUrl('http://127.0.0.1:3000/_standin/a.png', { devOrigin })).toBe('http://127.0.0.1:3000/_standin/a.png');
    expect(safeProfileUrl('http://127.0.0.1:3001/a.png', { devOrigin })).toBeUndefined();
  });
});

describe('WordPress.com profile mapping', () => {
  it('maps /rest/v1.1/me, keeping the verified email', () => {
    expect(mapWordPressProfile(wordpressMe)).toEqual({
      subject: '123456',
      name: 'Ada Lovelace',
      avatarUrl: 'https://0.gravatar.com/avatar/abc?s=96&d=identicon',
      profileUrl: 'https://gravatar.com/adalovelace',
      email: 'ada@example.com',
      emailVerified: true,
    });
  });

  it('drops an unverified email', () => {
    const profile = mapWordPressProfile({ ...wordpressMe, email_verified: false });
    expect(profile.email).toBeUndefined();
    expect(profile.emailVerified).toBe(false);
  });

  it('falls back to the username when the display name is hostile, and drops a hostile avatar', () => {
    const profile = mapWordPressProfile({
      ...wordpressMe, display_name: '\u202e\u200b', avatar_URL: 'javascript:alert(1)', profile_URL: 'http://x.test/',
    });
    expect(profile.name).toBe('adalovelace');
    expect(profile.avatarUrl).toBeUndefined();
    expect(profile.profileUrl).toBeUndefined();
  });

  it('refuses a profile without an id', () => {
    expect(() => mapWordPressProfile({ display_name: 'x' })).toThrow(expect.objectContaining({ code: 'provider_error' }));
    expect(() => mapWordPressProfile(null)).toThrow(expect.objectContaining({ code: 'provider_error' }));
    expect(() => mapWordPressProfile({ ID: -1 })).toThrow(expect.objectContaining({ code: 'provider_error' }));
  });
});

describe('Google profile mapping', () => {
  it('maps id_token claims with a verified email', () => {
    expect(mapGoogleProfile(googleClaims)).toEqual({
      subject: '110169484474386276334',
      name: 'Grace Hopper',
      avatarUrl: 'https://lh3.googleusercontent.com/a/photo',
      email: 'grace@example.com',
      emailVerified: true,
    });
  });

  it('keeps the email only when email_verified is exactly true', () => {
    expect(mapGoogleProfile({ ...googleClaims, email_verified: 'true' }).email).toBeUndefined();
    expect(mapGoogleProfile({ ...googleClaims, email_verified: false }).email).toBeUndefined();
  });

  it('falls back to the given name, then to a generic name', () => {
    expect(mapGoogleProfile({ ...googleClaims, name: 'x'.repeat(200) }).name).toBe('Grace');
    expect(mapGoogleProfile({ sub: 's', name: ['array'] }).name).toBe('Google user');
  });

  it('ignores a picture that is not https', () => {
    expect(mapGoogleProfile({ ...googleClaims, picture: 'data:image/png;base64,AAAA' }).avatarUrl).toBeUndefined();
  });
});

describe('Twitter profile mapping', () => {
  it('maps /2/users/me with a profile link built from the username and no email', () => {
    expect(mapTwitterProfile(twitterMe)).toEqual({
      subject: '2244994945',
      name: 'Ada Lovelace',
      avatarUrl: 'https://pbs.twimg.com/profile_images/1/ada_normal.jpg',
      profileUrl: 'https://x.com/ada_l',
      emailVerified: false,
    });
  });

  it('never builds a profile link from a malformed username', () => {
    const profile = mapTwitterProfile({ data: { ...twitterMe.data, username: '../evil', url: 'https://site.test/' } });
    expect(profile.profileUrl).toBe('https://site.test/');
  });

  it('falls back to @username for a hostile display name', () => {
    expect(mapTwitterProfile({ data: { ...twitterMe.data, name: '\u0000\u200e\u2066' } }).name).toBe('@ada_l');
  });

  it('refuses a response without data.id', () => {
    expect(() => mapTwitterProfile({ id: '1' })).toThrow(expect.objectContaining({ code: 'provider_error' }));
    expect(() => mapTwitterProfile({ data: { id: 'a b' } })).toThrow(expect.objectContaining({ code: 'provider_error' }));
  });
});

describe('Facebook profile mapping', () => {
  it('maps Graph /me with picture, and does not trust the unflagged email', () => {
    expect(mapFacebookProfile(facebookMe)).toEqual({
      subject: '10158000000000001',
      name: 'Grace Hopper',
      avatarUrl: 'https://platform-lookaside.fbsbx.com/p?asid=1',
      profileUrl: 'https://www.facebook.com/app_scoped_user_id/1/',
      emailVerified: false,
    });
  });

  it('leaves out the default silhouette and hostile pictures', () => {
    expect(mapFacebookProfile({ ...facebookMe, picture: { data: { ...facebookMe.picture.data, is_silhouette: true } } }).avatarUrl)
      .toBeUndefined();
    expect(mapFacebookProfile({ ...facebookMe, picture: { data: { url: 'javascript:alert(1)' } } }).avatarUrl).toBeUndefined();
    expect(mapFacebookProfile({ ...facebookMe, picture: 'https://x.test/a.png' }).avatarUrl).toBeUndefined();
  });

  it('uses a generic name when the name is missing or too long', () => {
    expect(mapFacebookProfile({ id: '1', name: 'A'.repeat(65) }).name).toBe('Facebook user');
  });
});

describe('providerTable', () => {
  it('points at the real providers by default', () => {
    const table = providerTable();
    expect(table.wordpress).toMatchObject({
      kind: 'oauth2',
      authorizationEndpoint: 'https://public-api.wordpress.com/oauth2/authorize',
      tokenEndpoint: 'https://public-api.wordpress.com/oauth2/token',
      profileEndpoint: 'https://public-api.wordpress.com/rest/v1.1/me',
      pkce: 'S256',
    });
    expect(table.google).toMatchObject({ kind: 'oidc', issuer: 'https://accounts.google.com', scopes: ['openid', 'profile', 'email'] });
    expect(table.twitter).toMatchObject({
      authorizationEndpoint: 'https://twitter.com/i/oauth2/authorize',
      tokenEndpoint: 'https://api.twitter.com/2/oauth2/token',
      profileEndpoint: 'https://api.twitter.com/2/users/me?user.fields=profile_image_url,url,username',
      clientAuth: 'client_secret_basic',
    });
    expect(table.facebook).toMatchObject({
      authorizationEndpoint: 'https://www.facebook.com/v23.0/dialog/oauth',
      tokenEndpoint: 'https://graph.facebook.com/v23.0/oauth/access_token',
      profileEndpoint: 'https://graph.facebook.com/v23.0/me?fields=id,name,picture,link,email',
    });
  });

  it('moves every host of a provider to an overriding base URL', () => {
    const table = providerTable({ twitter: 'http://127.0.0.1:9/_standin/twitter', google: 'http://127.0.0.1:9/_standin/google' });
    expect(table.twitter).toMatchObject({
      issuer: 'http://127.0.0.1:9',
      authorizationEndpoint: 'http://127.0.0.1:9/_standin/twitter/i/oauth2/authorize',
      tokenEndpoint: 'http://127.0.0.1:9/_standin/twitter/2/oauth2/token',
      profileEndpoint: 'http://127.0.0.1:9/_standin/twitter/2/users/me?user.fields=profile_image_url,url,username',
    });
    expect(table.google.issuer).toBe('http://127.0.0.1:9/_standin/google');
  });
});
