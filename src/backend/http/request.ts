import { NatterError } from '../../model/errors';
import type { ErrorCode } from '../../protocol/error-codes';
import { toErrorBody } from './narrow';

/** When a failed request is tried again: after a network failure or a 5xx, never after a 4xx or a timeout. */
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

/** When {@link createRequest} tries a failed request again: {@link RetryOptions} resolved by {@link retryPolicy}. */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 2 */
  limit?: number | undefined;
  /** Milliseconds to wait before retry `n` (from 1). @default (n) => 300 * 2 ** (n - 1) */
  wait?: ((attempt: number) => number) | undefined;
}

/** The policy of `retry` as `HttpBackend` takes it: a retry limit, or {@link RetryOptions}. */
export function retryPolicy(retry: number | RetryOptions | undefined): RetryPolicy {
  if (typeof retry === 'number') return { limit: retry };
  const { limit, delay = (n: number) => 300 * 2 ** (n - 1), backoffLimit = Infinity, jitter } = retry ?? {};
  return {
    limit,
    wait: (attempt) => {
      const wait = Math.min(delay(attempt), backoffLimit);
      return jitter === true ? Math.random() * wait : jitter ? jitter(wait) : wait;
    },
  };
}

/** Options for {@link createRequest}. */
export interface RequestClientOptions {
  /** The URL every path is relative to, without a trailing slash. */
  prefixUrl: string;
  /** The `fetch` to send with; tests hand in their own. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Milliseconds one attempt may take before it fails with `timeout` (not retried). @default 10000 */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  /** Headers for a request to `path`, computed as it goes out (credentials). */
  headers?: (path: string) => Record<string, string>;
}

/** One request. */
export interface RequestOptions {
  /** @default 'GET' */
  method?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Override the client's headers. */
  headers?: Record<string, string>;
  /** Aborting rejects with `cancelled`. */
  signal?: AbortSignal | undefined;
  /**
   * Whether sending twice is safe, so a failure may be retried.
   * @default true for GET, PUT and DELETE, and for requests with an `Idempotency-Key`
   */
  idempotent?: boolean;
}

/** Sends a request for `operation` (named in every error); resolves with a 2xx or 304 answer, else rejects with a NatterError. */
export type Send = (operation: string, path: string, options?: RequestOptions) => Promise<Response>;

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 408: 'timeout', 409: 'duplicate', 413: 'too_long', 429: 'rate_limited',
};

/** The NatterError for an error answer: `{error:{code,message,field?}}`, or just its status. */
async function answerError(operation: string, method: string, url: string, response: Response): Promise<NatterError> {
  const body = toErrorBody(await response.json().catch(() => null));
  const { status } = response;
  const seconds = Number(response.headers.get('retry-after'));
  return new NatterError(
    body?.code ?? STATUS_CODES[status] ?? (status < 500 ? 'invalid' : 'server'),
    `${operation}: ${body?.message ?? 'refused'} (${method} ${new URL(url).pathname} → ${status})`,
    { field: body?.field, retryAfter: seconds > 0 ? seconds : undefined },
  );
}

/**
 * A small fetch client for JSON APIs: paths under a prefix URL, headers from a
 * hook, a timeout per attempt merged with the caller's signal, retries with
 * backoff for requests that are safe to send twice, and every failure as a
 * NatterError with a code (`network`, `timeout`, `cancelled`, the API's own).
 *
 * @example
 * const send = createRequest({ prefixUrl: 'https://comments.example.com' });
 * const response = await send('getConfig', 'api/config');
 */
export function createRequest(client: RequestClientOptions): Send {
  const { limit = 2, wait = (n: number) => 300 * 2 ** (n - 1) } = client.retry ?? {};
  return async (operation, path, options = {}) => {
    const { method = 'GET', json, signal } = options;
    const url = `${client.prefixUrl}/${path}`;
    const headers = new Headers({ ...client.headers?.(path), ...options.headers });
    if (json !== undefined) headers.set('content-type', 'application/json');
    const idempotent = options.idempotent ?? (/^(GET|PUT|DELETE)$/.test(method) || headers.has('idempotency-key'));
    const fail = (code: ErrorCode, why: string, cause?: unknown) => new NatterError(code, `${operation}: ${why}`, { cause });

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw fail('cancelled', 'cancelled');
      // One controller per attempt, aborted by the caller's signal or the timeout.
      const controller = new AbortController();
      const abort = () => controller.abort();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort();
      }, client.timeoutMs ?? 10_000);
      signal?.addEventListener('abort', abort);
      let error: NatterError;
      try {
        const response = await (client.fetch ?? globalThis.fetch)(url, {
          method, headers, body: json === undefined ? null : JSON.stringify(json), signal: controller.signal,
        });
        if (response.ok || response.status === 304) return response;
        error = await answerError(operation, method, url, response);
        if (response.status < 500) throw error;
      } catch (cause) {
        if (cause instanceof NatterError) throw cause;
        if (signal?.aborted) throw fail('cancelled', 'cancelled', cause);
        if (timedOut) throw fail('timeout', 'no answer in time', cause);
        error = fail('network', 'server unreachable', cause);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
      if (!idempotent || attempt > limit) throw error;
      // An abort during the wait is seen when it ends, before the next attempt.
      await new Promise((resolve) => setTimeout(resolve, wait(attempt)));
    }
  };
}

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
