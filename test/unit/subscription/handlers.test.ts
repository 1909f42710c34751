import type { APIGatewayProxyEventV2, SNSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { serializeSignUp } from '../../../lambda/adapters/sqs/sign-up-queue';
import { SendFailure } from '../../../lambda/core/ports';
import { createConfirmationComposer } from '../../../lambda/core/subscription/confirmation-email';
import { handleSesNotifications } from '../../../lambda/core/subscription/ses-notifications';
import { createConfirmationSender } from '../../../lambda/handlers/confirmation-sender';
import { addSesEventMetrics, sesNotificationsOf } from '../../../lambda/handlers/ses-events';
import { toHttpApiResult, toHttpRequest } from '../../../lambda/handlers/subscription-api';
import {
  createFakeClock,
  createMemoryRateCounter,
  createMemorySubscriberStore,
  createRecordingLogger,
  createRecordingMailer,
  subscriber,
} from '../../support/fakes';
import { config, createApiHarness, idOf, multipartBody, secret, unsubscribeToken } from './harness';

function httpApiEvent(
  method: string,
  rawPath: string,
  rawQueryString: string,
  body?: { data: Uint8Array; contentType: string },
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      'content-type': body?.contentType ?? '',
      'user-agent': 'Gmail/1.0',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
    },
    requestContext: {
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.4',
        userAgent: 'x',
      },
    } as APIGatewayProxyEventV2['requestContext'],
    ...(body ? { body: Buffer.from(body.data).toString('base64'), isBase64Encoded: true } : {}),
  } as APIGatewayProxyEventV2;
}

describe('the subscription-api handler', () => {
  it('turns an HTTP API event into the request the core answers, base64 body decoded', async () => {
    const multipart = await multipartBody({ 'List-Unsubscribe': 'One-Click' });
    const token = unsubscribeToken(idOf('ada@example.com'));
    const event = httpApiEvent('POST', '/unsubscribe', `token=${token}`, {
      data: multipart.body,
      contentType: multipart.contentType,
    });
    const request = toHttpRequest(event);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/unsubscribe',
      sourceIp: '198.51.100.4',
    });
    expect(request.query.get('token')).toBe(token);
    expect(Buffer.from(request.body)).toEqual(Buffer.from(multipart.body));

    const h = createApiHarness({
      subscribers: [subscriber(idOf('ada@example.com'), 'active', 'ada@example.com')],
    });
    const result = toHttpApiResult(await h.api(request));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['referrer-policy']).toBe('no-referrer');
    expect((await h.subscribers.get(idOf('ada@example.com')))?.status).toBe('unsubscribed');
  });

  it('reads a body that is not base64-encoded, and no body at all', () => {
    const plain = {
      ...httpApiEvent('POST', '/subscribe', ''),
      body: '{"email":"a@example.com"}',
    };
    expect(Buffer.from(toHttpRequest(plain).body).toString()).toBe('{"email":"a@example.com"}');
    expect(toHttpRequest(httpApiEvent('GET', '/confirm', '')).body.byteLength).toBe(0);
  });

  it('reads a body, headers and query string given as null (sam local, hand-made test events) as none', () => {
    const nulls = {
      ...httpApiEvent('GET', '/confirm', ''),
      body: null,
      headers: null,
      rawQueryString: null,
      isBase64Encoded: true,
    } as unknown as APIGatewayProxyEventV2;
    const request = toHttpRequest(nulls);
    expect(request.body.byteLength).toBe(0);
    expect(request.headers).toEqual({});
    expect([...request.query.keys()]).toEqual([]);
    expect(request).toMatchObject({ method: 'GET', path: '/confirm' });
  });

  it('answers 503 with the security headers when the function is misconfigured', async () => {
    vi.stubEnv('NEWSLETTER_TABLE', '');
    // The handler keeps its cold-start state in its module, which test files in one worker
    // share: take a fresh copy, as a new Lambda container would.
    vi.resetModules();
    const { handler } = await import('../../../lambda/handlers/subscription-api');
    const logged: string[] = [];
    const capture = (chunk: unknown) => logged.push(String(chunk)) > 0;
    const streams = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation(capture),
    );
    try {
      const result = await handler(httpApiEvent('GET', '/confirm', 'token=x'));
      expect(result.statusCode).toBe(503);
      expect(result.headers?.['x-content-type-options']).toBe('nosniff');
      expect(result.body).not.toContain('NEWSLETTER_TABLE');
      expect(logged.join('')).toContain('NEWSLETTER_TABLE is not set');
    } finally {
      for (const stream of streams) stream.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

describe('the ses-events handler', () => {
  it('applies every SNS record and skips the malformed one', async () => {
    const store = createMemorySubscriberStore([subscriber('tagged', 'active', 'ada@example.com')]);
    const record = (id: string, message: string) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn',
      Sns: { MessageId: id, Message: message } as SNSEvent['Records'][number]['Sns'],
    });
    const complaint = {
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'ada@example.com' }] },
      mail: { messageId: 'm', tags: { 'subscriber-id': ['tagged'] } },
    };
    const summary = await handleSesNotifications(
      sesDeps(store),
      sesNotificationsOf({
        Records: [record('1', '{oops'), record('2', JSON.stringify(complaint))],
      }),
    );
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 1 });
    expect((await store.get('tagged'))?.status).toBe('suppressed');
  });

  it("reads SES's events from EventBridge too (a configuration set's EventBridge destination)", async () => {
    const store = createMemorySubscriberStore([subscriber('tagged', 'active', 'ada@example.com')]);
    // The shape EventBridge delivers: SES's event record is the detail.
    const event = {
      version: '0',
      id: 'a2b8f3e1-5c7d-4e2a-9f10-1b2c3d4e5f60',
      'detail-type': 'Email Bounced',
      source: 'aws.ses',
      account: '123456789012',
      time: '2026-11-26T10:00:02Z',
      region: 'eu-west-1',
      resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/newsletter'],
      detail: {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'NoEmail',
          bouncedRecipients: [{ emailAddress: 'ada@example.com', status: '5.1.1' }],
          timestamp: '2026-11-26T10:00:01.000Z',
          feedbackId: '0100019a-eb-000000',
        },
        mail: { messageId: 'm', tags: { 'subscriber-id': ['tagged'] } },
      },
    };

    const notifications = sesNotificationsOf(event);
    const summary = await handleSesNotifications(sesDeps(store), notifications);

    expect(notifications).toEqual([{ id: event.id, message: expect.any(String) }]);
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 0 });
    expect((await store.get('tagged'))?.reason).toBe('bounce:Permanent:NoEmail');
    // Another service's EventBridge event is still refused, naming what ses-events expects.
    expect(() => sesNotificationsOf({ ...event, source: 'aws.s3' })).toThrow(
      /ses-events: expected an SNS event: .* or an EventBridge event from aws\.ses/,
    );
  });
});

