/**
 * The rehearsal end to end, as an operator and a subscriber meet the deployed stack: the stack
 * answers DescribeStacks, a visitor signs up and confirms through the HTTP API, an article lands
 * in the bucket, the schedule fires, deliver sends through SES, and the issue ends `sent`. A
 * sign-up form submitted twice sends one confirmation email; a one-click unsubscribe POST with the
 * List-Unsubscribe URL of a delivered message is honoured however its body is labelled. SES is
 * the emulator behind a proxy that keeps each message's List-Unsubscribe header (the emulator's
 * store drops the headers); the proxy injects no faults here.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../lambda/adapters/dynamo/schema';
import { readCloudAssembly } from '../../rehearsal/cloud-assembly';
import { type EmulatorProcess, startEmulatorProcess } from '../../rehearsal/emulator-process';
import { DEFAULT_CDK_OUT, type Rehearsal, startRehearsal } from '../../rehearsal/start-rehearsal';
import { rssFeed } from '../support/feed-fixtures';
import { type SesFaultProxy, startSesFaultProxy } from '../support/ses-fault-proxy';
import { startWebServer } from '../support/web-server';
import { queueDrained, sesMessages, waitFor } from './rehearsal-helpers';

const ARTICLE = new URL('../../examples/articles/community-solar.md', import.meta.url);
const SECOND_ARTICLE = new URL('../../examples/articles/night-trains.html', import.meta.url);

let ses: EmulatorProcess;
let proxy: SesFaultProxy;
let rehearsal: Rehearsal;
let clientConfig: {
  endpoint?: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

beforeAll(async () => {
  ses = await startEmulatorProcess('ses');
  proxy = await startSesFaultProxy(ses.endpoint);
  rehearsal = await startRehearsal({
    sesEndpoint: proxy.endpoint,
    functionLogs: { dir: mkdtempSync(path.join(tmpdir(), 'rehearsal-smoke-')) },
  });
  clientConfig = {
    region: rehearsal.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
});
afterAll(async () => {
  await rehearsal?.stop();
  await proxy?.stop();
  await ses?.stop();
});

/** Puts an article under articles/ in the rehearsed bucket, as an operator uploads one. */
async function uploadArticle(key: string, file: URL): Promise<void> {
  const s3 = new S3Client({
    ...clientConfig,
    endpoint: rehearsal.env.AWS_ENDPOINT_URL,
    forcePathStyle: true,
  });
  await s3.send(
    new PutObjectCommand({
      Bucket: rehearsal.outputs.ArticlesBucket,
      Key: key,
      Body: readFileSync(file),
    }),
  );
  s3.destroy();
}

/** A subscriber's record in the rehearsed table, found by address as an operator finds it. */
async function subscriberRecord(email: string): Promise<Record<string, unknown> | undefined> {
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...clientConfig, endpoint: rehearsal.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  const { Items } = await table.send(
    new ScanCommand({
      TableName: rehearsal.outputs.TableName,
      FilterExpression: 'email = :email',
      ExpressionAttributeValues: { ':email': email },
      ConsistentRead: true,
    }),
  );
  table.destroy();
  return Items?.[0];
}

