/**
 * The deployed subscription-api handler with `waf`: at cold start it reads the origin secret
 * named by NEWSLETTER_ORIGIN_SECRET_ARN from Secrets Manager (a real HTTP server on a loopback
 * port), then answers what CloudFront forwards and refuses a sign-up that skipped it. Neither
 * request reaches DynamoDB or SQS, whose endpoints point at a closed loopback port.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ORIGIN_SECRET_HEADER,
  VIEWER_ADDRESS_HEADER,
} from '../../../lambda/core/subscription/edge';
import { type ControlServer, startControlServer } from '../../support/aws-control-server';

const TOKEN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf';
const ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:origin-AbCdEf';
const ORIGIN_SECRET = 'o'.repeat(64);
const PUBLIC_URL = 'https://d111111abcdef8.cloudfront.net';

let control: ControlServer;

beforeAll(async () => {
  control = await startControlServer({
    secrets: { [TOKEN_SECRET_ARN]: 't'.repeat(64), [ORIGIN_SECRET_ARN]: ORIGIN_SECRET },
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await control?.close();
});

function event(method: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /subscribe`,
    rawPath: '/subscribe',
    rawQueryString: '',
    headers: { 'user-agent': 'Mozilla/5.0', ...headers },
    requestContext: {
      http: { method, path: '/subscribe', protocol: 'HTTP/1.1', sourceIp: '130.176.0.10' },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    ...(method === 'POST' ? { body: '{"email":"ada@example.com"}' } : {}),
  } as APIGatewayProxyEventV2;
}

describe('the subscription-api handler behind CloudFront', () => {
  it('reads the origin secret at cold start, serves the form through CloudFront and refuses a sign-up that skipped it', async () => {
    const environment = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: control.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1',
      NEWSLETTER_TABLE: 'Newsletter-Table-1',
      NEWSLETTER_SECRET_ARN: TOKEN_SECRET_ARN,
      NEWSLETTER_SIGN_UP_QUEUE_URL: 'http://127.0.0.1:1/123456789012/sign-ups',
      NEWSLETTER_ORIGIN_SECRET_ARN: ORIGIN_SECRET_ARN,
      NEWSLETTER_LIST_NAME: 'Weekly Briefing',
      NEWSLETTER_LIST_ID: 'weekly.example.com',
      NEWSLETTER_FROM_ADDRESS: 'news@example.com',
      NEWSLETTER_POSTAL_ADDRESS: '1 Example Street, Springfield',
      NEWSLETTER_PUBLIC_URL: PUBLIC_URL,
      NEWSLETTER_SEND_RATE: '14',
    };
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    // A fresh copy of the module: its cold-start state is that of a new Lambda container.
    vi.resetModules();
    const { handler } = await import('../../../lambda/handlers/subscription-api');

    const direct = await handler(event('POST', { 'content-type': 'application/json' }));
    expect(direct.statusCode).toBe(403);
    expect(direct.body).toBe(`Sign up at ${PUBLIC_URL}/subscribe\n`);

    const form = await handler(
      event('GET', {
        [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET,
        [VIEWER_ADDRESS_HEADER]: '198.51.100.10:46532',
      }),
    );
    expect(form.statusCode).toBe(200);
    // No action: the form posts back where it was served from, through CloudFront.
    expect(form.body).toContain('<form method="post" id="sign-up" aria-describedby');

    const asked = control.requests.filter((request) => request.action === 'GetSecretValue');
    expect(asked.map((request) => JSON.parse(request.body).SecretId).sort()).toEqual(
      [ORIGIN_SECRET_ARN, TOKEN_SECRET_ARN].sort(),
    );
  });
});
