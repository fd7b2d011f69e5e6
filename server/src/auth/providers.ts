import type { ProviderId } from './provider-ids';
import { ApiError } from '../http/api-error';
import { cleanDisplayName, cleanEmail, cleanSubject, isRecord, safeProfileUrl, type SafeUrlOptions } from './profile-text';

/** What natter keeps of a provider's profile, after narrowing. */
export interface ProviderProfile {
  /** The provider's stable user id; with the provider it is the identity. */
  subject: string;
  /** Display name, validated like a guest name. */
  name: string;
  /** Absolute https URL of the avatar. */
  avatarUrl?: string;
  /** Absolute https URL of the user's profile or website. */
  profileUrl?: string;
  /** Present only when the provider says the address is verified. */
  email?: string;
  /** True when the provider vouches for `email`. */
  emailVerified: boolean;
}

/** How the client authenticates at the token endpoint. */
export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

/** Fields every provider definition shares. */
interface ProviderBase {
  id: ProviderId;
  /** Name shown to readers. */
  label: string;
  /** Scopes requested, joined with {@link ProviderBase.scopeSeparator}. */
  scopes: string[];
  /** @default ' ' */
  scopeSeparator: string;
  /** PKCE method sent with every authorization request. */
  pkce: 'S256';
  clientAuth: ClientAuthMethod;
  /** Extra authorization request parameters. */
  authorizeParams: Record<string, string>;
  /**
   * Turns the provider's profile JSON (or, for OpenID Connect, the validated
   * id_token claims) into a {@link ProviderProfile}. Pure; throws
   * `ApiError` 502 `provider_error` when there is no usable subject.
   */
  mapProfile(json: unknown, options?: SafeUrlOptions): ProviderProfile;
}

/** A plain OAuth 2.0 provider whose identity comes from a profile API. */
export interface OAuthProvider extends ProviderBase {
  kind: 'oauth2';
  /** Identifier used as the authorization server's issuer (its origin). */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  profileEndpoint: string;
}

