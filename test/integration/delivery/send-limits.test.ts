/**
 * `newsletter send` (in process) against dynalite and a test SES endpoint that answers
 * GetSendQuota and refuses what real SES refuses: the rate it reads, the daily quota that stops a
 * run and lets the next one finish, and rejected messages that fail without a retry.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SESClient } from '@aws-sdk/client-ses';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSesClient } from '../../../lambda/adapters/aws-clients';
import { createDynamoDeliveryLedger } from '../../../lambda/adapters/dynamo/delivery-ledger';
import { ensureTable } from '../../../lambda/adapters/dynamo/ensure-table';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { IssueNotFinishedError, resolvePacing, runSend } from '../../../lambda/local/commands/send';
import { loadLocalConfig, localTableName } from '../../../lambda/local/local-config';
import type { LocalRuntime } from '../../../lambda/local/runtime';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { makeSubscribers, seedSubscribers } from '../../support/seed-subscribers';
import {
  type FaultOptions,
  type SesFaultProxy,
  startSesFaultProxy,
} from '../../support/ses-fault-proxy';

const ACTIVE = 30;
const dynamo = useDynalite();
const ses = useSesEmulator();
let work: string;
let proxy: SesFaultProxy | undefined;
let runs = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-limits-'));
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
  // A cap above the rates the test SES reports, so each run sends at SES's rate, in a moment
  // (spacing at a rate is the rate limiter's, tested on a fake clock in rate-limiter.test.ts).
  vi.stubEnv('NEWSLETTER_SEND_RATE', '1000');
  // The table exists before the first run, so no example subscribers are imported into it.
  await ensureTable(dynamo.client, localTableName());
  await seedSubscribers(dynamo.documentClient, localTableName(), makeSubscribers('r', ACTIVE));
});

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(work, { recursive: true, force: true });
});

async function useProxy(options: Partial<FaultOptions>): Promise<SesFaultProxy> {
  proxy = await startSesFaultProxy(ses.emulator.endpoint, options);
  vi.stubEnv('AWS_ENDPOINT_URL_SES', proxy.endpoint);
  return proxy;
}

/** A new article (so a new issue) and data folder; `send` runs it and returns the summary. */
async function newIssue() {
  runs++;
  const article = path.join(work, `article-${runs}.md`);
  await writeFile(
    article,
    `---\ntitle: Limits report ${runs}\n---\nThe river rose by two metres overnight, flooding the lower town.\n\n## What happened\n\nHeavy rain fell on frozen ground, so the water ran straight into the river.\n`,
  );
  const dataDir = path.join(work, `data-${runs}`);
  const send = async () => {
    const lines: string[] = [];
    const error = await runSend({
      article,
      concurrency: 4,
      dataDir,
      outbox: path.join(work, `outbox-${runs}`),
      log: (line) => lines.push(line),
    }).catch((e: unknown) => e);
    const summary = lines.join('\n');
    const issueId = /^Issue\s+(\S+)/m.exec(summary)?.[1] as string;
    return { summary, error, issueId };
  };
  return { send };
}

function stores() {
  const client = dynamo.documentClient;
  return {
    issues: createDynamoIssueStore({ client, tableName: localTableName() }),
    ledger: createDynamoDeliveryLedger({ client, tableName: localTableName() }),
  };
}

