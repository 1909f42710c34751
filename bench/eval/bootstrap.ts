import { seededRandom } from '../../test/support/seeded-random';

/** A mean with its 95 % confidence interval. */
export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.ceil(at);
  const low = sorted[below] ?? 0;
  return low + ((sorted[above] ?? low) - low) * (at - below);
}

/**
 * Paired bootstrap over articles: `differences[i]` is system A's score minus system B's on
 * article i. Resamples articles with replacement `samples` times and returns the mean difference
 * with the 2.5th and 97.5th percentiles of the resampled means.
 */
export function pairedBootstrap(
  differences: readonly number[],
  samples = 1000,
  seed = 13,
): Interval {
  const n = differences.length;
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  const mean = differences.reduce((sum, value) => sum + value, 0) / n;
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    let sum = 0;
    for (let draw = 0; draw < n; draw++) sum += differences[Math.floor(random() * n)] ?? 0;
    means.push(sum / n);
  }
  means.sort((a, b) => a - b);
  return { mean, low: quantile(means, 0.025), high: quantile(means, 0.975) };
}
