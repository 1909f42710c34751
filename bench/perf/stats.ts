/** Order statistics of timing samples: medians resist the odd garbage collection or slow tick. */

export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new RangeError('no samples to summarise');
  return [...samples].sort((a, b) => a - b);
}

/** The middle sample, or the mean of the two middle ones when the count is even. */
export function median(samples: readonly number[]): number {
  const ordered = sorted(samples);
  const middle = ordered.length >> 1;
  const upper = ordered[middle] as number;
  return ordered.length % 2 === 1 ? upper : ((ordered[middle - 1] as number) + upper) / 2;
}

/** The nearest-rank percentile: the smallest sample with at least `p` % of them at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const ordered = sorted(samples);
  return ordered[Math.ceil((p / 100) * ordered.length) - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const ordered = sorted(samples);
  return {
    count: ordered.length,
    median: median(ordered),
    p10: percentile(ordered, 10),
    p90: percentile(ordered, 90),
    min: ordered[0] as number,
    max: ordered[ordered.length - 1] as number,
  };
}
