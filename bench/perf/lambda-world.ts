/**
 * What a deployed function talks to in its first invocation, on this machine: dynalite and the
 * SES emulator in child processes of their own (SES behind the test proxy, which answers
 * GetSendQuota as SES does), and moto for S3, SQS and Secrets Manager. Provisioned like a
 * deployed stack: the table, the bucket with a composed issue's prepared copy, the queue, the
 * list's secret, and active subscribers, a fresh one for each cold start.
 */

import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSqsClient,
} from '../../lambda/adapters/aws-clients';
import { ensureTable } from '../../lambda/adapters/dynamo/ensure-table';
import { createDynamoIssueStore } from '../../lambda/adapters/dynamo/issue-store';
import { createS3IssueArchive } from '../../lambda/adapters/s3/issue-archive';
import { CONFIG_ENV } from '../../lambda/core/config';
import { createToken } from '../../lambda/core/tokens';
import {
  HANDLER_SETTINGS,
  OPTIONAL_SETTINGS,
  type OptionalSetting,
  type Setting,
} from '../../lambda/handlers/environment';
import { BUNDLE_SETTINGS } from '../../lib/bundling';
import { startEmulatorProcess } from '../../rehearsal/emulator-process';
import { startMotoServer } from '../../rehearsal/moto-server';
import { makeSubscribers, seedSubscribers } from '../../test/support/seed-subscribers';
import { startSesFaultProxy } from '../../test/support/ses-fault-proxy';
import { BENCH_SECRET, type SeedIssue } from './seed-issue';

/** The settings every deployment's functions get (the bench models the default stack). */
type RequiredSetting = Exclude<Setting, OptionalSetting>;

const REGION = 'us-east-1';
const NAMES = {
  table: 'newsletter-bench',
  bucket: 'newsletter-bench-articles',
  queue: 'newsletter-bench-recipients',
  secret: 'newsletter-bench-secret',
  configurationSet: 'newsletter-bench',
};

export interface LambdaWorld {
  /** The variables a deployed function gets: the stack's settings, the list, the endpoints. */
  readonly environment: Readonly<Record<string, string>>;
  /** An SQS event with one batch for deliver: the seed issue to the `index`th fresh subscriber. */
  deliverEvent(index: number): unknown;
  /** An HTTP API event for the subscription API: the `index`th subscriber's one-click unsubscribe. */
  unsubscribeEvent(index: number): unknown;
  /** Messages SES has accepted so far. */
  acceptedMessages(): number;
  stop(): Promise<void>;
}

/** Starts the emulators and provisions them for `rounds` cold starts of each function. */
export async function startLambdaWorld(seed: SeedIssue, rounds: number): Promise<LambdaWorld> {
  const [dynalite, ses, moto] = await Promise.all([
    startEmulatorProcess('dynalite'),
    startEmulatorProcess('ses'),
    startMotoServer(),
  ]);
  const quota = { max24HourSend: 50_000, maxSendRate: 1_000, sentLast24Hours: 0 };
  const proxy = await startSesFaultProxy(ses.endpoint, { quota });
  const stop = async () => {
    await proxy.stop();
    await Promise.all([dynalite.stop(), ses.stop(), moto.stop()]);
  };
  try {
    const settings = await provision(seed, rounds, {
      dynalite: dynalite.endpoint,
      moto: moto.endpoint,
    });
    const environment = {
      ...functionSettings(settings),
      ...listSettings(seed),
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SES: proxy.endpoint,
      POWERTOOLS_METRICS_NAMESPACE: 'NewsletterBench',
      NODE_OPTIONS: BUNDLE_SETTINGS.nodeOptions,
    };
    return {
      environment,
      deliverEvent: (index) => sqsEvent(seed.prepared.issueId, `d${index}`),
      unsubscribeEvent: (index) =>
        oneClickEvent(
          createToken(
            { purpose: 'unsubscribe', subscriberId: `u${index}`, list: seed.config.listId },
            BENCH_SECRET,
          ),
        ),
      acceptedMessages: () => proxy.accepted.length,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The value of every setting the stack gives the functions, from what was provisioned. */
function functionSettings(values: Record<RequiredSetting, string>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [setting, { variable }] of Object.entries(HANDLER_SETTINGS)) {
    // The default stack's functions: no `waf`, so no optional settings.
    if ((OPTIONAL_SETTINGS as readonly string[]).includes(setting)) continue;
    const value = values[setting as RequiredSetting];
    if (value === undefined) {
      throw new Error(`bench/perf/lambda-world.ts gives no local value for the setting ${setting}`);
    }
    environment[variable] = value;
  }
  return environment;
}

function listSettings(seed: SeedIssue): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, variable] of Object.entries(CONFIG_ENV)) {
    const value = seed.config[key as keyof typeof CONFIG_ENV];
    if (value !== undefined) environment[variable] = String(value);
  }
  return environment;
}

