import { describe, expect, it } from 'vitest';
import { backoffDelay, RetriesExhaustedError, retryWithBackoff } from '../../lambda/core/retry';
import { createFakeClock } from '../support/fakes';

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

describe('retryWithBackoff', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
  const flaky = (failures: number) => {
    let calls = 0;
    return async (attempt: number) => {
      calls++;
      if (calls <= failures) throw new Error(`failure ${calls}`);
      return `done on attempt ${attempt}`;
    };
  };

  it('retries retryable errors, sleeping a jittered backoff on the clock between attempts', async () => {
    const clock = createFakeClock();
    const retried: number[] = [];
    const result = await retryWithBackoff(flaky(2), {
      policy,
      clock,
      random: () => 0.5,
      retryable: () => true,
      onRetry: (_, attempt) => retried.push(attempt),
    });
    expect(result).toBe('done on attempt 3');
    expect(clock.slept).toEqual([50, 100]);
    expect(retried).toEqual([1, 2]);
  });

  it('throws an error it may not retry at once', async () => {
    const clock = createFakeClock();
    await expect(
      retryWithBackoff(flaky(1), { policy, clock, retryable: () => false }),
    ).rejects.toThrow('failure 1');
    expect(clock.slept).toEqual([]);
  });

  it('gives up after maxAttempts, keeping the last error as the cause', async () => {
    const clock = createFakeClock();
    const failure = retryWithBackoff(flaky(10), {
      policy,
      clock,
      random: () => 0,
      retryable: () => true,
    });
    await expect(failure).rejects.toThrow('gave up after 4 attempts: failure 4');
    await expect(failure).rejects.toMatchObject({ stoppedBy: 'attempts', attempts: 4 });
  });

  it('never starts a sleep that would end after the deadline', async () => {
    const clock = createFakeClock();
    const deadline = clock.now() + 120;
    const failure = retryWithBackoff(flaky(10), {
      policy,
      clock,
      random: () => 1,
      retryable: () => true,
      deadline,
    });
    await expect(failure).rejects.toBeInstanceOf(RetriesExhaustedError);
    await expect(failure).rejects.toMatchObject({ stoppedBy: 'deadline', attempts: 2 });
    expect(clock.slept).toEqual([100]);
    expect(clock.now()).toBeLessThanOrEqual(deadline);
  });
});
