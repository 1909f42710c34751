/**
 * The routes reached from links in emails: confirm (double opt-in) and unsubscribe (RFC 8058).
 * A token that is malformed, forged, for the other purpose or another list, or expired is
 * refused before anything is written, and, but for an expired confirm link, before anything is
 * read.
 */
import { TokenError, ValidationError } from '../errors';
import type { Subscriber } from '../model';
import { type TokenPurpose, verifyLinkToken } from '../tokens';
import type { HttpRequest, HttpResponse } from './http';
import { confirm, isLinkOf, unsubscribe } from './lifecycle';
import { FORM_TYPES, mediaTypeOf, readFormFields, userAgentOf } from './request-body';
import { asSentence, page } from './responses';
import { SIGN_UP_HREF } from './sign-up-page';
import type { RouteContext } from './subscription-api';
import { updateSubscriber } from './update-subscriber';

/** Why a one-click unsubscribe left: the reason kept on the record. */
const ONE_CLICK_REASON = 'one-click';

function tokenOf(
  context: RouteContext,
  request: HttpRequest,
  purpose: TokenPurpose,
): { subscriberId: string; expiresAt?: number; token: string } {
  const tokens = request.query.getAll('token');
  if (tokens.length === 0) {
    throw new TokenError(
      'malformed',
      'This link has lost its code, the part after “token=”: open the link exactly as it is in the email',
    );
  }
  if (tokens.length > 1) {
    throw new TokenError(
      'malformed',
      `This link holds its code ${tokens.length} times where it should hold it once: open the link exactly as it is in the email`,
    );
  }
  // The token of a link a mail client may have changed, as it verified: the pages post it so.
  const check = { purpose, list: context.config.listId, now: context.clock.now() };
  return verifyLinkToken(tokens[0] as string, check, context.secret);
}

/**
 * The confirm link's subscriber. A link past its 48 hours is refused (TokenError, 403), unless
 * its subscriber is already active: they confirmed in time and opened the old email again, and
 * "sign up again" would lead them to a form that sends an active address nothing.
 */
async function confirmTokenOf(
  context: RouteContext,
  request: HttpRequest,
): Promise<{ subscriberId: string; expiresAt?: number; token: string } | HttpResponse> {
  try {
    return tokenOf(context, request, 'confirm');
  } catch (error) {
    // Only a genuine token (its signature checked) is told that it has expired.
    if (!(error instanceof TokenError) || error.subscriberId === undefined) throw error;
    const current = await context.subscribers.get(error.subscriberId);
    const unreachable = await unreachablePage(context, error.subscriberId, current, 410);
    if (unreachable) return unreachable;
    if (current?.status !== 'active') throw error;
    return subscribedPage(context.config.listName, 'already-active');
  }
}

/** The field the confirm page's form POSTs. */
const CONFIRM_FIELD = { name: 'confirm', value: 'yes' } as const;

/**
 * GET /confirm?token=…: changes nothing. For a pending sign-up it answers a page whose form
 * POSTs the confirmation to the same URL, submitted at once by the page's script: a person sees
 * no extra step, and a mail gateway's link scanner (which fetches without running scripts)
 * confirms nobody.
 */
export async function showConfirm(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const claims = await confirmTokenOf(context, request);
  if ('status' in claims) return claims;
  const { subscriberId, expiresAt, token } = claims;
  const current = await context.subscribers.get(subscriberId);
  if (current?.status === 'active') return subscribedPage(listName, 'already-active');
  const unreachable = await unreachablePage(context, subscriberId, current, 410);
  if (unreachable) return unreachable;
  if (current?.status !== 'pending') return notPendingPage(listName);
  if (!isLinkOf(current, expiresAt)) return earlierSignUpPage(listName);
  return page(200, {
    listName,
    heading: 'Confirming your subscription…',
    paragraphs: [`If nothing happens, press the button to start receiving ${listName}.`],
    form: {
      // Relative, so the form posts back to this same URL wherever the API is mounted.
      action: `?token=${token}`,
      fields: { [CONFIRM_FIELD.name]: CONFIRM_FIELD.value },
      label: 'Confirm my subscription',
      autoSubmit: true,
    },
  });
}

/**
 * POST /confirm?token=… (the confirm page's form): a pending sign-up younger than 48 h becomes
 * active; the consent record gets the time and client of this request.
 */
export async function handleConfirm(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const claims = await confirmTokenOf(context, request);
  if ('status' in claims) return claims;
  const { subscriberId, expiresAt } = claims;
  await requireFormField(request, CONFIRM_FIELD, 'must be confirm=yes, as the confirm page sends');
  const now = context.clock.now();
  const client = { ip: request.sourceIp, ...userAgentOf(request) };
  let before: Subscriber | undefined;
  const { outcome } = await updateSubscriber(context.subscribers, subscriberId, (current) => {
    before = current;
    return confirm(current, now, client, expiresAt);
  });
  context.logger.info('confirm', { outcome, subscriberId });
  const unreachable = await unreachablePage(context, subscriberId, before, 410);
  if (unreachable) return unreachable;
  switch (outcome) {
    case 'confirmed':
    case 'already-active':
      return subscribedPage(listName, outcome);
    case 'expired':
      return expiredConfirmPage(listName);
    case 'not-pending':
      return notPendingPage(listName);
    case 'earlier-sign-up':
      return earlierSignUpPage(listName);
  }
}

