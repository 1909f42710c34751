/**
 * deliver: the SQS consumer, a thin adapter over the delivery run (lambda/core/delivery/
 * delivery-run.ts). One run per invocation, paced at its share of the account's rate; each
 * record is a RecipientBatch delivered on its own, so one bad record fails only itself. Recipients
 * deferred by the rate, the daily quota or the deadline go back on the queue as a new message with
 * a delay and the record succeeds: receives are spent only by records that fail, and the
 * dead-letter queue holds only malformed or poison messages.
 * Carries no mjml: it renders from the prepared issue compose archived in S3.
 */

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSesClient,
  createSqsClient,
} from '../adapters/aws-clients';
import { createDynamoDeliveryLedger } from '../adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createS3IssueArchive } from '../adapters/s3/issue-archive';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { isDailyQuotaPause } from '../adapters/ses/classify-send-error';
import { getSendQuota } from '../adapters/ses/send-quota';
import { createSesMailer } from '../adapters/ses/ses-mailer';
import { parseRecipientBatch } from '../adapters/sqs/recipient-batch';
import { createSqsRecipientQueue } from '../adapters/sqs/recipient-queue';
import { systemClock } from '../adapters/system-clock';
import type { DeferralDelays, RunStop } from '../core/delivery/deliver-batch';
import { createDeliveryService, type DeliveryServiceDeps } from '../core/delivery/delivery-run';
import type { Logger, RecipientQueue, SendQuota } from '../core/ports';
import { type HandlerMetrics, initialiseOnce, readEnvironment } from './environment';
import { expectSqsEventWithReceives } from './event-shape';

/** Sending stops this long before the invocation would time out; the rest are deferred. */
const STOP_BEFORE_TIMEOUT_MS = 15_000;
/** A claim outlives the invocation that took it by this much, so no live sender loses one. */
const LEASE_MARGIN_MS = 60_000;

const REFUSED_UNTIL_FIXED =
  'SES refuses to send for the account: the issue stays paused, its recipients re-checked every 15 minutes, until the cause in reason is fixed';
const DAILY_QUOTA_PAUSE =
  "SES's daily quota is spent: the issue is paused and resumes by itself once SES sends again";

/**
 * Why SES refused to send, when it did: the daily quota comes back by itself, while a paused
 * account or configuration set, a deleted configuration set, an unverified identity or refused
 * credentials wait for someone, so they are logged as errors and counted for the alarm.
 */
function refusalOf(stop: RunStop | false) {
  if (stop === false || stop.kind !== 'refused') return undefined;
  return { reason: stop.reason, needsSomeone: !isDailyQuotaPause(stop.reason) };
}

export interface DeliverHandlerDeps extends DeliveryServiceDeps {
  /** Deliver functions running at once; each sends at its share of the account's rate. */
  readonly concurrency: number;
  /** The SES quota, or undefined when SES does not tell (the configured cap applies). */
  readonly sendQuota: () => Promise<SendQuota | undefined>;
  /** Where deferred recipients go back; a batch is on the queue once `enqueue` resolves. */
  readonly queue: RecipientQueue;
  readonly logger: Logger;
  readonly metrics: HandlerMetrics;
  /** @default STOP_BEFORE_TIMEOUT_MS */
  readonly stopBeforeTimeoutMs?: number;
  /** @default DEFAULT_DEFERRAL_DELAYS */
  readonly delays?: DeferralDelays;
}

