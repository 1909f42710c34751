import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { readTokenSecret } from '../../../../lambda/adapters/secrets/token-secret';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:newsletter-AbCdEf';

function clientAnswering(secretString: string | undefined) {
  const asked: unknown[] = [];
  return {
    asked,
    client: {
      send: async (command: unknown) => {
        asked.push(command instanceof GetSecretValueCommand ? command.input.SecretId : command);
        return { SecretString: secretString };
      },
    } as never,
  };
}

describe('reading the token secret', () => {
  it('returns the secret string Secrets Manager holds under the ARN', async () => {
    const { client, asked } = clientAnswering('x'.repeat(64));

    expect(await readTokenSecret(client, ARN)).toBe('x'.repeat(64));
    expect(asked).toEqual([ARN]);
  });

  it('refuses a secret too short to be an HMAC key, naming the secret', async () => {
    await expect(readTokenSecret(clientAnswering('short').client, ARN)).rejects.toThrow(
      `Secret ${ARN} must hold a string of at least 32 characters; the stack generates one at deploy time`,
    );
    await expect(readTokenSecret(clientAnswering(undefined).client, ARN)).rejects.toThrow(
      /must hold a string/,
    );
  });
});
