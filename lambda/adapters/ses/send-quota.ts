/** The account's SES sending limits, when SES tells us in time. */
import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';
import type { SendQuota } from '../../core/ports';

/**
 * Undefined when SES refuses or does not answer within `timeoutMs` (the local SES emulator never
 * answers GetSendQuota), so the caller falls back to its configured rate instead of hanging.
 */
export async function getSendQuota(
  client: SESClient,
  timeoutMs = 1_500,
): Promise<SendQuota | undefined> {
  try {
    const quota = await client.send(new GetSendQuotaCommand({}), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    if (
      quota.MaxSendRate === undefined ||
      quota.Max24HourSend === undefined ||
      quota.SentLast24Hours === undefined
    ) {
      return undefined;
    }
    return {
      maxSendRate: quota.MaxSendRate,
      // SES says -1 when the account has no daily limit.
      max24HourSend: quota.Max24HourSend < 0 ? Number.POSITIVE_INFINITY : quota.Max24HourSend,
      sentLast24Hours: quota.SentLast24Hours,
    };
  } catch {
    return undefined;
  }
}
