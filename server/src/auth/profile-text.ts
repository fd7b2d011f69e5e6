/** Longest display name natter stores, in characters (code points). */
export const DISPLAY_NAME_MAX = 64;

/** Longest URL natter stores. */
export const URL_MAX = 2048;

// Controls (Cc), format characters (Cf: bidi controls, zero-width spaces and
// joiners, BOM, soft hyphen), lone surrogates (Cs), private use (Co) and
// unassigned code points (Cn) never belong in a name.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
// Every other kind of space (line/paragraph separators, NBSP, ideographic…)
// becomes one ordinary space.
const SPACES = /[\s\p{Z}]+/gu;

/**
 * A provider's display name as natter shows it, validated like a guest name:
 * NFC, without control, bidi, zero-width or unassigned characters, spaces
 * collapsed, 1–{@link DISPLAY_NAME_MAX} characters. Returns `undefined` when
 * nothing valid is left (or the name is too long) so the caller picks a fallback;
 * a name is never truncated.
 */
export function cleanDisplayName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Lone surrogates would make normalize() keep garbage; drop them first.
  const cleaned = value.replace(INVISIBLE, '').normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  const length = [...cleaned].length;
  return length >= 1 && length <= DISPLAY_NAME_MAX ? cleaned : undefined;
}

/** Options for {@link safeProfileUrl}. */
export interface SafeUrlOptions {
  /**
   * An `http:` origin accepted besides `https:` URLs — only the local stand-in
   * providers of development mode set it.
   */
  devOrigin?: string;
}

/**
 * `value` as a normalised absolute https URL without credentials, at most
 * {@link URL_MAX} characters, or `undefined`. Decided by the URL parser, not
 * by string matching.
 */
export function safeProfileUrl(value: unknown, options: SafeUrlOptions = {}): string | undefined {
  if (typeof value !== 'string' || value.length > URL_MAX) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const allowed = url.protocol === 'https:' || (options.devOrigin !== undefined && url.origin === options.devOrigin);
  if (!allowed || url.username !== '' || url.password !== '' || url.hostname === '') return undefined;
  return url.href.length <= URL_MAX ? url.href : undefined;
}

/** A provider's subject identifier: a non-empty string (numbers accepted and turned into text) of at most 255 characters. */
export function cleanSubject(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string') return undefined;
  return value.length >= 1 && value.length <= 255 && !/[\p{Cc}\s]/u.test(value) ? value : undefined;
}

/** A plausible email address (one `@`, no spaces or controls, ≤ 254 characters), lower-cased domain; otherwise `undefined`. */
export function cleanEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 254) return undefined;
  const match = /^([^\s@\p{Cc}]+)@([^\s@\p{Cc}]+\.[^\s@\p{Cc}]+)$/u.exec(value);
  if (!match) return undefined;
  return `${match[1]}@${(match[2] ?? '').toLowerCase()}`;
}

/** True when `value` is a plain object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
