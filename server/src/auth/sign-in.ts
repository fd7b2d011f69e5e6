import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import { clientIp } from '../http/caller';
import { sessionOf } from './session-routes';
import type { Services } from '../services';
import { devModeRefusal, providerClients, readAuthSettings, standinClients } from './auth-config';
import { KyselyAuthStore } from './auth-store';
import { PROVIDER_IDS, type ProviderId } from './provider-ids';
import { authRoutes, type SessionBody } from './routes';
import { STANDIN_MOUNT, standinRoutes } from './standin/standin-routes';

/** What {@link createSignIn} reads. */
export interface SignInOptions {
  /** The server's configuration (public URL, bind host, development mode). */
  config: { publicUrl: string; host: string; dev: boolean };
  /** Environment variables (`NATTER_<PROVIDER>_CLIENT_ID`…, `NODE_ENV`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Parsed command-line flags (`--google-client-id`…), which win over the environment. */
  flags?: Readonly<Record<string, string | boolean | undefined>>;
  /** natter's database handle (`KyselyStorage.db`): the sign-in tables live there. */
  db: Kysely<Database>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Sign-in, ready to plug into `createApp`. */
export interface SignIn {
  /** Builds the routes from the app's services: `/auth/*`, and `/_standin/*` in development. Mount at `/`. */
  routes: (services: Services) => Hono;
  /** The enabled providers, in the order the form shows them. */
  providers: ProviderId[];
  /** True when the providers are the local stand-ins (development mode). */
  standins: boolean;
}

/**
 * Sets up sign-in from the configuration: the enabled providers (client id
 * and secret configured), or — in development mode — all four pointed at the
 * local stand-ins. Throws an `Error` meant for the console when the settings
 * are incomplete or development mode is refused here (see `devModeRefusal`).
 *
 * @example
 * const signIn = await createSignIn({ config, env: process.env, flags, db: storage.db });
 * const app = createApp({ ...deps, authRoutes: signIn.routes, providers: signIn.providers });
 */
export async function createSignIn(options: SignInOptions): Promise<SignIn> {
  const publicUrl = options.config.publicUrl.replace(/\/+$/, '');
  const settings = readAuthSettings(options.env, options.flags);
  const dev = options.config.dev;
  if (dev) {
    const refusal = devModeRefusal({ host: options.config.host, publicUrl, env: options.env, settings });
    if (refusal !== null) throw new Error(refusal);
  }
  const registrations = dev ? standinClients(publicUrl) : undefined;
  const clients = providerClients({ publicUrl, settings, ...(registrations ? { standins: registrations } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  const standins = registrations ? await standinRoutes({ publicUrl, clients: registrations, onError: (e) => console.error('natter: stand-in error', e) }) : undefined;
  const store = new KyselyAuthStore(options.db);

  return {
    providers: PROVIDER_IDS.filter((p) => clients[p] !== undefined),
    standins: dev,
    routes: (s) => {
      const app = new Hono();
      app.route('/auth', authRoutes({
        publicUrl,
        allowedOrigins: s.allowedOrigins,
        providers: clients,
        store,
        storage: s.storage,
        sessions: s.sessions,
        now: s.now,
        log: (line) => s.log(line),
        // Per IP, in the database like every natter limit; off when the site turns limits off.
        limit: async (c, action) => {
          const perMinute = s.config.rateLimit;
          if (perMinute <= 0) return;
          await s.limiter.hit([`auth-${action}:ip:${clientIp(c, s.config.trustProxy)}`], { max: perMinute, windowSeconds: 60 });
        },
        sessionOf: async (user): Promise<SessionBody> => {
          // The avatar reaches readers only through natter's avatar route.
          if (user.avatarUrl !== null) {
            await s.storage.rememberAvatar(s.avatarKey(`${user.provider}:${user.subject}`), { email: null, url: user.avatarUrl });
          }
          const session = sessionOf(s, user);
          if (!session) throw new Error(`Unknown provider in storage: ${user.provider}`);
          return session;
        },
      }));
      if (standins) app.route(STANDIN_MOUNT, standins);
      return app;
    },
  };
}
