import { domainToUnicode } from 'node:url';
import { NewsletterError, ValidationError } from '../errors';
import type { Consent } from '../model';
import { subscriberIdFor } from '../subscribers/subscriber-id';
import type { HttpRequest, HttpResponse } from './http';
import { clientRateKey } from './rate-limits';
import { type BodyFields, mediaTypeOf, readFields, userAgentOf, wantsJson } from './request-body';
import { json, page } from './responses';
import { filledSignUpPage, type RefusedSignUp, SIGN_UP_HREF, signUpPage } from './sign-up-page';
import { parseSubscribeInput, type SubscribeInput } from './subscribe-input';
import type { RouteContext } from './subscription-api';

const URLENCODED = 'application/x-www-form-urlencoded';
const ACCEPTED_TYPES: readonly string[] = ['application/json', URLENCODED, 'multipart/form-data'];

/**
 * GET /subscribe: the hosted sign-up form; filled in from the query string when a form sent it
 * with GET, which signs nobody up.
 */
export async function showSignUpForm(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const email = request.query.get('email') ?? '';
  const name = request.query.get('name') ?? '';
  if (email === '' && name === '') return signUpPage(context.config.listName);
  return filledSignUpPage(context.config.listName, { email, name });
}

/**
 * POST /subscribe. Every valid sign-up gets the same 202 after the same work (one client counter,
 * one enqueue), whether the address is new, pending, active, unsubscribed, suppressed or erased,
 * so the endpoint never tells who is on the list, not even by its timing: the sign-up is decided
 * and the confirmation sent after the answer (processSignUp). JSON requests get JSON back; forms
 * get a small page, or the form again when a field is refused.
 */
export async function handleSubscribe(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  // JSON sent, or asked for by a script posting the form.
  const asJson = wantsJson(request);
  const reply = (status: number, heading: string, message: string, headers = {}) =>
    asJson
      ? json(status, status < 400 ? { status: 'accepted', message } : { error: message }, headers)
      : page(
          status,
          {
            listName: context.config.listName,
            heading,
            paragraphs: [message],
            link: { href: SIGN_UP_HREF, label: 'Back to the sign-up form' },
          },
          headers,
        );

  const now = context.clock.now();
  const { perClient } = context.limits;
  const client = await context.rateCounter.take(
    clientRateKey(request.sourceIp, context.secret),
    perClient.limit,
    perClient.windowMs,
    now,
  );
  if (!client.allowed) {
    context.logger.warn('subscribe', { outcome: 'client-rate-limited' });
    const message = `Too many sign-ups from your network; try again in ${inMinutes(client.retryAfterMs)}.`;
    const headers = { 'retry-after': String(Math.ceil(client.retryAfterMs / 1000)) };
    if (asJson) return reply(429, 'Too many sign-ups', message, headers);
    return formAsSent(context, request, message, { status: 429, headers });
  }

  let fields: BodyFields | undefined;
  let input: SubscribeInput;
  try {
    fields = await readFields(request, ACCEPTED_TYPES);
    input = parseSubscribeInput(fields, mediaTypeOf(request) === URLENCODED);
  } catch (error) {
    if (!(error instanceof NewsletterError) || error.status >= 500) throw error;
    // A person gets the form back with what they typed, so nothing has to be typed again.
    if (!asJson && error instanceof ValidationError) {
      return signUpPage(context.config.listName, refusal(error, fields));
    }
    return reply(error.status, 'This sign-up cannot be used', error.message);
  }

  const listName = context.config.listName;
  const next = 'Open the link in it to finish subscribing.';
  // A person sees the address as they typed it (an international domain not in punycode), so a
  // typo that no email will reach can be seen; it is the same answer whoever is on the list.
  const accepted = asJson
    ? reply(
        202,
        'Check your inbox',
        `If this address can receive ${listName}, a confirmation email is on its way. ${next}`,
      )
    : page(202, {
        listName,
        heading: 'Check your inbox',
        paragraphs: [
          `If ${readable(input.email)} can receive ${listName}, a confirmation email is on its way. ${next}`,
          'Not your address? Sign up again with the right one.',
          // Said to everyone alike: whether this address is suppressed is not read before the
          // answer, and telling would let anyone learn it of someone else's address.
          'No email within a few minutes? Check your spam folder. We never send to an address whose mail bounced or was marked as spam: if that happened to this one, sign up with another address.',
        ],
        link: { href: SIGN_UP_HREF, label: 'Back to the sign-up form' },
      });
  const subscriberId = subscriberIdFor(input.email, context.secret);
  if (input.trapped) {
    context.logger.warn('subscribe', { outcome: 'honeypot', subscriberId });
    return accepted;
  }
  // Nothing about the address is read here: what happens next is decided after the answer.
  await context.signUps.enqueue({
    email: input.email,
    name: input.name,
    consent: consentOf(request, input, now),
  });
  context.logger.info('subscribe', { outcome: 'queued', subscriberId });
  return accepted;
}

