/**
 * deliver: the SQS consumer. Each record is a RecipientBatch; every recipient gets their own
 * message through deliverBatch (claim in the ledger, fill the prepared issue, SES SendRawEmail,
 * mark sent). Records with recipients left pending (throttling, quota, the invocation running
 * out of time) are reported as batch item failures and come back after the visibility timeout;
 * a malformed record is reported too and, after its last receive, lands in the dead-letter queue.
 * Carries no mjml: it renders from the prepared issue compose archived in S3.
 */

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SendQuota } from '../adapters/ses/send-quota';
import { parseRecipientBatch } from '../adapters/sqs/recipient-batch';
import { systemClock } from '../adapters/system-clock';
import type { NewsletterConfig } from '../core/config';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/delivery/backoff';
import { type DeliverDeps, deliverBatch, type RunControl } from '../core/delivery/deliver-batch';
import { addToTally, createDeliveryTally } from '../core/delivery/delivery-tally';
import { createRateLimiter, shareOfRate } from '../core/delivery/rate-limiter';
import { NewsletterError } from '../core/errors';
import { finishIssueIfDelivered } from '../core/issue/finish-issue';
import type {
  Clock,
  DeliveryLedger,
  IssueArchive,
  IssueStore,
  Logger,
  Mailer,
  SubscriberStore,
} from '../core/ports';
import {
  createMessageContext,
  type MessageContext,
  prepareMessage,
} from '../core/render/prepare-message';
import type { TokenSecret } from '../core/tokens';
import { type HandlerMetrics, initialiseOnce, readEnvironment } from './environment';

/** Sending stops this long before the invocation would time out; the rest stay pending. */
export const STOP_BEFORE_TIMEOUT_MS = 15_000;
/** A claim outlives the invocation that took it by this much, so no live sender loses one. */
const LEASE_MARGIN_MS = 60_000;
/** Prepared issues kept per container (a container usually serves one issue at a time). */
const CACHED_ISSUES = 4;

export interface DeliverHandlerDeps {
  readonly subscribers: SubscriberStore;
  readonly ledger: DeliveryLedger;
  readonly issues: IssueStore;
  readonly mailer: Mailer;
  readonly archive: Pick<IssueArchive, 'loadPrepared'>;
  readonly secret: TokenSecret;
  readonly config: NewsletterConfig;
  /** Deliver functions running at once; each sends at its share of the account's rate. */
  readonly concurrency: number;
  /** The SES quota, or undefined when SES does not tell (the configured cap applies). */
  readonly sendQuota: () => Promise<SendQuota | undefined>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: HandlerMetrics;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  /** @default STOP_BEFORE_TIMEOUT_MS */
  readonly stopBeforeTimeoutMs?: number;
}

