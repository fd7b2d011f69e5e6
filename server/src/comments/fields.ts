import { ApiError, invalid } from '../http/api-error';

/** Limits the API enforces by rejecting (never truncating). */
export const LIMITS = {
  bodyMaxLength: 10_000,
  nameMaxLength: 64,
  urlMaxLength: 2048,
  emailMaxLength: 254,
  pageIdMaxLength: 512,
  pageTitleMaxLength: 300,
  pageSizeMax: 100,
  pageSizeDefault: 50,
} as const;

// Controls, bidi controls, zero-width characters and other invisible format characters.
const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
const BODY_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function chars(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function wellFormed(value: string, field: string): void {
  if (/\p{Cs}/u.test(value)) throw invalid(`The ${field} contains a lone surrogate`, field);
}

/** A display name: NFC, trimmed, 1..64 characters, no control, bidi or zero-width characters. */
export function checkName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string') throw invalid(`The ${field} must be a string`, field);
  wellFormed(value, field);
  if (NAME_FORBIDDEN.test(value)) throw invalid(`The ${field} contains control or invisible characters`, field);
  const name = value.normalize('NFC').trim();
  if (name === '') throw invalid(`The ${field} is required`, field);
  if (chars(name) > LIMITS.nameMaxLength) throw new ApiError(400, 'too_long', `The ${field} is longer than ${LIMITS.nameMaxLength} characters`, { field });
  return name;
}

/** An email address of plausible shape, returned with a lower-cased domain. */
export function checkEmail(value: unknown, field = 'email'): string {
  if (typeof value !== 'string') throw invalid(`The ${field} must be a string`, field);
  const email = value.trim();
  if (email.length > LIMITS.emailMaxLength) throw new ApiError(400, 'too_long', `The ${field} is too long`, { field });
  const m = /^([^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]{1,64})@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/iu.exec(email);
  if (!m) throw invalid(`The ${field} is not a valid email address`, field);
  return `${m[1]}@${(m[2] ?? '').toLowerCase()}`;
}

/** A website: an absolute http(s) URL without credentials, at most 2048 characters, normalised by `new URL`. */
export function checkWebsite(value: unknown, field = 'url'): string {
  if (typeof value !== 'string') throw invalid(`The ${field} must be a string`, field);
  if (value.length > LIMITS.urlMaxLength) throw new ApiError(400, 'too_long', `The ${field} is longer than ${LIMITS.urlMaxLength} characters`, { field });
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid(`The ${field} is not an absolute URL`, field);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw invalid(`The ${field} must be an http(s) URL`, field);
  if (url.username !== '' || url.password !== '') throw invalid(`The ${field} must not contain credentials`, field);
  if (url.href.length > LIMITS.urlMaxLength) throw new ApiError(400, 'too_long', `The ${field} is longer than ${LIMITS.urlMaxLength} characters`, { field });
  return url.href;
}

/** A comment body: 1..10000 characters of text (Markdown source). */
export function checkBody(value: unknown, field = 'body'): string {
  if (typeof value !== 'string') throw invalid(`The ${field} must be a string`, field);
  wellFormed(value, field);
  if (BODY_FORBIDDEN.test(value)) throw invalid(`The ${field} contains control characters`, field);
  if (value.trim() === '') throw invalid(`The ${field} is empty`, field);
  if (chars(value) > LIMITS.bodyMaxLength) throw new ApiError(400, 'too_long', `The ${field} is longer than ${LIMITS.bodyMaxLength} characters`, { field });
  return value.replace(/\r\n?/g, '\n');
}

/** A page id: an opaque key of 1..512 characters without control characters. */
export function checkPageId(value: unknown, field = 'pageId'): string {
  if (typeof value !== 'string' || value === '') throw invalid(`The ${field} is required`, field);
  wellFormed(value, field);
  if (/[\p{Cc}]/u.test(value)) throw invalid(`The ${field} contains control characters`, field);
  if (chars(value) > LIMITS.pageIdMaxLength) throw new ApiError(400, 'too_long', `The ${field} is longer than ${LIMITS.pageIdMaxLength} characters`, { field });
  return value;
}

/** An optional page title: plain text of at most 300 characters. */
export function checkPageTitle(value: unknown, field = 'pageTitle'): string {
  if (typeof value !== 'string') throw invalid(`The ${field} must be a string`, field);
  wellFormed(value, field);
  if (NAME_FORBIDDEN.test(value)) throw invalid(`The ${field} contains control or invisible characters`, field);
  if (chars(value) > LIMITS.pageTitleMaxLength) throw new ApiError(400, 'too_long', `The ${field} is too long`, { field });
  return value.normalize('NFC').trim();
}
