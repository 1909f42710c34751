import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../lambda/core/delivery/backoff';
import { createRateLimiter, shareOfRate } from '../../../lambda/core/delivery/rate-limiter';
import { createFakeClock } from '../../support/fakes';

describe('createRateLimiter', () => {
  it('spaces slots evenly so no second holds more than the rate', async () => {
    const clock = createFakeClock(0);
    const limiter = createRateLimiter(4, clock);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('serves concurrent callers one slot each, in order', async () => {
    const clock = createFakeClock(0);
    const limiter = createRateLimiter(2, clock);
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    // The fake clock advances as each sleep starts: slots at 0, 500 and 1000 ms.
    expect(clock.slept).toEqual([500, 500]);
    expect(clock.now()).toBe(1000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter(0, createFakeClock())).toThrow(/must be > 0/);
  });

  it('divides the account rate among parallel consumers', () => {
    expect(shareOfRate(14, 4)).toBe(3.5);
    expect(shareOfRate(14, 0)).toBe(14);
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling with each attempt and caps it', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('draws a jittered delay below the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0.25)).toBe(100);
  });
});
