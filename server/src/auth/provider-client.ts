import * as oauth from 'oauth4webapi';
import { ApiError } from '../http/api-error';
import type { ProviderDefinition, ProviderProfile } from './providers';

/** natter's registration at one provider. */
export interface ProviderCredentials {
  clientId: string;
  clientSecret: string;
}

/** Options for {@link ProviderClient}. */
export interface ProviderClientOptions {
  /** Exactly the redirect URI registered at the provider: `<public URL>/auth/<provider>/callback`. */
  redirectUri: string;
  /**
   * Development mode: allows `http:` endpoints and accepts `http:` avatar and
   * profile URLs from this origin (the local stand-ins). Never set in production.
   */
  devOrigin?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Time allowed for each request to the provider. @default 10000 */
  timeoutMs?: number;
}

/** What the callback needs to finish the attempt the start step created. */
export interface AttemptSecrets {
  state: string;
  codeVerifier: string;
  oidcNonce: string;
}

function providerFailure(def: ProviderDefinition, step: string, cause: unknown): ApiError {
  return new ApiError(502, 'provider_error', `Signing in with ${def.label}: ${step} failed`, { cause });
}

/**
 * Runs the authorization code flow with PKCE (S256) against one provider of the
 * table, through oauth4webapi: builds the authorization URL, validates the
 * callback (state, issuer), exchanges the code, checks the id_token and its
 * nonce (OpenID Connect) or reads the profile API, and maps the profile.
 */
export class ProviderClient {
  readonly definition: ProviderDefinition;
  private readonly credentials: ProviderCredentials;
  private readonly options: ProviderClientOptions;
  private discovery: Promise<oauth.AuthorizationServer> | undefined;

  constructor(definition: ProviderDefinition, credentials: ProviderCredentials, options: ProviderClientOptions) {
    this.definition = definition;
    this.credentials = credentials;
    this.options = options;
  }

  private requestOptions() {
    const send = this.options.fetch ?? fetch;
    return {
      // oauth4webapi builds each request; natter only chooses the fetch that sends it.
      [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, oauth.ProtectedResourceRequestBody>) => send(url, init as RequestInit), // its bodies are fetch bodies; the DOM types only want Uint8Array<ArrayBuffer>
      [oauth.allowInsecureRequests]: this.options.devOrigin !== undefined,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    };
  }

  private get client(): oauth.Client {
    return { client_id: this.credentials.clientId };
  }

  private clientAuth(): oauth.ClientAuth {
    return this.definition.clientAuth === 'client_secret_basic'
      ? oauth.ClientSecretBasic(this.credentials.clientSecret)
      : oauth.ClientSecretPost(this.credentials.clientSecret);
  }

  /** The provider's metadata: discovered (and kept) for OpenID Connect, from the table otherwise. */
  async server(): Promise<oauth.AuthorizationServer> {
    const def = this.definition;
    if (def.kind === 'oauth2') {
      return { issuer: def.issuer, authorization_endpoint: def.authorizationEndpoint, token_endpoint: def.tokenEndpoint };
    }
    this.discovery ??= (async () => {
      const issuer = new URL(def.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.requestOptions() });
      return oauth.processDiscoveryResponse(issuer, response);
    })();
    try {
      return await this.discovery;
    } catch (cause) {
      this.discovery = undefined;
      throw providerFailure(def, 'discovery', cause);
    }
  }

  /** The URL to send the reader to. */
  async authorizationUrl(secrets: AttemptSecrets): Promise<string> {
    const as = await this.server();
    if (!as.authorization_endpoint) throw providerFailure(this.definition, 'discovery', new Error('no authorization_endpoint'));
    const url = new URL(as.authorization_endpoint);
    const def = this.definition;
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: this.credentials.clientId,
      redirect_uri: this.options.redirectUri,
      scope: def.scopes.join(def.scopeSeparator),
      state: secrets.state,
      code_challenge: await oauth.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: def.pkce,
      ...def.authorizeParams,
    };
    if (def.kind === 'oidc') params.nonce = secrets.oidcNonce;
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.href;
  }

  /**
   * Finishes the flow from the callback URL: validates it against `state`,
   * exchanges the code with the PKCE verifier, and returns the mapped profile.
   * Throws `ApiError` 502 `provider_error` on any failure.
   */
  async complete(callbackUrl: URL, secrets: AttemptSecrets): Promise<ProviderProfile> {
    const def = this.definition;
    const as = await this.server();
    const mapOptions = this.options.devOrigin === undefined ? {} : { devOrigin: this.options.devOrigin };
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, this.client, callbackUrl, secrets.state);
    } catch (cause) {
      throw providerFailure(def, 'the authorization response', cause);
    }
    let tokens: oauth.TokenEndpointResponse;
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as, this.client, this.clientAuth(), params, this.options.redirectUri, secrets.codeVerifier, this.requestOptions(),
      );
      tokens = await oauth.processAuthorizationCodeResponse(
        as, this.client, response,
        def.kind === 'oidc' ? { expectedNonce: secrets.oidcNonce, requireIdToken: true } : {},
      );
    } catch (cause) {
      throw providerFailure(def, 'the code exchange', cause);
    }
    if (def.kind === 'oidc') return def.mapProfile(oauth.getValidatedIdTokenClaims(tokens), mapOptions);

    let body: unknown;
    try {
      const response = await oauth.protectedResourceRequest(
        tokens.access_token, 'GET', new URL(def.profileEndpoint), new Headers({ accept: 'application/json' }), null, this.requestOptions(),
      );
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (cause) {
      throw providerFailure(def, 'reading the profile', cause);
    }
    return def.mapProfile(body, mapOptions);
  }
}
