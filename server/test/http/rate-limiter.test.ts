import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/api-error';
import { RateLimiter, retryWait } from '../../src/http/rate-limiter';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';

const MINUTE = 60_000;
const rule = { max: 4, windowSeconds: 60 };
/** The start of a window of a minute. */
const START = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE);

let storage: KyselyStorage;
let now: number;
let limiter: RateLimiter;
beforeEach(async () => {
  storage = await openStorage(':memory:', { server: false });
  now = START;
  limiter = new RateLimiter(storage, () => now);
});
afterEach(async () => { await storage.close(); });

/** The hit's `Retry-After`, or `null` when it went through. */
async function hit(bucket = 'post:ip:1'): Promise<number | null> {
  try {
    await limiter.hit([bucket], rule);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    return (error as ApiError).options.retryAfter ?? Number.NaN;
  }
}

describe('RateLimiter', () => {
  it('refuses a burst across a window\'s end that fixed windows would let through twice', async () => {
    now = START + 59_000;
    for (let i = 0; i < 4; i++) expect(await hit()).toBeNull();
    expect(await hit()).toBeGreaterThan(0);
    now = START + MINUTE + 1000;
    // A fixed window would start again from zero here: the four of a second ago still count.
    expect(await hit()).toBeGreaterThan(0);
    expect(await hit('post:ip:2')).toBeNull();
  });

  it('holds over any window of its length, wherever the hits fall in the slices', async () => {
    now = START + 9_999;
    for (let i = 0; i < 4; i++) expect(await hit()).toBeNull();
    // 50 s later, still within a minute of the four.
    now = START + 60_000;
    expect(await hit()).toBeGreaterThan(0);
  });

  it('lets the next hit through once its Retry-After has passed, not before', async () => {
    now = START + 10_000;
    for (let i = 0; i < 4; i++) expect(await hit()).toBeNull();
    // The slice of the five hits counts until 65 s after it started (12 slices of 5 s after its own).
    expect(await hit()).toBe(65);
    // Refused hits count too: a client that keeps knocking is not let in sooner.
    now += 30_000;
    expect(await hit()).toBe(35);
    now += 35_000;
    expect(await hit()).toBeNull();
  });

  it('never refuses hits that keep to twelve thirteenths of the rate, window after window', async () => {
    const gap = ((rule.windowSeconds * 1000) / rule.max) * (13 / 12) + 500;
    now = START + 7_000;
    for (let i = 0; i < 20; i++) {
      expect(await hit(), `hit ${i}`).toBeNull();
      now += gap;
    }
  });

  it('says how long until one more hit fits: until enough of the oldest slices have passed', () => {
    const recent = [{ window: 0, count: 2 }, { window: 10_000, count: 1 }, { window: 50_000, count: 2 }];
    // The slice at 0 stops counting at 60 s, the one at 10 s at 70 s, the one at 50 s at 110 s.
    expect(retryWait(recent, MINUTE, 55_000, 4)).toBe(5_000);
    expect(retryWait(recent, MINUTE, 55_000, 3)).toBe(15_000);
    expect(retryWait(recent, MINUTE, 55_000, 2)).toBe(55_000);
    expect(retryWait(recent, MINUTE, 55_000, 1)).toBe(55_000);
    expect(retryWait(recent, MINUTE, 55_000, 5)).toBe(0);
  });
});
