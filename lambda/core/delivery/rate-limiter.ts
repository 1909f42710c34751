import type { Clock } from '../ports';

/** Hands out send slots no faster than a given rate. Shared by every concurrent sender. */
export interface RateLimiter {
  /** Resolves when the caller may send one message. */
  take(): Promise<void>;
  readonly ratePerSecond: number;
}

/**
 * SES counts a send when the request reaches it, a few milliseconds after we let it go, and that
 * delay varies (event-loop stalls, garbage collection, the network). Spacing slots so that any
 * `rate + 1` consecutive slots span 1 s plus a margin keeps SES from seeing `rate + 1` sends in one
 * second unless one request is delayed by most of the margin more than another. It costs 2.5 % of
 * the rate.
 */
export const RATE_MARGIN_MS = 25;

/**
 * Timers fire in whole milliseconds and often a little late. A slot handed out at most this late
 * keeps its planned place, so the next ones catch up instead of losing the time; a later one
 * moves the plan to now. Any `rate + 1` consecutive slots still span at least
 * 1 s + RATE_MARGIN_MS − TIMER_SLACK_MS − 1 ms.
 */
export const TIMER_SLACK_MS = 5;

/**
 * A token bucket with a bucket size of one: slots are handed out one at a time, evenly spaced,
 * so no one-second window ever holds more than `ratePerSecond` of them (a larger bucket would let
 * a burst exceed SES's per-second rate right at the start). A slot handed out late (a busy event
 * loop) moves the plan, so the senders that waited behind it cannot burst afterwards.
 */
export function createRateLimiter(ratePerSecond: number, clock: Clock): RateLimiter {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  const intervalMs = (1000 + RATE_MARGIN_MS) / ratePerSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  let queue = Promise.resolve();
  return {
    ratePerSecond,
    take() {
      const turn = queue.then(async () => {
        // Timers cannot wait less than a millisecond: a slot that close is handed out now.
        while (nextSlot - clock.now() >= 1) await clock.sleep(nextSlot - clock.now());
        const now = clock.now();
        nextSlot = (now - nextSlot > TIMER_SLACK_MS ? now : nextSlot) + intervalMs;
      });
      queue = turn;
      return turn;
    },
  };
}
