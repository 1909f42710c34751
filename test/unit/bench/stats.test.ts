import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from '../../../bench/perf/stats';

describe('median', () => {
  it('is the middle sample of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('is the mean of the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is not moved by one huge outlier', () => {
    expect(median([10, 11, 12, 13, 50_000])).toBe(12);
  });

  it('refuses an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });

  it('leaves the samples in their order', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const samples = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];

  it('is the smallest sample with at least p % of them at or below it', () => {
    expect(percentile(samples, 10)).toBe(10);
    expect(percentile(samples, 90)).toBe(90);
    expect(percentile(samples, 91)).toBe(100);
    expect(percentile(samples, 100)).toBe(100);
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile(samples, 0)).toThrow(RangeError);
    expect(() => percentile(samples, 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives the count, median, p10, p90 and range of the samples', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({
      count: 5,
      median: 3,
      p10: 1,
      p90: 5,
      min: 1,
      max: 5,
    });
  });
});
