import type { ErrorCode } from '../protocol/error-codes';

/** Options for {@link NatterError}. */
export interface NatterErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** The input field the error is about, when there is one (`body`, `name`, `email`, `url`). */
  field?: string;
  /** Seconds to wait before retrying, for `rate_limited`. */
  retryAfter?: number;
}

/**
 * The one error type every backend throws. The UI maps `code` to a translated
 * message; `message` is for developers and names the operation that failed.
 */
export class NatterError extends Error {
  override readonly name = 'NatterError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: NatterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }
}

/** True for a {@link NatterError}, also across realms (iframes, other bundles). */
export function isNatterError(value: unknown): value is NatterError {
  return (
    value instanceof NatterError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'NatterError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
