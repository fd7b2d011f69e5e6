import type { ErrorCode } from 'natter/protocol';

/** HTTP statuses the API answers errors with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

/**
 * The one error the API throws; the app's single `onError` turns it into
 * `{ "error": { "code", "message", "field"? } }` with {@link ApiError.status}.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly options: { field?: string; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Shorthand for a 400 `invalid` about one field. */
export function invalid(message: string, field?: string): ApiError {
  return new ApiError(400, 'invalid', message, field === undefined ? {} : { field });
}
