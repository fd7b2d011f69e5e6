import { parseArgs } from 'node:util';

/** Moderation policies: hold everything, hold a guest's first comment, or hold nothing. */
export type ModerationPolicy = 'all' | 'first' | 'none';

/** The server's validated configuration. */
export interface ServerConfig {
  /** @default 8080 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** A SQLite file path or a `postgres://` URL. @default './data/natter.db' */
  database: string;
  /** The server's public origin (for avatar and unsubscribe links). @default `http://<host>:<port>` */
  publicUrl: string;
  /** Site origins allowed by CORS. @default [] (and the public URL's own origin) */
  origins: string[];
  /** The admin password; the admin API is disabled without one. */
  adminPassword: string | null;
  /** `smtp://` or `smtps://` URL; notifications are not sent without one. */
  smtpUrl: string | null;
  /** Sender of notification emails. @default `natter@<public host>` */
  mailFrom: string;
  /** The site's name in emails. @default the public URL's host */
  siteName: string;
  /** @default 'first' */
  moderation: ModerationPolicy;
  /** @default 900 */
  editWindowSeconds: number;
  /** Number of trusted reverse proxies in front of the server (`X-Forwarded-For`). @default 0 */
  trustProxy: number;
  /** Signing secret; generated and stored in the database when absent. */
  secret: string | null;
  /** Comment posts per minute per IP (a third of it per identity); 0 turns rate limits off. @default 30 */
  rateLimit: number;
  /** Memory for answers kept ready (compressed), in MiB; 0 keeps none. @default 32 */
  pageCacheMb: number;
  /** Live-event connections one client address may hold open at once. @default 16 */
  livePerClient: number;
  /** Development mode: serves the demo page and bundles. @default false */
  dev: boolean;
}

/** A configuration mistake, with a message meant for the person starting the server. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The flags `natter serve` accepts. */
export const CONFIG_FLAGS = {
  port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' }, 'public-url': { type: 'string' },
  origins: { type: 'string' }, 'admin-password': { type: 'string' }, smtp: { type: 'string' },
  moderation: { type: 'string' }, 'edit-window': { type: 'string' }, 'trust-proxy': { type: 'string' },
  'mail-from': { type: 'string' }, 'site-name': { type: 'string' },
  secret: { type: 'string' }, 'rate-limit': { type: 'string' }, 'page-cache-mb': { type: 'string' },
  'live-per-client': { type: 'string' }, dev: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

/** Usage text for `natter serve --help`. */
export const USAGE = `Usage: natter serve [flags]

  --port <n>             PORT                   port to listen on (default 8080)
  --host <addr>          HOST                   address to bind (default 127.0.0.1)
  --db <path|url>        DATABASE_URL           SQLite file or postgres:// URL (default ./data/natter.db)
  --public-url <url>     NATTER_PUBLIC_URL      the server's public URL (default http://<host>:<port>)
  --origins <list>       NATTER_ORIGINS         comma-separated site origins allowed to call the API
  --admin-password <pw>  NATTER_ADMIN_PASSWORD  enables /admin (at least 8 characters)
  --smtp <url>           SMTP_URL               smtp(s)://user:pass@host:port for notification emails
  --mail-from <addr>     NATTER_MAIL_FROM       sender of notification emails (default natter@<public host>)
  --site-name <name>     NATTER_SITE_NAME       the site's name in emails (default the public host)
  --moderation <policy>  NATTER_MODERATION      all | first | none (default first)
  --edit-window <sec>    NATTER_EDIT_WINDOW     seconds authors may edit/delete (default 900)
  --trust-proxy <n>      NATTER_TRUST_PROXY     trusted reverse proxies for X-Forwarded-For (default 0)
  --secret <s>           NATTER_SECRET          signing secret, ≥ 32 characters (default: generated, kept in the DB)
  --rate-limit <n>       NATTER_RATE_LIMIT      posts per minute per IP, 0 = off (default 30)
  --page-cache-mb <n>    NATTER_PAGE_CACHE_MB   memory for ready (compressed) answers, 0 = none (default 32)
  --live-per-client <n>  NATTER_LIVE_PER_CLIENT live-event connections per client address (default 16)
  --dev                                         serve the demo page and bundles at /
`;

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function origin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not an absolute URL such as https://blog.example`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name}: "${raw}" must be http or https`);
  return url.origin;
}

