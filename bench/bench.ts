/**
 * `npm run bench [-- --json]`: what users wait for and what sending costs — deliver's and the
 * subscription API's cold starts as Lambda runs them (SDK clients and the services of the first
 * invocation included) beside `node -e 0`, the sender's CPU per delivered message, planning
 * 100,000 subscribers, the preview's live reload in Chromium — and, as before, what one recipient's message and key points cost and how
 * large the seed issue is. Progress goes to stderr; the table (or, with --json, one JSON object on
 * the last line) to stdout. BENCHMARKS.md explains every figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { NewsletterError } from '../lambda/core/errors';
import {
  createMessageContext,
  type MessageRecipient,
  prepareMessage,
} from '../lambda/core/render/prepare-message';
import { PROJECT_ROOT } from '../lambda/local/sample';
import { HANDLER_ENTRIES, NODE_MAJOR } from '../lib/bundling';
import {
  deliverOwnCode,
  lambdaInvocation,
  measureColdStarts,
  nodeBaseline,
  summarizeDeliverReports,
  writeColdStartJob,
} from './perf/cold-start';
import { formatTable } from './perf/format-table';
import { buildFunctionBundle } from './perf/function-bundle';
import { DEFAULT_EVAL_DATA, loadKeyPointCorpus, timeKeyPoints } from './perf/keypoint-timing';
import { lambdaNode } from './perf/lambda-node';
import { startLambdaWorld } from './perf/lambda-world';
import { checkChromium, measurePreviewEdits } from './perf/preview-latency';
import { makeRecipients } from './perf/recipients';
import {
  decodeMessage,
  renderNaively,
  showSameContent,
  timeNaive,
  timePrepare,
} from './perf/render-timing';
import { BENCH_SECRET, prepareSeedIssue, type SeedIssue } from './perf/seed-issue';
import {
  measureBareSends,
  measurePipeline,
  measurePlanning,
  openSendBench,
} from './perf/send-pipeline';
import { median } from './perf/stats';
import { checkTargets } from './perf/targets';

interface Options {
  readonly recipients: number;
  readonly warmup: number;
  readonly naiveRuns: number;
  readonly coldRuns: number;
  readonly keypointPasses: number;
  readonly data: string;
  readonly sendMessages: number;
  readonly planSubscribers: number;
  readonly npmTest?: boolean;
  /** false with --no-preview: no Chromium, no live-reload figure. */
  readonly preview: boolean;
  readonly previewEdits: number;
  /** The Node.js the cold starts run on (a path), checked once by nodeVersionOf. */
  readonly coldStartNode?: string;
  /** Run the cold starts on the Lambda runtime's Node.js major, fetched once (lambda-node.ts). */
  readonly lambdaNode?: boolean;
  readonly json?: boolean;
  readonly check?: boolean;
}

/** Each function's AWS SDK clients alone, built and bundled as it builds them: the floor. */
const SDK_CLIENTS_ONLY = {
  deliver: 'bench/perf/sdk-clients-only/deliver.ts',
  api: 'bench/perf/sdk-clients-only/api.ts',
} as const;

/** Not timed; the naive path compiles MJML from cold for its first few recipients. */
const NAIVE_WARMUP = 3;
const COLD_START_WARMUP_ROUNDS = 2;
/** Untimed edits of each kind first: the watcher, the renderer and the page warm up. */
const PREVIEW_WARMUP_EDITS = 2;

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

