import { ApiError } from '../http/api-error';
import type { Storage } from '../storage/storage';

/** How wrong passwords slow down the next attempt on one bucket. */
export interface BackoffRule {
  /** Wrong passwords allowed without any wait. */
  free: number;
  /** The wait after the first failure past `free`; each further one doubles it. */
  baseSeconds: number;
  /** The longest wait, however many failures. */
  capSeconds: number;
  /** Failures older than this are forgotten (at most a day: older hits are pruned). */
  periodSeconds: number;
}

/** One bucket of failures and the rule it follows. */
export interface BackoffBucket {
  key: string;
  rule: BackoffRule;
}

/** Seconds to wait after `failures` wrong passwords under `rule`. */
export function backoffSeconds(rule: BackoffRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** Math.min(30, failures - rule.free));
}

/**
 * Exponential delays after wrong passwords instead of a hard lockout, counted
 * in the database so they hold across server processes. An attempt inside a
 * delay is refused (429 with `Retry-After`) without checking the password, so
 * guessing slows down; a delay never exceeds its cap, so whoever made the
 * failures cannot keep the real owner out for longer than that.
 */
export class LoginBackoff {
  constructor(
    private readonly storage: Pick<Storage, 'hitRateLimit' | 'rateLimitHistory' | 'clearRateLimit'>,
    private readonly now: () => number,
  ) {}

  /** Throws `rate_limited` while any bucket is inside its delay. */
  async check(buckets: readonly BackoffBucket[]): Promise<void> {
    const now = this.now();
    let until = 0;
    for (const { key, rule } of buckets) {
      const { hits, last } = await this.storage.rateLimitHistory(key, now - rule.periodSeconds * 1000);
      if (last !== null) until = Math.max(until, last + backoffSeconds(rule, hits) * 1000);
    }
    if (until > now) {
      const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
      throw new ApiError(429, 'rate_limited', `Too many wrong passwords; try again in ${retryAfter} seconds`, { retryAfter });
    }
  }

  /** Records a wrong password on every bucket. */
  async failed(buckets: readonly BackoffBucket[]): Promise<void> {
    const now = this.now();
    await Promise.all(buckets.map(({ key }) => this.storage.hitRateLimit(key, now)));
  }

  /** Forgets the failures of every bucket after a right password. */
  async succeeded(buckets: readonly BackoffBucket[]): Promise<void> {
    await Promise.all(buckets.map(({ key }) => this.storage.clearRateLimit(key)));
  }
}
