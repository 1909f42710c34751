/**
 * Whether the SES account may send to anyone. A new SES account is in the sandbox: it sends only
 * to verified addresses, so a newsletter send would fail for nearly every subscriber.
 */
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

export type SesAccountStatus =
  | { readonly state: 'production' }
  | { readonly state: 'sandbox' }
  | { readonly state: 'sending-paused'; readonly enforcement: string }
  /** SES did not say (no answer in time, an emulator that does not know, or no permission). */
  | { readonly state: 'unknown'; readonly why: string };

/** SESv2 GetAccount, with a timeout: an endpoint that does not answer means `unknown`. */
export async function readSesAccountStatus(
  client: Pick<SESv2Client, 'send'>,
  timeoutMs = 3_000,
): Promise<SesAccountStatus> {
  try {
    const account = await client.send(new GetAccountCommand({}), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    if (account.SendingEnabled === false) {
      return { state: 'sending-paused', enforcement: account.EnforcementStatus ?? 'unknown' };
    }
    if (account.ProductionAccessEnabled === true) return { state: 'production' };
    if (account.ProductionAccessEnabled === false) return { state: 'sandbox' };
    return { state: 'unknown', why: 'GetAccount did not say whether production access is on' };
  } catch (error) {
    return { state: 'unknown', why: error instanceof Error ? error.message : String(error) };
  }
}
