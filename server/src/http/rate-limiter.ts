import { ApiError } from './api-error';
import type { Storage } from '../storage/storage';

/** One limit: at most `max` hits per `windowSeconds`. */
export interface RateRule {
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window rate limits counted in the database, so they hold across
 * server processes. A hit over the limit throws 429 with `Retry-After`.
 */
export class RateLimiter {
  constructor(private readonly storage: Storage, private readonly now: () => number) {}

  /** Counts a hit on each bucket; throws `rate_limited` when any is over its rule. */
  async hit(buckets: readonly string[], rule: RateRule | null): Promise<void> {
    if (rule === null || rule.max <= 0) return;
    const windowMs = rule.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs) * windowMs;
    const counts = await Promise.all(buckets.map((b) => this.storage.hitRateLimit(b, window)));
    if (counts.some((n) => n > rule.max)) {
      const retryAfter = Math.max(1, Math.ceil((window + windowMs - now) / 1000));
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} seconds`, { retryAfter });
    }
  }
}
