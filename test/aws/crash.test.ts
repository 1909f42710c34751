/**
 * The crash test of the deployed path, on the rehearsal: 2,000 subscribers, an SES endpoint that
 * throttles 20 % of sends, fails 1 % with HTTP 500 and, once mid-issue, refuses everything with
 * "Daily message quota exceeded" until the quota returns; deliver invocations killed at random
 * points (SIGKILL of the execution environment, as a timeout or running out of memory ends it);
 * compose invoked twice for the same scheduled run. Then every active subscriber has exactly one
 * copy (beyond the sends in flight at a kill), the others nothing, the issue is `sent`, the next
 * tick sends the next article, and the dead-letter queues are empty. It prints one line:
 *
 *   lambda crash test: {"kills":K,"lost":0,"duplicates":D,"inFlightAtKills":F,"stuck":0,"dlq":0}
 *
 * It rehearses cdk.out.crash, the stack synthesized with `-c deliverConcurrency=8 -c
 * sendRateCap=40` (rehearsal/ensure-synth.ts): the bundled functions with that template's batch
 * size, concurrency, redrive and environment. Time scale (docs/rehearsal.md): deliver's timeout
 * 120 s → 30 s, the recipients queue's visibility timeout 720 s → 30 s (never below the timeout,
 * as Lambda requires), SQS message delays × 1/60 (a 15-minute quota deferral comes back in 15 s)
 * and 1 s between asynchronous retries.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_SORT_KEY_PREFIX, issueKey } from '../../lambda/adapters/dynamo/schema';
import { type EmulatorProcess, startEmulatorProcess } from '../../rehearsal/emulator-process';
import type { InvocationResult, RunningInvocation } from '../../rehearsal/function-host';
import { type Rehearsal, startRehearsal } from '../../rehearsal/start-rehearsal';
import { makeSubscribers, seedSubscribers } from '../support/seed-subscribers';
import { type SesFaultProxy, startSesFaultProxy } from '../support/ses-fault-proxy';
import { waitFor } from './rehearsal-helpers';

const CRASH_ASSEMBLY = fileURLToPath(new URL('../../cdk.out.crash', import.meta.url));
const ACTIVE = 1_940;
const UNSUBSCRIBED = 30;
const SUPPRESSED = 30;
/** SES's MaxSendRate, and the assembly's sendRateCap. */
const SEND_RATE = 40;
const MIN_KILLS = 20;
/** Kills stop here, so the last leases run out while the issue is still sending. */
const MAX_KILLS = 26;
/** SES says the day is spent once it has accepted this many messages… */
const QUOTA_SPENT_AT = 600;
/** …and the quota returns this long after. */
const QUOTA_BACK_AFTER_MS = 8_000;
/** A record killed this often is spared further kills: five receives would send it to the DLQ. */
const SPARE_AFTER_RECEIVES = 3;
const ARTICLES = [
  { key: 'articles/1-community-solar.md', file: 'community-solar.md' },
  { key: 'articles/2-night-trains.html', file: 'night-trains.html' },
];

let ses: EmulatorProcess;
let proxy: SesFaultProxy;
let rehearsal: Rehearsal;
let table: DynamoDBDocumentClient;
let tableName: string;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  ses = await startEmulatorProcess('ses');
  proxy = await startSesFaultProxy(ses.endpoint, {
    quota: { max24HourSend: 100_000, maxSendRate: SEND_RATE, sentLast24Hours: 0 },
    throttleRate: 0.2,
    serverErrorRate: 0.01,
    seed: 20261204,
  });
  rehearsal = await startRehearsal({
    sesEndpoint: proxy.endpoint,
    functionLogs: { dir: mkdtempSync(path.join(tmpdir(), 'rehearsal-crash-')) },
    tagUserAgents: true,
    cdkOut: CRASH_ASSEMBLY,
    timeScale: {
      visibilityTimeoutSeconds: 30,
      functionTimeoutSeconds: { DeliveryDeliver: 30 },
      sqsDelayFactor: 1 / 60,
      asyncRetryDelayMs: 1_000,
    },
  });
  const region = rehearsal.region;
  tableName = rehearsal.outputs.TableName as string;
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region, credentials, endpoint: rehearsal.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  await seedSubscribers(table, tableName, [
    ...makeSubscribers('active-', ACTIVE),
    ...makeSubscribers('left-', UNSUBSCRIBED, 'unsubscribed'),
    ...makeSubscribers('bounced-', SUPPRESSED, 'suppressed'),
  ]);
  const s3 = new S3Client({
    region,
    credentials,
    endpoint: rehearsal.env.AWS_ENDPOINT_URL,
    forcePathStyle: true,
  });
  for (const article of ARTICLES) {
    const body = readFileSync(new URL(`../../examples/articles/${article.file}`, import.meta.url));
    await s3.send(
      new PutObjectCommand({
        Bucket: rehearsal.outputs.ArticlesBucket,
        Key: article.key,
        Body: body,
      }),
    );
    await sleep(1_100); // S3 times have second precision: the first is the oldest
  }
  s3.destroy();
}, 240_000);