export type DeliverHandler = (
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<SQSBatchResponse>;

export function createDeliverHandler(deps: DeliverHandlerDeps): DeliverHandler {
  const { logger, metrics } = deps;
  const service = createDeliveryService(deps);
  return async (event, context) => {
    // Read together, before the quota call: its wait comes out of the invocation's time too.
    const remainingMs = context.getRemainingTimeInMillis();
    const timeoutAt = deps.clock.now() + remainingMs;
    const run = service.startRun({
      quota: await deps.sendQuota(),
      sharedBy: deps.concurrency,
      queue: deps.queue,
      stopAt: timeoutAt - (deps.stopBeforeTimeoutMs ?? STOP_BEFORE_TIMEOUT_MS),
      leaseMs: remainingMs + LEASE_MARGIN_MS,
      delays: deps.delays,
      onReport: (report, issueId) => {
        if (report.outcome === 'failed') {
          // The reason names the issue and subscriber id; SES's text is redacted of addresses.
          logger.warn('Recipient failed for good', { reason: report.reason });
        }
        if (report.tookOver) {
          logger.warn(
            'Took over the claim of a sender that stopped mid-send (or that SES did not answer in time): SES may have had its message, so this recipient may get this issue twice',
            { issueId, subscriberId: report.subscriberId },
          );
        }
      },
    });

    const failures: SQSBatchItemFailure[] = [];
    let malformed = 0;
    let failed = 0;
    let issuesSent = 0;
    let oldestUnfinished = Number.POSITIVE_INFINITY;
    try {
      for (const record of event.Records) {
        const parsed = parseRecipientBatch(record.body);
        if ('problem' in parsed) {
          malformed++;
          logger.error('Malformed recipient batch; after its last receive it goes to the DLQ', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            reason: parsed.problem,
          });
          failures.push({ itemIdentifier: record.messageId });
          continue;
        }
        try {
          const receives = Number(record.attributes.ApproximateReceiveCount);
          const { finishedIssue, unfinishedSince } = await run.deliver(parsed.batch, {
            redelivered: receives > 1 || parsed.batch.redriven === true,
          });
          if (finishedIssue) {
            issuesSent++;
            logger.info('Issue sent to every recipient', { issueId: parsed.batch.issueId });
          }
          if (unfinishedSince) {
            oldestUnfinished = Math.min(oldestUnfinished, Date.parse(unfinishedSince));
          }
        } catch (error) {
          // This record alone comes back after the visibility timeout; the others go on.
          failed++;
          failures.push({ itemIdentifier: record.messageId });
          logger.error('Recipient batch failed; SQS delivers it again', {
            messageId: record.messageId,
            issueId: parsed.batch.issueId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    } finally {
      const { tally } = run;
      const refusal = run.paused.size > 0 ? refusalOf(run.control.stopped) : undefined;
      if (refusal) {
        const fields = { issueIds: [...run.paused], reason: refusal.reason };
        if (refusal.needsSomeone) logger.error(REFUSED_UNTIL_FIXED, fields);
        else logger.warn(DAILY_QUOTA_PAUSE, fields);
      }
      // Alarmed on (lib/alarms.ts): only a refusal that waits for someone to act.
      metrics.addMetric('SendingRefused', MetricUnit.Count, refusal?.needsSomeone ? 1 : 0);
      metrics.addMetric('MessagesSent', MetricUnit.Count, tally.sent);
      metrics.addMetric('MessagesFailed', MetricUnit.Count, tally.failed);
      metrics.addMetric('RecipientsSkipped', MetricUnit.Count, tally.skipped);
      metrics.addMetric('RecipientsAlreadyDone', MetricUnit.Count, tally.alreadyDone);
      metrics.addMetric('RecipientsDeferred', MetricUnit.Count, tally.deferred);
      metrics.addMetric('MalformedBatches', MetricUnit.Count, malformed);
      metrics.addMetric('FailedBatches', MetricUnit.Count, failed);
      metrics.addMetric('SesThrottles', MetricUnit.Count, tally.throttles);
      metrics.addMetric('SesTransientErrors', MetricUnit.Count, tally.transientErrors);
      metrics.addMetric('ClaimsTakenOver', MetricUnit.Count, tally.takenOver);
      // Liveness (lib/alarms.ts): issues finished, and how long the oldest unfinished one has run.
      metrics.addMetric('IssuesSent', MetricUnit.Count, issuesSent);
      if (Number.isFinite(oldestUnfinished)) {
        metrics.addMetric(
          'OldestUnfinishedIssueAgeSeconds',
          MetricUnit.Seconds,
          Math.max(0, Math.round((deps.clock.now() - oldestUnfinished) / 1000)),
        );
      }
      metrics.publishStoredMetrics();
    }
    logger.info('Deliveries done', {
      records: event.Records.length,
      ...run.tally,
      retriedRecords: failures.length,
      ratePerSecond: run.ratePerSecond,
      rateSource: run.rateSource,
      stopped: run.control.stopped ? run.control.stopped.reason : undefined,
    });
    return { batchItemFailures: failures };
  };
}

// Built in the init phase, once per container: the SDK clients and the stores over them. The
// environment (and the token secret) is read at the first invocation, so a misconfigured
// function fails that invocation with a one-line reason.
const logger = new PowertoolsLogger();
const metrics = new Metrics();
const documentClient = createDocumentClient(createDynamoClient());
// One HTTP attempt per send: the delivery run retries itself, each retry waiting for a rate slot.
const ses = createSesClient({ maxAttempts: 1 });
const s3 = createS3Client();
const sqs = createSqsClient();
const secrets = createSecretsManagerClient();

const deliverAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment([
    'tableName',
    'bucketName',
    'queueUrl',
    'secretArn',
    'configurationSetName',
    'deliverConcurrency',
  ]);
  const stores = { client: documentClient, tableName: env.tableName };
  return createDeliverHandler({
    subscribers: createDynamoSubscriberStore(stores),
    ledger: createDynamoDeliveryLedger(stores),
    issues: createDynamoIssueStore(stores),
    mailer: createSesMailer({ client: ses, configurationSetName: env.configurationSetName }),
    archive: createS3IssueArchive({ client: s3, bucket: env.bucketName }),
    secret: await readTokenSecret(secrets, env.secretArn),
    sendQuota: () => getSendQuota(ses),
    queue: createSqsRecipientQueue({ client: sqs, queueUrl: env.queueUrl, sendAtOnce: true }),
    config: env.config,
    concurrency: env.deliverConcurrency,
    clock: systemClock,
    logger,
    metrics,
  });
});

export async function handler(event: unknown, context: Context): Promise<SQSBatchResponse> {
  const sqsEvent = expectSqsEventWithReceives('deliver', event);
  return (await deliverAtColdStart())(sqsEvent, context);
}
