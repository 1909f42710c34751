/**
 * The subscription endpoint (API Gateway HTTP API, payload format 2.0): subscribe, confirm,
 * unsubscribe. Converts the HTTP API event to the core's request and calls the same
 * createSubscriptionApi that `newsletter api` serves locally. Sign-ups go to the sign-up queue
 * (the confirmation-sender function mails them), so this function carries no mjml.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDocumentClient, createDynamoClient, createSqsClient } from '../adapters/aws-clients';
import { createDynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createSecretsManagerClient, readTokenSecret } from '../adapters/secrets/token-secret';
import { createSqsSignUpQueue } from '../adapters/sqs/sign-up-queue';
import type { HttpRequest, HttpResponse } from '../core/subscription/http';
import { text } from '../core/subscription/responses';
import { createSubscriptionApi } from '../core/subscription/subscription-api';
import { ENVIRONMENT_VARIABLES, initialiseOnce, readEnvironment } from './environment';
import { expectHttpApiEvent } from './event-shape';

/**
 * The HTTP API event as the core's request. Header names arrive lower-cased already. A body,
 * headers or query string given as null (sam local and hand-made test events write them so) is
 * none, as an absent one is.
 */
export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  const body =
    typeof event.body === 'string'
      ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
      : new Uint8Array();
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

export function toHttpApiResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
}

const logger = new Logger();

const apiAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment(['tableName', 'secretArn', 'signUpQueueUrl']);
  // Set when CloudFront and WAF are in front of the API (context `waf`).
  const originSecretArn = process.env[ENVIRONMENT_VARIABLES.originSecretArn]
    ? readEnvironment(['originSecretArn']).originSecretArn
    : undefined;
  const secrets = createSecretsManagerClient();
  const client = createDocumentClient(createDynamoClient());
  // Both secrets at once: a visitor's first click waits for the slower one, not for the two.
  const [secret, originSecret] = await Promise.all([
    readTokenSecret(secrets, env.secretArn),
    originSecretArn && readTokenSecret(secrets, originSecretArn),
  ]);
  return createSubscriptionApi({
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    rateCounter: createDynamoRateCounter({ client, tableName: env.tableName }),
    signUps: createSqsSignUpQueue({ client: createSqsClient(), queueUrl: env.signUpQueueUrl }),
    config: env.config,
    secret,
    ...(originSecret && { originSecret }),
    clock: Date,
    logger,
  });
});

export async function handler(event: unknown): Promise<APIGatewayProxyStructuredResultV2> {
  // Before the cold start: a hand-made invoke of another shape fails in one line, having read nothing.
  const request = expectHttpApiEvent('subscription-api', event);
  let api: Awaited<ReturnType<typeof apiAtColdStart>>;
  try {
    api = await apiAtColdStart();
  } catch (error) {
    // Still an answer with the security headers; the reason goes to the log, not the visitor.
    logger.error('Subscription API could not start', error as Error);
    return toHttpApiResult(text(503, 'The service is starting or misconfigured; try again soon.'));
  }
  return toHttpApiResult(await api(toHttpRequest(request)));
}