async function provision(
  seed: SeedIssue,
  rounds: number,
  endpoints: { dynalite: string; moto: string },
): Promise<Record<RequiredSetting, string>> {
  const dynamo = createDynamoClient({ endpoint: endpoints.dynalite });
  const documents = createDocumentClient(dynamo);
  const s3 = createS3Client({ endpoint: endpoints.moto, forcePathStyle: true });
  const sqs = createSqsClient({ endpoint: endpoints.moto });
  const secrets = new SecretsManagerClient({
    endpoint: endpoints.moto,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(dynamo, NAMES.table);
    await s3.send(new CreateBucketCommand({ Bucket: NAMES.bucket }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: NAMES.queue }));
    const signUps = await sqs.send(
      new CreateQueueCommand({ QueueName: `${NAMES.queue}-sign-ups` }),
    );
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: NAMES.secret, SecretString: BENCH_SECRET }),
    );
    const { prepared } = seed;
    await createS3IssueArchive({ client: s3, bucket: NAMES.bucket }).save(prepared.issueId, {
      prepared,
      html: '<!doctype html><title>bench</title>',
    });
    const at = new Date().toISOString();
    await createDynamoIssueStore({ client: documents, tableName: NAMES.table }).create({
      id: prepared.issueId,
      articleKey: seed.article,
      title: 'Bench issue',
      lead: 'The seed issue, for cold starts.',
      keyPoints: [],
      status: 'sending',
      counts: { recipients: rounds, sent: 0, failed: 0, skipped: 0 },
      createdAt: at,
      updatedAt: at,
    });
    // A fresh recipient and a fresh unsubscriber per cold start: no run finds another's work done.
    await seedSubscribers(documents, NAMES.table, makeSubscribers('d', rounds));
    await seedSubscribers(documents, NAMES.table, makeSubscribers('u', rounds));
    return {
      tableName: NAMES.table,
      bucketName: NAMES.bucket,
      archiveBucketName: 'newsletter-bench-archive',
      queueUrl: QueueUrl ?? '',
      secretArn: ARN ?? '',
      configurationSetName: NAMES.configurationSet,
      deliverConcurrency: '2',
      signUpQueueUrl: signUps.QueueUrl ?? '',
      confirmationsPerHour: '200',
    };
  } finally {
    for (const client of [dynamo, s3, sqs, secrets]) client.destroy();
  }
}

function sqsEvent(issueId: string, subscriberId: string) {
  return {
    Records: [
      {
        messageId: `bench-${subscriberId}`,
        body: JSON.stringify({ issueId, subscriberIds: [subscriberId] }),
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  };
}

/** What API Gateway hands the function when a mailbox provider posts a one-click unsubscribe. */
function oneClickEvent(token: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/unsubscribe',
    rawQueryString: `token=${token}`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Gmail/1.0',
    },
    requestContext: { http: { method: 'POST', sourceIp: '127.0.0.1', path: '/unsubscribe' } },
    body: 'List-Unsubscribe=One-Click',
    isBase64Encoded: false,
  };
}
