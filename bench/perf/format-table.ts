import type { BenchResults } from '../bench';
import type { TargetResult } from './targets';

function verdict(result: TargetResult | undefined): string {
  if (result === undefined) return 'no target in this run';
  return `${result.target.padEnd(22)}${result.pass ? 'pass' : 'FAIL'}`;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const times = (ms: number, baseline: number) => `${(ms / baseline).toFixed(2)} ×`;

/** The human-readable report of `npm run bench`: what users feel first, then the rest. */
export function formatTable(r: BenchResults): string {
  const { coldStart: c, targets: t, sending } = r;
  const stages = r.naive.medianStagesMs;
  const cpu = sending.cpuMsPerMessage;
  const rows: [string, string, string][] = [
    ['node -e 0', `${r.nodeBaselineMs} ms`, 'the baseline, same run'],
    [
      'deliver cold start, first batch',
      `${r.coldStartWithSdkMs} ms`,
      `${verdict(t.deliverColdStartRatio)} (${times(r.coldStartWithSdkMs, r.nodeBaselineMs)})`,
    ],
    [
      'API cold start, first response',
      `${r.apiColdStartMs} ms`,
      `${verdict(t.apiColdStartRatio)} (${times(r.apiColdStartMs, r.nodeBaselineMs)})`,
    ],
    [
      'sender CPU per message',
      `${r.senderCpuMsPerMessage} ms`,
      `${verdict(t.senderCpuMsPerMessage)} (SendRawEmail alone: ${sending.bareSendRawEmailCpuMsPerMessage.sender} ms; emulators: dynalite ${cpu.dynalite} + SES ${cpu.ses} ms)`,
    ],
    [
      `planning ${sending.plan.subscribers} subscribers`,
      `${sending.plan.seconds} s`,
      `${verdict(t.plan100kSeconds)} (peak RSS ${sending.plan.peakRssMb} MB)`,
    ],
    ...(r.preview === null
      ? []
      : [
          [
            'preview: edit saved → shown',
            `${r.preview.template.medianMs} / ${r.preview.article.medianMs} ms`,
            `${verdict(t.previewEditMaxMs)} (the slowest of ${2 * r.preview.rounds}: ${r.preview.maxMs} ms; template / article edits in Chromium)`,
          ] as [string, string, string],
        ]),
    ...(r.npmTestSeconds === null
      ? []
      : [
          ['npm test', `${r.npmTestSeconds} s`, verdict(t.npmTestSeconds)] as [
            string,
            string,
            string,
          ],
        ]),
    ['seed issue HTML part', `${r.seedHtmlBytes} B`, verdict(t.seedHtmlBytes)],
    [
      "with the runtime's AWS SDK",
      `${c.deliverSdkFromRuntime.medianMs} / ${c.apiSdkFromRuntime.medianMs} ms`,
      'deliver / API cold starts if the bundles left the SDK to the runtime (the stack bundles it)',
    ],
    [
      'SDK clients alone',
      `${c.sdkClientsOnly.deliver.medianMs} / ${c.sdkClientsOnly.api.medianMs} ms`,
      `deliver's / the API's clients loaded and built, no request: the floor (${times(c.sdkClientsOnly.deliver.medianMs, r.nodeBaselineMs)} / ${times(c.sdkClientsOnly.api.medianMs, r.nodeBaselineMs)})`,
    ],
    [
      'deliver, own code only',
      `${r.coldStartMs} ms`,
      `in-memory stores, no AWS call (${times(r.coldStartMs, r.nodeBaselineMs)})`,
    ],
    [
      'bundles',
      `${kib(r.deliverBundleBytes)} / ${kib(r.apiBundle.bytes)}`,
      `deliver / API, AWS SDK inside; mjml inside: ${r.deliverBundle.containsMjml ? 'deliver ' : ''}${r.apiBundle.containsMjml ? 'API' : ''}${r.deliverBundle.containsMjml || r.apiBundle.containsMjml ? '' : 'neither'}`,
    ],
    ['prepareMessage per recipient', `${r.prepareMedianUs} µs`, 'no target (retired)'],
    [
      'naive render per recipient',
      `${(r.naiveMedianUs / 1000).toFixed(1)} ms`,
      `MJML ${stages.mjml} + Handlebars ${stages.handlebars} + MIME ${stages.mime} ms (${r.speedup} × prepare)`,
    ],
    [
      'key points per article',
      `${r.keypointsMsPerArticle} ms`,
      `${r.keypoints.articles} articles of ${r.keypoints.data}; parsing ${r.keypoints.parseMsPerArticle} ms more`,
    ],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  const valueWidth = Math.max(...rows.map(([, value]) => value.length)) + 2;
  const { machine, durationMs } = r;
  const checked = Object.values(t).filter((target) => target !== undefined);
  const load = machine.loadAverage;
  const coldStartNode = r.coldStart.nodeVersion;
  return [
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; 1-minute load ${load.before[0]} → ${load.after[0]}`,
    ...(coldStartNode === machine.node ? [] : [`The cold starts ran on Node ${coldStartNode}.`]),
    '',
    `${'figure (medians)'.padEnd(labelWidth)}${'value'.padEnd(valueWidth)}target / detail`,
    ...rows.map(
      ([label, value, detail]) => `${label.padEnd(labelWidth)}${value.padEnd(valueWidth)}${detail}`,
    ),
    '',
    `${checked.filter((target) => target.pass).length} of ${checked.length} targets met; the run took ${(durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
