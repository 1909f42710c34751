/**
 * The floor under the subscription API's cold start (`npm run bench`): the AWS SDK clients
 * lambda/handlers/subscription-api.ts builds at its first invocation, loaded and built through the
 * same factories, and a handler that answers at once without a request. Bundled with the stack's
 * settings and started as the API is, in the same rounds.
 */
import {
  createDocumentClient,
  createDynamoClient,
  createSqsClient,
} from '../../../lambda/adapters/aws-clients';
import { createSecretsManagerClient } from '../../../lambda/adapters/secrets/token-secret';

export const clients = [
  createDocumentClient(createDynamoClient()),
  createSqsClient(),
  createSecretsManagerClient(),
];

export async function handler() {
  return { statusCode: 200 };
}