/**
 * POST /subscribe failed on our side (the store or the queue did not answer): nothing was queued.
 * A person gets the form back as they filled it, to send again without retyping it.
 */
export async function failedSignUp(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const message =
    'Something went wrong and nothing was changed. Please send the form again in a few minutes.';
  if (wantsJson(request)) return json(500, { error: message });
  return formAsSent(context, request, message, { status: 500 });
}

/**
 * The form filled in as it was sent, `message` above it: the answer to a form that was not
 * refused for one of its fields (429, 500), so the person sends it again without retyping it.
 */
async function formAsSent(
  context: RouteContext,
  request: HttpRequest,
  message: string,
  answer: { readonly status: number; readonly headers?: Record<string, string> },
): Promise<HttpResponse> {
  // Reading the body changes nothing; one that cannot be read gives the form back empty.
  const fields = await readFields(request, ACCEPTED_TYPES).catch(() => undefined);
  return signUpPage(
    context.config.listName,
    { email: typed(fields, 'email'), name: typed(fields, 'name'), message },
    answer,
  );
}

/** What the refused form held, and which of its visible fields the error is about. */
function refusal(error: ValidationError, fields: BodyFields | undefined): RefusedSignUp {
  const field = error.where === 'email' || error.where === 'name' ? error.where : undefined;
  return {
    email: typed(fields, 'email'),
    name: typed(fields, 'name'),
    // Beside its field the error needs no "email:" before it; above the form it does.
    message: field ? error.reason : error.message,
    ...(field ? { field } : {}),
  };
}

/** A wait in whole minutes, rounded up, as Retry-After's seconds would be: '1 minute', '7 minutes'. */
function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(Math.ceil(ms / 1000) / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The address as it will be mailed, for the person to check for a typo: as typed, less the
 * spaces and invisible characters around it (a pasted direction mark would reorder the page),
 * its domain lower-cased and in Unicode. A browser sends a type=email field's international
 * domain in punycode (`bücher.de` as `xn--bcher-kva.de`), which nobody can check for a typo.
 */
function readable(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (!/(^|\.)xn--/.test(domain)) return address;
  return `${address.slice(0, at)}@${domainToUnicode(domain) || domain}`;
}

/** The first value typed in a form field, or '' when there is none to show. */
function typed(fields: BodyFields | undefined, name: string): string {
  try {
    return fields?.(name)?.[0] ?? '';
  } catch {
    return ''; // a JSON value that is not a string: nothing a form can show
  }
}

/** The GDPR record of this sign-up: when, where from, and which consent text was shown. */
function consentOf(request: HttpRequest, input: SubscribeInput, now: number): Consent {
  return {
    at: new Date(now).toISOString(),
    source: input.source ?? (mediaTypeOf(request) === 'application/json' ? 'api' : 'form'),
    ip: request.sourceIp,
    ...userAgentOf(request),
    ...(input.consentVersion ? { textVersion: input.consentVersion } : {}),
  };
}
