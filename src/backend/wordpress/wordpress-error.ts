import { NatterError } from '../../model/errors';
import type { ErrorCode } from '../../protocol/error-codes';

/** natter's code (and the form field) for each WordPress error code the widget can meet. */
const CODES: Record<string, readonly [ErrorCode, string?]> = {
  comment_duplicate: ['duplicate'],
  // Core builds 429 for a flood, but its REST API answers it as 400.
  comment_flood: ['rate_limited'],
  rest_comment_login_required: ['unauthorized'],
  rest_comment_closed: ['closed'],
  rest_comment_draft_post: ['closed'],
  rest_comment_invalid_post_id: ['not_found'],
  rest_post_invalid_id: ['not_found'],
  natter_page_not_found: ['not_found'],
  rest_comment_invalid_parent: ['not_found'],
  rest_comment_content_invalid: ['invalid', 'body'],
  rest_comment_author_data_required: ['invalid', 'name'],
  comment_content_column_length: ['too_long', 'body'],
  comment_author_column_length: ['too_long', 'name'],
  comment_author_email_column_length: ['too_long', 'email'],
  comment_author_url_column_length: ['too_long', 'url'],
  natter_origin_not_allowed: ['forbidden'],
  rest_cannot_read: ['forbidden'],
};

/** WordPress's request parameters → natter's form fields. */
const FIELDS: Record<string, string> = { author_email: 'email', author_name: 'name', author_url: 'url', content: 'body' };

/** natter's code for an HTTP status without a code WordPress's error map knows. */
function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'duplicate';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/**
 * The {@link NatterError} for a WordPress error answer (`{code, message, data}`),
 * mapped on `code` and the status; WordPress's own message (HTML) is never shown,
 * only kept in the developer message.
 */
export function wordPressError(operation: string, status: number, body: unknown): NatterError {
  const o: object = Object(body);
  const wpCode = Reflect.get(o, 'code');
  const known = typeof wpCode === 'string' ? CODES[wpCode] : undefined;
  let field = known?.[1];
  if (wpCode === 'rest_invalid_param') {
    const params: unknown = Reflect.get(Object(Reflect.get(o, 'data')), 'params');
    field = Object.keys(Object(params)).map((name) => FIELDS[name]).find((name) => name !== undefined);
  }
  const code = known?.[0] ?? codeOfStatus(status);
  return new NatterError(code, `${operation}: WordPress answered ${status} ${typeof wpCode === 'string' ? wpCode : ''}`.trimEnd(), {
    ...(field ? { field } : {}),
    cause: body,
  });
}