/** Signs an address up through the deployed API, as the page's form does. */
function signUp(email: string): Promise<Response> {
  return fetch(`${rehearsal.urls.subscriptionApi}/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, consentVersion: 'v1' }),
  });
}

/** Opens a confirmation email's link and POSTs its form, as a person's browser does. */
async function confirmWith(text: string | undefined): Promise<number> {
  const link = /http:\/\/\S+\/confirm\?token=[\w.-]+/.exec(text ?? '')?.[0];
  expect(link?.startsWith(`${rehearsal.urls.subscriptionApi}/confirm?token=`)).toBe(true);
  // A GET only shows the page; its form POSTs the confirmation.
  expect((await fetch(link as string)).status).toBe(200);
  const confirmed = await fetch(link as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'confirm=yes',
  });
  return confirmed.status;
}

describe('the rehearsal of the deployed stack', () => {
  it('answers DescribeStacks for NewsletterLocal with the outputs of the synthesized template', async () => {
    const cloudFormation = new CloudFormationClient({
      ...clientConfig,
      endpoint: rehearsal.env.AWS_ENDPOINT_URL,
    });
    const { Stacks } = await cloudFormation.send(
      new DescribeStacksCommand({ StackName: 'NewsletterLocal' }),
    );
    const outputs = Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]),
    );
    const templateKeys = Object.keys(readCloudAssembly(DEFAULT_CDK_OUT).template.Outputs ?? {});
    expect(Object.keys(outputs).sort()).toEqual(templateKeys.sort());
    expect(outputs.SubscriptionApiUrl).toBe(rehearsal.urls.subscriptionApi);
    cloudFormation.destroy();
  });

  it('refuses an unknown function on the Invoke API the way Lambda does', async () => {
    const lambda = new LambdaClient({
      ...clientConfig,
      endpoint: rehearsal.env.AWS_ENDPOINT_URL_LAMBDA,
    });
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    lambda.destroy();
  });

  it('leaves an article waiting while nobody is subscribed: the scheduled run stores no issue', async () => {
    await uploadArticle('articles/community-solar.md', ARTICLE);

    const [composed] = await rehearsal.fireSchedule();

    // Not a failure (no retries, no dead letter): the next run takes the article again.
    expect(composed).toMatchObject({
      ok: true,
      value: { status: 'waiting-for-subscribers', articleKey: 'articles/community-solar.md' },
    });
  });

  it('signs a subscriber up, sends the scheduled issue through SES and marks it sent', async () => {
    const email = 'reader@example.net';
    expect((await signUp(email)).status).toBe(202);
    const confirmation = await waitFor('the confirmation email', async () =>
      (await sesMessages(rehearsal.urls.ses)).find((m) => m.destination.to.includes(email)),
    );
    expect(await confirmWith(confirmation.body.text)).toBe(200);

    // The article that waited above (uploaded again: the same bytes, the same ETag).
    await uploadArticle('articles/community-solar.md', ARTICLE);

    const [composed] = await rehearsal.fireSchedule();
    expect(composed).toMatchObject({ ok: true, value: { status: 'planned', recipients: 1 } });
    const issueId = (composed as { value: { issueId: string } }).value.issueId;

    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...clientConfig, endpoint: rehearsal.env.AWS_ENDPOINT_URL_DYNAMODB }),
    );
    const issue = await waitFor('the issue to be sent', async () => {
      const { Item } = await table.send(
        new GetCommand({
          TableName: rehearsal.outputs.TableName,
          Key: issueKey(issueId),
          ConsistentRead: true,
        }),
      );
      return Item?.status === 'sent' ? Item : undefined;
    });
    expect(issue.status).toBe('sent');
    const newsletters = (await sesMessages(rehearsal.urls.ses)).filter(
      (m) => m.destination.to.includes(email) && m !== confirmation && !/confirm/i.test(m.subject),
    );
    expect(newsletters).toHaveLength(1);
    table.destroy();
  });

  it('sends one confirmation email for a sign-up form submitted twice, and its link confirms', async () => {
    const email = 'twice@example.net';
    expect((await signUp(email)).status).toBe(202);
    expect((await signUp(email)).status).toBe(202);
    await queueDrained(rehearsal, rehearsal.outputs.SignUpQueueUrl);

    const confirmations = (await sesMessages(rehearsal.urls.ses)).filter((m) =>
      m.destination.to.includes(email),
    );
    expect(confirmations).toHaveLength(1);
    expect(await subscriberRecord(email)).toMatchObject({
      status: 'pending',
      confirmationSentAt: expect.any(String),
    });
    expect(await confirmWith(confirmations[0]?.body.text)).toBe(200);
    expect(await subscriberRecord(email)).toMatchObject({ status: 'active' });
  });

  it('a scheduled run with feeds sends the next upload as its own issue; the deployed fetcher never reaches a loopback feed', async () => {
    const web = await startWebServer();
    web.routes.set('/feed.xml', {
      type: 'application/rss+xml',
      body: rssFeed(web.url, 'Local', [
        { id: 'a', title: 'On loopback', link: '/a', published: '2026-12-03T09:00Z' },
      ]),
    });
    await uploadArticle('articles/night-trains.html', SECOND_ARTICLE);

    // What the schedule sends when the `feeds` context key is set.
    const composed = await rehearsal.invoke(rehearsal.outputs.ComposeFunction ?? '', {
      feeds: [`${web.url}/feed.xml`],
      maxArticles: 5,
      idempotencyKey: 'rehearsal-feeds-1',
    });
    await web.close();

    expect(composed).toMatchObject({
      ok: true,
      value: {
        status: 'scheduled',
        upload: { status: 'planned', articleKey: 'articles/night-trains.html', recipients: 2 },
        digest: { status: 'nothing-new', feeds: 1 },
      },
    });
    expect(web.requests).toEqual([]);
    // Delivered like any issue (and nothing is left in flight when the rehearsal stops).
    await waitFor('the upload’s issue in SES to both subscribers', async () => {
      const sent = (await sesMessages(rehearsal.urls.ses)).filter((m) =>
        /night trains/i.test(m.subject),
      );
      return sent.length === 2 ? sent : undefined;
    });
  });

  it('unsubscribes with one click at the List-Unsubscribe URL of a delivered message, text/plain or unlabelled; another body is refused', async () => {
    const night = (await sesMessages(rehearsal.urls.ses)).filter((m) =>
      /night trains/i.test(m.subject),
    );
    /** The List-Unsubscribe URL of the message SES accepted for `email`, from its headers. */
    const unsubscribeUrl = (email: string) => {
      const message = night.find((m) => m.destination.to.some((to) => to.includes(email)));
      const header = proxy.accepted.find(
        (a) => a.messageId === message?.messageId,
      )?.listUnsubscribe;
      const url = /^<(.+)>$/.exec(header ?? '')?.[1];
      expect(url?.startsWith(`${rehearsal.urls.subscriptionApi}/unsubscribe?token=`)).toBe(true);
      return url as string;
    };
    const reader = unsubscribeUrl('reader@example.net');
    const twice = unsubscribeUrl('twice@example.net');

    const refused = await fetch(reader, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'List-Unsubscribe=Later',
    });
    expect(refused.status).toBe(400);
    expect(await subscriberRecord('reader@example.net')).toMatchObject({ status: 'active' });

    const plain = await fetch(reader, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(plain.status).toBe(200);
    // A byte body: fetch sends it with no Content-Type (API Gateway passes it base64-encoded).
    const unlabelled = await fetch(twice, {
      method: 'POST',
      body: new TextEncoder().encode('List-Unsubscribe=One-Click'),
    });
    expect(unlabelled.status).toBe(200);

    for (const email of ['reader@example.net', 'twice@example.net'])
      expect(await subscriberRecord(email)).toMatchObject({
        status: 'unsubscribed',
        reason: 'one-click',
      });
  });
});
