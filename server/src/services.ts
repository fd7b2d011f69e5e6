import type { Hono } from 'hono';
import type { ProviderId } from './auth/provider-ids';
import type { ServerConfig } from './config';
import type { EventBus } from './events/event-bus';
import type { Notifier, SpamCheck } from './plugins';
import type { AnswerCache } from './http/answer-cache';
import type { RateLimiter, RateRule } from './http/rate-limiter';
import type { BackoffRule } from './admin/login-backoff';
import type { SessionManager } from './auth/sessions';
import type { Storage } from './storage/storage';

/** What {@link createApp} is built from. Collaborators are injected so tests hand in their own. */
export interface AppDeps {
  config: Omit<ServerConfig, 'secret'>;
  storage: Storage;
  events: EventBus;
  /** The server secret (from the config or the database). */
  secret: string;
  /** Markdown source → safe HTML (raw HTML disabled). */
  renderMarkdown: (source: string) => string;
  spamChecker?: SpamCheck;
  notifier?: Notifier;
  /** Avatar key of an email or `provider:subject`. @default an HMAC under the secret */
  avatarKey?: (id: string) => string;
  /** Serves `/avatars/<key>`; mounted at `/avatars`. */
  avatarRoutes?: Hono;
  /** More routes built from the services (sign-in), mounted at `/`. */
  extraRoutes?: (services: Services) => Hono;
  /** Providers whose sign-in is enabled (shown in `/api/config`). @default [] */
  providers?: ProviderId[];
  /** When true `/api/config` says sign-in is simulated locally (dev stand-ins). */
  simulatedSignIn?: boolean;
  /** Where the server's own build lives (`admin.js`). @default `server/dist/` in this repository */
  distDir?: string;
  /** Where the widget's bundles live (`natter.iife.js`, `natter.sign-in.js`, `locales/`). @default the widget's `dist/` in this repository */
  widgetDir?: string;
  /** Compress the widget's script-tag bundles into memory as the server starts, not on the first request. @default false */
  prepareBundles?: boolean;
  /** The demo page served at `/` in dev mode. */
  demoHtml?: string;
  /** @default Date.now */
  now?: () => number;
  /** Shortest time to fill the form, when the widget reports it. @default 2000 */
  minSubmitMs?: number;
  /** More links than this hold a comment for moderation. @default 2 */
  maxLinks?: number;
  /** Told about failures that cannot reach a client (mail, live events). @default console.error */
  log?: (message: string, error?: unknown) => void;
}

/** Rate limits by action. `null` turns one off. */
export interface RateRules {
  postPerIp: RateRule | null;
  postPerIdentity: RateRule | null;
  likePerIp: RateRule | null;
  editPerIp: RateRule | null;
  /** Delays after wrong admin passwords: on the one admin account, and per client address. */
  adminLogin: { account: BackoffRule; ip: BackoffRule };
}

/** Everything the routes share. */
export interface Services extends Required<Pick<AppDeps, 'config' | 'storage' | 'events' | 'secret' | 'renderMarkdown' | 'now' | 'minSubmitMs' | 'maxLinks' | 'log' | 'distDir' | 'widgetDir'>> {
  spamChecker: SpamCheck | null;
  notifier: Notifier | null;
  sessions: SessionManager;
  limiter: RateLimiter;
  /** Ready answers of the read routes (`/api/comments`, `/api/thread`), compressed, bounded by `pageCacheMb`. */
  answers: AnswerCache;
  rules: RateRules;
  avatarKey: (id: string) => string;
  /** The keyed hash of a visitor id (the id itself is never stored), remembered for the readers seen last. */
  visitorHash: (visitor: string) => string;
  providers: ProviderId[];
  simulatedSignIn: boolean;
  demoHtml: string | null;
  prepareBundles: boolean;
  /** Origins allowed by CORS and for page URLs: the configured ones plus the server's own. */
  allowedOrigins: string[];
  editWindowMs: number;
  /** Runs work after the answer (mail, events); failures go to `log`. */
  background(work: Promise<unknown>): void;
}
