import type { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { createSesMailer, MESSAGE_TAG_NAMES } from '../../../lambda/adapters/ses/ses-mailer';

function fakeClient(answer: () => Promise<unknown>) {
  const sent: SendRawEmailCommand['input'][] = [];
  const client = {
    async send(command: SendRawEmailCommand) {
      sent.push(command.input);
      return answer();
    },
  } as unknown as SESClient;
  return { client, sent };
}

const raw = new TextEncoder().encode('From: a@example.com\r\n\r\nhi');

describe('the SES mailer request', () => {
  it('sends the raw bytes to the one recipient with the configuration set and id tags', async () => {
    const { client, sent } = fakeClient(async () => ({ MessageId: 'm-1' }));
    const mailer = createSesMailer({ client, configurationSetName: 'newsletter-events' });

    const result = await mailer.send({
      raw,
      to: 'reader@example.org',
      subscriberId: 'sub_1',
      issueId: '2026-11-26',
    });

    expect(result).toEqual({ messageId: 'm-1' });
    expect(sent).toEqual([
      {
        Destinations: ['reader@example.org'],
        RawMessage: { Data: raw },
        ConfigurationSetName: 'newsletter-events',
        Tags: [
          { Name: MESSAGE_TAG_NAMES.issueId, Value: '2026-11-26' },
          { Name: MESSAGE_TAG_NAMES.subscriberId, Value: 'sub_1' },
        ],
      },
    ]);
  });

  it('leaves out a tag whose value SES would refuse rather than lose the message', async () => {
    const { client, sent } = fakeClient(async () => ({ MessageId: 'm-1' }));
    await createSesMailer({ client }).send({
      raw,
      to: 'r@example.org',
      subscriberId: 'a+b=',
      issueId: 'i1',
    });
    expect(sent[0]?.Tags).toEqual([{ Name: MESSAGE_TAG_NAMES.issueId, Value: 'i1' }]);
  });

  it('turns an SDK error into a classified SendFailure', async () => {
    const throttle = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    const { client } = fakeClient(async () => {
      throw throttle;
    });
    await expect(
      createSesMailer({ client }).send({
        raw,
        to: 'r@example.org',
        subscriberId: 's',
        issueId: 'i',
      }),
    ).rejects.toMatchObject({ name: 'SendFailure', kind: 'throttled' });
  });

  it('treats an answer without a MessageId as a transient failure', async () => {
    const { client } = fakeClient(async () => ({}));
    await expect(
      createSesMailer({ client }).send({
        raw,
        to: 'r@example.org',
        subscriberId: 's',
        issueId: 'i',
      }),
    ).rejects.toMatchObject({ kind: 'transient' });
  });
});
