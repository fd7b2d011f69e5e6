import { randomBytes } from 'node:crypto';
import { ProviderClient, type ProviderCredentials } from './provider-client';
import { PROVIDER_IDS, type ProviderId } from './provider-ids';
import { providerTable, type BaseUrlOverrides } from './providers';
import type { StandinClient } from './standin/oauth-standin';
import { standinBaseUrl } from './standin/standin-routes';

/** Sign-in settings, read by {@link readAuthSettings}. */
export interface AuthSettings {
  /** Credentials of the providers configured for production, by provider. */
  credentials: Partial<Record<ProviderId, ProviderCredentials>>;
  /** Base URL overrides (`NATTER_<PROVIDER>_BASE_URL`), e.g. a provider's staging host. */
  baseUrls: BaseUrlOverrides;
}

/** Command-line flags the sign-in settings read, in `node:util` `parseArgs` form, for the CLI's parser. */
export const AUTH_CONFIG_FLAGS: Record<string, { type: 'string' }> = Object.fromEntries(
  PROVIDER_IDS.flatMap((p) => [`${p}-client-id`, `${p}-client-secret`, `${p}-base-url`]).map((flag) => [flag, { type: 'string' }]),
);

/** Help text for the sign-in flags. */
export const AUTH_USAGE = `Sign-in (a provider is enabled when both its client id and secret are set; see docs/sign-in.md):
  --<provider>-client-id <id>      NATTER_<PROVIDER>_CLIENT_ID      provider: wordpress, google, twitter, facebook
  --<provider>-client-secret <s>   NATTER_<PROVIDER>_CLIENT_SECRET  (prefer the environment for secrets)
  --<provider>-base-url <url>      NATTER_<PROVIDER>_BASE_URL       point the provider at another host
  --dev also mounts local stand-ins for the four providers (loopback only; refused with real credentials)
`;

type Source = Readonly<Record<string, string | boolean | undefined>>;

function setting(env: Source, flags: Source, provider: ProviderId, key: 'client-id' | 'client-secret' | 'base-url'): string | undefined {
  const flag = flags[`${provider}-${key}`];
  const value = typeof flag === 'string' ? flag : env[`NATTER_${provider.toUpperCase()}_${key.toUpperCase().replace('-', '_')}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads which providers are enabled: a provider is on when both its client id
 * and secret are set, by flag (`--google-client-id`, `--google-client-secret`)
 * or environment (`NATTER_GOOGLE_CLIENT_ID`, `NATTER_GOOGLE_CLIENT_SECRET`);
 * flags win. Throws an `Error` with a message for the console when only one
 * half is set or a base URL is not an absolute http(s) URL.
 */
export function readAuthSettings(env: Source, flags: Source = {}): AuthSettings {
  const credentials: AuthSettings['credentials'] = {};
  const baseUrls: BaseUrlOverrides = {};
  for (const provider of PROVIDER_IDS) {
    const clientId = setting(env, flags, provider, 'client-id');
    const clientSecret = setting(env, flags, provider, 'client-secret');
    if ((clientId === undefined) !== (clientSecret === undefined)) {
      const missing = clientId === undefined ? 'client id' : 'client secret';
      throw new Error(`Sign-in with ${provider}: the ${missing} is missing (set NATTER_${provider.toUpperCase()}_CLIENT_ID and NATTER_${provider.toUpperCase()}_CLIENT_SECRET)`);
    }
    if (clientId !== undefined && clientSecret !== undefined) credentials[provider] = { clientId, clientSecret };
    const base = setting(env, flags, provider, 'base-url');
    if (base !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(base);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new Error(`Sign-in with ${provider}: the base URL ${base} is not an absolute http(s) URL`);
      }
      baseUrls[provider] = url.href.replace(/\/+$/, '');
    }
  }
  return { credentials, baseUrls };
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** What {@link devModeRefusal} looks at. */
export interface DevModeContext {
  /** The address the server listens on. */
  host: string;
  /** The server's public URL. */
  publicUrl: string;
  env: Source;
  settings: AuthSettings;
}

/**
 * Why development mode (local stand-in providers, test users) must not start
 * here, or `null` when it may. It refuses unless the server listens on a
 * loopback address and its public URL is a loopback URL, and refuses when
 * `NODE_ENV=production` or any real provider credential is configured — so a
 * production configuration cannot switch it on by accident.
 */
export function devModeRefusal(context: DevModeContext): string | null {
  if (!isLoopback(context.host)) return `--dev needs a loopback host (127.0.0.1, ::1 or localhost), not ${context.host}`;
  let publicHost: string;
  try {
    publicHost = new URL(context.publicUrl).hostname;
  } catch {
    return `--dev needs a loopback public URL, not ${context.publicUrl}`;
  }
  if (!isLoopback(publicHost)) return `--dev needs a loopback public URL, not ${context.publicUrl}`;
  if (context.env.NODE_ENV === 'production') return '--dev is refused when NODE_ENV=production';
  const configured = Object.keys(context.settings.credentials);
  if (configured.length > 0) return `--dev is refused when real provider credentials are configured (${configured.join(', ')})`;
  return null;
}

/** natter's registration at each stand-in: fixed ids, a fresh random secret per start. */
export function standinClients(publicUrl: string): Record<ProviderId, StandinClient> {
  const base = publicUrl.replace(/\/+$/, '');
  const entries = PROVIDER_IDS.map((provider) => [provider, {
    clientId: `natter-dev-${provider}`,
    clientSecret: randomBytes(24).toString('base64url'),
    redirectUri: `${base}/auth/${provider}/callback`,
  }] as const);
  return Object.fromEntries(entries) as Record<ProviderId, StandinClient>;
}

/** Options for {@link providerClients}. */
export interface ProviderClientsOptions {
  publicUrl: string;
  settings: AuthSettings;
  /** Development mode: every provider goes to its stand-in with these registrations. */
  standins?: Record<ProviderId, StandinClient>;
  fetch?: typeof fetch;
}

/** One {@link ProviderClient} per enabled provider, in the table's order. */
export function providerClients(options: ProviderClientsOptions): Partial<Record<ProviderId, ProviderClient>> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const clients: Partial<Record<ProviderId, ProviderClient>> = {};
  const { standins } = options;
  const overrides: BaseUrlOverrides = standins
    ? Object.fromEntries(PROVIDER_IDS.map((p) => [p, standinBaseUrl(publicUrl, p)]))
    : options.settings.baseUrls;
  const table = providerTable(overrides);
  for (const provider of PROVIDER_IDS) {
    const credentials = standins ? standins[provider] : options.settings.credentials[provider];
    if (!credentials) continue;
    clients[provider] = new ProviderClient(table[provider], credentials, {
      redirectUri: `${publicUrl}/auth/${provider}/callback`,
      ...(standins ? { devOrigin: new URL(publicUrl).origin } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }
  return clients;
}
