import { NatterError } from '../../model/errors';
import type { GuestIdentity, SiteConfig } from '../../model/types';

/** Longest email address SMTP allows (RFC 5321). */
const EMAIL_MAX = 254;
/** Longest page id natter accepts (SECURITY.md S20). */
const PAGE_ID_MAX = 512;
// Controls, format characters (bidi controls, zero-width), lone surrogates,
// private use and unassigned code points never belong in a name (SECURITY.md S8).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
const SPACES = /[\s\p{Z}]+/gu;

function invalid(field: string, message: string): NatterError {
  return new NatterError('invalid', message, { field });
}

/** A page id: a non-empty string of at most 512 characters. */
export function checkPageId(pageId: unknown, operation: string): string {
  if (typeof pageId !== 'string' || pageId === '' || pageId.length > PAGE_ID_MAX) {
    throw invalid('pageId', `${operation}: pageId must be 1–${PAGE_ID_MAX} characters`);
  }
  return pageId;
}

/** The body trimmed, or `invalid` when empty and `too_long` over the limit (never truncated). */
export function checkBody(body: unknown, limits: SiteConfig['limits'], operation: string): string {
  if (typeof body !== 'string' || body.trim() === '') throw invalid('body', `${operation}: the body is empty`);
  const text = body.trim();
  if (text.length > limits.bodyMaxLength) {
    throw new NatterError('too_long', `${operation}: the body is over ${limits.bodyMaxLength} characters`, { field: 'body' });
  }
  return text;
}

/** A display name cleaned of invisible characters, NFC, 1..max code points. */
export function checkName(name: unknown, max: number, operation: string): string {
  if (typeof name !== 'string') throw invalid('name', `${operation}: the name is missing`);
  const cleaned = name.replace(INVISIBLE, '').normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  if (cleaned === '') throw invalid('name', `${operation}: the name is empty`);
  if ([...cleaned].length > max) {
    throw new NatterError('too_long', `${operation}: the name is over ${max} characters`, { field: 'name' });
  }
  return cleaned;
}

/** An email address of plausible shape, lower-cased. */
export function checkEmail(email: unknown, operation: string): string {
  const text = typeof email === 'string' ? email.trim() : '';
  if (text.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
    throw invalid('email', `${operation}: the email address is malformed`);
  }
  return text.toLowerCase();
}

/** A website: absolute http(s), at most `max` characters, normalised by the URL parser. */
export function checkUrl(url: unknown, max: number, operation: string): string | undefined {
  if (url === undefined || url === '') return undefined;
  if (typeof url !== 'string') throw invalid('url', `${operation}: the website is not text`);
  if (url.length > max) {
    throw new NatterError('too_long', `${operation}: the website is over ${max} characters`, { field: 'url' });
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('url', `${operation}: the website is not an absolute URL`);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw invalid('url', `${operation}: the website is not an http(s) URL`);
  }
  if (parsed.href.length > max) {
    throw new NatterError('too_long', `${operation}: the website is over ${max} characters`, { field: 'url' });
  }
  return parsed.href;
}

/** Name shown for a guest who left it out where the site does not require it. */
export const ANONYMOUS = 'Anonymous';

/**
 * Guest details checked and normalised, the email lower-cased. When the site
 * does not require name and email, either may be left empty (the email is
 * then `''` and the name {@link ANONYMOUS}).
 */
export function checkGuest(guest: GuestIdentity | undefined, config: SiteConfig, operation: string): GuestIdentity {
  const optional = !config.requireNameEmail;
  if (guest === undefined || guest === null || typeof guest !== 'object') {
    if (optional) return { name: ANONYMOUS, email: '' };
    throw invalid('name', `${operation}: guests must give a name and an email address`);
  }
  const blank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');
  const name = optional && blank(guest.name) ? ANONYMOUS : checkName(guest.name, config.limits.nameMaxLength, operation);
  const email = optional && blank(guest.email) ? '' : checkEmail(guest.email, operation);
  const url = checkUrl(guest.url, config.limits.urlMaxLength, operation);
  return url === undefined ? { name, email } : { name, email, url };
}
