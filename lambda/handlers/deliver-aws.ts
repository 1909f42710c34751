/**
 * deliver's connections to AWS: the stores on DynamoDB, the prepared issues in S3, the token
 * secret, and SES. Loaded by deliver.ts at its first invocation.
 */
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSesClient,
} from '../adapters/aws-clients';
import { createDynamoDeliveryLedger } from '../adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createS3IssueArchive } from '../adapters/s3/issue-archive';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { getSendQuota } from '../adapters/ses/send-quota';
import { createSesMailer } from '../adapters/ses/ses-mailer';
import type { DeliverHandlerDeps } from './deliver';
import type { HandlerEnvironment } from './environment';

export type AwsDeliverDeps = Pick<
  DeliverHandlerDeps,
  'subscribers' | 'ledger' | 'issues' | 'mailer' | 'archive' | 'secret' | 'sendQuota'
>;

export async function connectDeliverDeps(
  env: HandlerEnvironment<'tableName' | 'bucketName' | 'secretArn' | 'configurationSetName'>,
): Promise<AwsDeliverDeps> {
  const client = createDocumentClient(createDynamoClient());
  // One HTTP attempt per send: deliverBatch retries itself, each retry waiting for a rate slot.
  const ses = createSesClient({ maxAttempts: 1 });
  return {
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    ledger: createDynamoDeliveryLedger({ client, tableName: env.tableName }),
    issues: createDynamoIssueStore({ client, tableName: env.tableName }),
    mailer: createSesMailer({ client: ses, configurationSetName: env.configurationSetName }),
    archive: createS3IssueArchive({ client: createS3Client(), bucket: env.bucketName }),
    secret: await readTokenSecret(createSecretsManagerClient(), env.secretArn),
    sendQuota: () => getSendQuota(ses),
  };
}