afterAll(async () => {
  table?.destroy();
  await rehearsal?.stop();
  await proxy?.stop();
  await ses?.stop();
});

function receiveCounts(invocation: RunningInvocation): number[] {
  const records = (
    invocation.event as { Records?: { attributes?: { ApproximateReceiveCount?: string } }[] }
  ).Records;
  return (records ?? []).map((record) => Number(record.attributes?.ApproximateReceiveCount ?? 1));
}

/** How the deliver function's SQS event-source mapping has fared (invocations, failures, …). */
function deliverStats() {
  const deliver = rehearsal.functionNamed('DeliveryDeliver');
  return rehearsal.eventSources.find((source) => source.host === deliver)?.stats;
}

/**
 * Kills running deliver invocations at random points until `done()` or MAX_KILLS; `killed` gets
 * the id of each environment killed.
 */
async function killDeliveries(done: () => boolean, killed: string[]): Promise<void> {
  const deliver = rehearsal.functionNamed('DeliveryDeliver');
  while (!done() && killed.length < MAX_KILLS) {
    await sleep(1_000 + Math.random() * 2_000);
    const candidates = deliver
      .runningInvocations()
      .filter((invocation) =>
        receiveCounts(invocation).every((count) => count < SPARE_AFTER_RECEIVES),
      );
    const victim = candidates[Math.floor(Math.random() * candidates.length)];
    if (!victim) continue;
    killed.push(victim.containerId);
    victim.kill();
  }
}

/** Spends the day's quota once, mid-issue, and gives it back after a while. */
async function spendQuotaOnce(done: () => boolean): Promise<boolean> {
  while (proxy.accepted.length < QUOTA_SPENT_AT) {
    if (done()) return false;
    await sleep(50);
  }
  const spent = proxy.accepted.length;
  proxy.configure({
    refuseAfter: spent,
    quota: { max24HourSend: spent, maxSendRate: SEND_RATE, sentLast24Hours: 0 },
  });
  await sleep(QUOTA_BACK_AFTER_MS);
  proxy.configure({
    refuseAfter: undefined,
    quota: { max24HourSend: 100_000, maxSendRate: SEND_RATE, sentLast24Hours: 0 },
  });
  return true;
}

async function issueStatus(issueId: string): Promise<string | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName, Key: issueKey(issueId), ConsistentRead: true }),
  );
  return Item?.status as string | undefined;
}

/** Waits for the issue to be sent; on a timeout says how far it got. */
async function waitUntilSent(issueId: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor(
      `issue ${issueId} to be sent`,
      async () => ((await issueStatus(issueId)) === 'sent' ? true : undefined),
      timeoutMs,
    );
  } catch (error) {
    const { Item } = await table.send(
      new GetCommand({ TableName: tableName, Key: issueKey(issueId), ConsistentRead: true }),
    );
    throw new Error(
      `${(error as Error).message}: status ${Item?.status}, counts ${JSON.stringify(Item?.counts)}, ` +
        `SES ${JSON.stringify(proxy.outcomes)}, deliver ${JSON.stringify(deliverStats())}`,
    );
  }
}
function plannedIssueId(result: InvocationResult | undefined): string {
  if (!result?.ok) throw new Error(`compose failed: ${JSON.stringify(result)}`);
  const { issueId } = result.value as { issueId?: string };
  if (!issueId) throw new Error(`compose planned nothing: ${JSON.stringify(result.value)}`);
  return issueId;
}

/** subscriber id → the SES message id the ledger recorded for it. */
async function recordedMessageIds(issueId: string): Promise<Map<string, string>> {
  const recorded = new Map<string, string>();
  const pages = paginateQuery(
    { client: table },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dlv)',
      ExpressionAttributeValues: { ':pk': issueKey(issueId).pk, ':dlv': DELIVERY_SORT_KEY_PREFIX },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (typeof item.messageId === 'string')
        recorded.set(String(item.sk).slice(DELIVERY_SORT_KEY_PREFIX.length), item.messageId);
    }
  }
  return recorded;
}

async function allIssueStatuses(): Promise<string[]> {
  const { Items } = await table.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'sk = :meta',
      ExpressionAttributeValues: { ':meta': 'META' },
    }),
  );
  return (Items ?? []).map((item) => String(item.status));
}

