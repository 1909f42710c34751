import { NewsletterError } from '../errors';
import type { Consent } from '../model';
import { SendFailure } from '../ports';
import { subscriberIdFor } from '../subscribers/subscriber-id';
import { createToken } from '../tokens';
import type { HttpRequest, HttpResponse } from './http';
import { PENDING_TTL_MS, subscribe } from './lifecycle';
import { addressRateKey, clientRateKey } from './rate-limits';
import { mediaTypeOf, readFields } from './request-body';
import { json, page } from './responses';
import { parseSubscribeInput, type SubscribeInput } from './subscribe-input';
import type { RouteContext } from './subscription-api';
import { updateSubscriber } from './update-subscriber';

const ACCEPTED_TYPES: readonly string[] = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];
const MAX_USER_AGENT_LENGTH = 256;

/**
 * POST /subscribe. Every valid sign-up gets the same 202, whether the address is new, pending,
 * active, unsubscribed, suppressed or erased, so the endpoint never tells who is on the list.
 * JSON requests get JSON back; forms get a small page.
 */
export async function handleSubscribe(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const asJson = mediaTypeOf(request) === 'application/json';
  const reply = (status: number, heading: string, message: string, headers = {}) =>
    asJson
      ? json(status, status < 400 ? { status: 'accepted', message } : { error: message }, headers)
      : page(
          status,
          { listName: context.config.listName, heading, paragraphs: [message] },
          headers,
        );

  const now = context.clock.now();
  const { perClient, perAddress } = context.limits;
  const client = await context.rateCounter.take(
    clientRateKey(request.sourceIp, context.secret),
    perClient.limit,
    perClient.windowMs,
    now,
  );
  if (!client.allowed) {
    context.logger.warn('subscribe', { outcome: 'client-rate-limited' });
    return reply(
      429,
      'Too many sign-ups',
      'Too many sign-ups from your network; try again later.',
      {
        'retry-after': String(Math.ceil(client.retryAfterMs / 1000)),
      },
    );
  }

  let input: SubscribeInput;
  try {
    input = parseSubscribeInput(await readFields(request, ACCEPTED_TYPES));
  } catch (error) {
    if (!(error instanceof NewsletterError) || error.status >= 500) throw error;
    return reply(error.status, 'This sign-up cannot be used', error.message);
  }

  const accepted = reply(
    202,
    'Check your inbox',
    `If this address can receive ${context.config.listName}, a confirmation email is on its way. ` +
      'Open the link in it to finish subscribing.',
  );
  const id = subscriberIdFor(input.email, context.secret);
  const log = (outcome: string, level: 'info' | 'warn' = 'info') =>
    context.logger[level]('subscribe', { outcome, subscriberId: id });

  const address = await context.rateCounter.take(
    addressRateKey(id),
    perAddress.limit,
    perAddress.windowMs,
    now,
  );
  if (!address.allowed) {
    log('address-rate-limited', 'warn');
    return accepted;
  }
  if (await context.subscribers.erasedAt(id)) {
    log('erased');
    return accepted;
  }

  const transition = await updateSubscriber(context.subscribers, id, (current) =>
    subscribe(
      current,
      { id, email: input.email, name: input.name, consent: consentOf(request, input, asJson, now) },
      now,
    ),
  );
  log(transition.outcome);
  if (transition.next?.status === 'pending') await sendConfirmation(context, transition.next, now);
  return accepted;
}

/** The GDPR record of this sign-up: when, where from, and which consent text was shown. */
function consentOf(
  request: HttpRequest,
  input: SubscribeInput,
  asJson: boolean,
  now: number,
): Consent {
  const userAgent = request.headers['user-agent']
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, MAX_USER_AGENT_LENGTH);
  return {
    at: new Date(now).toISOString(),
    source: input.source ?? (asJson ? 'api' : 'form'),
    ip: request.sourceIp,
    ...(userAgent ? { userAgent } : {}),
    ...(input.consentVersion ? { textVersion: input.consentVersion } : {}),
  };
}

/**
 * A failed send still answers 202 (a different answer would tell who is already on the list):
 * the failure is logged for the operator, and the person can sign up again for a new email.
 */
async function sendConfirmation(
  context: RouteContext,
  subscriber: { readonly id: string; readonly email: string; readonly name: string | null },
  now: number,
): Promise<void> {
  const token = createToken(
    {
      purpose: 'confirm',
      subscriberId: subscriber.id,
      list: context.config.listId,
      expiresAt: now + PENDING_TTL_MS,
    },
    context.secret,
  );
  const compose = await context.composeConfirmation();
  const message = await compose(
    subscriber,
    {
      url: `${context.config.publicUrl}/confirm?token=${token}`,
      expiresInHours: PENDING_TTL_MS / 3_600_000,
    },
    now,
  );
  try {
    const { messageId } = await context.mailer.send(message);
    context.logger.info('confirmation sent', { subscriberId: subscriber.id, messageId });
  } catch (error) {
    if (!(error instanceof SendFailure)) throw error;
    context.logger.error('confirmation not sent', {
      subscriberId: subscriber.id,
      kind: error.kind,
      error: error.message,
    });
  }
}
