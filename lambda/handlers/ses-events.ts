/**
 * SES bounce, complaint and delivery events from the configuration set's SNS topic (or, where a
 * configuration set publishes to EventBridge, from there). Each notification updates the
 * subscriber it names (found by the `subscriber-id` message tag, or by the address); one that
 * cannot be read is logged and skipped. A store failure throws, so Lambda retries the event
 * (every change is idempotent; a transient bounce is counted once by its feedback id).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient, createDynamoClient } from '../adapters/aws-clients';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { MESSAGE_TAG_NAMES } from '../adapters/ses/ses-mailer';
import {
  handleSesNotifications,
  type SesEventDeps,
  type SesEventSummary,
  type SnsNotification,
} from '../core/subscription/ses-notifications';
import { type HandlerMetrics, initialiseOnce, readEnvironment } from './environment';
import { expectSesEvents } from './event-shape';

/**
 * The notifications an event carries: each SNS record's message, or an EventBridge event's
 * detail (SES's same record), checked before anything is read or written.
 */
export function sesNotificationsOf(event: unknown): SnsNotification[] {
  const checked = expectSesEvents('ses-events', event);
  if (!('Records' in checked)) {
    return [{ id: checked.id, message: JSON.stringify(checked.detail) }];
  }
  return checked.Records.map((record) => ({
    id: record.Sns.MessageId,
    message: record.Sns.Message,
  }));
}

/**
 * What an operator graphs of SES's feedback, beside SES's account-wide reputation rates: the
 * subscribers suppressed, and the messages refused for themselves (their content, size or a virus)
 * rather than their address. Nothing for an invocation that changed neither: every delivered
 * message makes one.
 */
export function addSesEventMetrics(metrics: HandlerMetrics, summary: SesEventSummary): void {
  const suppressed = summary.outcomes.suppressed ?? 0;
  const refused = summary.outcomes['message-refused'] ?? 0;
  if (suppressed === 0 && refused === 0) return;
  metrics.addMetric('SubscribersSuppressed', MetricUnit.Count, suppressed);
  metrics.addMetric('MessagesRefused', MetricUnit.Count, refused);
  metrics.publishStoredMetrics();
}

const logger = new Logger();
const metrics = new Metrics();

const depsAtColdStart = initialiseOnce(async (): Promise<SesEventDeps> => {
  const env = readEnvironment(['tableName', 'secretArn']);
  const client = createDocumentClient(createDynamoClient());
  return {
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    secret: await readTokenSecret(createSecretsManagerClient(), env.secretArn),
    subscriberIdTag: MESSAGE_TAG_NAMES.subscriberId,
    issueIdTag: MESSAGE_TAG_NAMES.issueId,
    clock: Date,
    logger,
  };
});

export async function handler(event: unknown): Promise<void> {
  const notifications = sesNotificationsOf(event);
  const summary = await handleSesNotifications(await depsAtColdStart(), notifications);
  logger.info('SES events handled', { records: notifications.length, ...summary });
  addSesEventMetrics(metrics, summary);
}
