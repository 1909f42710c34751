/**
 * `npm run bench [-- --json]`: what one recipient's message costs, the naive way and ours; what
 * key points cost per article; what deliver weighs and costs to start; how large the seed issue
 * is; all against issue 7's targets. Progress goes to stderr; the table (or, with --json, one
 * JSON object on the last line) to stdout. BENCHMARKS.md explains every figure.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { NewsletterError } from '../lambda/core/errors';
import {
  createMessageContext,
  type MessageRecipient,
  prepareMessage,
} from '../lambda/core/render/prepare-message';
import { PROJECT_ROOT } from '../lambda/local/sample';
import { measureColdStarts, writeColdStartJob } from './perf/cold-start';
import { buildDeliverBundle } from './perf/deliver-bundle';
import { formatTable } from './perf/format-table';
import { DEFAULT_EVAL_DATA, loadKeyPointCorpus, timeKeyPoints } from './perf/keypoint-timing';
import { makeRecipients } from './perf/recipients';
import {
  decodeMessage,
  renderNaively,
  showSameContent,
  timeNaive,
  timePrepare,
} from './perf/render-timing';
import { BENCH_SECRET, prepareSeedIssue, type SeedIssue } from './perf/seed-issue';
import { median } from './perf/stats';
import { checkTargets } from './perf/targets';

interface Options {
  readonly recipients: number;
  readonly warmup: number;
  readonly naiveRuns: number;
  readonly coldRuns: number;
  readonly keypointPasses: number;
  readonly data: string;
  readonly json?: boolean;
  readonly check?: boolean;
}

/** Not timed; the naive path compiles MJML from cold for its first few recipients. */
const NAIVE_WARMUP = 3;
const COLD_START_WARMUP_ROUNDS = 2;

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** prepareMessage and the naive render, over the same issue and the same recipients. */
async function measureRendering(seed: SeedIssue, options: Options) {
  const context = createMessageContext({
    prepared: seed.prepared,
    config: seed.config,
    secret: BENCH_SECRET,
  });
  const recipients = makeRecipients(options.warmup + options.recipients);
  const timed = recipients.slice(options.warmup);

  progress(`prepareMessage: ${options.warmup} warm-up, then ${options.recipients} recipients`);
  timePrepare(context, recipients.slice(0, options.warmup));
  const prepare = timePrepare(context, timed);

  progress(`naive render: ${NAIVE_WARMUP} warm-up, then ${options.naiveRuns} recipients`);
  await timeNaive(seed, BENCH_SECRET, recipients.slice(0, NAIVE_WARMUP));
  const naive = await timeNaive(seed, BENCH_SECRET, timed.slice(0, options.naiveRuns));

  // The comparison means something only if both ways give the reader the same message.
  const [anonymous, named] = makeRecipients(2) as [MessageRecipient, MessageRecipient];
  for (const recipient of [anonymous, named]) {
    const naiveMessage = await renderNaively(seed, BENCH_SECRET, recipient);
    if (!(await showSameContent(naiveMessage.raw, prepareMessage(context, recipient).raw))) {
      throw new Error(`the naive and prepared messages for ${recipient.id} differ`);
    }
  }
  const seedMessage = prepareMessage(context, named).raw;
  const decoded = await decodeMessage(seedMessage);

  return {
    prepare: {
      medianUs: round(prepare.median),
      recipients: prepare.count,
      warmup: options.warmup,
      p10Us: round(prepare.p10),
      p90Us: round(prepare.p90),
      maxUs: round(prepare.max),
    },
    naive: {
      medianUs: round(naive.total.median, 0),
      runs: naive.total.count,
      p10Us: round(naive.total.p10, 0),
      p90Us: round(naive.total.p90, 0),
      medianStagesMs: {
        mjml: round(naive.stages.mjmlMs),
        handlebars: round(naive.stages.handlebarsMs),
        mime: round(naive.stages.mimeMs),
      },
    },
    speedup: round(naive.total.median / prepare.median, 0),
    seed: {
      article: seed.article,
      recipient: `${named.id} (named)`,
      htmlBytes: Buffer.byteLength(decoded.html, 'utf8'),
      textBytes: Buffer.byteLength(decoded.text, 'utf8'),
      messageBytes: seedMessage.length,
    },
  };
}

async function measureKeyPoints(options: Options) {
  const corpus = await loadKeyPointCorpus(options.data);
  if (corpus.fallback) {
    progress(`${options.data} is missing: timing the example articles in ${corpus.source} instead`);
  }
  progress(
    `key points: ${corpus.articles.length} articles, 1 warm-up + ${options.keypointPasses} passes`,
  );
  const passes = timeKeyPoints(corpus.articles, options.keypointPasses);
  return {
    msPerArticle: round(median(passes), 3),
    data: path.relative(PROJECT_ROOT, corpus.source) || corpus.source,
    fallback: corpus.fallback,
    articles: corpus.articles.length,
    passesMsPerArticle: passes.map((ms) => round(ms, 3)),
    parseMsPerArticle: round(corpus.parseMsPerArticle, 3),
  };
}

