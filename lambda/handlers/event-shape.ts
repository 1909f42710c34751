/**
 * The event shapes the SQS-, SNS- and HTTP-API-triggered handlers rely on, checked before they
 * read or write anything. Lambda's event sources always send these shapes; an operator's hand-made invoke
 * (`aws lambda invoke --payload '{}'`) may not, and then the handler fails with one line naming
 * itself and what it expects, instead of a TypeError from deep inside. Only the fields the
 * handlers use are checked, and the event is returned as it came (nothing stripped).
 */
import type { APIGatewayProxyEventV2, SNSEvent, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { ValidationError } from '../core/errors';
import '../core/validation';

const recordsOf = <T extends z.ZodMiniType>(record: T) =>
  z.looseObject({ Records: z.array(record) });

/** confirmation-sender: each record's id (for a partial batch failure) and body. */
const sqsEventSchema = recordsOf(z.looseObject({ messageId: z.string(), body: z.string() }));
const SQS_EXPECTED = 'an SQS event: {"Records": [{"messageId": …, "body": …}, …]}';

/** deliver: the same, and the receive count it logs and treats a redelivery by. */
const sqsEventWithReceivesSchema = recordsOf(
  z.looseObject({
    messageId: z.string(),
    body: z.string(),
    attributes: z.looseObject({ ApproximateReceiveCount: z.string() }),
  }),
);
const SQS_WITH_RECEIVES_EXPECTED =
  'an SQS event: {"Records": [{"messageId": …, "body": …, "attributes": {"ApproximateReceiveCount": …}}, …]}';

/** ses-events: each notification's id and text. */
const snsEventSchema = recordsOf(
  z.looseObject({ Sns: z.looseObject({ MessageId: z.string(), Message: z.string() }) }),
);
const SNS_EXPECTED = 'an SNS event: {"Records": [{"Sns": {"MessageId": …, "Message": …}}, …]}';

/**
 * ses-events, when a configuration set publishes to EventBridge instead of SNS: one event, whose
 * detail is SES's event record.
 */
const sesEventBridgeSchema = z.looseObject({
  id: z.string(),
  source: z.literal('aws.ses'),
  detail: z.looseObject({}),
});
const SES_EVENTBRIDGE_EXPECTED =
  'or an EventBridge event from aws.ses: {"id": …, "source": "aws.ses", "detail": {"eventType": …, …}}';

/**
 * subscription-api: what it turns into the core's request (header and body are optional; a body
 * given as an object, as a hand-made test event may, would otherwise be read as none).
 */
const httpApiEventSchema = z.looseObject({
  rawPath: z.string(),
  body: z.optional(z.nullable(z.string())),
  requestContext: z.looseObject({
    http: z.looseObject({ method: z.string(), sourceIp: z.string() }),
  }),
});
const HTTP_API_EXPECTED =
  'an API Gateway HTTP API event (payload format 2.0): {"rawPath": …, "requestContext": {"http": {"method": …, "sourceIp": …}}, …}';

/** What was there instead, without its values (a record's body may hold an address). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? '{}' : `an object with ${keys.slice(0, 5).join(', ')}`;
}

/**
 * The source a records event says it came from: its first record's `eventSource` (SQS, S3,
 * DynamoDB…: lower case) or `EventSource` (SNS), with where it says so.
 */
export function recordSourceOf(
  event: unknown,
): { readonly source: string; readonly where: string } | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const records = (event as Record<string, unknown>).Records;
  const first: unknown = Array.isArray(records) ? records[0] : undefined;
  if (typeof first !== 'object' || first === null) return undefined;
  for (const key of ['eventSource', 'EventSource']) {
    const source = (first as Record<string, unknown>)[key];
    if (typeof source === 'string' && /^[\w:.-]{1,64}$/.test(source)) {
      return { source, where: `Records[0].${key}` };
    }
  }
  return undefined;
}

/**
 * The source an event says it came from, when it is not `expected`, or an HTTP event of payload
 * format 1.0. A function wired to the wrong source is then named as such, not by a missing field.
 */
function otherSource(handler: string, event: unknown, expected?: string): string | undefined {
  if (expected === undefined) {
    const http = typeof event === 'object' && event !== null && 'httpMethod' in event;
    return http
      ? "an API Gateway REST API or payload format 1.0 event (httpMethod, path): set the integration's payload format version to 2.0"
      : undefined;
  }
  const found = recordSourceOf(event);
  if (!found || found.source === expected) return undefined;
  return `an event from ${found.source} (${found.where}), not ${expected}: check what triggers ${handler}`;
}

function check<T>(
  handler: string,
  schema: z.ZodMiniType,
  expected: string,
  event: unknown,
  source?: string,
): T {
  const result = schema.safeParse(event);
  if (result.success) return event as T;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((key) =>
    typeof key === 'number' ? `[${key}]` : `.${String(key)}`,
  );
  const got =
    otherSource(handler, event, source) ??
    (path.length === 0 || (path.length === 1 && path[0] === '.Records') || isEmptyObject(event)
      ? describeValue(event)
      : `${path.join('').slice(1)}: ${issue?.message.replace(/^Invalid input: /, '')}`);
  throw new ValidationError(handler, `expected ${expected}; got ${got}`);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

export function expectSqsEvent(handler: string, event: unknown): SQSEvent {
  return check(handler, sqsEventSchema, SQS_EXPECTED, event, 'aws:sqs');
}

export function expectSqsEventWithReceives(handler: string, event: unknown): SQSEvent {
  return check(handler, sqsEventWithReceivesSchema, SQS_WITH_RECEIVES_EXPECTED, event, 'aws:sqs');
}

/** SES's events as SNS delivers them (the stack's wiring), or one event from EventBridge. */
export function expectSesEvents(
  handler: string,
  event: unknown,
): SNSEvent | { readonly id: string; readonly detail: object } {
  if (sesEventBridgeSchema.safeParse(event).success) {
    return event as { readonly id: string; readonly detail: object };
  }
  return check(
    handler,
    snsEventSchema,
    `${SNS_EXPECTED} ${SES_EVENTBRIDGE_EXPECTED}`,
    event,
    'aws:sns',
  );
}

export function expectHttpApiEvent(handler: string, event: unknown): APIGatewayProxyEventV2 {
  return check(handler, httpApiEventSchema, HTTP_API_EXPECTED, event);
}
