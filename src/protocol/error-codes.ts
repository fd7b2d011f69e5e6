/**
 * Error codes shared by the widget and the server. The API answers
 * `{ "error": { "code", "message" } }` with one of these codes; the widget maps
 * each code to a translated message and never shows raw server text.
 */
export const ERROR_CODES = [
  /** The request could not be sent or no answer came back. */
  'network',
  /** The backend took too long to answer. */
  'timeout',
  /** A field is missing, of the wrong type, or malformed. */
  'invalid',
  /** A field is longer than the configured limit. */
  'too_long',
  /** The same comment was already posted. */
  'duplicate',
  /** Too many requests; try again later. */
  'rate_limited',
  /** Judged as spam by a server-side check. */
  'spam',
  /** A session is required, or the one given is invalid/expired/revoked. */
  'unauthorized',
  /** The caller may not do this (not the author, edit window closed…). */
  'forbidden',
  /** No such comment, page or provider. */
  'not_found',
  /** Comments are closed on this page. */
  'closed',
  /** The edit/delete window has passed. */
  'edit_window_closed',
  /** The browser blocked the sign-in popup. */
  'popup_blocked',
  /** The reader closed the sign-in popup before finishing. */
  'popup_closed',
  /** The identity provider answered with an error. */
  'provider_error',
  /** The operation was cancelled by the reader. */
  'cancelled',
  /** The backend does not support this operation. */
  'unsupported',
  /** Anything else went wrong on the backend's side. */
  'server',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** True when `value` is a known {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
