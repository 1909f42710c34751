/** The Mailer on Amazon SES (v1 API): one SendRawEmail call, one recipient, per message. */
import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '../../core/ports';
import { SendFailure } from '../../core/ports';
import { classifySendError } from './classify-send-error';

export interface SesMailerOptions {
  readonly client: SESClient;
  /** Configuration set whose event destination reports bounces and complaints. */
  readonly configurationSetName?: string;
}

/**
 * Message tags SES copies into every bounce, complaint and delivery event, so the events handler
 * finds the subscriber by id without looking an address up.
 */
export const MESSAGE_TAG_NAMES = { issueId: 'issue-id', subscriberId: 'subscriber-id' } as const;

/** SES accepts only these characters in a tag value; ids outside them are simply not tagged. */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

export function createSesMailer({ client, configurationSetName }: SesMailerOptions): Mailer {
  return {
    async send(message) {
      const tags = [
        { Name: MESSAGE_TAG_NAMES.issueId, Value: message.issueId },
        { Name: MESSAGE_TAG_NAMES.subscriberId, Value: message.subscriberId },
      ].filter((tag) => TAG_VALUE.test(tag.Value));
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await client.send(
          new SendRawEmailCommand({
            Destinations: [message.to],
            RawMessage: { Data: message.raw },
            ConfigurationSetName: configurationSetName,
            Tags: tags.length > 0 ? tags : undefined,
          }),
        ));
      } catch (error) {
        throw classifySendError(error, message);
      }
      if (!messageId) {
        throw new SendFailure(
          'transient',
          `Sending issue ${message.issueId} to subscriber ${message.subscriberId}: SES answered without a MessageId`,
        );
      }
      return { messageId };
    },
  };
}
