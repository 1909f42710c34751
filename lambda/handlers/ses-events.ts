/**
 * SES bounce, complaint and delivery events from the configuration set's SNS topic. Each
 * notification updates the subscriber it names (found by the `subscriber-id` message tag, or by
 * the address); one that cannot be read is logged and skipped. A store failure throws, so Lambda
 * retries the event (every change is idempotent except a transient bounce's count).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { createDocumentClient, createDynamoClient } from '../adapters/aws-clients';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { MESSAGE_TAG_NAMES } from '../adapters/ses/ses-mailer';
import {
  handleSesNotifications,
  type SesEventDeps,
  type SesEventSummary,
} from '../core/subscription/ses-notifications';
import { initialiseOnce, readEnvironment } from './environment';
import { expectSnsEvent } from './event-shape';

/** Handles one SNS event with the given dependencies (the exported handler builds them once). */
export async function handleSnsEvent(
  deps: SesEventDeps,
  event: SNSEvent,
): Promise<SesEventSummary> {
  return handleSesNotifications(
    deps,
    event.Records.map((record) => ({ id: record.Sns.MessageId, message: record.Sns.Message })),
  );
}

const logger = new Logger();

const depsAtColdStart = initialiseOnce(async (): Promise<SesEventDeps> => {
  const env = readEnvironment(['tableName', 'secretArn']);
  const client = createDocumentClient(createDynamoClient());
  return {
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    secret: await readTokenSecret(createSecretsManagerClient(), env.secretArn),
    subscriberIdTag: MESSAGE_TAG_NAMES.subscriberId,
    clock: Date,
    logger,
  };
});

export async function handler(event: unknown): Promise<void> {
  const notifications = expectSnsEvent('ses-events', event);
  const summary = await handleSnsEvent(await depsAtColdStart(), notifications);
  logger.info('SES events handled', { records: notifications.Records.length, ...summary });
}
