import type { Author, Comment, LikeSummary } from '../../model/types';

/*
 * WordPress's JSON is `unknown` until these have checked the fields natter
 * uses; each throws a TypeError naming the first field that is wrong.
 */

function fail(what: string): never {
  throw new TypeError(`unexpected WordPress ${what}`);
}
const field = (o: unknown, name: string): unknown => (typeof o === 'object' && o !== null ? Reflect.get(o, name) : undefined);
const text = (v: unknown, what: string): string => (typeof v === 'string' ? v : fail(what));
const whole = (v: unknown, what: string): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fail(what));

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Plain text of WordPress's HTML-escaped text fields (`author_name` comes back as `Bob &amp; Co`). */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
  });
}

/** An absolute http(s) URL as the browser parses it, or `undefined`. */
export function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One comment of `/wp/v2/comments` as natter's {@link Comment}. The body stays
 * WordPress's rendered HTML (the widget rebuilds it through its allowlist);
 * `date_gmt` has no zone and is UTC. Gravatar URLs are left out: avatars would
 * be requests to a third party from the reader's browser, so the widget draws its own.
 */
export function commentFromWordPress(value: unknown, pageId: string): Comment {
  const id = whole(field(value, 'id'), 'comment id');
  const parent = whole(field(value, 'parent'), 'comment parent');
  const name = decodeEntities(text(field(value, 'author_name'), 'author_name'));
  const url = httpUrl(text(field(value, 'author_url') ?? '', 'author_url'));
  const date = text(field(value, 'date_gmt'), 'date_gmt');
  const createdAt = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(date) ? date : `${date}Z`);
  if (Number.isNaN(createdAt.getTime())) fail('date_gmt');
  const status = field(value, 'status');
  const author: Author = { name: name || 'Anonymous', ...(url ? { url } : {}) };
  return {
    id: String(id),
    pageId,
    parentId: parent === 0 ? null : String(parent),
    author,
    bodyHtml: text(field(field(value, 'content'), 'rendered'), 'content.rendered'),
    createdAt: createdAt.toISOString(),
    status: status === 'approved' ? 'approved' : status === 'hold' ? 'pending' : fail(`comment status ${String(status)}`),
  };
}

/** The WordPress status of a created comment: `approved`, `hold`, `spam` or `trash`. */
export function wordPressStatus(value: unknown): string {
  return text(field(value, 'status'), 'comment status');
}

/** What natter's plugin says about the site (`GET natter/v1/config`). */
export interface PluginConfig {
  guests: boolean;
  originAllowed: boolean;
  requireNameEmail: boolean;
  threadDepth: number;
}

/** The plugin's config answer, checked. */
export function pluginConfig(value: unknown): PluginConfig {
  const bool = (name: string) => (typeof field(value, name) === 'boolean' ? field(value, name) === true : fail(name));
  return {
    guests: bool('guests'),
    originAllowed: bool('originAllowed'),
    requireNameEmail: bool('requireNameEmail'),
    threadDepth: Math.max(1, whole(field(value, 'threadDepth'), 'threadDepth')),
  };
}

/** The plugin's likes answer as a {@link LikeSummary}. */
export function likeSummary(value: unknown): LikeSummary {
  const likers = field(value, 'likers');
  if (!Array.isArray(likers)) fail('likers');
  return {
    count: whole(field(value, 'count'), 'likes count'),
    liked: field(value, 'liked') === true,
    likers: likers.map((liker): Author => {
      const url = httpUrl(text(field(liker, 'url') ?? '', 'liker url'));
      return { name: text(field(liker, 'name'), 'liker name'), ...(url ? { url } : {}) };
    }),
  };
}

/** The plugin's counts answer: page id → approved comments. */
export function commentCounts(value: unknown, pageIds: readonly string[]): Record<string, number> {
  const counts = field(value, 'counts');
  return Object.fromEntries(pageIds.map((id) => [id, whole(field(counts, id) ?? 0, `count of ${id}`)]));
}
