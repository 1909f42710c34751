/**
 * The operator CLI against the rehearsed stack, as an operator runs it after `cdk deploy`: import
 * a thousand subscribers, send an article and wait for it, check that every subscriber got it
 * through the rehearsed deliver and that `status --json` agrees; a subscriber leaves with the
 * one-click link from their message, another is erased with `remove`, `export` shows both; the
 * same `send` again sends nothing. An article waiting in the bucket under the same file name is
 * left as it is.
 *
 * SESv2 (the sandbox check and the suppression list) goes to a minimal local server that checks
 * the request: no emulator implements DeleteSuppressedDestination (docs/operations.md).
 * Time: the functions run with NEWSLETTER_SEND_RATE 200 instead of the template's 14, so a
 * thousand messages take seconds instead of over a minute; nothing else differs from the template.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Rehearsal, startRehearsal } from '../../rehearsal/start-rehearsal';
import { type ControlServer, startControlServer } from '../support/aws-control-server';
import { runCli } from '../support/run-cli';
import { queueDrained, type StoredEmail, sesMessages, waitFor } from './rehearsal-helpers';

const STACK = 'NewsletterLocal';
const SUBSCRIBERS = 1_000;
const ARTICLE = path.resolve('examples/articles/community-solar.md');
const address = (i: number) => `reader${String(i).padStart(4, '0')}@example.net`;

let rehearsal: Rehearsal;
let sesv2: ControlServer;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'operator-cli-'));
  rehearsal = await startRehearsal({
    functionLogs: { dir: work },
    environment: { DeliveryDeliver: { NEWSLETTER_SEND_RATE: '200' } },
  });
  sesv2 = await startControlServer({
    account: { ProductionAccessEnabled: true, SendingEnabled: true },
  });
  Object.assign(process.env, rehearsal.env, { AWS_ENDPOINT_URL_SESV2: sesv2.endpoint });
});
afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await sesv2?.close();
  await rehearsal?.stop();
});

function newsletter(...args: string[]) {
  return runCli(['--data-dir', path.join(work, 'data'), ...args]);
}

/** The bare address of a `"Name" <address>` recipient. */
const bare = (to: string) => /<([^>]+)>$/.exec(to)?.[1] ?? to;

/**
 * The SES emulator's store. With a thousand full messages it is tens of megabytes, which a busy
 * emulator sometimes drops mid-answer: read it again then.
 */
