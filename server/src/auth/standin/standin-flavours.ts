import type { ProviderId } from '../provider-ids';
import type { StandinUser } from './standin-users';

/** How one provider's OAuth 2.0 endpoints look and answer, for {@link oauthStandin}. */
export interface StandinFlavour {
  provider: Exclude<ProviderId, 'google'>;
  label: string;
  /** Hono paths, relative to the stand-in's mount point. */
  authorizePath: string;
  tokenPath: string;
  profilePath: string;
  /** Where the token endpoint expects the client's credentials. */
  clientAuth: 'post' | 'basic';
  /** Whether an authorization request without a PKCE challenge is refused. */
  pkceRequired: boolean;
  /** The token endpoint's success body. */
  tokenResponse(accessToken: string, scope: string): Record<string, unknown>;
  /** The token or profile endpoint's error body. */
  errorBody(error: string, description: string): Record<string, unknown>;
  /** The profile endpoint's body; `query` is the request's query string. */
  profile(user: StandinUser, avatarUrl: string, query: URLSearchParams): Record<string, unknown>;
  /** Appended to the redirect back to the client (Facebook adds `#_=_`). */
  redirectSuffix?: string;
}

function pick(all: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(all).filter(([key]) => fields.includes(key)));
}

/** WordPress.com: `/oauth2/authorize`, `/oauth2/token`, `/rest/v1.1/me`. */
export const WORDPRESS_FLAVOUR: StandinFlavour = {
  provider: 'wordpress',
  label: 'WordPress.com',
  authorizePath: '/oauth2/authorize',
  tokenPath: '/oauth2/token',
  profilePath: '/rest/v1.1/me',
  clientAuth: 'post',
  pkceRequired: false,
  tokenResponse: (accessToken, scope) => ({ access_token: accessToken, token_type: 'bearer', blog_id: '0', blog_url: null, scope }),
  errorBody: (error, description) => ({ error, error_description: description }),
  profile: (user, avatarUrl) => ({
    ID: Number(user.ids.wordpress),
    display_name: user.name,
    username: user.username,
    email: user.email,
    primary_blog: 0,
    primary_blog_url: null,
    language: 'en',
    locale_variant: '',
    token_site_id: false,
    token_scope: ['auth'],
    avatar_URL: avatarUrl,
    profile_URL: `https://gravatar.com/${user.username}`,
    verified: true,
    email_verified: user.key !== 'mallory',
    date: '2012-01-01T00:00:00+00:00',
    site_count: 0,
    visible_site_count: 0,
    has_unseen_notes: false,
    newest_note_type: '',
    phone_account: false,
    meta: { links: { self: 'https://public-api.wordpress.com/rest/v1.1/me' } },
    is_valid_google_apps_country: true,
    logout_URL: 'https://wordpress.com/wp-login.php?action=logout',
  }),
};

/** Twitter (X): `/i/oauth2/authorize`, `/2/oauth2/token`, `/2/users/me`. */
export const TWITTER_FLAVOUR: StandinFlavour = {
  provider: 'twitter',
  label: 'Twitter',
  authorizePath: '/i/oauth2/authorize',
  tokenPath: '/2/oauth2/token',
  profilePath: '/2/users/me',
  clientAuth: 'basic',
  pkceRequired: true,
  tokenResponse: (accessToken, scope) => ({ token_type: 'bearer', expires_in: 7200, access_token: accessToken, scope }),
  errorBody: (error, description) => ({ error, error_description: description }),
  profile: (user, avatarUrl, query) => {
    const fields = (query.get('user.fields') ?? '').split(',');
    const extra = pick({ profile_image_url: avatarUrl, url: 'https://t.co/natterdev' }, fields);
    return { data: { id: user.ids.twitter, name: user.name, username: user.username, ...extra } };
  },
};

/** Facebook: `/vNN.0/dialog/oauth`, `/vNN.0/oauth/access_token`, Graph `/vNN.0/me`. */
export const FACEBOOK_FLAVOUR: StandinFlavour = {
  provider: 'facebook',
  label: 'Facebook',
  authorizePath: '/:version{v[0-9]+\\.0}/dialog/oauth',
  tokenPath: '/:version{v[0-9]+\\.0}/oauth/access_token',
  profilePath: '/:version{v[0-9]+\\.0}/me',
  clientAuth: 'post',
  pkceRequired: false,
  tokenResponse: (accessToken) => ({ access_token: accessToken, token_type: 'bearer', expires_in: 5183944 }),
  errorBody: (error, description) => ({ error: { message: description, type: 'OAuthException', code: 100, error_subcode: 36009, fbtrace_id: error } }),
  profile: (user, avatarUrl, query) => {
    const fields = (query.get('fields') ?? 'id,name').split(',');
    return pick({
      id: user.ids.facebook,
      name: user.name,
      picture: { data: { height: 50, is_silhouette: false, url: avatarUrl, width: 50 } },
      link: `https://www.facebook.com/app_scoped_user_id/${user.ids.facebook}/`,
      email: user.email,
    }, fields.includes('id') ? fields : [...fields, 'id']);
  },
  redirectSuffix: '#_=_',
};