/** Where a link that no longer works leads: the sign-up form, for a new one. */
const SIGN_UP_AGAIN = { href: SIGN_UP_HREF, label: 'Sign up again' };

/** A confirm link past its 48 hours, whether its token or its sign-up says so first. */
export function expiredConfirmPage(listName: string) {
  return page(403, {
    listName,
    heading: 'This link has expired',
    paragraphs: ['Confirmation links work for 48 hours. Sign up again for a new one.'],
    link: SIGN_UP_AGAIN,
  });
}

/**
 * A link whose token is refused (missing, malformed, forged, of the other purpose or list): what
 * was wrong, and the way to a link that works — a new sign-up for a confirm link, the link at the
 * foot of any issue for an unsubscribe link.
 */
export function brokenLinkPage(listName: string, path: string, error: TokenError) {
  const reason = asSentence(error.message);
  if (path === '/unsubscribe') {
    return page(error.status, {
      listName,
      heading: 'This link does not work',
      paragraphs: [
        reason,
        'To unsubscribe, open the unsubscribe link at the foot of any issue, exactly as it is in the email.',
      ],
    });
  }
  return page(error.status, {
    listName,
    heading: 'This link does not work',
    paragraphs: [
      reason,
      'If the link in the email does not work either, sign up again for a new one.',
    ],
    link: SIGN_UP_AGAIN,
  });
}

function subscribedPage(listName: string, outcome: 'confirmed' | 'already-active') {
  return page(200, {
    listName,
    heading: outcome === 'confirmed' ? 'You are subscribed' : 'You are already subscribed',
    paragraphs: [
      `Thank you. ${listName} will reach you from the next issue on.`,
      'Every issue has a link to unsubscribe with one click.',
    ],
  });
}

/**
 * The page for a link whose address gets nothing, whatever is clicked: suppressed, or erased
 * (no record, only the mark that keeps it out). Undefined for any other.
 */
async function unreachablePage(
  context: RouteContext,
  subscriberId: string,
  current: Subscriber | undefined,
  status: number,
): Promise<HttpResponse | undefined> {
  const listName = context.config.listName;
  if (current?.status === 'suppressed') return suppressedPage(listName, current, status);
  if (!current && (await context.subscribers.erasedAt(subscriberId))) {
    return erasedPage(listName, status);
  }
  return undefined;
}

/**
 * The address of this link is suppressed: its mail bounced or was marked as spam, so nothing is
 * sent to it and a new sign-up with it changes nothing. Only the holder of a genuine link (mailed
 * to the address) is told why; the sign-up form's answer says the same to everyone.
 */
function suppressedPage(listName: string, subscriber: Subscriber, status: number) {
  const reason = subscriber.reason ?? '';
  const why = reason.startsWith('complaint:')
    ? `An email from ${listName} to this address was marked as spam`
    : reason.startsWith('bounce:')
      ? `Mail from ${listName} to this address bounced`
      : `Mail from ${listName} to this address bounced or was marked as spam`;
  return page(status, {
    listName,
    heading: 'We cannot send to this address',
    paragraphs: [
      `${why}, so we stopped sending to it.`,
      `Signing up again with this address will not change that. To receive ${listName}, sign up with another address.`,
    ],
    link: { href: SIGN_UP_HREF, label: 'Sign up with another address' },
  });
}

/**
 * The address of this link was erased (`subscribers remove`): only a mark that stops it being
 * added again is kept, so a new sign-up with it is ignored, and "sign up again" would not work.
 */
function erasedPage(listName: string, status: number) {
  return page(status, {
    listName,
    heading: 'This address was erased',
    paragraphs: [
      `${listName} deleted what it held about this address, keeping only a mark that stops it being added again: nothing is sent to it, and signing up again with it changes nothing.`,
      `To receive ${listName}, sign up with another address.`,
    ],
    link: { href: SIGN_UP_HREF, label: 'Sign up with another address' },
  });
}

/** A confirm link of an earlier sign-up of an address signed up again since: it confirms nothing. */
function earlierSignUpPage(listName: string) {
  return page(410, {
    listName,
    heading: 'This link is from an earlier sign-up',
    paragraphs: [
      `Nothing was changed. Open the link in the latest confirmation email from ${listName}, or sign up again for a new one.`,
    ],
    link: SIGN_UP_AGAIN,
  });
}

function notPendingPage(listName: string) {
  return page(410, {
    listName,
    heading: 'This link can no longer be used',
    paragraphs: ['Nothing was changed. To subscribe, sign up again.'],
    link: SIGN_UP_AGAIN,
  });
}

/**
 * GET /unsubscribe?token=…: a page with a button that POSTs to the same URL. A GET never
 * unsubscribes, because mail scanners and link previews follow links.
 */
