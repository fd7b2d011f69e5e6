/**
 * The rules for every text field natter stores, written once. The server's
 * request schemas, the memory backend and the widget's form all call these,
 * so a name, body or address is accepted or refused the same way everywhere.
 *
 * Lengths are counted in Unicode code points (what JSON Schema's
 * `maxLength` counts), never in UTF-16 units: an emoji is one character.
 * Plain functions without a schema library, so the script-tag bundle can use
 * them for the form's light checks at a few hundred bytes.
 */

/** A rule's answer: the normalised value, or why it was refused. */
export type Verdict<T = string> =
  | { ok: true; value: T }
  | { ok: false; code: 'invalid' | 'too_long'; message: string };

/** The number of Unicode code points in `text` (what every natter limit counts). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// Controls, format characters (bidi controls, zero-width), private use,
// unassigned code points and the line/paragraph separators (docs/security.md S8).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
// A lone surrogate: well-formed text never has one.
const LONE_SURROGATE = /\p{Cs}/u;
// C0 controls but tab, line feed and carriage return; and DEL.
const BODY_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// What carries no text of its own: whitespace, invisible format characters and
// the Markdown punctuation that renders as nothing but emphasis, headings or rules.
const NOT_TEXT = /[\s\p{Z}\p{Cf}*_#>`~=|+-]/gu;

const ok = <T>(value: T): Verdict<T> => ({ ok: true, value });
const invalid = (message: string): Verdict<never> => ({ ok: false, code: 'invalid', message });
const tooLong = (field: string, max: number): Verdict<never> =>
  ({ ok: false, code: 'too_long', message: `The ${field} is longer than ${max} characters` });

/** A display name: NFC, trimmed, inner whitespace runs as one space, 1..`max` characters, nothing invisible. */
export function nameRule(value: string, max: number, field = 'name'): Verdict {
  if (LONE_SURROGATE.test(value) || INVISIBLE.test(value)) return invalid(`The ${field} contains control or invisible characters`);
  const name = value.normalize('NFC').replace(/[\s\p{Z}]+/gu, ' ').trim();
  if (name === '') return invalid(`The ${field} is required`);
  return codePoints(name) > max ? tooLong(field, max) : ok(name);
}

/**
 * A comment body (Markdown on the natter server): trimmed, line breaks as
 * `\n`, 1..`max` characters, no control characters, and some text that is not
 * only spaces, invisible characters or Markdown punctuation.
 */
export function bodyRule(value: string, max: number, field = 'body'): Verdict {
  if (LONE_SURROGATE.test(value)) return invalid(`The ${field} contains a lone surrogate`);
  if (BODY_CONTROLS.test(value)) return invalid(`The ${field} contains control characters`);
  const body = value.replace(/\r\n?/g, '\n').trim();
  if (body.replace(NOT_TEXT, '') === '') return invalid(`The ${field} is empty`);
  return codePoints(body) > max ? tooLong(field, max) : ok(body);
}

/** An email address: trimmed, at most 254 characters, of deliverable shape; the domain lower-cased. */
export function emailRule(value: string, max: number, field = 'email'): Verdict {
  const email = value.trim();
  if (codePoints(email) > max) return tooLong(field, max);
  const m = /^([^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]{1,64})@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/iu.exec(email);
  return m ? ok(`${m[1]}@${(m[2] ?? '').toLowerCase()}`) : invalid(`The ${field} is not a valid email address`);
}

/** A website: an absolute http(s) URL with a host and no credentials, normalised by `new URL`, at most `max` characters. */
export function websiteRule(value: string, max: number, field = 'url'): Verdict {
  if (codePoints(value) > max) return tooLong(field, max);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return invalid(`The ${field} is not an absolute URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return invalid(`The ${field} must be an http(s) URL`);
  if (url.username !== '' || url.password !== '') return invalid(`The ${field} must not contain credentials`);
  return url.href.length > max ? tooLong(field, max) : ok(url.href);
}

/** A page id: an opaque key of 1..`max` characters without control characters, kept as given. */
export function pageIdRule(value: string, max: number, field = 'pageId'): Verdict {
  if (value === '') return invalid(`The ${field} is required`);
  if (LONE_SURROGATE.test(value) || /\p{Cc}/u.test(value)) return invalid(`The ${field} contains control characters`);
  return codePoints(value) > max ? tooLong(field, max) : ok(value);
}

/** A page title: plain text, NFC, trimmed, at most `max` characters, nothing invisible (may be empty). */
export function titleRule(value: string, max: number, field = 'pageTitle'): Verdict {
  if (LONE_SURROGATE.test(value) || INVISIBLE.test(value)) return invalid(`The ${field} contains control or invisible characters`);
  const title = value.normalize('NFC').trim();
  return codePoints(title) > max ? tooLong(field, max) : ok(title);
}
