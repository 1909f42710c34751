import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import {
  expectHttpApiEvent,
  expectSesEvents,
  expectSqsEvent,
  expectSqsEventWithReceives,
} from '../../../lambda/handlers/event-shape';

const sqsRecord = {
  messageId: 'm1',
  receiptHandle: 'r',
  body: '{"issueId":"x"}',
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0' },
  eventSource: 'aws:sqs',
};
const snsRecord = { EventSource: 'aws:sns', Sns: { MessageId: 'n1', Message: '{}', Type: 'x' } };
const restApiEvent = {
  resource: '/subscribe',
  path: '/subscribe',
  httpMethod: 'POST',
  headers: {},
  requestContext: { httpMethod: 'POST', identity: { sourceIp: '198.51.100.4' } },
  body: 'email=a%40example.com',
  isBase64Encoded: false,
};

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('checking the event a handler was invoked with', () => {
  it('returns an event of the expected shape as it came, every field kept', () => {
    const sqs = { Records: [sqsRecord] };
    expect(expectSqsEventWithReceives('deliver', sqs)).toBe(sqs);
    expect(expectSqsEvent('confirmation-sender', { Records: [] })).toEqual({ Records: [] });
    const sns = { Records: [snsRecord] };
    expect(expectSesEvents('ses-events', sns)).toBe(sns);
  });

  it('names the handler and what it expects when the event has no Records', () => {
    expect(messageOf(() => expectSqsEventWithReceives('deliver', {}))).toBe(
      'deliver: expected an SQS event: {"Records": [{"messageId": …, "body": …, "attributes": {"ApproximateReceiveCount": …}}, …]}; got {}',
    );
    expect(messageOf(() => expectSqsEvent('confirmation-sender', { articleKey: 'a' }))).toBe(
      'confirmation-sender: expected an SQS event: {"Records": [{"messageId": …, "body": …}, …]}; got an object with articleKey',
    );
    expect(messageOf(() => expectSesEvents('ses-events', null))).toBe(
      'ses-events: expected an SNS event: {"Records": [{"Sns": {"MessageId": …, "Message": …}}, …]} or an EventBridge event from aws.ses: {"id": …, "source": "aws.ses", "detail": {"eventType": …, …}}; got null',
    );
    expect(messageOf(() => expectSesEvents('ses-events', { Records: 'x' }))).toMatch(
      /; got an object with Records$/,
    );
  });

  it('says which field of which record is missing, without any value', () => {
    const { body: _, ...noBody } = sqsRecord;
    expect(
      messageOf(() => expectSqsEvent('confirmation-sender', { Records: [sqsRecord, noBody] })),
    ).toMatch(/; got Records\[1\]\.body: expected string, received undefined$/);
    const noCount = { ...sqsRecord, attributes: {} };
    expect(messageOf(() => expectSqsEventWithReceives('deliver', { Records: [noCount] }))).toMatch(
      /; got Records\[0\]\.attributes\.ApproximateReceiveCount: expected string, received undefined$/,
    );
    expect(messageOf(() => expectSesEvents('ses-events', { Records: [snsRecord, {}] }))).toMatch(
      /; got Records\[1\]\.Sns: expected object, received undefined$/,
    );
  });

  // A function wired to the wrong source (or a test event copied from another template): the
  // message says what came, not only which field of it is missing.
  it('names the source an event came from when it is not the one the handler expects', () => {
    const s3Record = { eventSource: 'aws:s3', s3: { bucket: { name: 'other' } } };
    expect(messageOf(() => expectSesEvents('ses-events', { Records: [sqsRecord] }))).toMatch(
      /; got an event from aws:sqs \(Records\[0\]\.eventSource\), not aws:sns: check what triggers ses-events$/,
    );
    expect(messageOf(() => expectSesEvents('ses-events', { Records: [s3Record] }))).toMatch(
      /; got an event from aws:s3 \(Records\[0\]\.eventSource\), not aws:sns: /,
    );
    expect(
      messageOf(() => expectSqsEventWithReceives('deliver', { Records: [snsRecord] })),
    ).toMatch(
      /; got an event from aws:sns \(Records\[0\]\.EventSource\), not aws:sqs: check what triggers deliver$/,
    );
    expect(messageOf(() => expectHttpApiEvent('subscription-api', restApiEvent))).toMatch(
      /; got an API Gateway REST API or payload format 1\.0 event \(httpMethod, path\): set the integration's payload format version to 2\.0$/,
    );
  });
});

