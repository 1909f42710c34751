import { describe, expect, it } from 'vitest';
import { checkTargets, TARGETS } from '../../../bench/perf/targets';

const passing = {
  speedup: 1900,
  prepareMedianUs: 14,
  coldStartMs: 230,
  nodeBaselineMs: 150,
  seedHtmlBytes: 28_000,
};

describe('checkTargets', () => {
  it('passes a run that meets every target, with the cold start as a multiple of Node', () => {
    const targets = checkTargets(passing);
    expect(Object.values(targets).every((target) => target.pass)).toBe(true);
    expect(targets.coldStartRatio.actual).toBe(1.53);
  });

  it('counts a figure exactly at its limit as met', () => {
    const targets = checkTargets({
      speedup: TARGETS.minSpeedup,
      prepareMedianUs: TARGETS.maxPrepareUs,
      coldStartMs: 300,
      nodeBaselineMs: 150,
      seedHtmlBytes: TARGETS.maxSeedHtmlBytes,
    });
    expect(Object.values(targets).every((target) => target.pass)).toBe(true);
  });

  it('fails each target on its own figure only', () => {
    expect(checkTargets({ ...passing, speedup: 199 }).speedup.pass).toBe(false);
    expect(checkTargets({ ...passing, prepareMedianUs: 50.1 }).prepareMedianUs.pass).toBe(false);
    expect(checkTargets({ ...passing, coldStartMs: 301 }).coldStartRatio.pass).toBe(false);
    const large = checkTargets({ ...passing, seedHtmlBytes: 60 * 1024 + 1 });
    expect(large.seedHtmlBytes.pass).toBe(false);
    expect(large.speedup.pass).toBe(true);
  });
});