describe("the ses-events handler's metrics", () => {
  function recording() {
    const published: Record<string, number>[] = [];
    let stored: Record<string, number> = {};
    const metrics = {
      addMetric: (name: string, _unit: unknown, value: number) => {
        stored[name] = (stored[name] ?? 0) + value;
      },
      publishStoredMetrics: () => {
        published.push(stored);
        stored = {};
      },
    } as never;
    return { metrics, published };
  }

  it('counts the subscribers suppressed and the messages refused for themselves', () => {
    const { metrics, published } = recording();
    addSesEventMetrics(metrics, {
      outcomes: { suppressed: 3, 'message-refused': 2, counted: 1, unchanged: 4 },
      malformed: 0,
    });
    expect(published).toEqual([{ SubscribersSuppressed: 3, MessagesRefused: 2 }]);
  });

  it('publishes nothing for an invocation that changed nothing, as each delivered message makes one', () => {
    const { metrics, published } = recording();
    addSesEventMetrics(metrics, { outcomes: { unchanged: 1 }, malformed: 0 });
    expect(published).toEqual([]);
  });
});

function sesDeps(subscribers: ReturnType<typeof createMemorySubscriberStore>) {
  return {
    subscribers,
    secret,
    subscriberIdTag: 'subscriber-id',
    issueIdTag: 'issue-id',
    clock: createFakeClock(),
    logger: createRecordingLogger(),
  };
}

describe('the confirmation-sender handler', () => {
  function setup(fail?: Parameters<typeof createRecordingMailer>[0]) {
    const subscribers = createMemorySubscriberStore();
    const mailer = createRecordingMailer(fail);
    const metrics: Record<string, number> = {};
    const send = createConfirmationSender({
      signUp: {
        subscribers,
        rateCounter: createMemoryRateCounter(),
        mailer,
        composeConfirmation: async () =>
          createConfirmationComposer(
            { name: 'confirmation', version: 't', html: '{{confirmation.url}}', text: 'x' },
            config,
          ),
        config,
        secret,
        clock: createFakeClock(),
        logger: createRecordingLogger(),
      },
      logger: createRecordingLogger(),
      metrics: {
        addMetric: (name: string, _unit: unknown, value: number) => {
          metrics[name] = (metrics[name] ?? 0) + value;
        },
        publishStoredMetrics: () => {},
      } as never,
    });
    return { subscribers, mailer, metrics, send };
  }
  const record = (messageId: string, body: string) =>
    ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } }) as SQSRecord;
  const signUp = (email: string) =>
    serializeSignUp({
      email,
      name: null,
      consent: { at: '2026-11-26T12:00:00.000Z', source: 'form', ip: '198.51.100.4' },
    });

  it('sends each sign-up its confirmation and reports a malformed record as a batch item failure', async () => {
    const { subscribers, mailer, metrics, send } = setup();
    const result = await send({
      Records: [
        record('m1', signUp('ada@example.com')),
        record('m2', '{"email":"not an address","name":null,"consent":{}}'),
        record('m3', 'not json'),
      ],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(mailer.sent.map((message) => message.to)).toEqual(['ada@example.com']);
    expect((await subscribers.get(idOf('ada@example.com')))?.status).toBe('pending');
    expect(metrics).toEqual({ ConfirmationsSent: 1, ConfirmationCapReached: 0 });
  });

  it('hands a sign-up SES could not take yet back to the queue', async () => {
    const { send } = setup(() => new SendFailure('throttled', 'Maximum sending rate exceeded'));
    const result = await send({ Records: [record('m1', signUp('ada@example.com'))] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  it('hands a sign-up back while SES refuses to send (daily quota spent), and mails it once SES sends again', async () => {
    let refusing = true;
    const { mailer, send } = setup(() =>
      refusing ? new SendFailure('quota', 'Daily message quota exceeded.') : undefined,
    );
    const event = { Records: [record('m1', signUp('ada@example.com'))] };
    // More receives than the mailbox's three confirmations an hour: refusals use none of them.
    for (let receive = 1; receive <= 4; receive++) {
      expect((await send(event)).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    }
    refusing = false;
    expect((await send(event)).batchItemFailures).toEqual([]);
    expect(mailer.sent.map((message) => message.to)).toEqual(['ada@example.com']);
  });
});