/** The deliver bundle, built as the stack builds it, and its cold starts. */
async function measureDeliver(seed: SeedIssue, options: Options) {
  const workDir = path.join(PROJECT_ROOT, 'node_modules', '.cache', `bench-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  try {
    progress('bundling deliver with the stack settings (lib/bundling.ts)');
    const bundle = await buildDeliverBundle(path.join(workDir, 'deliver'));
    const [, named] = makeRecipients(2) as [MessageRecipient, MessageRecipient];
    const job = await writeColdStartJob(workDir, bundle, seed, BENCH_SECRET, named);
    const coldStarts = await measureColdStarts(
      job,
      { rounds: options.coldRuns, warmupRounds: COLD_START_WARMUP_ROUNDS },
      (index) =>
        progress(
          index < 0
            ? 'cold starts: warm-up round'
            : `cold starts: round ${index + 1} of ${options.coldRuns}`,
        ),
    );
    const { node, bundle: loaded, bundleWithSdk } = coldStarts.ms;
    const spread = (ms: typeof node) => ({
      medianMs: round(ms.median, 1),
      minMs: round(ms.min, 1),
      maxMs: round(ms.max, 1),
    });
    return {
      bundle: {
        bytes: bundle.bytes,
        file: path.basename(bundle.file),
        format: bundle.format,
        gzipBytes: bundle.gzipBytes,
        sdkPackages: bundle.sdkPackages,
        sdkLoadedWithBundle: coldStarts.sdkLoadedWithBundle,
      },
      coldStart: {
        runs: options.coldRuns,
        ratio: round(loaded.median / node.median),
        // The least disturbed runs: telling when the machine is busy with other work.
        ratioOfMinimums: round(loaded.min / node.min),
        node: spread(node),
        bundle: spread(loaded),
        bundleWithSdk: spread(bundleWithSdk),
        bundlePhasesMs: {
          boot: round(coldStarts.phasesMs.boot, 1),
          load: round(coldStarts.phasesMs.load, 1),
          firstMessage: round(coldStarts.phasesMs.firstMessage, 1),
        },
        firstMessageBytes: coldStarts.messageBytes,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function run(options: Options) {
  const started = performance.now();
  const loadBefore = os.loadavg();
  const machine = describeMachine();
  progress(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  progress('composing the seed issue (its one MJML compile)');
  const seed = await prepareSeedIssue();
  const rendering = await measureRendering(seed, options);
  const keypoints = await measureKeyPoints(options);
  const deliver = await measureDeliver(seed, options);

  const figures = {
    prepareMedianUs: rendering.prepare.medianUs,
    naiveMedianUs: rendering.naive.medianUs,
    speedup: rendering.speedup,
    keypointsMsPerArticle: keypoints.msPerArticle,
    deliverBundleBytes: deliver.bundle.bytes,
    coldStartMs: deliver.coldStart.bundle.medianMs,
    nodeBaselineMs: deliver.coldStart.node.medianMs,
    coldStartWithSdkMs: deliver.coldStart.bundleWithSdk.medianMs,
    seedHtmlBytes: rendering.seed.htmlBytes,
  };
  return {
    ...figures,
    targets: checkTargets(figures),
    prepare: rendering.prepare,
    naive: rendering.naive,
    keypoints,
    deliverBundle: deliver.bundle,
    coldStart: deliver.coldStart,
    seed: rendering.seed,
    machine: {
      ...machine,
      loadAverage: {
        before: loadBefore.map((l) => round(l)),
        after: os.loadavg().map((l) => round(l)),
      },
    },
    durationMs: Math.round(performance.now() - started),
  };
}

export type BenchResults = Awaited<ReturnType<typeof run>>;

const program = new Command('bench')
  .description(
    'Per-recipient render time (prepareMessage vs. compiling the MJML per recipient), key-point ' +
      'time per article, the deliver bundle size and cold start, and the seed issue size, ' +
      'against the targets of issue 7. See BENCHMARKS.md.',
  )
  .option('--json', 'print one JSON object on the last line instead of the table')
  .option('--check', 'exit with status 1 when a target is missed')
  .option('--recipients <n>', 'recipients timed through prepareMessage', positiveInteger, 10_000)
  .option('--warmup <n>', 'prepareMessage warm-up recipients (not timed)', positiveInteger, 2_000)
  .option('--naive-runs <n>', 'recipients rendered the naive way', positiveInteger, 30)
  .option(
    '--cold-runs <n>',
    'cold-start rounds (each: node -e 0, bundle, bundle + SDK)',
    positiveInteger,
    15,
  )
  .option('--keypoint-passes <n>', 'timed passes over the key-point corpus', positiveInteger, 10)
  .option('--data <file>', 'JSONL corpus for the key-point timing', DEFAULT_EVAL_DATA)
  .action(async (options: Options) => {
    const results = await run(options);
    console.log(options.json ? JSON.stringify(results) : formatTable(results));
    if (options.check && Object.values(results.targets).some((target) => !target.pass)) {
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
