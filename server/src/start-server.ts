import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { DEMO_PAGE_ID, DEMO_PAGE_TITLE, DEMO_SEED } from 'natter/demo';
import { createApp } from './app';
import type { ServerConfig } from './config';
import { avatarKey as keyOfAvatar } from './avatars/avatar-key';
import { avatarRoutes } from './avatars/avatars';
import { boundedMemo } from './http/bounded-memo';
import { randomToken } from './http/crypto';
import { seedDemo } from './dev/dev-seed';
import type { EventBus } from './events/event-bus';
import { MemoryEventBus } from './events/memory-event-bus';
import { PostgresEventBus } from './events/postgres-event-bus';
import { createSignIn } from './auth/sign-in';
import { createSmtpMailer } from './mail/mailer';
import { createMailNotifier } from './mail/mail-notifier';
import { renderMarkdown } from './comments/markdown';
import { createAkismetChecker } from './comments/spam-checker';
import { isPostgresUrl, openStorage } from './storage/open-storage';

const require = createRequire(import.meta.url);

/** A running server, for tests and embedding. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** What {@link startServer} takes besides the configuration. */
export interface StartServerOptions {
  /** Where the server's one-line announcements go. @default console.log */
  log?: (line: string) => void;
  /** Environment variables (sign-in credentials, `AKISMET_KEY`, `NATTER_GRAVATAR`). @default {} */
  env?: Record<string, string | undefined>;
  /** Flags beyond the core configuration (sign-in providers). @default {} */
  flags?: Record<string, string | boolean | undefined>;
}

/**
 * Starts natter with a validated configuration: opens (and migrates) the
 * database, builds the app and listens.
 * @example const server = await startServer(parseConfig(['--port', '0'], {}));
 */
export async function startServer(
  given: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const env = options.env ?? {};
  const log = options.log ?? ((line: string) => console.log(line));
  // Listen first: with `--port 0` the public URL (avatar links, sign-in callbacks, the server's own
  // origin) must name the port the system picked. Until the app is ready, requests get a 503.
  let handle: Hono['fetch'] = () => new Response('natter is starting', { status: 503, headers: { 'Retry-After': '1' } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (request, bindings) => handle(request, bindings), port: given.port, hostname: given.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : given.port;
  const url = `http://${given.host.includes(':') ? `[${given.host}]` : given.host}:${port}`;
  const config = new URL(given.publicUrl).port === '0' ? { ...given, publicUrl: url } : given;
  let storage: Awaited<ReturnType<typeof openStorage>>;
  let events: EventBus;
  try {
    storage = await openStorage(config.database);
    events = isPostgresUrl(config.database) ? await PostgresEventBus.connect(config.database) : new MemoryEventBus();
    handle = (await buildApp(config, env, storage, events, options.flags)).fetch;
  } catch (error) {
    server.close();
    throw error;
  }
  const prune = setInterval(() => {
    storage.pruneRateLimits(Date.now() - 86_400_000).catch(() => {});
  }, 3_600_000);
  prune.unref();
  log(config.dev ? `natter demo: ${url}/  (page ${DEMO_PAGE_ID})` : `natter listening on ${url}`);
  return {
    url,
    async close() {
      clearInterval(prune);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Live-event streams never end by themselves: cut every connection so close() returns.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await events.close();
      await storage.close();
    },
  };
}

/** The app on an opened database: the secret, the demo seed (`--dev`), sign-in, mail and spam checks wired in. */
async function buildApp(config: ServerConfig, env: Record<string, string | undefined>, storage: Awaited<ReturnType<typeof openStorage>>, events: EventBus, flags: Record<string, string | boolean | undefined> = {}): Promise<Hono> {
  const secret = config.secret ?? (await storage.getOrCreateSetting('secret', () => randomToken(48)));
  // Most posts come from commenters seen before: their key is an HMAC computed once.
  const avatarKey = boundedMemo(10_000, (id) => keyOfAvatar(secret, id));
  let demoHtml: string | undefined;
  if (config.dev) {
    demoHtml = await readFile(require.resolve('natter/demo/index.html'), 'utf8').catch(() => undefined);
    await seedDemo(storage, { ...DEMO_SEED, pageTitle: DEMO_PAGE_TITLE }, renderMarkdown, avatarKey);
  }
  const signIn = await createSignIn({ config, env, flags, db: storage.db });
  const akismetKey = env.AKISMET_KEY;
  return createApp({
    config, storage, events, secret, renderMarkdown, avatarKey,
    // The admin page is built beside this file; the widget's bundles come from the installed natter.
    distDir: fileURLToPath(new URL('.', import.meta.url)),
    widgetDir: dirname(require.resolve('natter/natter.iife.js')),
    prepareBundles: true,
    avatarRoutes: avatarRoutes({
      lookup: async (key) => {
        const found = await storage.lookupAvatar(key);
        return found ? { email: found.email, imageUrl: found.url } : null;
      },
      picture: (key, found) => storage.recordAvatarPicture(key, found),
      gravatar: env.NATTER_GRAVATAR !== 'off',
    }),
    providers: signIn.providers,
    simulatedSignIn: signIn.standins,
    extraRoutes: signIn.routes,
    ...(config.smtpUrl === null ? {} : {
      notifier: createMailNotifier(createSmtpMailer(config.smtpUrl, config.mailFrom), {
        siteName: config.siteName, log: (m, e) => console.error(`natter: ${m}`, e instanceof Error ? e.message : ''),
      }),
    }),
    ...(akismetKey ? { spamChecker: createAkismetChecker({ key: akismetKey, site: config.publicUrl }) } : {}),
    ...(demoHtml === undefined ? {} : { demoHtml }),
  });
}
