import type { Translator } from '../i18n/translator';
import type { SiteConfig } from '../model/types';
import type { ErrorCode } from '../protocol/error-codes';
import { codePoints } from '../protocol/text-rules';
import { httpUrl } from './http-url';

/** The form's fields that can carry an error message. */
export type FieldName = 'body' | 'email' | 'name' | 'url';

/** Error messages by field; a field without an entry is fine. */
export type FieldErrors = Partial<Record<FieldName, string>>;

/** What {@link validateForm} checks. */
export interface FormValues {
  body: string;
  name: string;
  email: string;
  url: string;
}


/**
 * Makes a website address absolute: `example.org` becomes `https://example.org`.
 * Returns `null` when the result is not an http(s) URL with a host.
 */
export function normaliseUrl(input: string): string | null {
  const text = input.trim();
  // An http(s) URL always has a host: the parser refuses one without.
  return text ? httpUrl(/^[a-z][a-z\d+.-]*:/i.test(text) ? text : `https://${text}`) : '';
}

/** The message for `field` failing with `code` (client checks and server answers share it). */
export function fieldMessage(t: Translator, config: SiteConfig, field: FieldName, code: ErrorCode | 'required'): string | null {
  const { limits } = config;
  if (code === 'too_long' && field !== 'email') {
    const max = field === 'body' ? limits.bodyMaxLength : field === 'name' ? limits.nameMaxLength : limits.urlMaxLength;
    return t.tn('Too long: at most %d character.', 'Too long: at most %d characters.', max);
  }
  if (code !== 'required' && code !== 'invalid' && code !== 'too_long') return null;
  switch (field) {
    case 'body': return t.t('Please enter a comment.');
    case 'name': return code === 'required' ? t.t('Please enter your name.') : t.t('Please enter a valid name.');
    case 'email': return code === 'required' ? t.t('Please enter your email address.') : t.t('Please enter a valid email address.');
    case 'url': return t.t('Please enter a website address starting with http:// or https://.');
  }
}

/**
 * Checks the form before posting, with the site's limits. Guest details are
 * checked only for guests. Returns one translated message per failing field.
 */
export function validateForm(t: Translator, config: SiteConfig, values: FormValues, guest: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const fail = (field: FieldName, code: ErrorCode | 'required') => {
    errors[field] ??= fieldMessage(t, config, field, code) ?? undefined;
  };
  // Light checks with the limits the site announces, counted as the server
  // counts them (code points); the server has the last word on everything else.
  const { limits } = config;
  const body = values.body.trim();
  if (!body) fail('body', 'required');
  else if (codePoints(body) > limits.bodyMaxLength) fail('body', 'too_long');
  if (!guest) return errors;

  // An email's shape is the server's to judge (one rule, `emailRule`); the form maps its answer to the field.
  if (!values.email.trim() && config.requireNameEmail) fail('email', 'required');

  const name = values.name.trim();
  if (!name) {
    if (config.requireNameEmail) fail('name', 'required');
  } else if (codePoints(name) > limits.nameMaxLength) fail('name', 'too_long');

  const url = normaliseUrl(values.url);
  if (url === null) fail('url', 'invalid');
  else if (url.length > limits.urlMaxLength) fail('url', 'too_long');
  return errors;
}