async function storedMessages(): Promise<StoredEmail[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sesMessages(rehearsal.urls.ses);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe('operating the rehearsed stack with --stack NewsletterLocal', () => {
  it('imports, sends and waits; everyone gets it once, status agrees; unsubscribe, remove, export; a second send sends nothing', async () => {
    const csv = path.join(work, 'subscribers.csv');
    const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => `${address(i)},Reader ${i}`);
    writeFileSync(csv, ['email,name', ...rows].join('\n'));

    const imported = await newsletter('subscribers', 'import', csv, '--stack', STACK);
    expect(imported.err).not.toContain('newsletter:');
    expect(imported.out).toContain(`Imported ${SUBSCRIBERS} subscriber(s)`);

    // Uploaded by hand for the schedule, under the name the CLI's file has.
    const s3 = new S3Client({
      region: rehearsal.region,
      endpoint: rehearsal.env.AWS_ENDPOINT_URL,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const waiting = {
      Bucket: rehearsal.outputs.ArticlesBucket,
      Key: 'articles/community-solar.md',
    };
    await s3.send(new PutObjectCommand({ ...waiting, Body: '# Next week\n\nNot sent yet.\n' }));

    const sent = await newsletter('send', '--stack', STACK, '--article', ARTICLE, '--wait');
    expect(sent.err).not.toContain('newsletter:');
    expect(sent.out).toMatch(/from s3:\/\/\S+\/articles\/[0-9a-f]{12}\/community-solar\.md/);
    const left = await s3.send(new GetObjectCommand(waiting));
    expect(await left.Body?.transformToString()).toBe('# Next week\n\nNot sent yet.\n');
    s3.destroy();
    expect(sent.out).toMatch(/Status\s+sent/);
    expect(sent.out).toMatch(
      new RegExp(`Sent\\s+${SUBSCRIBERS}\\s+failed 0\\s+skipped 0\\s+pending 0`),
    );
    const issueId = /Issue (\S+) \(/.exec(sent.out)?.[1];

    const messages = await storedMessages();
    const recipients = messages.flatMap((m) => m.destination.to.map(bare));
    expect(recipients).toHaveLength(SUBSCRIBERS);
    expect(new Set(recipients)).toEqual(new Set(rows.map((row) => row.split(',')[0])));

    const status = JSON.parse((await newsletter('status', '--stack', STACK, '--json')).out);
    expect(status.issues).toHaveLength(1);
    expect(status.issues[0]).toMatchObject({
      id: issueId,
      status: 'sent',
      recipients: SUBSCRIBERS,
      sent: SUBSCRIBERS,
      failed: 0,
      skipped: 0,
      pending: 0,
    });

    // One-click unsubscribe (RFC 8058) with the link from reader0001's own message.
    const message = messages.find((m) => m.destination.to.map(bare).includes(address(1)));
    const link = /http:\/\/\S+\/unsubscribe\?token=[\w.-]+/.exec(message?.body.text ?? '')?.[0];
    expect(link?.startsWith(`${rehearsal.urls.subscriptionApi}/unsubscribe?token=`)).toBe(true);
    // A mailbox provider retries a one-click POST that met a cold start past its timeout (503).
    const oneClick = await waitFor('the one-click unsubscribe to be answered', async () => {
      const response = await fetch(link as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      return response.status === 503 ? undefined : response;
    });
    expect(oneClick.status).toBe(200);

    sesv2.state.suppressed.add(address(2));
    const removed = await newsletter('subscribers', 'remove', address(2), '--stack', STACK);
    expect(removed.out).toContain('Erased subscriber');
    expect(removed.out).toContain("Removed the address from the SES account's suppression list.");
    expect(sesv2.requests.filter((r) => r.action === 'DeleteSuppressedDestination')).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: `/v2/email/suppression/addresses/${encodeURIComponent(address(2))}`,
      }),
    ]);

    const exported = JSON.parse(
      (await newsletter('subscribers', 'export', '--stack', STACK, '--format', 'json')).out,
    ) as { email: string; status: string; reason?: string; consent: { source: string } }[];
    expect(exported).toHaveLength(SUBSCRIBERS - 1);
    expect(exported.find((s) => s.email === address(1))).toMatchObject({
      status: 'unsubscribed',
      reason: 'one-click',
    });
    expect(exported.some((s) => s.email === address(2))).toBe(false);
    expect(exported.find((s) => s.email === address(3))).toMatchObject({
      status: 'active',
      consent: { source: 'import' },
    });

    const again = await newsletter('send', '--stack', STACK, '--article', ARTICLE, '--wait');
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Issue ${issueId} was already sent; nothing to do.`);
    expect(await storedMessages()).toHaveLength(messages.length);
  }, 900_000);

  it('shows the dead-letter queues, empty after a clean send', async () => {
    const { code, out } = await newsletter('dlq', '--stack', STACK);
    expect(code).toBe(0);
    expect(out).toContain('recipients DLQ (recipient batches deliver gave up on): 0 message(s)');
    expect(out).toContain(
      'compose DLQ (scheduled runs and compose runs that failed): 0 message(s)',
    );
    expect(out).toContain('ses-events DLQ (bounce and complaint events not handled): 0 message(s)');
    expect(out).toContain(
      'sign-ups DLQ (sign-ups whose confirmation email kept failing): 0 message(s)',
    );
  });

  it('says what a dead recipient batch is, and a redrive of it sends nobody twice', async () => {
    const [issue] = JSON.parse((await newsletter('status', '--stack', STACK, '--json')).out).issues;
    const exported = JSON.parse(
      (await newsletter('subscribers', 'export', '--stack', STACK, '--format', 'json')).out,
    ) as { id: string }[];
    const batch = { issueId: issue.id, subscriberIds: exported.slice(0, 5).map((s) => s.id) };
    const sqs = new SQSClient({
      region: rehearsal.region,
      endpoint: rehearsal.env.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: rehearsal.outputs.RecipientsDlqUrl,
        MessageBody: JSON.stringify(batch),
      }),
    );
    const before = (await storedMessages()).length;

    const listed = await newsletter('dlq', '--stack', STACK);
    expect(listed.out).toContain(
      'recipients DLQ (recipient batches deliver gave up on): 1 message(s)',
    );
    expect(listed.out).toContain(
      `1 × issue ${issue.id}: a batch that failed every receive (5 recipients)`,
    );
    const redriven = await newsletter('dlq', '--stack', STACK, '--redrive');
    expect(redriven.out).toContain(
      'moved 1 batch(es), 5 recipient(s) back to the recipients queue',
    );

    // deliver takes the batch, finds all five done in the ledger, and sends nothing.
    await queueDrained(rehearsal, rehearsal.outputs.RecipientsQueueUrl);
    expect(await storedMessages()).toHaveLength(before);
    sqs.destroy();
  }, 600_000);

  it('imports with --send-confirmations: the deployed sender mails each new row, its link activates it, a re-run mails nobody', async () => {
    const invitees = ['invitee1@example.net', 'invitee2@example.net'];
    const csv = path.join(work, 'invitees.csv');
    // reader0003 is active and reader0001 left with one click (first test): neither is mailed.
    writeFileSync(
      csv,
      [
        'email,name',
        ...invitees.map((email, i) => `${email},Invitee ${i + 1}`),
        `${address(3)},Reader 3`,
        `${address(1)},Reader 1`,
      ].join('\n'),
    );
    // Only this test's messages from here on: a short store is quick to poll.
    await fetch(`${rehearsal.urls.ses}/clear-store`, { method: 'POST' });
    const importAndDrain = async () => {
      const result = await newsletter(
        'subscribers',
        'import',
        csv,
        '--stack',
        STACK,
        '--send-confirmations',
      );
      await queueDrained(rehearsal, rehearsal.outputs.SignUpQueueUrl);
      return result;
    };

    const imported = await importAndDrain();
    expect(imported.err).not.toContain('newsletter:');
    expect(imported.out).toMatch(
      /at most 200 confirmation emails an hour \(confirmationsPerHour\); \d+ are left until \d\d:00 UTC/,
    );
    expect(imported.out).toContain('Imported 2 subscriber(s)');
    expect(imported.out).toContain('as pending, and queued a confirmation email for each');
    expect(imported.out).toContain('Left 2 already on the list unchanged (line 4, 5).');
    const confirmations = await storedMessages();
    expect(confirmations.flatMap((m) => m.destination.to.map(bare)).sort()).toEqual(invitees);

    const mail = confirmations.find((m) => m.destination.to.map(bare).includes(invitees[0] ?? ''));
    const link = /http:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mail?.body.text ?? '')?.[0];
    expect(link?.startsWith(`${rehearsal.urls.subscriptionApi}/confirm?token=`)).toBe(true);
    const confirmed = await fetch(link as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(confirmed.status).toBe(200);

    const exported = JSON.parse(
      (await newsletter('subscribers', 'export', '--stack', STACK, '--format', 'json')).out,
    ) as { email: string; status: string; consent: Record<string, unknown> }[];
    const [first, second] = invitees.map((email) => exported.find((s) => s.email === email));
    expect(first).toMatchObject({ status: 'active', consent: { source: 'import' } });
    expect(first?.consent.confirmedAt).toEqual(expect.any(String));
    expect(second).toMatchObject({
      status: 'pending',
      consent: { source: 'import' },
      expiresAt: expect.any(String),
      confirmationQueuedAt: expect.any(String),
    });
    expect(exported.find((s) => s.email === address(1))?.status).toBe('unsubscribed');

    const again = await importAndDrain();
    expect(again.out).toContain('Imported 0 subscriber(s)');
    expect(again.out).toContain('Left 4 already on the list unchanged (line 2, 3, 4, 5).');
    expect(await storedMessages()).toHaveLength(confirmations.length);
  }, 120_000);

  it('lists an upload the scheduled run passed over, and why, in status', async () => {
    const s3 = new S3Client({
      region: rehearsal.region,
      endpoint: rehearsal.env.AWS_ENDPOINT_URL,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const bucket = rehearsal.outputs.ArticlesBucket;
    // Only the upload below waits: the article left waiting by the first test would be sent.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'articles/community-solar.md' }));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'articles/scan.pdf', Body: '%PDF-1.7\n%âãÏÓ\n' }),
    );
    s3.destroy();

    const [composed] = await rehearsal.fireSchedule();
    expect(composed).toMatchObject({
      ok: true,
      value: { status: 'nothing-to-send', rejectedArticles: 1 },
    });

    const { code, out } = await newsletter('status', '--stack', STACK, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).passedOver).toEqual([
      {
        key: 'articles/scan.pdf',
        etag: expect.any(String),
        reason: expect.stringMatching(/scan\.pdf is a PDF document, not an article — save it as/),
        at: expect.any(String),
      },
    ]);
  });
});