export type DeliverHandler = (
  event: SQSEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<SQSBatchResponse>;

/**
 * Message contexts by issue id: building one compiles the issue's templates and MIME stencil
 * (tens of milliseconds), so it is done once per issue per container, not per recipient.
 */
function createContextCache(deps: DeliverHandlerDeps) {
  const contexts = new Map<string, Promise<MessageContext>>();
  const build = async (issueId: string) => {
    const prepared = await deps.archive.loadPrepared(issueId);
    if (!prepared) {
      throw new NewsletterError(
        `Issue ${issueId} has no prepared copy (issues/${issueId}/prepared.json); compose it again`,
      );
    }
    return createMessageContext({ prepared, config: deps.config, secret: deps.secret });
  };
  return (issueId: string): Promise<MessageContext> => {
    let context = contexts.get(issueId);
    if (!context) {
      context = build(issueId).catch((error: unknown) => {
        contexts.delete(issueId);
        throw error;
      });
      contexts.set(issueId, context);
      for (const oldest of contexts.keys()) {
        if (contexts.size <= CACHED_ISSUES) break;
        contexts.delete(oldest);
      }
    }
    return context;
  };
}

export function createDeliverHandler(deps: DeliverHandlerDeps): DeliverHandler {
  const { logger, metrics } = deps;
  const contextFor = createContextCache(deps);
  return async (event, context) => {
    const quota = await deps.sendQuota();
    const accountRate = Math.min(
      quota?.maxSendRate ?? Number.POSITIVE_INFINITY,
      deps.config.sendRateCap,
    );
    const rate = shareOfRate(accountRate, deps.concurrency);
    const control: RunControl = {
      stopped: false,
      remainingToday: quota
        ? quota.max24HourSend - quota.sentLast24Hours
        : Number.POSITIVE_INFINITY,
    };
    const remainingMs = context.getRemainingTimeInMillis();
    const deadline = setTimeout(
      () => {
        control.stopped ||= { reason: 'the invocation is about to time out' };
      },
      Math.max(0, remainingMs - (deps.stopBeforeTimeoutMs ?? STOP_BEFORE_TIMEOUT_MS)),
    );
    const tally = createDeliveryTally();
    const batchDeps: DeliverDeps = {
      subscribers: deps.subscribers,
      ledger: deps.ledger,
      issues: deps.issues,
      mailer: deps.mailer,
      clock: deps.clock,
      limiter: createRateLimiter(rate, deps.clock),
      retry: deps.retry ?? DEFAULT_RETRY_POLICY,
      leaseMs: remainingMs + LEASE_MARGIN_MS,
      control,
      prepare: async (issueId, subscriber) => prepareMessage(await contextFor(issueId), subscriber),
      onReport: (report) => {
        addToTally(tally, report);
        if (report.outcome === 'failed') {
          // The reason names the issue and subscriber id; SES's text is redacted of addresses.
          logger.warn('Recipient failed for good', { reason: report.reason });
        }
      },
    };

    const failures: SQSBatchItemFailure[] = [];
    const finished = new Set<string>();
    let malformed = 0;
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
        const { pendingIds } = await deliverBatch(batchDeps, parsed.batch);
        if (pendingIds.length > 0) failures.push({ itemIdentifier: record.messageId });
        else finished.add(parsed.batch.issueId);
      }
      for (const issueId of finished) {
        if (await finishIssueIfDelivered(deps.issues, issueId)) {
          logger.info('Issue sent to every recipient', { issueId });
        }
      }
    } finally {
      clearTimeout(deadline);
      metrics.addMetric('MessagesSent', MetricUnit.Count, tally.sent);
      metrics.addMetric('MessagesFailed', MetricUnit.Count, tally.failed);
      metrics.addMetric('RecipientsSkipped', MetricUnit.Count, tally.skipped);
      metrics.addMetric('RecipientsAlreadyDone', MetricUnit.Count, tally.alreadyDone);
      metrics.addMetric('RecipientsDeferred', MetricUnit.Count, tally.deferred);
      metrics.addMetric('MalformedBatches', MetricUnit.Count, malformed);
      metrics.addMetric('SesThrottles', MetricUnit.Count, tally.throttles);
      metrics.addMetric('SesTransientErrors', MetricUnit.Count, tally.transientErrors);
      metrics.publishStoredMetrics();
    }
    logger.info('Deliveries done', {
      records: event.Records.length,
      ...tally,
      retriedRecords: failures.length,
      ratePerSecond: rate,
      rateSource: quota ? 'SES quota' : 'configured cap',
      stopped: control.stopped ? control.stopped.reason : undefined,
    });
    return { batchItemFailures: failures };
  };
}

const logger = new PowertoolsLogger();
const metrics = new Metrics();
const deliverAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment([
    'tableName',
    'bucketName',
    'secretArn',
    'configurationSetName',
    'deliverConcurrency',
  ]);
  // Loaded here rather than with the module: loading this module and filling a prepared
  // message stays our own code (what bench/ measures as deliver's cold start), and the AWS SDK
  // (reported beside it) loads once, when the first batch arrives.
  const { connectDeliverDeps } = await import('./deliver-aws');
  return createDeliverHandler({
    ...(await connectDeliverDeps(env)),
    config: env.config,
    concurrency: env.deliverConcurrency,
    clock: systemClock,
    logger,
    metrics,
  });
});

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return (await deliverAtColdStart())(event, context);
}
