/**
 * The delivery guarantee, end to end: the real `newsletter send` process against a test SES that
 * throttles 20 % of sends and fails 2 % with HTTP 500, killed with SIGKILL twice mid-run and
 * started again with the same arguments. Nobody may be lost, nobody sent twice except for sends
 * in flight at a kill, nobody who left may get it, and SES must never see its rate exceeded.
 *
 * dynalite and the SES emulator run in child processes, so the thread that runs the test SES (and
 * times every request) is not also parsing messages and serving the ledger: an emulator busy in
 * that thread would have requests that queued meanwhile stamped all at once, squeezing a second's
 * worth of sends into less than one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../../lambda/adapters/aws-clients';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { ensureTable } from '../../../lambda/adapters/dynamo/ensure-table';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { RATE_MARGIN_MS } from '../../../lambda/core/delivery/rate-limiter';
import { type EmulatorProcess, startEmulatorProcess } from '../../../rehearsal/emulator-process';
import { makeSubscribers, seedSubscribers } from '../../support/seed-subscribers';
import { type SesFaultProxy, startSesFaultProxy } from '../../support/ses-fault-proxy';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ACTIVE = 120;
const LEFT = 50;
/**
 * Below what the sender reaches here at CONCURRENCY, so its pacing is what holds it back and the
 * peak is measured against a rate it would otherwise exceed; high enough to send them all in seconds.
 */
const MAX_SEND_RATE = 40;
const CONCURRENCY = 8;
/** Kill the sender once SES has accepted this many messages in all. */
const KILL_AFTER = [30, 75];

const tableName = 'newsletter-faults';
let dynalite: EmulatorProcess;
let ses: EmulatorProcess;
let dynamoClient: DynamoDBClient;
let documentClient: DynamoDBDocumentClient;
let proxy: SesFaultProxy;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-faults-'));
  [dynalite, ses] = await Promise.all([
    startEmulatorProcess('dynalite'),
    startEmulatorProcess('ses'),
  ]);
  dynamoClient = createDynamoClient({ endpoint: dynalite.endpoint });
  documentClient = createDocumentClient(dynamoClient);
  proxy = await startSesFaultProxy(ses.endpoint, {
    quota: { max24HourSend: 100_000, maxSendRate: MAX_SEND_RATE, sentLast24Hours: 0 },
    throttleRate: 0.2,
    serverErrorRate: 0.02,
    seed: 20261126,
  });
  await ensureTable(dynamoClient, tableName);
  await seedSubscribers(documentClient, tableName, [
    ...makeSubscribers('active-', ACTIVE),
    ...makeSubscribers('left-', LEFT, 'unsubscribed'),
    ...makeSubscribers('bounced-', LEFT, 'suppressed'),
  ]);
});

afterAll(async () => {
  await proxy?.stop();
  dynamoClient?.destroy();
  await Promise.all([dynalite?.stop(), ses?.stop()]);
  await rm(work, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
}

function startSend(): Run {
  const child = spawn(
    process.execPath,
    [
      'bin/newsletter.mjs',
      '--data-dir',
      path.join(work, 'data'),
      'send',
      '--outbox',
      path.join(work, 'outbox'),
      '--concurrency',
      String(CONCURRENCY),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
        AWS_ENDPOINT_URL_SES: proxy.endpoint,
        NEWSLETTER_TABLE: tableName,
        // Above SES's MaxSendRate, so the quota SES reports sets the pace.
        NEWSLETTER_SEND_RATE: '1000',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

async function killAfterAccepted(run: Run, accepted: number): Promise<void> {
  while (proxy.accepted.length < accepted) {
    if (run.child.exitCode !== null) {
      throw new Error(`newsletter send ended before it could be killed:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  run.child.kill('SIGKILL');
  await run.exited;
}

/** The most of `times` in any window of `windowMs` (a second unless told). */
function peakPerSecond(times: readonly number[], windowMs = 1000): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

describe('newsletter send under injected SES faults and two SIGKILLs', () => {
  it('reaches every active subscriber, duplicates only in-flight sends, and never exceeds the rate', async () => {
    const started = Date.now();
    for (const threshold of KILL_AFTER) await killAfterAccepted(startSend(), threshold);
    const last = startSend();
    expect(await last.exited, last.output()).toBe(0);

    const received = new Map<string, number>();
    for (const { recipient } of proxy.accepted) {
      received.set(recipient, (received.get(recipient) ?? 0) + 1);
    }
    const duplicates = proxy.accepted.length - received.size;
    const peak = peakPerSecond(proxy.accepted.map((m) => m.at));
    const peakAttempts = peakPerSecond(proxy.attempts);
    // The test SES runs in this worker, beside other test files on two cores: a stall of its event
    // loop stamps the requests that queued meanwhile late, as a stall of the sender after its slot
    // sends one late. The sender spaces its slots by RATE_MARGIN_MS more than a second per rate
    // (rate-limiter.test.ts checks that with a fake clock); what SES sees here is counted in a
    // window that much shorter, so a stamp up to that late is not read as the rate exceeded, while
    // a sender pacing above the rate by more than one message a second still is.
    const peakAttemptsBeyondJitter = peakPerSecond(proxy.attempts, 1000 - RATE_MARGIN_MS);
    console.info(
      `fault test: ${proxy.accepted.length} accepted, ${received.size} distinct, ` +
        `${duplicates} duplicates, peak ${peak} accepted/s and ${peakAttempts} attempts/s ` +
        `of ${MAX_SEND_RATE}/s, ` +
        `faults ${JSON.stringify(proxy.outcomes)}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const active = [...makeSubscribers('active-', ACTIVE)].map((s) => s.email);
    expect(active.filter((email) => !received.has(email))).toEqual([]);
    expect([...received.keys()].filter((email) => !email.startsWith('active-'))).toEqual([]);
    // Each batch has at most one send in flight, so a kill can leave at most CONCURRENCY unsure.
    expect(duplicates).toBeLessThanOrEqual(KILL_AFTER.length * CONCURRENCY);
    // SES sees every attempt, throttled or not: none of its seconds may hold more than the rate.
    expect(peakAttemptsBeyondJitter).toBeLessThanOrEqual(MAX_SEND_RATE);
    expect(proxy.outcomes.throttled).toBeGreaterThan(0);
    expect(proxy.outcomes['server-error']).toBeGreaterThan(0);

    const issueId = /^Issue\s+(\S+)/m.exec(last.output())?.[1] as string;
    const issues = createDynamoIssueStore({ client: documentClient, tableName });
    const ledger = createDynamoDeliveryLedger({ client: documentClient, tableName });
    expect(await issues.get(issueId)).toMatchObject({
      status: 'sent',
      counts: { recipients: ACTIVE, sent: ACTIVE, failed: 0, skipped: 0 },
    });
    expect(await ledger.countByState(issueId)).toEqual({
      claimed: 0,
      sent: ACTIVE,
      failed: 0,
      skipped: 0,
    });
  }, 150_000);
});