export async function showUnsubscribe(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const { subscriberId, token } = tokenOf(context, request, 'unsubscribe');
  const current = await context.subscribers.get(subscriberId);
  const unreachable = await unreachablePage(context, subscriberId, current, 200);
  if (unreachable) return unreachable;
  if (current?.status !== 'active' && current?.status !== 'pending') {
    return page(200, {
      listName,
      heading: 'You are not subscribed',
      paragraphs: [`${listName} is not sent to this address.`],
      link: { href: SIGN_UP_HREF, label: `Subscribe to ${listName}` },
    });
  }
  return page(200, {
    listName,
    heading: `Unsubscribe from ${listName}?`,
    paragraphs: ['You will not receive any further issues.'],
    // Relative, so the form posts back to this same URL wherever the API is mounted.
    form: {
      action: `?token=${token}`,
      fields: { 'List-Unsubscribe': 'One-Click' },
      label: 'Unsubscribe',
    },
  });
}

/**
 * POST /unsubscribe?token=… with `List-Unsubscribe=One-Click` or with no body: unsubscribes at
 * once, needs no cookie, never redirects, answers 200 every time it is repeated.
 */
export async function handleUnsubscribe(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const { subscriberId } = tokenOf(context, request, 'unsubscribe');
  await requireOneClickBody(request);
  const now = context.clock.now();
  let before: Subscriber | undefined;
  const { outcome } = await updateSubscriber(context.subscribers, subscriberId, (current) => {
    before = current;
    return unsubscribe(current, now, ONE_CLICK_REASON);
  });
  context.logger.info('unsubscribe', { outcome, subscriberId });
  // A suppressed address stays so, which already means no more mail; "subscribe again" would
  // not work, nor for an erased one.
  const unreachable = await unreachablePage(context, subscriberId, before, 200);
  if (unreachable) return unreachable;
  return page(200, {
    listName,
    heading: 'You are unsubscribed',
    paragraphs: [`${listName} will not be sent to this address again.`],
    link: { href: SIGN_UP_HREF, label: 'Subscribe again' },
  });
}

const ONE_CLICK = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

/**
 * The body of a one-click POST: empty (some mail clients POST the link with nothing), or
 * `List-Unsubscribe=One-Click` whatever it is labelled. RFC 8058 asks for multipart/form-data or
 * urlencoded, but the token in the URL is what authorises (a POST is never a link scanner's: they
 * GET), and mailbox providers' clients vary: the pair is read as urlencoded text under any other
 * Content-Type or none (multipart/form-data too, when the body is not multipart), and as
 * `{"List-Unsubscribe": "One-Click"}` from a JSON object under any Content-Type or none. A body
 * that says something else, or a broken one, is refused with 400 saying what to send.
 */
async function requireOneClickBody(request: HttpRequest): Promise<void> {
  const text = ONE_CLICK_DECODER.decode(request.body).trim();
  if (text === '') return;
  const expected = `must be ${ONE_CLICK.name}=${ONE_CLICK.value} (RFC 8058) or empty`;
  let values: readonly string[];
  try {
    // A JSON object whatever its label: fetch sends a string body as text/plain.
    values = text.startsWith('{')
      ? [oneClickJsonValue(text)]
      : await oneClickFormValues(request, text);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError('body', `${error.reason}; it ${expected}`, { cause: error });
  }
  // Trimmed: a mail provider that ends its one-click body with a line break still unsubscribes.
  if (!values.some((value) => value.trim() === ONE_CLICK.value)) {
    throw new ValidationError('body', expected);
  }
}

const ONE_CLICK_DECODER = new TextDecoder('utf-8');

/**
 * The one-click field of a form body. A body labelled multipart/form-data that is not multipart
 * (`curl -H 'Content-Type: multipart/form-data' -d List-Unsubscribe=One-Click` sends that) is read
 * as the urlencoded text it is, as under any other label; one that is neither stays refused.
 */
async function oneClickFormValues(request: HttpRequest, text: string): Promise<readonly string[]> {
  try {
    return (await readFormFields(request)).get(ONE_CLICK.name) ?? [];
  } catch (error) {
    const pair = new URLSearchParams(text).getAll(ONE_CLICK.name);
    if (pair.length > 0) return pair;
    throw error;
  }
}

/** The one-click field of a JSON object body, or '' when it has none that is a string. */
function oneClickJsonValue(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('body', 'is not valid JSON', { cause: error });
  }
  const field = (value as Record<string, unknown> | null)?.[ONE_CLICK.name];
  return typeof field === 'string' ? field : '';
}

/** The form field the confirm page's POST must carry. */
async function requireFormField(
  request: HttpRequest,
  field: { readonly name: string; readonly value: string },
  problem: string,
): Promise<void> {
  const invalid = new ValidationError('body', `${problem}, as a urlencoded or multipart form`);
  if (!FORM_TYPES.includes(mediaTypeOf(request))) throw invalid;
  const values = (await readFormFields(request)).get(field.name) ?? [];
  // Trimmed: a mail provider that ends its one-click body with a line break still unsubscribes.
  if (!values.some((value) => value.trim() === field.value)) throw invalid;
}