describe('newsletter send against the SES quota and refusals', () => {
  it('paces to the MaxSendRate that GetSendQuota reports', async () => {
    const quota = await useProxy({
      quota: { max24HourSend: 10_000, maxSendRate: 300, sentLast24Hours: 0 },
    });
    const { summary, error } = await (await newIssue()).send();

    expect(error).toBeUndefined();
    expect(summary).toContain('Rate       300/s (SES quota: MaxSendRate 300; 10000 of 10000');
    expect(quota.accepted).toHaveLength(ACTIVE);
  });

  it('sends to everyone when SES reports no daily limit (Max24HourSend -1)', async () => {
    const unlimited = await useProxy({
      quota: { max24HourSend: -1, maxSendRate: 200, sentLast24Hours: 5_000_000 },
    });
    const { summary, error } = await (await newIssue()).send();

    expect(error).toBeUndefined();
    expect(summary).toContain('; no daily limit)');
    expect(unlimited.accepted).toHaveLength(ACTIVE);
  });

  it('stops at the daily quota, leaves the rest pending, and finishes when run again', async () => {
    const limited = await useProxy({
      quota: { max24HourSend: 1_000, maxSendRate: 200, sentLast24Hours: 1_000 - 12 },
    });
    const issue = await newIssue();

    const first = await issue.send();
    expect(first.error).toBeInstanceOf(IssueNotFinishedError);
    expect((first.error as Error).message).toMatch(/18 recipients pending .*Run the same command/);
    expect(first.summary).toMatch(
      /Sent\s+12\s+skipped 0\s+failed 0\s+already done earlier 0\s+pending 18/,
    );
    expect(first.summary).toMatch(
      /^Stopped {4}daily quota: Max24HourSend − SentLast24Hours \(read at the start\) is used up; run the same command again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/m,
    );
    // The issue is paused, as `newsletter status` says: the summary says so too.
    expect(first.summary).toMatch(
      /^Status {5}paused: 18 recipients pending; run the same command again$/m,
    );
    expect(limited.accepted).toHaveLength(12);
    const { issues, ledger } = stores();
    expect(await issues.get(first.issueId)).toMatchObject({
      status: 'paused',
      pausedReason: expect.stringContaining('Max24HourSend'),
    });
    expect((await ledger.countByState(first.issueId)).sent).toBe(12);

    // A new day: SES's window has room again.
    limited.configure({ quota: { max24HourSend: 1_000, maxSendRate: 200, sentLast24Hours: 0 } });
    const second = await issue.send();
    expect(second.error).toBeUndefined();
    expect(second.summary).toMatch(
      /Sent\s+18\s+skipped 0\s+failed 0\s+already done earlier 12\s+pending 0/,
    );
    expect(new Set(limited.accepted.map((m) => m.recipient)).size).toBe(ACTIVE);
    expect(limited.accepted).toHaveLength(ACTIVE);
    expect(await issues.get(second.issueId)).toMatchObject({
      status: 'sent',
      counts: { recipients: ACTIVE, sent: ACTIVE },
    });
  });

  it('stops when SES itself answers "Daily message quota exceeded"', async () => {
    const refusing = await useProxy({
      quota: { max24HourSend: 10_000, maxSendRate: 200, sentLast24Hours: 0 },
    });
    // SES's own count says the day is used up after 5 more, although GetSendQuota said otherwise.
    refusing.configure({ refuseAfter: 5 });
    const issue = await newIssue();

    const { error, summary } = await issue.send();
    expect(error).toBeInstanceOf(IssueNotFinishedError);
    expect(refusing.accepted).toHaveLength(5);
    expect(refusing.outcomes['quota-exceeded']).toBeGreaterThan(0);
    expect(summary).toMatch(
      /^Stopped {4}daily quota: .*Daily message quota exceeded.*run the same/m,
    );
    expect(summary).toMatch(/pending 25$/m);
  });

  it('marks rejected messages failed, never retries them, and still finishes the issue', async () => {
    const rejecting = await useProxy({
      quota: { max24HourSend: 10_000, maxSendRate: 200, sentLast24Hours: 0 },
      reject: (recipient) => recipient === 'r3@example.org' || recipient === 'r7@example.org',
    });
    const { summary, error, issueId } = await (await newIssue()).send();

    expect(error).toBeUndefined();
    expect(summary).toMatch(
      /Sent\s+28\s+skipped 0\s+failed 2\s+already done earlier 0\s+pending 0/,
    );
    expect(rejecting.outcomes.rejected).toBe(2);
    const { issues, ledger } = stores();
    expect(await ledger.get(issueId, 'r3')).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('MessageRejected'),
      attempts: 1,
    });
    expect(await issues.get(issueId)).toMatchObject({
      status: 'sent',
      counts: { sent: 28, failed: 2 },
    });
  });

  it.each([
    [
      'its account is paused',
      'Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.',
    ],
    [
      'the From address is not verified',
      'Email address is not verified. The following identities failed the check in region US-EAST-1: briefing@example.com',
    ],
  ])(
    'fails nobody when SES rejects every message because %s, and finishes once it sends again',
    async (_, refusal) => {
      const refusing = await useProxy({
        quota: { max24HourSend: 10_000, maxSendRate: 200, sentLast24Hours: 0 },
        refuseAll: { code: 'MessageRejected', message: refusal },
      });
      const issue = await newIssue();

      const first = await issue.send();
      expect(first.error).toBeInstanceOf(IssueNotFinishedError);
      expect(first.summary).toMatch(/failed 0\s+already done earlier 0\s+pending 30$/m);
      const { issues, ledger } = stores();
      expect(await issues.get(first.issueId)).toMatchObject({
        status: 'paused',
        pausedReason: expect.stringContaining(refusal.slice(0, 30)),
      });
      expect((await ledger.countByState(first.issueId)).failed).toBe(0);

      refusing.configure({ refuseAll: undefined });
      const second = await issue.send();
      expect(second.error).toBeUndefined();
      expect(refusing.accepted).toHaveLength(ACTIVE);
      expect(await issues.get(second.issueId)).toMatchObject({
        status: 'sent',
        counts: { sent: ACTIVE, failed: 0 },
      });
    },
  );
});

describe('resolving the sending rate', () => {
  let client: SESClient;
  afterEach(() => client?.destroy());

  const runtimeFor = (endpoint: string) => {
    client = createSesClient({ endpoint, maxAttempts: 1 });
    const config = { ...loadLocalConfig({}), sendRateCap: 7 };
    return {
      ses: client,
      sesEndpoint: endpoint,
      sesEmbedded: false,
      config,
    } as unknown as LocalRuntime;
  };

  it('takes MaxSendRate and the daily quota from GetSendQuota when SES answers, capped by NEWSLETTER_SEND_RATE', async () => {
    const answering = await useProxy({
      quota: { max24HourSend: 50_000, maxSendRate: 5, sentLast24Hours: 1_234 },
    });
    expect(await resolvePacing(runtimeFor(answering.endpoint))).toEqual({
      rate: 5,
      quota: { maxSendRate: 5, max24HourSend: 50_000, sentLast24Hours: 1_234 },
    });
    answering.configure({ quota: { max24HourSend: 50_000, maxSendRate: 42, sentLast24Hours: 0 } });
    expect(await resolvePacing(runtimeFor(answering.endpoint))).toMatchObject({ rate: 7 });
  });

  it('falls back to the configured cap when GetSendQuota never answers', async () => {
    const silent = await useProxy({ quota: 'never' });
    // The proxy never answers: only the quota call's own timeout lets this return.
    expect(await resolvePacing(runtimeFor(silent.endpoint))).toEqual({ rate: 7 });
  });
});