async function queueDepth(queueUrl: string): Promise<number> {
  const sqs = new SQSClient({
    region: rehearsal.region,
    credentials,
    endpoint: rehearsal.env.AWS_ENDPOINT_URL,
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  sqs.destroy();
  return Object.values(Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0);
}

describe('the deployed path under kills, SES faults and a spent daily quota', () => {
  it('sends every active subscriber one copy, finishes the issue and then the next one', async () => {
    const started = Date.now();
    // Two deliveries of the same scheduled run (EventBridge Scheduler delivers at least once).
    const execution = randomUUID();
    const composing = Promise.all([
      rehearsal.fireSchedule(execution),
      rehearsal.fireSchedule(execution),
    ]);
    const kills: string[] = [];
    let firstSent = false;
    const chaos = Promise.all([
      killDeliveries(() => firstSent, kills),
      spendQuotaOnce(() => firstSent),
    ]);
    const [[first], [second]] = await composing;
    const issueId = plannedIssueId(first);
    expect(plannedIssueId(second)).toBe(issueId);
    await waitUntilSent(issueId, 1_200_000);
    firstSent = true;
    const [, quotaSpent] = await chaos;
    const firstIssueEnded = Date.now();

    const [next] = await rehearsal.fireSchedule();
    const nextIssueId = plannedIssueId(next);
    expect(nextIssueId).not.toBe(issueId);
    await waitUntilSent(nextIssueId, 900_000);

    // What SES accepted, per issue (the next issue was composed after the first was sent).
    const firstCopies = proxy.accepted.filter((m) => m.at < firstIssueEnded);
    const nextCopies = proxy.accepted.filter((m) => m.at >= firstIssueEnded);
    const activeEmails = [...makeSubscribers('active-', ACTIVE)].map((s) => s.email);
    const idOf = new Map([...makeSubscribers('active-', ACTIVE)].map((s) => [s.email, s.id]));
    const countBy = (copies: typeof proxy.accepted) => {
      const counts = new Map<string, number>();
      for (const { recipient } of copies) counts.set(recipient, (counts.get(recipient) ?? 0) + 1);
      return counts;
    };
    const firstCounts = countBy(firstCopies);
    const nextCounts = countBy(nextCopies);
    const lost =
      activeEmails.filter((e) => !firstCounts.has(e)).length +
      activeEmails.filter((e) => !nextCounts.has(e)).length;
    const duplicates =
      firstCopies.length - firstCounts.size + (nextCopies.length - nextCounts.size);
    const strangers = [...firstCounts.keys(), ...nextCounts.keys()].filter((e) => !idOf.has(e));

    // A send in flight at a kill: accepted by SES from an environment that was killed, but never
    // recorded in the ledger (the environment died between the two). A dead environment sends
    // nothing, so no time check: the proxy stamps a request when this process's event loop reads
    // it, which can be just after a kill the child's request preceded.
    const recorded = await recordedMessageIds(issueId);
    const killed = new Set(kills);
    const unrecorded = firstCopies.filter(
      (m) => recorded.get(idOf.get(m.recipient) ?? '') !== m.messageId,
    );
    const inFlightAtKills = unrecorded.filter((m) => m.sender && killed.has(m.sender)).length;

    const statuses = await allIssueStatuses();
    const stuck = statuses.filter((status) => status !== 'sent').length;
    const dlq =
      (await queueDepth(rehearsal.outputs.RecipientsDlqUrl as string)) +
      (await queueDepth(rehearsal.outputs.ComposeDlqUrl as string));
    const summary = { kills: kills.length, lost, duplicates, inFlightAtKills, stuck, dlq };
    console.info(`lambda crash test: ${JSON.stringify(summary)}`);
    console.info(
      `  ${((Date.now() - started) / 1000).toFixed(0)} s; SES outcomes ${JSON.stringify(proxy.outcomes)}; ` +
        `deliver ${JSON.stringify(deliverStats())}; copies the ledger does not hold from ` +
        `environments never killed: ${unrecorded.length - inFlightAtKills}`,
    );

    expect(quotaSpent).toBe(true);
    expect(proxy.outcomes.throttled).toBeGreaterThan(0);
    expect(proxy.outcomes['server-error']).toBeGreaterThan(0);
    expect(proxy.outcomes['quota-exceeded'] + proxy.outcomes.throttled).toBeGreaterThan(0);
    expect(kills.length).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(strangers).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKills);
    expect(statuses).toHaveLength(2);
    expect(stuck).toBe(0);
    expect(dlq).toBe(0);
  }, 2_400_000);
});