/**
 * Reads flags (which win) and environment variables into a validated
 * {@link ServerConfig}; throws {@link ConfigError} with a clear message.
 * @example parseConfig(['--port', '9000'], process.env)
 */
export function parseConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  extraFlags: Record<string, { type: 'string' | 'boolean' }> = {},
): ServerConfig & { help: boolean; flags: Record<string, string | boolean | undefined> } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: { ...extraFlags, ...CONFIG_FLAGS }, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    throw new ConfigError(cause instanceof Error ? cause.message : 'Bad command-line flags');
  }
  const get = (flag: string, envName: string | null): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    return envName === null ? undefined : env[envName] || undefined;
  };
  const port = integer('--port', get('port', 'PORT') ?? '8080', 0, 65_535);
  const host = get('host', 'HOST') ?? '127.0.0.1';
  const database = get('db', 'DATABASE_URL') ?? './data/natter.db';
  const publicUrl = origin('--public-url', get('public-url', 'NATTER_PUBLIC_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const origins = (get('origins', 'NATTER_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((o) => origin('--origins', o));
  const adminPassword = get('admin-password', 'NATTER_ADMIN_PASSWORD') ?? null;
  if (adminPassword !== null && adminPassword.length < 8) throw new ConfigError('--admin-password must be at least 8 characters');
  const smtpUrl = get('smtp', 'SMTP_URL') ?? null;
  if (smtpUrl !== null && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('--smtp must be an smtp:// or smtps:// URL');
  const publicHost = new URL(publicUrl).hostname;
  const mailFrom = get('mail-from', 'NATTER_MAIL_FROM') ?? `natter@${/^[0-9.]+$|^\[|^[^.]*$/.test(publicHost) ? 'localhost' : publicHost}`;
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom)) throw new ConfigError('--mail-from must be an email address');
  const siteName = get('site-name', 'NATTER_SITE_NAME') ?? publicHost;
  if (/[\r\n]/.test(siteName) || siteName.length > 100) throw new ConfigError('--site-name must be one line of at most 100 characters');
  const moderation = get('moderation', 'NATTER_MODERATION') ?? 'first';
  if (moderation !== 'all' && moderation !== 'first' && moderation !== 'none') {
    throw new ConfigError(`--moderation must be all, first or none (got "${moderation}")`);
  }
  const editWindowSeconds = integer('--edit-window', get('edit-window', 'NATTER_EDIT_WINDOW') ?? '900', 0, 31_536_000);
  const trustProxy = integer('--trust-proxy', get('trust-proxy', 'NATTER_TRUST_PROXY') ?? '0', 0, 10);
  const secret = get('secret', 'NATTER_SECRET') ?? null;
  if (secret !== null && secret.length < 32) throw new ConfigError('--secret must be at least 32 characters');
  const rateLimit = integer('--rate-limit', get('rate-limit', 'NATTER_RATE_LIMIT') ?? '30', 0, 1_000_000);
  const pageCacheMb = integer('--page-cache-mb', get('page-cache-mb', 'NATTER_PAGE_CACHE_MB') ?? '32', 0, 65_536);
  const livePerClient = integer('--live-per-client', get('live-per-client', 'NATTER_LIVE_PER_CLIENT') ?? '16', 1, 1_000_000);
  return {
    port, host, database, publicUrl, origins, adminPassword, smtpUrl, mailFrom, siteName, moderation, editWindowSeconds, trustProxy,
    secret, rateLimit, pageCacheMb, livePerClient, dev: values.dev === true, help: values.help === true, flags: values,
  };
}
