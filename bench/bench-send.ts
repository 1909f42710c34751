/**
 * `npm run bench:send -- --subscribers 10000`: is our delivery pipeline ever the bottleneck?
 *
 * dynalite and the SES emulator each run in a child process of their own, for both measurements:
 * like the remote services they stand for, they share neither the sender's event loop nor its
 * memory (the planning RSS is the sender's alone). They do share this machine's cores, so the
 * CPU each process spends per message is measured and printed too. In one run it measures
 * (a) the full local pipeline — compose → dispatcher → deliverBatch (claim, subscriber read,
 * message, SendRawEmail, ledger) → SES emulator, outbox included — with the rate cap lifted so
 * SES is the limit; (b) a bare SendRawEmail loop through the same SES client at the same
 * concurrency; and (c) the time to plan an issue for a large list (enumerate the sparse index and
 * batch it into a counting queue) with the memory that takes. The emulator keeps every message
 * in memory until cleared, so it is cleared every second during (a) and (b) and between phases.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createDocumentClient, createDynamoClient } from '../lambda/adapters/aws-clients';
import { ensureTable } from '../lambda/adapters/dynamo/ensure-table';
import { createDynamoIssueStore } from '../lambda/adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../lambda/adapters/dynamo/subscriber-store';
import { readArticleFile } from '../lambda/adapters/files/article-file';
import { createSesMailer } from '../lambda/adapters/ses/ses-mailer';
import { composeIssue, draftIssue, prepareIssue } from '../lambda/core/issue/compose-issue';
import type { OutgoingMessage } from '../lambda/core/ports';
import { createMessageContext, prepareMessage } from '../lambda/core/render/prepare-message';
import { deliverIssue, resolveTemplate } from '../lambda/local/commands/send';
import { createFileArchive } from '../lambda/local/outbox';
import { createProgress } from '../lambda/local/progress';
import { LOCAL_TABLE_NAME, openLocalRuntime } from '../lambda/local/runtime';
import { SAMPLE_ARTICLE } from '../lambda/local/sample';
import {
  type EmulatorKind,
  type EmulatorProcess,
  startEmulatorProcess,
} from '../rehearsal/emulator-process';
import { makeSubscribers, seedSubscribers } from '../test/support/seed-subscribers';

interface Options {
  readonly subscribers: number;
  readonly planSubscribers: number;
  readonly concurrency: number;
  readonly json?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const perSecond = (count: number, ms: number) => count / (ms / 1000);

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts counting the CPU each process spends; the function returned gives it per message. */
async function measureCpu(emulators: Record<EmulatorKind, EmulatorProcess>) {
  const read = async () => ({
    sender: ownCpuMs(),
    dynalite: await emulators.dynalite.cpuMs(),
    ses: await emulators.ses.cpuMs(),
  });
  const before = await read();
  return async (messages: number) => {
    const after = await read();
    const per = (key: keyof typeof before) =>
      Number(((after[key] - before[key]) / messages).toFixed(2));
    return { sender: per('sender'), dynalite: per('dynalite'), ses: per('ses') };
  };
}

/** Keeps the SES emulator's memory flat while a phase runs. */
function clearEvery(sesEndpoint: string, ms: number) {
  const clear = () => fetch(`${sesEndpoint}/clear-store`, { method: 'POST' }).then(() => {});
  const timer = setInterval(() => void clear(), ms);
  return async () => {
    clearInterval(timer);
    await clear();
  };
}

/** `count` SendRawEmail calls of the same message from `concurrency` loops. */
async function sendBare(
  send: () => Promise<unknown>,
  count: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  let done = 0;
  let nextReport = 0.1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        await send();
        done++;
        if (done / count >= nextReport) {
          log(`Bare SendRawEmail: ${done}/${count}`);
          nextReport += 0.1;
        }
      }
    }),
  );
  return performance.now() - started;
}