describe('the exported handlers invoked by hand with a wrong event', () => {
  afterEach(() => vi.unstubAllEnvs());

  // No configuration at all: a handler that read its environment, the token secret or the table
  // before checking its event would fail on NEWSLETTER_TABLE instead.
  it.each([
    ['deliver', 'SQS'],
    ['confirmation-sender', 'SQS'],
    ['ses-events', 'SNS'],
  ])(
    '%s refuses {} with its name and the event it expects, before reading anything',
    async (name, kind) => {
      vi.stubEnv('NEWSLETTER_TABLE', '');
      vi.resetModules();
      const { handler } = await import(`../../../lambda/handlers/${name}.ts`);
      const invoked = handler({}, { getRemainingTimeInMillis: () => 60_000 });
      // A fresh module copy has its own ValidationError class: compare by name.
      await expect(invoked).rejects.toHaveProperty('name', 'ValidationError');
      await expect(invoked).rejects.toThrow(
        new RegExp(`^${name}: expected an ${kind} event: \\{"Records".*; got \\{\\}$`),
      );
    },
  );

  // compose compiles its template and builds every client at cold start: a wrong event (a
  // misspelt field) is refused before any of that, so it costs nothing and reads nothing.
  it('compose refuses a misspelt field with its path and the events it expects, before reading anything', async () => {
    vi.stubEnv('NEWSLETTER_TABLE', '');
    vi.resetModules();
    const { handler } = await import('../../../lambda/handlers/compose');
    const invoked = handler({ articlekey: 'articles/a.md' }, { awsRequestId: 'r1' } as never);
    await expect(invoked).rejects.toHaveProperty('name', 'ValidationError');
    await expect(invoked).rejects.toThrow(
      /^compose event \(root\): .*expected \{"articleKey": "articles\/<file>"\}, \{"feeds": \["https:\/\/…"\]\} or \{\}$/,
    );
  });

  // compose has no event source: an S3 notification or an SQS or SNS event reaching it means a
  // trigger was added by hand, and the message says so rather than 'Unrecognized key: "Records"'.
  it('compose names the source of an event that is not its own', async () => {
    vi.stubEnv('NEWSLETTER_TABLE', '');
    vi.resetModules();
    const { handler } = await import('../../../lambda/handlers/compose');
    const s3Event = {
      Records: [{ eventSource: 'aws:s3', s3: { object: { key: 'articles/a.md' } } }],
    };
    const invoked = handler(s3Event, { awsRequestId: 'r1' } as never);
    await expect(invoked).rejects.toHaveProperty('name', 'ValidationError');
    await expect(invoked).rejects.toThrow(
      /^compose event \(root\): got an event from aws:s3 \(Records\[0\]\.eventSource\), not the schedule's or a hand-made one: check what triggers compose; expected \{"articleKey"/,
    );
  });

  // Both tune a digest of feeds: without feeds they did nothing, and {"maxArticles": 3} ran the
  // scheduled upload run as if the operator had not asked for a digest of three.
  it.each([
    [{ maxArticles: 3 }, 'maxArticles'],
    [{ articleKey: 'articles/a.md', maxArticles: 3 }, 'maxArticles'],
    [{ scheduledTime: '2026-12-04T06:00:00Z' }, 'scheduledTime'],
  ])('compose refuses %j: it applies only with feeds', async (event, field) => {
    vi.stubEnv('NEWSLETTER_TABLE', '');
    vi.resetModules();
    const { handler } = await import('../../../lambda/handlers/compose');
    const invoked = handler(event, { awsRequestId: 'r1' } as never);
    await expect(invoked).rejects.toHaveProperty('name', 'ValidationError');
    await expect(invoked).rejects.toThrow(
      new RegExp(`^compose event ${field}: applies only with feeds: .*; expected \\{"articleKey"`),
    );
  });

  // API Gateway always sends these; a hand-made invoke may not, and then the handler failed with
  // "Cannot read properties of undefined (reading 'http')" or a 500 from deep inside.
  it.each([
    [{}, 'got {}'],
    ['x', 'got a string'],
    [
      { requestContext: { http: { method: 'POST', path: '/subscribe' } }, rawPath: '/subscribe' },
      'got requestContext.http.sourceIp: expected string, received undefined',
    ],
    [
      {
        requestContext: { http: { method: 'POST', sourceIp: '198.51.100.4' } },
        rawPath: '/subscribe',
        body: { email: 'a@example.com' },
      },
      'got body: expected string, received object',
    ],
  ])(
    'subscription-api refuses %j with its name and the event it expects, before reading anything',
    async (event, got) => {
      vi.stubEnv('NEWSLETTER_TABLE', '');
      vi.resetModules();
      const { handler } = await import('../../../lambda/handlers/subscription-api');
      const invoked = handler(event as never);
      await expect(invoked).rejects.toHaveProperty('name', 'ValidationError');
      await expect(invoked).rejects.toThrow(
        `subscription-api: expected an API Gateway HTTP API event (payload format 2.0): {"rawPath": …, "requestContext": {"http": {"method": …, "sourceIp": …}}, …}; ${got}`,
      );
    },
  );
});
