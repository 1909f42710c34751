import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDynamoClient,
  createS3Client,
  createSesClient,
  createSqsClient,
  DEFAULT_REGION,
} from '../../../lambda/adapters/aws-clients';
import { useDynalite } from '../../support/emulators';

const dynamo = useDynalite();

/** A machine with no AWS configuration at all: no region, no credentials, no profile files. */
function forgetAwsConfiguration() {
  for (const name of [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ENDPOINT_URL_SES',
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
}

describe('the AWS client builders', () => {
  beforeEach(forgetAwsConfiguration);
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('follow the SDK endpoint variable and sign with local credentials when none are configured', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    const client = createDynamoClient();
    try {
      const { TableNames } = await client.send(new ListTablesCommand({}));
      expect(TableNames).toEqual([]);
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'local' });
    } finally {
      client.destroy();
    }
  });

  it('keep configured credentials even when the endpoint is overridden', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    try {
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDEXAMPLE' });
    } finally {
      client.destroy();
    }
  });

  it('never invent credentials for a client that talks to AWS itself', async () => {
    const client = createSesClient();
    try {
      await expect(client.config.credentials()).rejects.toThrow(/credentials/i);
    } finally {
      client.destroy();
    }
  });

  it('default the region to us-east-1 and otherwise keep the configured one', async () => {
    const clients = [createSesClient(), createSqsClient(), createS3Client()];
    try {
      for (const client of clients) expect(await client.config.region()).toBe(DEFAULT_REGION);
      vi.stubEnv('AWS_REGION', 'eu-west-1');
      const configured = createSesClient();
      expect(await configured.config.region()).toBe('eu-west-1');
      configured.destroy();
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it('fail a request that outlives the request timeout instead of waiting for ever', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const client = createDynamoClient({
      endpoint: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 200,
      maxAttempts: 1,
    });
    try {
      // The server never answers: only the client's own timeout can end the request.
      await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      client.destroy();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
