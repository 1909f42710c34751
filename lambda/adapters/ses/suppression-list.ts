/**
 * SES's account-level suppression list keeps every address that bounced or complained, across all
 * of the account's mail. An erasure (GDPR Art. 17) must take the address off it as well, or a copy
 * of it stays in the account. No local SES emulator implements this API; the tests answer it with a
 * small HTTP server that checks the request (test/integration/cli/suppression-list.test.ts).
 */
import { DeleteSuppressedDestinationCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * `removed` when SES held the address, `not-listed` when it did not (SES answers
 * NotFoundException), `unsupported` when the endpoint answers 404 without being SES (the local
 * SES emulator the rehearsal runs does not know the operation).
 */
export async function removeFromSuppressionList(
  client: Pick<SESv2Client, 'send'>,
  email: string,
): Promise<'removed' | 'not-listed' | 'unsupported'> {
  try {
    await client.send(new DeleteSuppressedDestinationCommand({ EmailAddress: email }));
    return 'removed';
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFoundException') return 'not-listed';
    const answer = error as {
      $metadata?: { httpStatusCode?: number };
      $response?: { statusCode?: number };
    };
    if ((answer.$metadata?.httpStatusCode ?? answer.$response?.statusCode) === 404) {
      return 'unsupported';
    }
    throw error;
  }
}
