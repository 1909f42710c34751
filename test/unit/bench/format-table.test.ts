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
  coldStartWithSdkMs: 210.3,
  apiColdStartMs: 190.1,
  senderCpuMsPerMessage: 1.8,
  plan100kSeconds: 1.25 as number | null,
  seedHtmlBytes: 28281,
  npmTestSeconds: null as number | null,
  previewEditMaxMs: 240 as number | null,
};

const preview = {
  rounds: 15,
  template: { medianMs: 180.5, minMs: 120, maxMs: 240 },
  article: { medianMs: 170.5, minMs: 110, maxMs: 230 },
  maxMs: 240,
};

function results(changes: Partial<typeof figures> = {}): BenchResults {
  const changed = { ...figures, ...changes };
  const spread = { medianMs: 1, minMs: 1, maxMs: 1 };
  const bundle = {
    bytes: 189923,
    file: 'index.cjs',
    format: 'cjs' as const,
    gzipBytes: 59472,
    sdkPackages: ['@aws-sdk/client-ses'],
    containsMjml: false,
  };
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
    deliverBundle: bundle,
    apiBundle: { ...bundle, file: 'index.mjs', format: 'esm', bytes: 200_000 },
    sdkFromRuntime: { deliver: bundle, api: bundle },
    coldStart: {
      runs: 15,
      nodeVersion: 'v20.20.2',
      ratio: 2.83,
      apiRatio: 2.56,
      ratioOfMinimums: 2.7,
      apiRatioOfMinimums: 2.5,
      node: spread,
      deliverOwnCode: spread,
      deliver: spread,
      api: spread,
      deliverSdkFromRuntime: { ...spread, medianMs: 250.5 },
      apiSdkFromRuntime: { ...spread, medianMs: 240.5 },
      sdkClientsOnly: {
        deliver: { ...spread, medianMs: 148.8 },
        api: { ...spread, medianMs: 111.6 },
      },
      bundlePhasesMs: { boot: 46, load: 49, firstMessage: 12 },
      firstMessageBytes: 33570,
    },
    sending: {
      messages: 2000,
      concurrency: 8,
      seconds: 9.5,
      cpuMsPerMessage: { sender: 1.8, dynalite: 1.6, ses: 2.2 },
      bareSendRawEmailCpuMsPerMessage: { sender: 1.1, dynalite: 0, ses: 2.1 },
      plan: {
        subscribers: 100_000,
        planned: 100_000,
        batches: 4000,
        seconds: 1.25,
        peakRssMb: 280,
        heapGrowthMb: 17,
      },
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
    preview: changed.previewEditMaxMs === null ? null : preview,
    durationMs: 11191,
  };
}

describe('formatTable', () => {
  it('shows every figure with its unit, the machine and the load', () => {
    const table = formatTable(results());
    for (const shown of [
      '74.4 ms',
      '210.3 ms',
      '190.1 ms',
      '1.8 ms',
      'planning 100000 subscribers',
      '1.25 s',
      '250.5 / 240.5 ms',
      '148.8 / 111.6 ms',
      'the floor (2.00 × / 1.50 ×)',
      'SendRawEmail alone: 1.1 ms',
      '137.5 ms',
      '185.5 KiB / 195.3 KiB',
      'mjml inside: neither',
      '14.9 µs',
      '20.2 ms',
      '1354 ×',
      '0.451 ms',
      '28281 B',
      'AMD EPYC, 2 cores, Node v20.20.2; 1-minute load 4.39 → 3.95',
      '180.5 / 170.5 ms',
      'the slowest of 30: 240 ms',
      '6 of 6 targets met; the run took 11.2 s',
    ]) {
      expect(table).toContain(shown);
    }
    expect(table).not.toContain('FAIL');
    expect(table).not.toContain('npm test');
    expect(table).not.toContain('The cold starts ran on');
  });

  it('names the Node.js the cold starts ran on when it is not the one running the bench', () => {
    const base = results();
    const table = formatTable({
      ...base,
      coldStart: { ...base.coldStart, nodeVersion: 'v24.22.3' },
    });
    expect(table).toContain('The cold starts ran on Node v24.22.3.');
  });

  it('marks a missed target FAIL and counts it', () => {
    const table = formatTable(results({ apiColdStartMs: 260 }));
    expect(table).toMatch(
      /API cold start, first response +260 ms +≤ 3 × node -e 0 +FAIL \(3\.49 ×\)/,
    );
    expect(table).toContain('5 of 6 targets met');
  });

  it('shows npm test when the run timed it, and no planning target for another list size', () => {
    const table = formatTable(results({ npmTestSeconds: 72.5, plan100kSeconds: null }));
    expect(table).toMatch(/npm test +72\.5 s +≤ 90 s +pass/);
    expect(table).toContain('no target in this run');
    expect(table).toContain('6 of 6 targets met');
  });

  it('marks a slow preview edit FAIL, and shows no preview row when the run left it out', () => {
    expect(formatTable(results({ previewEditMaxMs: 1200 }))).toMatch(
      /preview: edit saved → shown +180\.5 \/ 170\.5 ms +≤ 1000 ms +FAIL/,
    );
    const without = formatTable(results({ previewEditMaxMs: null }));
    expect(without).not.toContain('preview');
    expect(without).toContain('5 of 5 targets met');
  });
});
