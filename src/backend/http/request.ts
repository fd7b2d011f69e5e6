import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky';
import { NatterError } from '../../model/errors';
import type { ErrorCode } from '../../protocol/error-codes';
import { toErrorBody } from './narrow';

/** When a failed request is tried again: after a network failure, a 5xx or a 429 that says when; never after another 4xx or a timeout. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number;
  /** Milliseconds before retry `n` (from 1). @default (n) => 300 * 2 ** (n - 1) */
  delay?: (attempt: number) => number;
  /** The longest wait between two attempts, in milliseconds. @default Infinity */
  backoffLimit?: number;
  /** `true` waits a random time up to the delay; a function turns the delay into the wait. @default false */
  jitter?: boolean | ((delay: number) => number);
}

/** Options for {@link createRequest}. */
export interface RequestClientOptions {
  /** The URL every path is relative to, without a trailing slash. */
  prefixUrl: string;
  /** The ky instance to extend (its headers and hooks apply). @default ky */
  ky?: KyInstance | undefined;
  /** The `fetch` to send with; tests hand in their own. @default the ky instance's */
  fetch?: typeof fetch | undefined;
  /** Milliseconds one attempt may take before it fails with `timeout` (not retried). @default 10000 */
  timeoutMs?: number | undefined;
  /** A retry limit, or {@link RetryOptions}. @default { limit: 2 } */
  retry?: number | RetryOptions | undefined;
}

/** One request. */
export interface RequestOptions {
  /** @default 'GET' */
  method?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
  /** Aborting rejects with `cancelled`. */
  signal?: AbortSignal | undefined;
  /**
   * Whether sending twice is safe, so a failure may be retried.
   * @default true for GET, PUT and DELETE, and for requests with an `Idempotency-Key`
   */
  idempotent?: boolean;
}

/** Sends a request for `operation` (named in every error); resolves with a 2xx answer, else rejects with a NatterError. */
export type Send = (operation: string, path: string, options?: RequestOptions) => Promise<Response>;

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 408: 'timeout', 409: 'duplicate', 413: 'too_long', 429: 'rate_limited',
};
/** A 429 or 503 is retried only when the server asks for a wait this short (seconds); a longer one goes to the reader. */
const SHORT_RETRY_AFTER = 5;

/** The NatterError for an error answer: `{error:{code,message,field?}}`, or just its status. */
async function answerError(operation: string, method: string, response: Response): Promise<NatterError> {
  const body = toErrorBody(await response.json().catch(() => null));
  const { status } = response;
  const seconds = Number(response.headers.get('retry-after'));
  return new NatterError(
    body?.code ?? STATUS_CODES[status] ?? (status < 500 ? 'invalid' : 'server'),
    `${operation}: ${body?.message ?? 'refused'} (${method} ${new URL(response.url || 'http://x/').pathname} → ${status})`,
    { field: body?.field, retryAfter: seconds > 0 ? seconds : undefined },
  );
}

/**
 * natter's JSON client on ky: paths under a prefix URL, a timeout per
 * attempt, retries with backoff (honouring `Retry-After`) for requests that
 * are safe to send twice, and every failure as a NatterError with a code
 * (`network`, `timeout`, `cancelled`, the API's own).
 *
 * @example
 * const send = createRequest({ prefixUrl: 'https://comments.example.com' });
 * const response = await send('getConfig', 'api/config');
 */
export function createRequest(client: RequestClientOptions): Send {
  const { limit = 2, delay, backoffLimit, jitter } = typeof client.retry === 'number' ? { limit: client.retry } : client.retry ?? {};
  const http = (client.ky ?? ky).extend({
    prefixUrl: client.prefixUrl,
    ...(client.fetch ? { fetch: client.fetch } : {}),
    timeout: client.timeoutMs ?? 10_000,
    retry: {
      limit,
      ...(delay ? { delay } : {}),
      ...(backoffLimit === undefined ? {} : { backoffLimit }),
      ...(jitter === undefined ? {} : { jitter }),
      methods: ['get', 'put', 'delete', 'post', 'patch'],
      statusCodes: [429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      // A server that asks for a longer wait (429, or a busy 503 with Retry-After) is not
      // asked again sooner, nor kept waiting on: the reader is told at once and may retry.
      shouldRetry: ({ error }) => {
        if (!isHTTPError(error)) return undefined;
        const { status, headers } = error.response;
        const after = Number(headers.get('retry-after'));
        if (status === 429) return after > 0 && after <= SHORT_RETRY_AFTER ? undefined : false;
        return status === 503 && after > SHORT_RETRY_AFTER ? false : undefined;
      },
    },
  });

  return async (operation, path, options = {}) => {
    const { method = 'GET', json, signal, headers = {} } = options;
    const fail = (code: ErrorCode, why: string, cause?: unknown) => new NatterError(code, `${operation}: ${why}`, { cause });
    if (signal?.aborted) throw fail('cancelled', 'cancelled');
    const idempotent = options.idempotent ?? (/^(GET|PUT|DELETE)$/.test(method) || 'idempotency-key' in lower(headers));
    try {
      return await http(path, {
        method, headers, signal, ...(json === undefined ? {} : { json }), ...(idempotent ? {} : { retry: 0 }),
      });
    } catch (cause) {
      if (isHTTPError(cause)) throw await answerError(operation, method, cause.response);
      if (signal?.aborted) throw fail('cancelled', 'cancelled', cause);
      if (isTimeoutError(cause)) throw fail('timeout', 'no answer in time', cause);
      throw fail('network', 'server unreachable', cause);
    }
  };
}

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.keys(headers).map((k) => [k.toLowerCase(), 1]));

/** The JSON of a successful answer narrowed by `narrow`; an answer that is not JSON or has another shape is a `server` error. */
export async function readJson<T>(operation: string, response: Response, narrow: (value: unknown) => T): Promise<T> {
  let value: unknown;
  try {
    value = response.status === 204 ? null : await response.json();
  } catch (cause) {
    throw new NatterError(cause instanceof SyntaxError ? 'server' : 'network', `${operation}: answer unreadable`, { cause });
  }
  try {
    return narrow(value);
  } catch (cause) {
    throw new NatterError('server', `${operation}: unexpected answer`, { cause });
  }
}
