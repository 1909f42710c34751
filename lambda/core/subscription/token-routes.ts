/**
 * The routes reached from links in emails: confirm (double opt-in) and unsubscribe (RFC 8058).
 * A token that is malformed, forged, for the other purpose or another list, or expired is
 * refused before anything is read or written.
 */
import { TokenError, ValidationError } from '../errors';
import { type TokenPurpose, verifyToken } from '../tokens';
import type { HttpRequest, HttpResponse } from './http';
import { confirm, unsubscribe } from './lifecycle';
import { FORM_TYPES, mediaTypeOf, readFormFields } from './request-body';
import { page } from './responses';
import type { RouteContext } from './subscription-api';
import { updateSubscriber } from './update-subscriber';

/** Why a one-click unsubscribe left: the reason kept on the record. */
export const ONE_CLICK_REASON = 'one-click';

function tokenOf(
  context: RouteContext,
  request: HttpRequest,
  purpose: TokenPurpose,
): { subscriberId: string; token: string } {
  const tokens = request.query.getAll('token');
  if (tokens.length !== 1) {
    throw new TokenError('malformed', 'is missing: open the link exactly as it is in the email');
  }
  const token = tokens[0] as string;
  const check = { purpose, list: context.config.listId, now: context.clock.now() };
  return { ...verifyToken(token, check, context.secret), token };
}

/** GET /confirm?token=…: a pending sign-up younger than 48 h becomes active. */
export async function handleConfirm(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const { subscriberId } = tokenOf(context, request, 'confirm');
  const now = context.clock.now();
  const { outcome } = await updateSubscriber(context.subscribers, subscriberId, (current) =>
    confirm(current, now),
  );
  context.logger.info('confirm', { outcome, subscriberId });
  switch (outcome) {
    case 'confirmed':
    case 'already-active':
      return page(200, {
        listName,
        heading: outcome === 'confirmed' ? 'You are subscribed' : 'You are already subscribed',
        paragraphs: [
          `Thank you. ${listName} will reach you from the next issue on.`,
          'Every issue has a link to unsubscribe with one click.',
        ],
      });
    case 'expired':
      return page(403, {
        listName,
        heading: 'This link has expired',
        paragraphs: ['Confirmation links work for 48 hours. Sign up again for a new one.'],
      });
    case 'not-pending':
      return page(410, {
        listName,
        heading: 'This link can no longer be used',
        paragraphs: ['Nothing was changed. To subscribe, sign up again.'],
      });
  }
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
  if (current?.status !== 'active' && current?.status !== 'pending') {
    return page(200, {
      listName,
      heading: 'You are not subscribed',
      paragraphs: [`${listName} is not sent to this address.`],
    });
  }
  return page(200, {
    listName,
    heading: `Unsubscribe from ${listName}?`,
    paragraphs: ['You will not receive any further issues.'],
    // Relative, so the form posts back to this same URL wherever the API is mounted.
    unsubscribeButton: { action: `?token=${token}`, label: 'Unsubscribe' },
  });
}

/**
 * POST /unsubscribe?token=… with `List-Unsubscribe=One-Click` (urlencoded or multipart, RFC
 * 8058; the page's button sends the same): unsubscribes at once, needs no cookie, never
 * redirects, answers 200 every time it is repeated.
 */
export async function handleUnsubscribe(
  context: RouteContext,
  request: HttpRequest,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  const { subscriberId } = tokenOf(context, request, 'unsubscribe');
  await requireOneClickBody(request);
  const now = context.clock.now();
  const { outcome } = await updateSubscriber(context.subscribers, subscriberId, (current) =>
    unsubscribe(current, now, ONE_CLICK_REASON),
  );
  context.logger.info('unsubscribe', { outcome, subscriberId });
  return page(200, {
    listName,
    heading: 'You are unsubscribed',
    paragraphs: [`${listName} will not be sent to this address again.`],
  });
}

async function requireOneClickBody(request: HttpRequest): Promise<void> {
  const invalid = new ValidationError(
    'body',
    'must be List-Unsubscribe=One-Click, as a urlencoded or multipart form',
  );
  if (!FORM_TYPES.includes(mediaTypeOf(request))) throw invalid;
  const values = (await readFormFields(request)).get('List-Unsubscribe') ?? [];
  if (!values.includes('One-Click')) throw invalid;
}