async function run(options: Options) {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-send-'));
  const [dynalite, ses] = await Promise.all([
    startEmulatorProcess('dynalite'),
    startEmulatorProcess('ses'),
  ]);
  const emulators = { dynalite, ses };
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  process.env.AWS_ENDPOINT_URL_SES = ses.endpoint;
  // The configured cap is the only limit when SES gives no quota: lift it so SES is the limit.
  process.env.NEWSLETTER_SEND_RATE = '10000';
  const runtime = await openLocalRuntime({ dataDir: path.join(work, 'data'), command: 'bench' });
  const dynamoClient = createDynamoClient({ endpoint: dynalite.endpoint });
  const documentClient = createDocumentClient(dynamoClient);
  try {
    log(`Seeding ${options.subscribers} subscribers…`);
    await seedSubscribers(
      documentClient,
      LOCAL_TABLE_NAME,
      makeSubscribers('s', options.subscribers),
    );

    const draft = draftIssue(await readArticleFile(SAMPLE_ARTICLE), { now: Date.now() });
    const outbox = path.join(work, 'outbox');
    const template = await resolveTemplate(runtime, outbox, draft.issueId);

    // A message exactly like the pipeline's, sent through the pipeline's own SES client.
    const context = await createMessageContext({
      prepared: await prepareIssue(draft, template, runtime.config),
      config: runtime.config,
      secret: runtime.secret,
    });
    const sample: OutgoingMessage = prepareMessage(context, {
      id: 'bench',
      email: 'bench@example.org',
      name: 'Reader 1',
    });
    const mailer = createSesMailer({ client: runtime.ses });
    await sendBare(() => mailer.send(sample), 200, options.concurrency);

    log('(a) Full pipeline…');
    let stopClearing = clearEvery(ses.endpoint, 1000);
    const progress = createProgress();
    let cpu = await measureCpu(emulators);
    const pipelineStarted = performance.now();
    const delivery = await deliverIssue(runtime, draft, {
      template,
      pacing: { rate: runtime.config.sendRateCap },
      concurrency: options.concurrency,
      outbox,
      progress,
    });
    const pipelineMs = performance.now() - pipelineStarted;
    const pipelineCpu = await cpu(options.subscribers);
    progress.stop();
    await stopClearing();
    if (delivery.status !== 'finished' || delivery.tally.sent !== options.subscribers) {
      throw new Error(`The pipeline did not send to everyone: ${JSON.stringify(delivery)}`);
    }

    log('(b) Bare SendRawEmail loop…');
    stopClearing = clearEvery(ses.endpoint, 1000);
    cpu = await measureCpu(emulators);
    const bareMs = await sendBare(
      () => mailer.send(sample),
      options.subscribers,
      options.concurrency,
    );
    const bareCpu = await cpu(options.subscribers);
    await stopClearing();

    log(`(c) Seeding ${options.planSubscribers} subscribers for planning…`);
    const planTable = 'newsletter-plan';
    await ensureTable(dynamoClient, planTable);
    await seedSubscribers(
      documentClient,
      planTable,
      makeSubscribers('p', options.planSubscribers),
      { parallel: 8 },
    );
    const planDraft = draftIssue(await readArticleFile(SAMPLE_ARTICLE), {
      now: Date.now(),
      force: true,
    });
    let planned = 0;
    let batches = 0;
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    log('(c) Planning…');
    const planStarted = performance.now();
    await composeIssue(
      {
        issues: createDynamoIssueStore({ client: documentClient, tableName: planTable }),
        subscribers: createDynamoSubscriberStore({ client: documentClient, tableName: planTable }),
        queue: {
          async enqueue(queued) {
            for (const batch of queued) planned += batch.subscriberIds.length;
            batches += queued.length;
          },
        },
        archive: createFileArchive(path.join(work, 'plan-outbox'), path.join(work, 'plan-issues')),
        clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
        config: runtime.config,
        template,
      },
      planDraft,
    );
    const planMs = performance.now() - planStarted;
    clearInterval(sampler);

    const pipeline = perSecond(options.subscribers, pipelineMs);
    const bare = perSecond(options.subscribers, bareMs);
    const cores = availableParallelism();
    const pipelineCpuMs = sum(Object.values(pipelineCpu));
    // Every process's CPU per message, spread over every core: a rate (a) cannot exceed here.
    const cpuBound = (cores * 1000) / pipelineCpuMs;
    return {
      cores,
      subscribers: options.subscribers,
      concurrency: options.concurrency,
      pipelineMessagesPerSecond: Math.round(pipeline),
      bareSendRawEmailPerSecond: Math.round(bare),
      ratio: Number((pipeline / bare).toFixed(3)),
      pipelineSeconds: Number((pipelineMs / 1000).toFixed(2)),
      bareSeconds: Number((bareMs / 1000).toFixed(2)),
      pipelineCpuMsPerMessage: pipelineCpu,
      bareCpuMsPerMessage: bareCpu,
      pipelineCpuBoundMessagesPerSecond: Math.round(cpuBound),
      ratioCpuBound: Number((cpuBound / bare).toFixed(2)),
      emulatorsCpuMsPerPipelineMessage: Number((pipelineCpu.dynalite + pipelineCpu.ses).toFixed(2)),
      planSubscribers: options.planSubscribers,
      planned,
      plannedBatches: batches,
      planSeconds: Number((planMs / 1000).toFixed(2)),
      planPeakRssMb: Math.round(peakRss / 2 ** 20),
      planHeapGrowthMb: Number(((peakHeap - baseline.heapUsed) / 2 ** 20).toFixed(1)),
    };
  } finally {
    dynamoClient.destroy();
    await runtime.close();
    await Promise.all([dynalite.stop(), ses.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function formatCpu(cpu: Record<string, number>): string {
  return `${Object.entries(cpu)
    .map(([process, ms]) => `${process} ${ms}`)
    .join(' + ')} = ${sum(Object.values(cpu)).toFixed(2)} ms`;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

const program = new Command('bench-send')
  .description(
    'Measure the local delivery pipeline against a bare SendRawEmail loop on the same SES ' +
      'emulator (the ratio is the figure: ≥ 0.9 means the pipeline is not the bottleneck), and ' +
      'the time and memory to plan an issue for a large list. Progress goes to stderr.',
  )
  .option('--subscribers <n>', 'messages for (a) and (b)', positiveInteger, 10_000)
  .option(
    '--plan-subscribers <n>',
    'list size for the planning measure (c)',
    positiveInteger,
    100_000,
  )
  .option('--concurrency <n>', 'batches (a) / loops (b) in parallel', positiveInteger, 8)
  .option('--json', 'print one JSON object as the last line')
  .action(async (options: Options) => {
    const result = await run(options);
    if (options.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      [
        `Setup               dynalite and the SES emulator in child processes of their own (both measurements); ${result.cores} cores shared by all three`,
        `Messages            ${result.subscribers} at concurrency ${result.concurrency}`,
        `(a) full pipeline   ${result.pipelineMessagesPerSecond} messages/s (${result.pipelineSeconds} s)`,
        `(b) bare loop       ${result.bareSendRawEmailPerSecond} SendRawEmail/s (${result.bareSeconds} s)`,
        `ratio (a)/(b)       ${result.ratio}`,
        `    CPU per message (a) ${formatCpu(result.pipelineCpuMsPerMessage)}`,
        `                    (b) ${formatCpu(result.bareCpuMsPerMessage)}`,
        `    CPU bound       ${result.cores} cores allow (a) at most ${result.pipelineCpuBoundMessagesPerSecond} messages/s at that cost (ratio ≤ ${result.ratioCpuBound}); the emulators alone take ${result.emulatorsCpuMsPerPipelineMessage} ms per message`,
        `(c) planning        ${result.planned} recipients in ${result.plannedBatches} batches: ${result.planSeconds} s`,
        `    memory          sender's peak RSS ${result.planPeakRssMb} MB; its heap grew ${result.planHeapGrowthMb} MB`,
      ].join('\n'),
    );
  });

await program.parseAsync(process.argv);
