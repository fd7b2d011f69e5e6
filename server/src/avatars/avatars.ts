import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { ErrorBody } from 'natter/protocol';
import {
  gravatarHash, isPublicHttpsUrl, rasterType, resolveWithDns, type RasterImage, type ResolveHost,
} from './avatar-image';
import { readCapped } from '../http/read-capped';

/**
 * Avatars served by the natter server at `/avatars/<key>`, so readers' browsers
 * never call a third party and no email (nor a hash of one) reaches a page:
 * the key is an HMAC under the server secret, the Gravatar hash is computed and
 * used only here, on the server.
 */

export { AVATAR_KEY_LENGTH, avatarKey } from './avatar-key';

const PALETTE_BG = '#f1f1f4';

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * A deterministic identicon for a key: a mirrored 5×5 pattern in one colour
 * (dark enough to read on light and dark pages), as a tiny SVG without scripts,
 * styles or links. Serve it with {@link GENERATED_HEADERS}.
 */
export function generatedAvatar(key: string): { body: string; type: string } {
  const hash = createHash('sha256').update(key).digest();
  const hue = ((hash[0] ?? 0) * 256 + (hash[1] ?? 0)) % 360;
  const colour = hslToHex(hue, 0.55, 0.42);
  let cells = '';
  let filled = 0;
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      const bit = ((hash[2 + row] ?? 0) >> col) & 1;
      if (bit === 0) continue;
      filled++;
      cells += `M${col + 1} ${row + 1}h1v1h-1z`;
      if (col < 2) cells += `M${5 - col} ${row + 1}h1v1h-1z`;
    }
  }
  // An empty pattern would look like a missing image: fill the centre.
  if (filled === 0) cells = 'M3 3h1v1h-1z';
  const body =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" width="96" height="96" shape-rendering="crispEdges">' +
    `<rect width="7" height="7" fill="${PALETTE_BG}"/><path fill="${colour}" d="${cells}"/></svg>`;
  return { body, type: 'image/svg+xml' };
}

/** Headers of a generated SVG avatar: it may not load anything, and is not sniffed. */
export const GENERATED_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'image/svg+xml; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
  // Short: the real image may be reachable next time.
  'Cache-Control': 'public, max-age=3600',
};

/** What the avatar route needs. */
export interface AvatarDeps {
  /** The identity behind a key: an email (Gravatar) and/or a provider's avatar URL. */
  lookup(key: string): Promise<{ email?: string | null; imageUrl?: string | null } | null>;
  /**
   * Told what looking found for a key with a source: a picture of its own or
   * none (not when the source could not be reached), so lists give an avatar
   * URL only while one may exist.
   */
  picture?(key: string, found: boolean): Promise<void>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Whether to look up Gravatar for emails. @default true */
  gravatar?: boolean;
  /** Gravatar's base URL (operator configuration, trusted). @default 'https://www.gravatar.com' */
  gravatarBase?: string;
  /** How long a fetched image is kept in memory. @default 3600000 (one hour) */
  cacheTtlMs?: number;
  /** How long a failed fetch is remembered (the generated image is served meanwhile). @default 300000 */
  failureTtlMs?: number;
  /** Most avatars kept in memory (least recently used go first). @default 500 */
  cacheEntries?: number;
  /** Longest wait for a remote image, body included. @default 3000 */
  timeoutMs?: number;
  /** Largest remote image accepted, in bytes. @default 262144 */
  maxBytes?: number;
  /** Resolves provider avatar hosts to check they are public. @default the system resolver */
  resolve?: ResolveHost;
  /**
   * Origins whose avatar URLs are fetched even over http or on a private
   * address — the natter server's own, for the development stand-in providers.
   * Never a provider's or a user's origin. @default []
   */
  trustedOrigins?: string[];
}

/** Throws on a status that says "not now" rather than "no picture": the server's failures and 429. */
function passing(status: number): void {
  if (status >= 500 || status === 429) throw new Error(`avatar source answered ${status}`);
}

/** Longest avatar key accepted; longer or non-base64url keys are a 404. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_REDIRECTS = 3;

interface CacheEntry {
  image: RasterImage | null;
  expires: number;
}

/** A small least-recently-used map with expiry; owned by one route instance. */
class AvatarCache {
  private readonly entries = new Map<string, CacheEntry>();
  constructor(private readonly capacity: number) {}

  get(key: string, now: number): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= now) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}

