import type { ErrorCode } from '../../shared/error-codes';

/**
 * A sign-in step that failed, with the API error code it maps to. The message
 * names the step and never contains a token, code or secret.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: ErrorCode;
  /** HTTP status the API answers with. */
  readonly status: 400 | 401 | 403 | 404 | 502;

  constructor(code: ErrorCode, status: AuthError['status'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}
