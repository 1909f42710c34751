import type { Clock } from '../ports';

/** Hands out send slots no faster than a given rate. Shared by every concurrent sender. */
export interface RateLimiter {
  /** Resolves when the caller may send one message. */
  take(): Promise<void>;
  readonly ratePerSecond: number;
}

/**
 * A token bucket with a bucket size of one: slots are reserved at fixed intervals, so sends are
 * spread evenly and no one-second window ever holds more than `ratePerSecond` sends (a larger
 * bucket would let a burst exceed SES's per-second rate right at the start).
 */
export function createRateLimiter(ratePerSecond: number, clock: Clock): RateLimiter {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  const intervalMs = 1000 / ratePerSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    ratePerSecond,
    async take() {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalMs;
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}

/** Sending rate for one of `concurrency` parallel consumers sharing the account's rate. */
export function shareOfRate(accountRate: number, concurrency: number): number {
  return accountRate / Math.max(1, concurrency);
}
