import { ApiError } from './api-error';
import type { Storage } from '../storage/storage';

/** One limit: at most `max` hits in any `windowSeconds`. */
export interface RateRule {
  max: number;
  windowSeconds: number;
}

/** Slices a rule's window is counted in: the window slides a slice at a time. */
const SLICES = 12;

/**
 * Rate limits over any window of a rule's length, counted in the database so
 * that they hold across server processes. Hits are counted per twelfth of the
 * window; a hit counts with the hits of its slice and of the twelve before
 * it, which cover the whole window before it and never more than a twelfth
 * beyond. (Counting per clock window would let a client send twice the limit
 * across a window's end.) A client that keeps to twelve thirteenths of the
 * rate is never refused. A hit over the limit throws 429 with `Retry-After`:
 * the seconds until enough slices have passed for one more hit to fit, if
 * nothing else is sent meanwhile.
 */
export class RateLimiter {
  constructor(private readonly storage: Storage, private readonly now: () => number) {}

  /** Counts a hit on each bucket; throws `rate_limited` when any is over its rule. */
  async hit(buckets: readonly string[], rule: RateRule | null): Promise<void> {
    if (rule === null || rule.max <= 0) return;
    const slice = Math.ceil((rule.windowSeconds * 1000) / SLICES);
    const now = this.now();
    const start = Math.floor(now / slice) * slice;
    const counted = await Promise.all(buckets.map((b) => this.storage.hitRateLimit(b, start, start - SLICES * slice)));
    let wait = 0;
    for (const { recent } of counted) wait = Math.max(wait, retryWait(recent, slice * (SLICES + 1), now, rule.max));
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} seconds`, { retryAfter });
    }
  }
}

/**
 * Milliseconds from `now` until one more hit fits within `max` (0: this
 * one did), given the counts of the slices (`window`: their start) within
 * the last `span`, oldest first. A slice stops counting `span` after it started.
 */
export function retryWait(recent: readonly { window: number; count: number }[], span: number, now: number, max: number): number {
  let left = recent.reduce((sum, r) => sum + r.count, 0);
  if (left <= max) return 0;
  for (const { window, count } of recent) {
    left -= count;
    if (left + 1 <= max) return window + span - now;
  }
  return span;
}
