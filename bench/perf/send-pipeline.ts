/**
 * The local delivery pipeline under measurement, shared by `npm run bench` and
 * `npm run bench:send`. dynalite and the SES emulator each run in a child process of their own:
 * like the remote services they stand for, they share neither the sender's event loop nor its
 * memory, so the sender's CPU and RSS are its own. They do share this machine's cores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../../lambda/adapters/aws-clients';
import { ensureTable } from '../../lambda/adapters/dynamo/ensure-table';
import { createDynamoIssueStore } from '../../lambda/adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo/subscriber-store';
import { readArticleFile } from '../../lambda/adapters/files/article-file';
import { createSesMailer } from '../../lambda/adapters/ses/ses-mailer';
import { composeIssue, draftIssue, prepareIssue } from '../../lambda/core/issue/compose-issue';
import type { OutgoingMessage } from '../../lambda/core/ports';
import { createMessageContext, prepareMessage } from '../../lambda/core/render/prepare-message';
import { deliverIssue, resolveTemplate } from '../../lambda/local/commands/send';
import { localTableName } from '../../lambda/local/local-config';
import { createFileArchive } from '../../lambda/local/outbox';
import { createProgress } from '../../lambda/local/progress';
import { type LocalRuntime, openLocalRuntime } from '../../lambda/local/runtime';
import { SAMPLE_ARTICLE } from '../../lambda/local/sample';
import {
  type EmulatorKind,
  type EmulatorProcess,
  startEmulatorProcess,
} from '../../rehearsal/emulator-process';
import { makeSubscribers, seedSubscribers } from '../../test/support/seed-subscribers';

export interface SendBench {
  readonly work: string;
  readonly emulators: Readonly<Record<EmulatorKind, EmulatorProcess>>;
  readonly runtime: LocalRuntime;
  readonly dynamoClient: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  close(): Promise<void>;
}

type CpuMsPerMessage = Readonly<Record<'sender' | EmulatorKind, number>>;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The emulators in child processes and a local runtime on them, the rate cap lifted. */
export async function openSendBench(): Promise<SendBench> {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-send-'));
  const [dynalite, ses] = await Promise.all([
    startEmulatorProcess('dynalite'),
    startEmulatorProcess('ses'),
  ]);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  process.env.AWS_ENDPOINT_URL_SES = ses.endpoint;
  // The configured cap is the only limit when SES gives no quota: lift it so SES is the limit.
  process.env.NEWSLETTER_SEND_RATE = '10000';
  const runtime = await openLocalRuntime({ dataDir: path.join(work, 'data'), command: 'bench' });
  const dynamoClient = createDynamoClient({ endpoint: dynalite.endpoint });
  return {
    work,
    emulators: { dynalite, ses },
    runtime,
    dynamoClient,
    documentClient: createDocumentClient(dynamoClient),
    async close() {
      dynamoClient.destroy();
      await runtime.close();
      await Promise.all([dynalite.stop(), ses.stop()]);
      await rm(work, { recursive: true, force: true });
    },
  };
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Starts counting the CPU each process spends; the function returned gives it per message. */
async function measureCpu(emulators: SendBench['emulators']) {
  const read = async () => ({
    sender: ownCpuMs(),
    dynalite: await emulators.dynalite.cpuMs(),
    ses: await emulators.ses.cpuMs(),
  });
  const before = await read();
  return async (messages: number): Promise<CpuMsPerMessage> => {
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

/**
 * `deliverIssue` as `newsletter send` runs it, to `subscribers` new active subscribers: compose,
 * the in-process dispatcher, `deliverBatch` (subscriber and ledger reads per batch; per recipient
 * a conditional claim, the message, SendRawEmail, the `sent` mark), the outbox. Returns the time
 * and the CPU each process spent per message.
 */
export async function measurePipeline(
  bench: SendBench,
  options: { readonly subscribers: number; readonly concurrency: number; readonly prefix: string },
) {
  const { runtime, emulators } = bench;
  log(`Seeding ${options.subscribers} subscribers…`);
  await seedSubscribers(
    bench.documentClient,
    localTableName(),
    makeSubscribers(options.prefix, options.subscribers),
  );
  const draft = draftIssue(await readArticleFile(SAMPLE_ARTICLE), {
    forceKey: String(Date.now()),
  });
  const outbox = path.join(bench.work, `outbox-${options.prefix}`);
  const template = await resolveTemplate(runtime, outbox, draft.issueId);
  const stopClearing = clearEvery(emulators.ses.endpoint, 1000);
  const progress = createProgress();
  const cpu = await measureCpu(emulators);
  const started = performance.now();
  const delivery = await deliverIssue(runtime, draft, {
    template,
    pacing: { rate: runtime.config.sendRateCap },
    concurrency: options.concurrency,
    outbox,
    progress,
  });
  const ms = performance.now() - started;
  if (delivery.status !== 'finished' || delivery.tally.sent < options.subscribers) {
    throw new Error(`The pipeline did not send to everyone: ${JSON.stringify(delivery)}`);
  }
  const cpuMsPerMessage = await cpu(delivery.tally.sent);
  progress.stop();
  await stopClearing();
  return { draft, template, ms, sent: delivery.tally.sent, cpuMsPerMessage };
}

/**
 * A bare loop of SendRawEmail calls through the pipeline's own SES client and mailer, with a
 * message exactly like the pipeline's, from `concurrency` loops: what sending alone costs, the
 * floor under the pipeline's figures. 200 warm-up sends first, not measured.
 */
export async function measureBareSends(
  bench: SendBench,
  pipeline: Pick<Awaited<ReturnType<typeof measurePipeline>>, 'draft' | 'template'>,
  options: { readonly messages: number; readonly concurrency: number },
) {
  const { runtime, emulators } = bench;
  const context = createMessageContext({
    prepared: await prepareIssue(pipeline.draft, pipeline.template, runtime.config),
    config: runtime.config,
    secret: runtime.secret,
  });
  const sample: OutgoingMessage = prepareMessage(context, {
    id: 'bench',
    email: 'bench@example.org',
    name: 'Reader 1',
  });
  const mailer = createSesMailer({ client: runtime.ses });
  const send = () => mailer.send(sample);
  await sendInLoops(send, 200, options.concurrency);
  const stopClearing = clearEvery(emulators.ses.endpoint, 1000);
  const cpu = await measureCpu(emulators);
  const started = performance.now();
  await sendInLoops(send, options.messages, options.concurrency);
  const ms = performance.now() - started;
  const cpuMsPerMessage = await cpu(options.messages);
  await stopClearing();
  return { ms, cpuMsPerMessage };
}

/** `count` calls of `send` from `concurrency` loops, with progress every tenth. */
async function sendInLoops(send: () => Promise<unknown>, count: number, concurrency: number) {
  let next = 0;
  let done = 0;
  let nextReport = 0.1;
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
}

/**
 * Planning an issue for `subscribers` active subscribers on a table of their own: composing it,
 * enumerating the sharded active index and batching by 25 into a counting queue, with the
 * sender's peak RSS and heap growth.
 */
export async function measurePlanning(bench: SendBench, options: { readonly subscribers: number }) {
  log(`Seeding ${options.subscribers} subscribers for planning…`);
  const planTable = 'newsletter-plan';
  await ensureTable(bench.dynamoClient, planTable);
  await seedSubscribers(
    bench.documentClient,
    planTable,
    makeSubscribers('p', options.subscribers),
    { parallel: 8 },
  );
  const draft = draftIssue(await readArticleFile(SAMPLE_ARTICLE), {
    forceKey: String(Date.now()),
  });
  const template = await resolveTemplate(
    bench.runtime,
    path.join(bench.work, 'plan-outbox'),
    draft.issueId,
  );
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
  log('Planning…');
  const started = performance.now();
  const { documentClient: client } = bench;
  await composeIssue(
    {
      issues: createDynamoIssueStore({ client, tableName: planTable }),
      subscribers: createDynamoSubscriberStore({ client, tableName: planTable }),
      queue: {
        async enqueue(queued) {
          for (const batch of queued) planned += batch.subscriberIds.length;
          batches += queued.length;
        },
      },
      archive: createFileArchive(
        path.join(bench.work, 'plan-outbox'),
        path.join(bench.work, 'plan-issues'),
      ),
      clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      config: bench.runtime.config,
      template,
    },
    draft,
  );
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (planned !== options.subscribers) {
    throw new Error(`Planning found ${planned} of ${options.subscribers} active subscribers`);
  }
  return {
    planned,
    batches,
    seconds: Number((ms / 1000).toFixed(2)),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    heapGrowthMb: Number(((peakHeap - baseline.heapUsed) / 2 ** 20).toFixed(1)),
  };
}
