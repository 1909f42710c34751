import type { BenchResults } from '../bench';
import type { TargetResult } from './targets';

function verdict(result: TargetResult): string {
  return `${result.target.padEnd(22)}${result.pass ? 'pass' : 'FAIL'}`;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The human-readable report of `npm run bench`. */
export function formatTable(r: BenchResults): string {
  const stages = r.naive.medianStagesMs;
  const rows: [string, string, string][] = [
    ['prepareMessage per recipient', `${r.prepareMedianUs} µs`, verdict(r.targets.prepareMedianUs)],
    [
      'naive render per recipient',
      `${(r.naiveMedianUs / 1000).toFixed(1)} ms`,
      `MJML ${stages.mjml} + Handlebars ${stages.handlebars} + MIME ${stages.mime} ms`,
    ],
    ['speedup (naive ÷ prepare)', `${r.speedup} ×`, verdict(r.targets.speedup)],
    [
      'key points per article',
      `${r.keypointsMsPerArticle} ms`,
      `${r.keypoints.articles} articles of ${r.keypoints.data}; parsing ${r.keypoints.parseMsPerArticle} ms more`,
    ],
    [
      'deliver bundle',
      kib(r.deliverBundleBytes),
      `${r.deliverBundle.file} (${r.deliverBundle.format}), ${kib(r.deliverBundle.gzipBytes)} gzipped, AWS SDK external`,
    ],
    ['node -e 0', `${r.nodeBaselineMs} ms`, 'the baseline, same run'],
    [
      'deliver cold start',
      `${r.coldStartMs} ms`,
      `${verdict(r.targets.coldStartRatio)} (${r.targets.coldStartRatio.actual} ×)`,
    ],
    [
      'deliver cold start + AWS SDK',
      `${r.coldStartWithSdkMs} ms`,
      `informational; SDK loaded with the bundle itself: ${r.deliverBundle.sdkLoadedWithBundle ? 'yes' : 'no'}`,
    ],
    ['seed issue HTML part', `${r.seedHtmlBytes} B`, verdict(r.targets.seedHtmlBytes)],
    ['seed issue MIME message', `${r.seed.messageBytes} B`, 'raw, as handed to SES'],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  const valueWidth = Math.max(...rows.map(([, value]) => value.length)) + 2;
  const { machine, durationMs } = r;
  const targets = Object.values(r.targets);
  const load = machine.loadAverage;
  return [
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; 1-minute load ${load.before[0]} → ${load.after[0]}`,
    '',
    `${'figure (medians)'.padEnd(labelWidth)}${'value'.padEnd(valueWidth)}target / detail`,
    ...rows.map(
      ([label, value, detail]) => `${label.padEnd(labelWidth)}${value.padEnd(valueWidth)}${detail}`,
    ),
    '',
    `${targets.filter((t) => t.pass).length} of ${targets.length} targets met; the run took ${(durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