/** An OpenID Connect provider, configured through discovery. */
export interface OidcProvider extends ProviderBase {
  kind: 'oidc';
  /** Issuer identifier; metadata comes from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
}

/** One row of the provider table. */
export type ProviderDefinition = OAuthProvider | OidcProvider;

/** The Graph API version natter speaks to Facebook. */
export const FACEBOOK_GRAPH_VERSION = 'v23.0';

/** The real providers' base URLs. */
export const DEFAULT_BASE_URLS: Record<ProviderId, string> = {
  wordpress: 'https://public-api.wordpress.com',
  google: 'https://accounts.google.com',
  twitter: 'https://twitter.com',
  facebook: 'https://www.facebook.com',
};

/**
 * Per-provider base URL overrides. One URL replaces every host of that
 * provider (its web, API and Graph hosts) — the local stand-ins serve all of
 * them from one place, so the production code path stays the same.
 */
export type BaseUrlOverrides = Partial<Record<ProviderId, string>>;

function fallbackName(label: string, ...candidates: unknown[]): string {
  for (const candidate of candidates) {
    const name = cleanDisplayName(candidate);
    if (name !== undefined) return name;
  }
  return `${label} user`;
}

function requireSubject(provider: string, value: unknown): string {
  const subject = cleanSubject(value);
  if (subject === undefined) throw new ApiError(502, 'provider_error', `Reading the ${provider} profile: no usable user id`);
  return subject;
}

function withEmail(profile: Omit<ProviderProfile, 'emailVerified'>, email: unknown, verified: boolean): ProviderProfile {
  const address = verified ? cleanEmail(email) : undefined;
  return address === undefined ? { ...profile, emailVerified: false } : { ...profile, email: address, emailVerified: true };
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Maps WordPress.com's `/rest/v1.1/me`. */
export function mapWordPressProfile(json: unknown, options?: SafeUrlOptions): ProviderProfile {
  const me = isRecord(json) ? json : {};
  const subject = requireSubject('WordPress.com', me.ID);
  const username = typeof me.username === 'string' && /^[a-z0-9]{1,60}$/i.test(me.username) ? me.username : undefined;
  return withEmail(
    compact({
      subject,
      name: fallbackName('WordPress.com', me.display_name, username),
      avatarUrl: safeProfileUrl(me.avatar_URL, options),
      profileUrl: safeProfileUrl(me.profile_URL, options),
    }),
    me.email,
    me.email_verified === true,
  );
}

/** Maps the validated claims of Google's id_token. */
export function mapGoogleProfile(json: unknown, options?: SafeUrlOptions): ProviderProfile {
  const claims = isRecord(json) ? json : {};
  const subject = requireSubject('Google', claims.sub);
  const given = typeof claims.given_name === 'string' ? claims.given_name : undefined;
  return withEmail(
    compact({
      subject,
      name: fallbackName('Google', claims.name, given),
      avatarUrl: safeProfileUrl(claims.picture, options),
      profileUrl: safeProfileUrl(claims.profile, options),
    }),
    claims.email,
    claims.email_verified === true,
  );
}

/** Maps Twitter's `/2/users/me?user.fields=profile_image_url,url,username`. */
export function mapTwitterProfile(json: unknown, options?: SafeUrlOptions): ProviderProfile {
  const data = isRecord(json) && isRecord(json.data) ? json.data : {};
  const subject = requireSubject('Twitter', data.id);
  const username = typeof data.username === 'string' && /^[A-Za-z0-9_]{1,15}$/.test(data.username) ? data.username : undefined;
  // Twitter never says an address is verified through this API: no email.
  return withEmail(
    compact({
      subject,
      name: fallbackName('Twitter', data.name, username && `@${username}`),
      avatarUrl: safeProfileUrl(data.profile_image_url, options),
      profileUrl: username ? `https://x.com/${username}` : safeProfileUrl(data.url, options),
    }),
    undefined,
    false,
  );
}

/** Maps Facebook's Graph `/me?fields=id,name,picture,link,email`. */
export function mapFacebookProfile(json: unknown, options?: SafeUrlOptions): ProviderProfile {
  const me = isRecord(json) ? json : {};
  const subject = requireSubject('Facebook', me.id);
  const picture = isRecord(me.picture) && isRecord(me.picture.data) ? me.picture.data : {};
  // Graph's `email` carries no verification flag, so natter does not rely on it (docs/security.md S14).
  return withEmail(
    compact({
      subject,
      name: fallbackName('Facebook', me.name),
      avatarUrl: picture.is_silhouette === true ? undefined : safeProfileUrl(picture.url, options),
      profileUrl: safeProfileUrl(me.link, options),
    }),
    me.email,
    false,
  );
}

function origin(url: string): string {
  return new URL(url).origin;
}

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * The provider table: endpoints, scopes, PKCE, client authentication and
 * profile mapping of each provider. `overrides` points providers at other
 * hosts (the local stand-ins); everything else stays as in production.
 */
export function providerTable(overrides: BaseUrlOverrides = {}): Record<ProviderId, ProviderDefinition> {
  const wp = overrides.wordpress ?? DEFAULT_BASE_URLS.wordpress;
  const tw = overrides.twitter;
  const fb = overrides.facebook;
  const graph = `/${FACEBOOK_GRAPH_VERSION}`;
  return {
    wordpress: {
      id: 'wordpress',
      kind: 'oauth2',
      label: 'WordPress.com',
      issuer: origin(wp),
      authorizationEndpoint: join(wp, '/oauth2/authorize'),
      tokenEndpoint: join(wp, '/oauth2/token'),
      profileEndpoint: join(wp, '/rest/v1.1/me'),
      // `auth` grants /me only: natter never touches the reader's blogs.
      scopes: ['auth'],
      scopeSeparator: ' ',
      pkce: 'S256',
      clientAuth: 'client_secret_post',
      authorizeParams: {},
      mapProfile: mapWordPressProfile,
    },
    google: {
      id: 'google',
      kind: 'oidc',
      label: 'Google',
      issuer: overrides.google ?? DEFAULT_BASE_URLS.google,
      scopes: ['openid', 'profile', 'email'],
      scopeSeparator: ' ',
      pkce: 'S256',
      clientAuth: 'client_secret_post',
      // Let the reader choose the account each time (Log Out → sign in as someone else).
      authorizeParams: { prompt: 'select_account' },
      mapProfile: mapGoogleProfile,
    },
    twitter: {
      id: 'twitter',
      kind: 'oauth2',
      label: 'Twitter',
      issuer: origin(tw ?? DEFAULT_BASE_URLS.twitter),
      authorizationEndpoint: join(tw ?? 'https://twitter.com', '/i/oauth2/authorize'),
      tokenEndpoint: join(tw ?? 'https://api.twitter.com', '/2/oauth2/token'),
      profileEndpoint: join(tw ?? 'https://api.twitter.com', '/2/users/me?user.fields=profile_image_url,url,username'),
      scopes: ['users.read', 'tweet.read'],
      scopeSeparator: ' ',
      pkce: 'S256',
      // Twitter wants confidential clients to use HTTP Basic.
      clientAuth: 'client_secret_basic',
      authorizeParams: {},
      mapProfile: mapTwitterProfile,
    },
    facebook: {
      id: 'facebook',
      kind: 'oauth2',
      label: 'Facebook',
      issuer: origin(fb ?? DEFAULT_BASE_URLS.facebook),
      authorizationEndpoint: join(fb ?? 'https://www.facebook.com', `${graph}/dialog/oauth`),
      tokenEndpoint: join(fb ?? 'https://graph.facebook.com', `${graph}/oauth/access_token`),
      profileEndpoint: join(fb ?? 'https://graph.facebook.com', `${graph}/me?fields=id,name,picture,link,email`),
      scopes: ['public_profile', 'email'],
      scopeSeparator: ',',
      pkce: 'S256',
      clientAuth: 'client_secret_post',
      authorizeParams: {},
      mapProfile: mapFacebookProfile,
    },
  };
}
