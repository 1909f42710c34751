import type { SNSEvent } from 'aws-lambda';

/**
 * SES bounce/complaint notifications from the configuration set's SNS destination.
 * Placeholder wiring: parses and logs each notification (by message id, never the address).
 * The subscriber-lifecycle work (issue #4) replaces the body with the suppression logic.
 */
export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    try {
      const notification = JSON.parse(record.Sns.Message) as {
        eventType?: string;
        notificationType?: string;
        mail?: { messageId?: string };
      };
      console.log(
        JSON.stringify({
          type: notification.eventType ?? notification.notificationType,
          messageId: notification.mail?.messageId,
        }),
      );
    } catch {
      console.log(
        JSON.stringify({ skipped: 'malformed notification', snsMessageId: record.Sns.MessageId }),
      );
    }
  }
}