/** The version a Node.js binary reports, or a one-line reason why `--cold-start-node` is refused. */
function nodeVersionOf(binary: string): string {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = result.stdout?.trim() ?? '';
  if (result.status !== 0 || !/^v\d+\.\d+\.\d+$/.test(version)) {
    throw new NewsletterError(
      `--cold-start-node ${binary}: ${result.error?.message ?? `did not print a Node.js version (exit ${result.status})`}; give the path of a node binary`,
    );
  }
  return version;
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

const spread = (ms: { median: number; min: number; max: number }) => ({
  medianMs: round(ms.median, 1),
  minMs: round(ms.min, 1),
  maxMs: round(ms.max, 1),
});

const bundleFacts = (bundle: Awaited<ReturnType<typeof buildFunctionBundle>>) => ({
  bytes: bundle.bytes,
  file: path.basename(bundle.file),
  format: bundle.format,
  gzipBytes: bundle.gzipBytes,
  sdkPackages: bundle.sdkPackages,
  containsMjml: bundle.containsMjml,
});

/**
 * deliver and the subscription API, bundled as the stack bundles them (and once more with the AWS
 * SDK left to the runtime's copy, the alternative), started as Lambda starts them against the
 * emulators, beside `node -e 0`, beside deliver's own code alone (in-memory stores) and beside
 * each one's SDK clients alone (the floor under its cold start).
 */
async function measureFunctions(
  seed: SeedIssue,
  options: Options,
  coldStartNode: { readonly binary?: string; readonly version: string },
) {
  const workDir = path.join(PROJECT_ROOT, 'node_modules', '.cache', `bench-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  const total = COLD_START_WARMUP_ROUNDS + options.coldRuns;
  progress('starting dynalite, the SES emulator and moto; provisioning them like a stack');
  const world = await startLambdaWorld(seed, 2 * total);
  try {
    progress('bundling deliver and the subscription API with the stack settings (lib/bundling.ts)');
    const build = (entry: string, name: string, sdkFromRuntime = false) =>
      buildFunctionBundle(entry, path.join(workDir, name), { sdkFromRuntime });
    const deliver = await build(HANDLER_ENTRIES.deliver, 'deliver');
    const api = await build(HANDLER_ENTRIES.subscriptionApi, 'api');
    const deliverRuntimeSdk = await build(HANDLER_ENTRIES.deliver, 'deliver-sdk', true);
    const apiRuntimeSdk = await build(HANDLER_ENTRIES.subscriptionApi, 'api-sdk', true);
    const deliverClients = await build(SDK_CLIENTS_ONLY.deliver, 'deliver-clients');
    const apiClients = await build(SDK_CLIENTS_ONLY.api, 'api-clients');
    const [, named] = makeRecipients(2) as [MessageRecipient, MessageRecipient];
    const job = await writeColdStartJob(workDir, deliver, seed, BENCH_SECRET, named);
    const env = world.environment;
    // Each invocation has a recipient (and an unsubscriber) of its own.
    const coldStarts = await measureColdStarts(
      {
        node: nodeBaseline,
        deliverOwnCode: () => deliverOwnCode(job),
        deliver: (i) => lambdaInvocation(deliver, world.deliverEvent(i), env),
        api: (i) => lambdaInvocation(api, world.unsubscribeEvent(i), env),
        deliverSdkFromRuntime: (i) =>
          lambdaInvocation(deliverRuntimeSdk, world.deliverEvent(total + i), env),
        apiSdkFromRuntime: (i) =>
          lambdaInvocation(apiRuntimeSdk, world.unsubscribeEvent(total + i), env),
        deliverClientsOnly: () => lambdaInvocation(deliverClients, {}, env),
        apiClientsOnly: () => lambdaInvocation(apiClients, {}, env),
      },
      {
        rounds: options.coldRuns,
        warmupRounds: COLD_START_WARMUP_ROUNDS,
        nodeBinary: coldStartNode.binary,
      },
      (index) =>
        progress(
          index < 0
            ? 'cold starts: warm-up round'
            : `cold starts: round ${index + 1} of ${options.coldRuns}`,
        ),
    );
    if (world.acceptedMessages() !== 2 * total) {
      throw new Error(
        `SES accepted ${world.acceptedMessages()} messages from deliver, not ${2 * total}`,
      );
    }
    const { ms } = coldStarts;
    const own = summarizeDeliverReports(coldStarts.stdout.deliverOwnCode);
    return {
      deliverBundle: bundleFacts(deliver),
      apiBundle: bundleFacts(api),
      sdkFromRuntime: { deliver: bundleFacts(deliverRuntimeSdk), api: bundleFacts(apiRuntimeSdk) },
      coldStart: {
        runs: options.coldRuns,
        nodeVersion: coldStartNode.version,
        ratio: round(ms.deliver.median / ms.node.median),
        apiRatio: round(ms.api.median / ms.node.median),
        // The least disturbed runs: telling when the machine is busy with other work.
        ratioOfMinimums: round(ms.deliver.min / ms.node.min),
        apiRatioOfMinimums: round(ms.api.min / ms.node.min),
        node: spread(ms.node),
        deliverOwnCode: spread(ms.deliverOwnCode),
        deliver: spread(ms.deliver),
        api: spread(ms.api),
        deliverSdkFromRuntime: spread(ms.deliverSdkFromRuntime),
        apiSdkFromRuntime: spread(ms.apiSdkFromRuntime),
        sdkClientsOnly: { deliver: spread(ms.deliverClientsOnly), api: spread(ms.apiClientsOnly) },
        bundlePhasesMs: {
          boot: round(own.phasesMs.boot, 1),
          load: round(own.phasesMs.load, 1),
          firstMessage: round(own.phasesMs.firstMessage, 1),
        },
        firstMessageBytes: own.messageBytes,
      },
    };
  } finally {
    await world.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The sender's own CPU per delivered message, and planning a large list. */
async function measureSending(options: Options) {
  const bench = await openSendBench();
  try {
    progress(`sending: ${options.sendMessages} messages through the local pipeline`);
    const pipeline = await measurePipeline(bench, {
      subscribers: options.sendMessages,
      concurrency: 8,
      prefix: 's',
    });
    progress(`the same message by bare SendRawEmail calls: ${options.sendMessages}`);
    const bare = await measureBareSends(bench, pipeline, {
      messages: options.sendMessages,
      concurrency: 8,
    });
    progress(`planning: ${options.planSubscribers} subscribers`);
    const plan = await measurePlanning(bench, { subscribers: options.planSubscribers });
    return {
      messages: pipeline.sent,
      concurrency: 8,
      seconds: round(pipeline.ms / 1000),
      cpuMsPerMessage: pipeline.cpuMsPerMessage,
      // The floor: SendRawEmail alone, no ledger, no subscriber read, no outbox.
      bareSendRawEmailCpuMsPerMessage: bare.cpuMsPerMessage,
      plan: { subscribers: options.planSubscribers, ...plan },
    };
  } finally {
    await bench.close();
  }
}

/** The preview's live reload: template and article edits, saved to shown, in Chromium. */
async function measurePreview(options: Options) {
  progress(
    `preview: ${PREVIEW_WARMUP_EDITS} warm-up, then ${options.previewEdits} template and ${options.previewEdits} article edits in Chromium`,
  );
  const preview = await measurePreviewEdits(
    { rounds: options.previewEdits, warmup: PREVIEW_WARMUP_EDITS },
    progress,
  );
  return {
    rounds: preview.rounds,
    template: spread(preview.template),
    article: spread(preview.article),
    maxMs: preview.maxMs,
  };
}

/** The wall time of the whole `npm test`, as a developer runs it. */
function timeNpmTest(): number {
  progress('npm test (the whole suite)');
  const started = performance.now();
  const result = spawnSync('npm', ['test'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`npm test failed (exit ${result.status})`);
  return round((performance.now() - started) / 1000, 1);
}

async function run(options: Options) {
  const started = performance.now();
  const loadBefore = os.loadavg();
  const coldStartNode = options.lambdaNode ? await lambdaNode(progress) : options.coldStartNode;
  // Checked before anything runs, so a wrong path fails at once.
  const coldStartNodeVersion = coldStartNode ? nodeVersionOf(coldStartNode) : process.version;
  if (options.preview) checkChromium();
  const machine = describeMachine();
  progress(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  progress('composing the seed issue (its one MJML compile)');
  const seed = await prepareSeedIssue();
  const rendering = await measureRendering(seed, options);
  const keypoints = await measureKeyPoints(options);
  const functions = await measureFunctions(seed, options, {
    binary: coldStartNode,
    version: coldStartNodeVersion,
  });
  const sending = await measureSending(options);
  // After sending: loading playwright and the preview's server into this process raised the
  // sender CPU per message measured after them (5.6–7.3 against 5.2 ms without).
  const preview = options.preview ? await measurePreview(options) : null;
  const npmTestSeconds = options.npmTest ? timeNpmTest() : null;

  const figures = {
    prepareMedianUs: rendering.prepare.medianUs,
    naiveMedianUs: rendering.naive.medianUs,
    speedup: rendering.speedup,
    keypointsMsPerArticle: keypoints.msPerArticle,
    deliverBundleBytes: functions.deliverBundle.bytes,
    coldStartMs: functions.coldStart.deliverOwnCode.medianMs,
    nodeBaselineMs: functions.coldStart.node.medianMs,
    coldStartWithSdkMs: functions.coldStart.deliver.medianMs,
    apiColdStartMs: functions.coldStart.api.medianMs,
    senderCpuMsPerMessage: sending.cpuMsPerMessage.sender,
    plan100kSeconds: options.planSubscribers === 100_000 ? sending.plan.seconds : null,
    seedHtmlBytes: rendering.seed.htmlBytes,
    npmTestSeconds,
    previewEditMaxMs: preview?.maxMs ?? null,
  };
  return {
    ...figures,
    targets: checkTargets(figures),
    prepare: rendering.prepare,
    naive: rendering.naive,
    keypoints,
    deliverBundle: functions.deliverBundle,
    apiBundle: functions.apiBundle,
    sdkFromRuntime: functions.sdkFromRuntime,
    coldStart: functions.coldStart,
    sending,
    preview,
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
    'Cold starts of deliver and the subscription API as Lambda runs them (beside node -e 0), ' +
      "the sender CPU per message, planning 100,000 subscribers, the preview's live reload, " +
      'and (as before) per-recipient ' +
      'render time, key points per article and the seed issue size. See BENCHMARKS.md.',
  )
  .option('--json', 'print one JSON object on the last line instead of the table')
  .option('--check', 'exit with status 1 when a target is missed')
  .option('--recipients <n>', 'recipients timed through prepareMessage', positiveInteger, 10_000)
  .option('--warmup <n>', 'prepareMessage warm-up recipients (not timed)', positiveInteger, 2_000)
  .option('--naive-runs <n>', 'recipients rendered the naive way', positiveInteger, 30)
  .option(
    '--cold-runs <n>',
    'cold-start rounds (each: node -e 0, deliver own code, deliver, API, both with the runtime SDK and their SDK clients alone)',
    positiveInteger,
    15,
  )
  .option('--keypoint-passes <n>', 'timed passes over the key-point corpus', positiveInteger, 10)
  .option('--data <file>', 'JSONL corpus for the key-point timing', DEFAULT_EVAL_DATA)
  .option('--send-messages <n>', 'messages sent to measure the sender CPU', positiveInteger, 2_000)
  .option('--plan-subscribers <n>', 'list size planned', positiveInteger, 100_000)
  .option('--npm-test', 'also time the whole npm test (about a minute more)')
  .option('--no-preview', "leave out the preview's live reload (it needs Chromium)")
  .option(
    '--preview-edits <n>',
    'timed preview edits of each kind (template, article)',
    positiveInteger,
    15,
  )
  .addOption(
    new Option(
      '--cold-start-node <path>',
      'run the cold starts (node -e 0 included) on this Node.js; the rest runs on this one',
    ).conflicts('lambdaNode'),
  )
  .option(
    '--lambda-node',
    `run the cold starts on the Lambda runtime's Node.js ${NODE_MAJOR}, fetched once from the npm registry into node_modules/.cache/lambda-node/`,
  )
  .action(async (options: Options) => {
    const results = await run(options);
    console.log(options.json ? JSON.stringify(results) : formatTable(results));
    if (options.check && Object.values(results.targets).some((target) => !target?.pass)) {
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
