/**
 * confirmation-sender: the consumer of the sign-up queue. Each record is one sign-up POST
 * /subscribe accepted; processSignUp applies the per-mailbox limit, updates the subscriber and
 * sends the double opt-in email (through the configuration set, so its bounces and complaints
 * suppress the address like a newsletter's). Its template's MJML is compiled when the stack is
 * built (bin/precompile-template.ts), so that no function but compose carries mjml: at cold start
 * it only reads the Handlebars sources shipped next to the bundle.
 * A record that failed (a store or SES error worth retrying) comes back after the visibility
 * timeout; a malformed one lands in the dead-letter queue after its last receive.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient, createDynamoClient, createSesClient } from '../adapters/aws-clients';
import { createDynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { createSesMailer } from '../adapters/ses/ses-mailer';
import { parseSignUp } from '../adapters/sqs/sign-up-queue';
import { readPrecompiledTemplate } from '../adapters/templates/precompiled-template';
import { ConfigError } from '../core/errors';
import type { Logger as LoggerPort } from '../core/ports';
import {
  CONFIRMATION_TEMPLATE,
  createConfirmationComposer,
} from '../core/subscription/confirmation-email';
import { CONFIRMATION_CAP_METRIC } from '../core/subscription/rate-limits';
import { processSignUp, type SignUpDeps } from '../core/subscription/sign-up';
import {
  bundledTemplatesDir,
  type HandlerMetrics,
  initialiseOnce,
  readEnvironment,
} from './environment';
import { expectSqsEvent } from './event-shape';

export interface ConfirmationSenderDeps {
  readonly signUp: SignUpDeps;
  readonly logger: LoggerPort;
  readonly metrics: HandlerMetrics;
}

export function createConfirmationSender(
  deps: ConfirmationSenderDeps,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { logger, metrics } = deps;
  return async (event) => {
    const failures: SQSBatchItemFailure[] = [];
    let sent = 0;
    let capped = 0;
    try {
      for (const record of event.Records) {
        const parsed = parseSignUp(record.body);
        if ('problem' in parsed) {
          logger.error('Malformed sign-up; after its last receive it goes to the DLQ', {
            messageId: record.messageId,
            reason: parsed.problem,
          });
          failures.push({ itemIdentifier: record.messageId });
          continue;
        }
        try {
          const result = await processSignUp(deps.signUp, parsed.signUp);
          if (result.sent) sent++;
          if (result.outcome === 'confirmation-cap-reached') capped++;
        } catch (error) {
          logger.warn('Sign-up not processed; it comes back after the visibility timeout', {
            messageId: record.messageId,
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
    } finally {
      metrics.addMetric('ConfirmationsSent', MetricUnit.Count, sent);
      metrics.addMetric(CONFIRMATION_CAP_METRIC, MetricUnit.Count, capped);
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failures };
  };
}

const logger = new Logger();
const metrics = new Metrics();
const senderAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment([
    'tableName',
    'secretArn',
    'configurationSetName',
    'confirmationsPerHour',
  ]);
  const client = createDocumentClient(createDynamoClient());
  const templatesDir = bundledTemplatesDir();
  if (!templatesDir) {
    throw new ConfigError(
      'LAMBDA_TASK_ROOT',
      'is not set: the confirmation sender runs from its bundle, whose templates/ folder holds the precompiled template',
    );
  }
  const template = await readPrecompiledTemplate(templatesDir, CONFIRMATION_TEMPLATE);
  const compose = createConfirmationComposer(template, env.config);
  return createConfirmationSender({
    signUp: {
      subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
      rateCounter: createDynamoRateCounter({ client, tableName: env.tableName }),
      mailer: createSesMailer({
        client: createSesClient(),
        configurationSetName: env.configurationSetName,
      }),
      composeConfirmation: async () => compose,
      config: env.config,
      secret: await readTokenSecret(createSecretsManagerClient(), env.secretArn),
      clock: Date,
      logger,
      confirmationsPerHour: env.confirmationsPerHour,
    },
    logger,
    metrics,
  });
});

export async function handler(event: unknown): Promise<SQSBatchResponse> {
  const sqsEvent = expectSqsEvent('confirmation-sender', event);
  return (await senderAtColdStart())(sqsEvent);
}
