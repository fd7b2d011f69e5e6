import { NatterError } from '../../model/errors';

/** The error of an operation the reader cancelled. */
export function cancelled(operation: string): NatterError {
  return new NatterError('cancelled', `${operation}: cancelled`);
}

/** Waits `ms` (at least one macrotask); rejects with `cancelled` as soon as `signal` aborts. */
export function delay(ms: number, signal: AbortSignal | undefined, operation: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled(operation));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(operation));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
