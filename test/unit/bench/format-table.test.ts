import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../../../bench/bench';
import { formatTable } from '../../../bench/perf/format-table';
import { checkTargets } from '../../../bench/perf/targets';

const figures = {
  prepareMedianUs: 14.9,
  naiveMedianUs: 20170,
  speedup: 1354,
  keypointsMsPerArticle: 0.451,
  deliverBundleBytes: 189923,
  coldStartMs: 137.5,
  nodeBaselineMs: 74.4,
  coldStartWithSdkMs: 310.3,
  seedHtmlBytes: 28281,
};

function results(changes: Partial<typeof figures> = {}): BenchResults {
  const changed = { ...figures, ...changes };
  const spread = { medianMs: 1, minMs: 1, maxMs: 1 };
  return {
    ...changed,
    targets: checkTargets(changed),
    prepare: { medianUs: 14.9, recipients: 10000, warmup: 2000, p10Us: 12, p90Us: 22, maxUs: 2000 },
    naive: {
      medianUs: 20170,
      runs: 30,
      p10Us: 14000,
      p90Us: 27000,
      medianStagesMs: { mjml: 11.42, handlebars: 3.08, mime: 3.06 },
    },
    keypoints: {
      msPerArticle: 0.451,
      data: '../shared/eval/cnndm-dev.jsonl',
      fallback: false,
      articles: 100,
      passesMsPerArticle: [0.451],
      parseMsPerArticle: 0.258,
    },
    deliverBundle: {
      bytes: 189923,
      file: 'index.cjs',
      format: 'cjs',
      gzipBytes: 59472,
      sdkPackages: ['@aws-sdk/client-ses'],
      sdkLoadedWithBundle: false,
    },
    coldStart: {
      runs: 15,
      ratio: 1.85,
      ratioOfMinimums: 1.9,
      node: spread,
      bundle: spread,
      bundleWithSdk: spread,
      bundlePhasesMs: { boot: 46, load: 49, firstMessage: 12 },
      firstMessageBytes: 33570,
    },
    seed: {
      article: 'examples/articles/xi-putin-meeting.txt',
      recipient: 'bench-000001 (named)',
      htmlBytes: changed.seedHtmlBytes,
      textBytes: 1694,
      messageBytes: 33570,
    },
    machine: {
      cpu: 'AMD EPYC',
      cores: 2,
      node: 'v20.20.2',
      platform: 'linux',
      loadAverage: { before: [4.39, 3.73, 3.47], after: [3.95, 3.66, 3.45] },
    },
    durationMs: 11191,
  };
}

describe('formatTable', () => {
  it('shows every figure with its unit, the machine and the load', () => {
    const table = formatTable(results());
    for (const shown of [
      '14.9 µs',
      '20.2 ms',
      '1354 ×',
      '0.451 ms',
      '185.5 KiB',
      '74.4 ms',
      '137.5 ms',
      '310.3 ms',
      '28281 B',
      'AMD EPYC, 2 cores, Node v20.20.2; 1-minute load 4.39 → 3.95',
      '4 of 4 targets met; the run took 11.2 s',
    ]) {
      expect(table).toContain(shown);
    }
    expect(table).not.toContain('FAIL');
  });

  it('marks a missed target FAIL and counts it', () => {
    const table = formatTable(results({ coldStartMs: 160 }));
    expect(table).toMatch(/deliver cold start +160 ms +≤ 2 × node -e 0 +FAIL \(2\.15 ×\)/);
    expect(table).toContain('3 of 4 targets met');
  });
});
