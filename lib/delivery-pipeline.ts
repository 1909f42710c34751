import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ARTICLES_PREFIX } from '../lambda/adapters/s3/article-source';
import { ISSUES_PREFIX } from '../lambda/adapters/s3/issue-archive';
import { ENVIRONMENT_VARIABLES } from '../lambda/handlers/environment';
import { copyTemplatesCommands, HANDLER_ENTRIES } from './bundling';
import type { CronFields } from './config';
import type { EmailSending } from './email-sending';
import { acknowledge, arnInFinding } from './nag';
import { NewsletterFunction } from './newsletter-function';
import type { PublicArchive } from './public-archive';
import { encryptedQueue, failureQueue, grantSendMessage } from './queues';
import type { Storage } from './storage';

/** Deliver's timeout; the recipients queue's visibility timeout is six times as long. */
export const DELIVER_TIMEOUT = Duration.minutes(2);
/** Recipient batches (SQS messages) per deliver invocation. */
const DELIVER_BATCH_SIZE = 5;
/**
 * Receives of a recipient batch before SQS moves it to the dead-letter queue. Deferred recipients
 * go back as new messages, so only records that fail (malformed, or erroring every time) use
 * receives up.
 */
export const MAX_RECEIVE_COUNT = 5;

export interface DeliveryPipelineProps {
  readonly storage: Storage;
  readonly email: EmailSending;
  /** The schedule: EventBridge cron fields and the IANA time zone they are read in. */
  readonly schedule: CronFields;
  readonly timeZone: string;
  /** Deliver functions running at once (the event source's MaximumConcurrency). */
  readonly deliverConcurrency: number;
  /** Feeds each scheduled run makes a digest of. @default none: the oldest unsent article */
  readonly feeds?: readonly string[];
  /** Articles in one digest at most. */
  readonly maxArticles: number;
  /** Where compose publishes each issue's web copy, the index and the feed. */
  readonly archive: PublicArchive;
  /** Environment both functions share: the list's configuration and the table. */
  readonly environment: Readonly<Record<string, string>>;
  readonly metricsNamespace: string;
}

/**
 * The path of one issue: EventBridge Scheduler invokes compose, compose enqueues recipient
 * batches on SQS, deliver consumes them (MaximumConcurrency, partial batch failures) and sends
 * through SES. Failed schedule deliveries and failed compose runs land in one dead-letter queue,
 * recipient batches that keep failing in another.
 */
export class DeliveryPipeline extends Construct {
  readonly compose: NewsletterFunction;
  readonly deliver: NewsletterFunction;
  readonly recipients: sqs.Queue;
  readonly recipientsDlq: sqs.Queue;
  /** Schedule deliveries that failed and compose invocations that failed. */
  readonly composeDlq: sqs.Queue;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const { storage, email } = props;

