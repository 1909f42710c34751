import { describe, expect, it } from 'vitest';
import { checkTargets, TARGETS } from '../../../bench/perf/targets';

const passing = {
  nodeBaselineMs: 80,
  coldStartWithSdkMs: 200,
  apiColdStartMs: 230,
  senderCpuMsPerMessage: 1.5,
  plan100kSeconds: 1.2,
  seedHtmlBytes: 28_000,
  npmTestSeconds: 70,
  previewEditMaxMs: 300,
};

describe('checkTargets', () => {
  it('passes a run that meets every target, with cold starts as multiples of Node', () => {
    const targets = checkTargets(passing);
    expect(Object.values(targets).every((target) => target?.pass)).toBe(true);
    expect(targets.deliverColdStartRatio?.actual).toBe(2.5);
    expect(targets.apiColdStartRatio?.actual).toBe(2.88);
  });

  it('counts a figure exactly at its limit as met', () => {
    const targets = checkTargets({
      nodeBaselineMs: 100,
      coldStartWithSdkMs: 300,
      apiColdStartMs: 300,
      senderCpuMsPerMessage: TARGETS.maxSenderCpuMsPerMessage,
      plan100kSeconds: TARGETS.maxPlan100kSeconds,
      seedHtmlBytes: TARGETS.maxSeedHtmlBytes,
      npmTestSeconds: TARGETS.maxNpmTestSeconds,
      previewEditMaxMs: TARGETS.maxPreviewEditMs,
    });
    expect(Object.values(targets).every((target) => target?.pass)).toBe(true);
  });

  it('fails each target on its own figure only', () => {
    expect(checkTargets({ ...passing, coldStartWithSdkMs: 241 }).deliverColdStartRatio?.pass).toBe(
      false,
    );
    expect(checkTargets({ ...passing, apiColdStartMs: 241 }).apiColdStartRatio?.pass).toBe(false);
    const slow = checkTargets({ ...passing, senderCpuMsPerMessage: 2.1 });
    expect(slow.senderCpuMsPerMessage?.pass).toBe(false);
    expect(slow.plan100kSeconds?.pass).toBe(true);
    expect(checkTargets({ ...passing, plan100kSeconds: 2.5 }).plan100kSeconds?.pass).toBe(false);
    expect(checkTargets({ ...passing, npmTestSeconds: 91 }).npmTestSeconds?.pass).toBe(false);
    const slowPreview = checkTargets({ ...passing, previewEditMaxMs: 1001 });
    expect(slowPreview.previewEditMaxMs).toEqual({
      target: '≤ 1000 ms',
      actual: 1001,
      pass: false,
    });
    expect(slowPreview.npmTestSeconds?.pass).toBe(true);
  });

  it('leaves out the targets a run has no figure for', () => {
    const targets = checkTargets({
      ...passing,
      plan100kSeconds: null,
      npmTestSeconds: null,
      previewEditMaxMs: null,
    });
    expect(Object.keys(targets).sort()).toEqual([
      'apiColdStartRatio',
      'deliverColdStartRatio',
      'seedHtmlBytes',
      'senderCpuMsPerMessage',
    ]);
  });
});
