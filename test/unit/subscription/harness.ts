/**
 * The subscription API over in-memory ports, for unit tests: a fake clock, a recording mailer
 * and a one-line confirmation template (the real template has tests of its own).
 */
import { parseNewsletterConfig } from '../../../lambda/core/config';
import type { Subscriber } from '../../../lambda/core/model';
import type { OutgoingMessage, SignUpRequest } from '../../../lambda/core/ports';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';
import {
  type ComposeConfirmation,
  createConfirmationComposer,
} from '../../../lambda/core/subscription/confirmation-email';
import type { HttpRequest, HttpResponse } from '../../../lambda/core/subscription/http';
import type { SubscribeLimits } from '../../../lambda/core/subscription/rate-limits';
import { processSignUp, type SignUpDeps } from '../../../lambda/core/subscription/sign-up';
import { createSubscriptionApi } from '../../../lambda/core/subscription/subscription-api';
import { createToken } from '../../../lambda/core/tokens';
import { createInProcessSignUpQueue } from '../../../lambda/local/sign-up-worker';
import {
  createFakeClock,
  createMemoryRateCounter,
  createMemorySubscriberStore,
  createRecordingLogger,
  createRecordingMailer,
} from '../../support/fakes';
import { readMessage } from '../mime/read-message';

export const config = parseNewsletterConfig({
  listName: 'Weekly Briefing',
  listId: 'weekly.example.com',
  fromAddress: 'news@example.com',
  postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
  publicUrl: 'https://news.example.com',
  sendRateCap: 14,
});

export const secret = 'unit-secret-0123456789abcdef0123456789abcdef';

const TINY_TEMPLATE: CompiledTemplate = {
  name: 'confirmation',
  version: 'test',
  html: '<a href="{{confirmation.url}}">Confirm</a><p>{{list.postalAddress}}</p>',
  text: 'Confirm: {{confirmation.url}} (works for {{confirmation.expiresIn}})\n{{list.postalAddress}}\n',
};

export interface RequestOptions {
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  readonly ip?: string;
  /** Wait for the sign-ups the request queued to be processed. @default true */
  readonly settle?: boolean;
}

export const idOf = (email: string) => subscriberIdFor(email, secret);

export function unsubscribeToken(id: string, list = config.listId): string {
  return createToken({ purpose: 'unsubscribe', subscriberId: id, list }, secret);
}

export function confirmToken(id: string, expiresAt: number): string {
  return createToken(
    { purpose: 'confirm', subscriberId: id, list: config.listId, expiresAt },
    secret,
  );
}

export function createApiHarness(
  options: {
    readonly subscribers?: Subscriber[];
    readonly limits?: SubscribeLimits;
    readonly fail?: Parameters<typeof createRecordingMailer>[0];
    readonly confirmationsPerHour?: number;
    /** The API is behind CloudFront, which sends this secret (context `waf`). */
    readonly originSecret?: string;
  } = {},
) {
  const clock = createFakeClock();
  const subscribers = createMemorySubscriberStore(options.subscribers);
  const rateCounter = createMemoryRateCounter();
  const mailer = createRecordingMailer(options.fail);
  const logger = createRecordingLogger();
  const logs = logger.entries;
  let templateLoads = 0;
  const errors: unknown[] = [];
  let composer: Promise<ComposeConfirmation> | undefined;
  const signUpDeps: SignUpDeps = {
    subscribers,
    rateCounter,
    mailer,
    composeConfirmation: () => {
      composer ??= (async () => {
        templateLoads++;
        return createConfirmationComposer(TINY_TEMPLATE, config);
      })();
      return composer;
    },
    config,
    secret,
    clock,
    logger,
    ...(options.limits ? { perMailbox: options.limits.perAddress } : {}),
    ...(options.confirmationsPerHour ? { confirmationsPerHour: options.confirmationsPerHour } : {}),
  };
  const queued: SignUpRequest[] = [];
  const signUps = createInProcessSignUpQueue(
    (request) => {
      queued.push(request);
      return processSignUp(signUpDeps, request);
    },
    (error) => errors.push(error),
  );
  const api = createSubscriptionApi({
    subscribers,
    rateCounter,
    signUps,
    config,
    secret,
    clock,
    logger,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.originSecret ? { originSecret: options.originSecret } : {}),
  });

  /** Answers the request, then waits for the sign-ups it queued (unless `settle` is false). */
  async function request(
    method: string,
    target: string,
    {
      body = '',
      contentType,
      headers = {},
      ip = '203.0.113.7',
      settle = true,
    }: RequestOptions = {},
  ): Promise<HttpResponse> {
    const url = new URL(target, 'https://news.example.com');
    const lowered = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const built: HttpRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...lowered },
      body: typeof body === 'string' ? Buffer.from(body) : body,
      sourceIp: ip,
    };
    const response = await api(built);
    if (settle) await signUps.settled();
    return response;
  }

  return {
    api,
    clock,
    subscribers,
    rateCounter,
    mailer,
    logs,
    /** Errors processing queued sign-ups threw (the queue's retries, in AWS). */
    errors,
    /** The queue delivering its `nth` sign-up again, as SQS does after a failed attempt. */
    redeliver: (nth = 0) => {
      const request = queued[nth];
      if (!request) throw new Error(`no sign-up number ${nth} was queued`);
      return processSignUp(signUpDeps, request);
    },
    /** The confirmation sender taking a sign-up another producer queued (an import). */
    takeSignUp: (request: SignUpRequest) => processSignUp(signUpDeps, request),
    settled: () => signUps.settled(),
    get templateLoads() {
      return templateLoads;
    },
    request,
    subscribeJson: (value: unknown, opts: RequestOptions = {}) =>
      request('POST', '/subscribe', {
        body: JSON.stringify(value),
        contentType: 'application/json',
        ...opts,
      }),
    subscribeForm: (fields: Record<string, string>, opts: RequestOptions = {}) =>
      request('POST', '/subscribe', {
        body: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
        ...opts,
      }),
  };
}

/** The confirm link in a confirmation email's text part. */
export function confirmLinkOf(message: OutgoingMessage): URL {
  const text = readMessage(message.raw).part('text/plain').body;
  const link = /https:\/\/\S+\/confirm\?token=\S+/.exec(text)?.[0];
  if (!link) throw new Error('no confirm link in the message');
  return new URL(link);
}

/** A multipart/form-data body as a browser or mailbox provider would send it. */
export async function multipartBody(
  fields: Record<string, string>,
): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const request = new Request('https://example.com', { method: 'POST', body: form });
  return {
    body: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}