    this.recipientsDlq = encryptedQueue(this, 'RecipientsDlq', {
      retentionPeriod: Duration.days(14),
    });
    this.recipients = encryptedQueue(this, 'Recipients', {
      visibilityTimeout: Duration.seconds(DELIVER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.recipientsDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.composeDlq = encryptedQueue(this, 'ComposeDlq', { retentionPeriod: Duration.days(14) });
    acknowledge(
      this.composeDlq,
      'SQS3',
      'This is a dead-letter queue: of the schedule target and of compose invocations.',
    );

    this.compose = new NewsletterFunction(this, 'Compose', {
      entry: HANDLER_ENTRIES.compose,
      description: 'Newsletter compose: article to issue, recipients to the queue',
      serviceName: 'compose',
      metricsNamespace: props.metricsNamespace,
      // Planning a million recipients is minutes of paging and enqueueing.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: {
        ...props.environment,
        [ENVIRONMENT_VARIABLES.bucketName]: storage.bucket.bucketName,
        [ENVIRONMENT_VARIABLES.queueUrl]: this.recipients.queueUrl,
        [ENVIRONMENT_VARIABLES.archiveBucketName]: props.archive.bucket.bucketName,
      },
      afterBundling: copyTemplatesCommands,
    });
    props.archive.grantWrite(this.compose);
    // BatchGetItem: the article records and the ledger of a stalled issue, a hundred at a time.
    storage.grantTable(
      this.compose,
      ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'],
      { index: true },
    );
    storage.grantObjects(this.compose, [ARTICLES_PREFIX]);
    storage.grantObjects(this.compose, [ISSUES_PREFIX], { write: true });
    grantSendMessage(this.recipients, this.compose);
    // Composing is idempotent (an issue resumes), so one retry of a failed run is safe.
    this.compose.function.configureAsyncInvoke({
      retryAttempts: 1,
      onFailure: failureQueue(this.composeDlq),
    });

    this.deliver = new NewsletterFunction(this, 'Deliver', {
      entry: HANDLER_ENTRIES.deliver,
      description: 'Newsletter deliver: one SES message per recipient of a batch',
      serviceName: 'deliver',
      metricsNamespace: props.metricsNamespace,
      timeout: DELIVER_TIMEOUT,
      memorySize: 512,
      environment: {
        ...props.environment,
        [ENVIRONMENT_VARIABLES.bucketName]: storage.bucket.bucketName,
        // Deferred recipients (rate, daily quota, deadline) go back on the queue with a delay.
        [ENVIRONMENT_VARIABLES.queueUrl]: this.recipients.queueUrl,
        [ENVIRONMENT_VARIABLES.secretArn]: storage.secret.secretArn,
        [ENVIRONMENT_VARIABLES.configurationSetName]: email.configurationSet.configurationSetName,
        [ENVIRONMENT_VARIABLES.deliverConcurrency]: String(props.deliverConcurrency),
      },
    });
    // Claims and marks are conditional updates (deliver never puts a whole item); Query: the
    // ledger is counted before an issue is marked sent.
    storage.grantTable(this.deliver, ['GetItem', 'BatchGetItem', 'UpdateItem', 'Query']);
    storage.grantObjects(this.deliver, [ISSUES_PREFIX]);
    grantSendMessage(this.recipients, this.deliver);
    storage.grantSecretValue(this.deliver);
    email.grantSendRawEmail(this.deliver);
    // GetSendQuota has no resource-level permissions: its resource can only be "*".
    this.deliver.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }),
    );
    acknowledge(
      this.deliver,
      'IAM5[Resource::*]',
      'Only ses:GetSendQuota has Resource "*": the action supports no resource-level permissions.',
    );
    this.deliver.function.addEventSource(
      new SqsEventSource(this.recipients, {
        batchSize: DELIVER_BATCH_SIZE,
        maxConcurrency: props.deliverConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the compose function',
    });
    acknowledge(
      scheduleRole,
      `IAM5[Resource::${arnInFinding(this.compose.function)}:*]`,
      "Invoking the compose function's versions (grantInvoke); no other function.",
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Sends the next newsletter issue',
      schedule: scheduler.ScheduleExpression.cron({
        ...props.schedule,
        timeZone: TimeZone.of(props.timeZone),
      }),
      target: new LambdaInvoke(this.compose.function, {
        // The oldest article not sent yet; with feeds, then a digest of their new items too. The
        // execution id and scheduled time are the same for every retry of one scheduled run: no
        // second issue, and the same digest (items dated after the scheduled time wait).
        input: scheduler.ScheduleTargetInput.fromObject({
          ...(props.feeds
            ? {
                feeds: props.feeds,
                maxArticles: props.maxArticles,
                scheduledTime: scheduler.ContextAttribute.scheduledTime,
              }
            : {}),
          idempotencyKey: scheduler.ContextAttribute.executionId,
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.composeDlq,
        role: scheduleRole,
      }),
    });
  }
}
