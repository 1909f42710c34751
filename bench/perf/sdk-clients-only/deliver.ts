/**
 * The floor under deliver's cold start (`npm run bench`): the AWS SDK clients
 * lambda/handlers/deliver.ts builds in its init phase, loaded and built through the same
 * factories, and a handler that answers at once without a request. Bundled with the stack's
 * settings and started as deliver is, in the same rounds.
 */
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSesClient,
  createSqsClient,
} from '../../../lambda/adapters/aws-clients';
import { createSecretsManagerClient } from '../../../lambda/adapters/secrets/token-secret';

export const clients = [
  createDocumentClient(createDynamoClient()),
  createSesClient({ maxAttempts: 1 }),
  createS3Client(),
  createSqsClient(),
  createSecretsManagerClient(),
];

export async function handler() {
  return { batchItemFailures: [] };
}
