import { describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  RATE_MARGIN_MS,
  TIMER_SLACK_MS,
} from '../../../lambda/core/delivery/rate-limiter';
import type { Clock } from '../../../lambda/core/ports';
import { createFakeClock } from '../../support/fakes';

/** The most slots that fall into any half-open one-second window. */
function busiestSecond(times: readonly number[]): number {
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= 1000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

/**
 * A clock like the real one: whole milliseconds, and timers that never fire early, wait at least
 * 1 ms and sometimes fire late.
 */
function createTimerLikeClock(lateness: () => number): Clock {
  let now = 0;
  return {
    now: () => Math.floor(now),
    async sleep(ms) {
      now += Math.max(1, Math.ceil(ms)) + lateness();
    },
  };
}

describe('createRateLimiter', () => {
  it('spaces slots evenly, with a small margin, so no second holds more than the rate', async () => {
    const clock = createFakeClock(0);
    const limiter = createRateLimiter(4, clock);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    const interval = (1000 + RATE_MARGIN_MS) / 4;
    expect(times).toEqual(times.map((_, i) => i * interval));
    expect(busiestSecond(times)).toBe(4);
  });

  it('serves concurrent callers one slot each, in order', async () => {
    const clock = createFakeClock(0);
    const limiter = createRateLimiter(2, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.slept).toEqual([512.5, 512.5]);
  });

  it('spaces the next slot from a late wake-up, so oversleeping never causes a burst', async () => {
    let call = 0;
    // The third sleep wakes 400 ms late, as a blocked event loop would.
    const clock = createTimerLikeClock(() => (++call === 3 ? 400 : 0));
    const limiter = createRateLimiter(10, clock);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(102.5 - TIMER_SLACK_MS);
    expect(busiestSecond(times)).toBeLessThanOrEqual(10);
  });

  it('keeps any second within the rate at rates above one slot per millisecond', async () => {
    const clock = createTimerLikeClock(() => (Math.random() < 0.1 ? 3 : 0));
    const limiter = createRateLimiter(5_000, clock);
    const times: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    expect(busiestSecond(times)).toBeLessThanOrEqual(5_000);
    // Whole-millisecond timers that fire late cost little of the rate.
    expect(times.length / ((times.at(-1) as number) / 1000)).toBeGreaterThan(4_700);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter(0, createFakeClock())).toThrow(/must be > 0/);
  });
});