/**
 * The `/avatars` sub-app: `GET /:key` serves the commenter's Gravatar or their
 * provider's avatar — fetched by the server, verified as PNG/JPEG/GIF/WebP by
 * magic bytes, cached in memory — and the generated identicon when there is
 * none or anything fails. A well-formed unknown key gets the generated image
 * too (so answers tell nothing about who exists); a malformed key is a 404.
 *
 * @example app.route('/avatars', avatarRoutes({ lookup: (key) => storage.avatarSource(key) }))
 */
export function avatarRoutes(deps: AvatarDeps): Hono {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const gravatar = deps.gravatar ?? true;
  const gravatarBase = (deps.gravatarBase ?? 'https://www.gravatar.com').replace(/\/+$/, '');
  const ttl = deps.cacheTtlMs ?? 3_600_000;
  const failureTtl = deps.failureTtlMs ?? 300_000;
  const timeoutMs = deps.timeoutMs ?? 3000;
  const maxBytes = deps.maxBytes ?? 262_144;
  const resolve = deps.resolve ?? resolveWithDns;
  const trusted = new Set((deps.trustedOrigins ?? []).map((origin) => new URL(origin).origin));
  const allowed = async (url: URL) => trusted.has(url.origin) || isPublicHttpsUrl(url, resolve);
  const cache = new AvatarCache(deps.cacheEntries ?? 500);
  const inFlight = new Map<string, Promise<RasterImage | null>>();

  async function download(url: string, signal: AbortSignal): Promise<RasterImage | null> {
    const response = await doFetch(url, { redirect: 'error', signal, headers: { accept: 'image/*' } });
    passing(response.status);
    if (response.status !== 200) {
      await response.body?.cancel();
      return null;
    }
    const body = await readCapped(response, maxBytes);
    if (body === null) return null;
    const type = rasterType(body);
    return type === null ? null : { body, type };
  }

  /** Follows up to {@link MAX_REDIRECTS} redirects, each to a public https URL (or a trusted origin). */
  async function downloadUntrusted(start: string, signal: AbortSignal): Promise<RasterImage | null> {
    let url: URL;
    try {
      url = new URL(start);
    } catch {
      return null;
    }
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!(await allowed(url))) return null;
      const response = await doFetch(url.href, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        try {
          url = new URL(location, url);
        } catch {
          return null;
        }
        continue;
      }
      passing(response.status);
      if (response.status !== 200) {
        await response.body?.cancel();
        return null;
      }
      const body = await readCapped(response, maxBytes);
      if (body === null) return null;
      const type = rasterType(body);
      return type === null ? null : { body, type };
    }
    return null;
  }

  /**
   * The key's own picture, or null; `settled` when the answer holds until its
   * source changes (not after a timeout, an unreachable host or a server's
   * passing failure).
   */
  async function fetchImage(key: string): Promise<{ image: RasterImage | null; settled: boolean }> {
    const source = await deps.lookup(key);
    // An unknown key has nowhere to look, and nothing is written for it.
    if (!source) return { image: null, settled: false };
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      if (gravatar && source.email) {
        const image = await download(`${gravatarBase}/avatar/${gravatarHash(source.email)}?s=96&d=404`, signal);
        if (image) return { image, settled: true };
      }
      return { image: source.imageUrl ? await downloadUntrusted(source.imageUrl, signal) : null, settled: true };
    } catch {
      // Unreachable, timed out, failing: the generated avatar stands in, and the key is looked at again later.
      return { image: null, settled: false };
    }
  }

  async function imageFor(key: string): Promise<RasterImage | null> {
    const now = Date.now();
    const cached = cache.get(key, now);
    if (cached) return cached.image;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetchImage(key)
        .then(({ image, settled }) => {
          if (settled && deps.picture) deps.picture(key, image !== null).catch(() => undefined);
          return image;
        }, () => null)
        .then((image) => {
          cache.set(key, { image, expires: Date.now() + (image ? ttl : failureTtl) });
          return image;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  const app = new Hono();
  app.get('/:key', async (c) => {
    const key = c.req.param('key');
    if (!KEY_PATTERN.test(key)) {
      const error: ErrorBody = { error: { code: 'not_found', message: 'No such avatar.' } };
      return c.json(error, 404, { 'X-Content-Type-Options': 'nosniff' });
    }
    const image = await imageFor(key);
    if (image) {
      return c.body(image.body, 200, {
        'Content-Type': image.type,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'",
        'Cache-Control': 'public, max-age=86400',
      });
    }
    return c.body(generatedAvatar(key).body, 200, { ...GENERATED_HEADERS });
  });
  return app;
}
