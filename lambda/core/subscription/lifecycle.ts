/**
 * How a subscriber's record changes, as pure functions of the current record: sign-up, double
 * opt-in confirmation, unsubscribe, and what SES reports (bounces, complaints, deliveries).
 * Each returns the next record, or none when nothing changes, and a word for the log.
 */
import type { Consent, Subscriber } from '../model';

/** A sign-up left unconfirmed this long is void: the link expires and a new sign-up starts over. */
export const PENDING_TTL_MS = 48 * 60 * 60 * 1000;

/**
 * A pending address is sent no second confirmation this soon after one: a form submitted twice,
 * two tabs, or a script re-sending it make one email, and the first link still works.
 */
export const CONFIRMATION_RESEND_AFTER_MS = 10 * 60 * 1000;

/** Consecutive transient bounces after which an address is suppressed. */
const TRANSIENT_BOUNCE_LIMIT = 3;

export interface Transition<Outcome extends string> {
  /** The record to write; undefined when nothing changes. */
  readonly next?: Subscriber;
  readonly outcome: Outcome;
}

export interface SignUp {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly consent: Consent;
}

export type SubscribeOutcome =
  /** A new pending subscriber: send the confirmation. */
  | 'created'
  /**
   * Still pending: send the confirmation again, noting when on the record but keeping the rest
   * as it is. The first consent (and name) stand until someone confirms, so a third party
   * re-submitting the address cannot overwrite them.
   */
  | 'resent'
  /** Still pending, and sent a confirmation less than CONFIRMATION_RESEND_AFTER_MS ago: nothing. */
  | 'recently-sent'
  /** Pending for more than 48 h: started over with the new consent. */
  | 'restarted'
  /** Had unsubscribed and asked again: pending with the new consent. */
  | 'resubscribed'
  /**
   * Unsubscribed after this sign-up was made (it waited in the queue meanwhile): the later choice
   * stands, nothing changes and nothing is sent.
   */
  | 'unsubscribed-since'
  /** Already active: nothing changes and nothing is sent. */
  | 'already-active'
  /** Bounced or complained: stays suppressed, nothing is sent. */
  | 'suppressed';

/** The outcomes after which a confirmation email goes out. */
export const CONFIRMATION_OUTCOMES: ReadonlySet<SubscribeOutcome> = new Set([
  'created',
  'resent',
  'restarted',
  'resubscribed',
]);

/**
 * Whether a confirm link of this expiry was sent for this pending sign-up. A link of an earlier
 * sign-up of the address (before it unsubscribed and was signed up again, by the person or by
 * anyone who knows the address) ends earlier: it was consent to that one, not to this.
 */
export function isLinkOf(pending: Subscriber, linkExpiresAt: number | undefined): boolean {
  return linkExpiresAt === pendingDeadline(pending);
}

export function isPendingExpired(subscriber: Subscriber, now: number): boolean {
  return now >= pendingDeadline(subscriber);
}

/** When a pending sign-up's confirmation link stops working: 48 h after its consent. */
export function pendingDeadline(subscriber: Pick<Subscriber, 'consent'>): number {
  return Date.parse(subscriber.consent.at) + PENDING_TTL_MS;
}

/**
 * A sign-up for an address in any state. The answer to the person is the same whatever happens
 * here; only `outcome` (logged by id) says which case it was.
 */
export function subscribe(
  current: Subscriber | undefined,
  signUp: SignUp,
  now: number,
): Transition<SubscribeOutcome> {
  const at = new Date(now).toISOString();
  const pending: Subscriber = {
    id: signUp.id,
    email: signUp.email,
    name: signUp.name,
    status: 'pending',
    consent: signUp.consent,
    bounces: current?.bounces ?? 0,
    expiresAt: new Date(pendingDeadline(signUp)).toISOString(),
    confirmationSentAt: at,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
  };
  if (!current) return { next: pending, outcome: 'created' };
  switch (current.status) {
    case 'active':
      return { outcome: 'already-active' };
    case 'suppressed':
      return { outcome: 'suppressed' };
    case 'unsubscribed':
      return Date.parse(current.reasonAt ?? '') > Date.parse(signUp.consent.at)
        ? { outcome: 'unsubscribed-since' }
        : { next: pending, outcome: 'resubscribed' };
    case 'pending':
      if (isPendingExpired(current, now)) return { next: pending, outcome: 'restarted' };
      // Written even when nothing else changes: two senders racing on one address conflict on
      // it, and the second finds the first's mark.
      return now - Date.parse(current.confirmationSentAt ?? '') < CONFIRMATION_RESEND_AFTER_MS
        ? { outcome: 'recently-sent' }
        : { next: { ...current, confirmationSentAt: at, updatedAt: at }, outcome: 'resent' };
  }
}

export type ConfirmOutcome =
  | 'confirmed'
  | 'already-active'
  | 'expired'
  | 'not-pending'
  /** The link was sent for an earlier sign-up of the address, not for the pending one. */
  | 'earlier-sign-up';

/** The client that POSTed a confirmation, for the consent record. */
export interface ConfirmingClient {
  readonly ip: string;
  readonly userAgent?: string;
}

/**
 * Double opt-in: a pending sign-up younger than 48 h becomes active, by the link sent for it (its
 * expiry is the sign-up's deadline). The consent record gets the time and client of the
 * confirmation; the record no longer expires.
 */
export function confirm(
  current: Subscriber | undefined,
  now: number,
  client: ConfirmingClient,
  linkExpiresAt: number | undefined,
): Transition<ConfirmOutcome> {
  if (current?.status === 'active') return { outcome: 'already-active' };
  if (current?.status !== 'pending') return { outcome: 'not-pending' };
  if (isPendingExpired(current, now)) return { outcome: 'expired' };
  if (!isLinkOf(current, linkExpiresAt)) return { outcome: 'earlier-sign-up' };
  const at = new Date(now).toISOString();
  const { expiresAt: _expires, confirmationSentAt: _sent, ...kept } = current;
  return {
    next: {
      ...kept,
      status: 'active',
      consent: {
        ...current.consent,
        confirmedAt: at,
        confirmedIp: client.ip,
        ...(client.userAgent ? { confirmedUserAgent: client.userAgent } : {}),
      },
      updatedAt: at,
    },
    outcome: 'confirmed',
  };
}

export type UnsubscribeOutcome = 'unsubscribed' | 'already-unsubscribed' | 'unknown';

/** Opt-out: active and pending subscribers leave; suppressed ones stay suppressed. */
export function unsubscribe(
  current: Subscriber | undefined,
  now: number,
  reason: string,
): Transition<UnsubscribeOutcome> {
  if (!current) return { outcome: 'unknown' };
  if (current.status !== 'active' && current.status !== 'pending') {
    return { outcome: 'already-unsubscribed' };
  }
  const at = new Date(now).toISOString();
  return {
    next: { ...current, status: 'unsubscribed', reason, reasonAt: at, updatedAt: at },
    outcome: 'unsubscribed',
  };
}

/** What SES said happened to a message to this subscriber. */
export type MailEvent =
  | { readonly kind: 'permanent-bounce'; readonly detail: string; readonly at: string }
  | {
      readonly kind: 'transient-bounce';
      readonly detail: string;
      readonly at: string;
      /** SES's id of this bounce: the same bounce delivered twice by SNS is counted once. */
      readonly feedbackId?: string;
      /** SES's id of the message that bounced. */
      readonly messageId?: string;
    }
  | { readonly kind: 'complaint'; readonly detail: string; readonly at: string }
  | { readonly kind: 'delivery'; readonly at: string; readonly messageId?: string };

export type MailEventOutcome =
  | 'suppressed'
  | 'counted'
  | 'reset'
  | 'already-suppressed'
  | 'unchanged'
  /** A transient bounce already counted (SNS delivers at least once). */
  | 'duplicate'
  /**
   * Older than what the count already holds: a delivery before the latest bounce counted, or a
   * bounce before the delivery that reset the count.
   */
  | 'stale'
  | 'unknown';

/**
 * A permanent bounce or a complaint suppresses the address for good, whatever its status (an
 * unsubscribed address that bounces must not come back by signing up again). Transient bounces
 * are counted and suppress after three in a row, each once by its feedback id; a delivery ends
 * the run. Both go by when they happened (`bounceCountAt`), not by when SNS brings them.
 */
export function recordMailEvent(
  current: Subscriber | undefined,
  event: MailEvent,
  now: number,
): Transition<MailEventOutcome> {
  if (!current) return { outcome: 'unknown' };
  const updatedAt = new Date(now).toISOString();
  const suppress = (reason: string): Transition<MailEventOutcome> => ({
    next: { ...current, status: 'suppressed', reason, reasonAt: event.at, updatedAt },
    outcome: 'suppressed',
  });
  // NaN (a record from before bounceCountAt, or no time) compares false: nothing is stale.
  const countedAt = Date.parse(current.bounceCountAt ?? '');
  if (event.kind === 'delivery') {
    const { lastReset, ...kept } = current;
    // The message an address's server accepted and bounced afterwards is delivered before it
    // bounces: its delivery, brought after the bounce, must not undo it.
    const stale = Date.parse(event.at) <= countedAt;
    if (current.bounces === 0) {
      // Another message got through since the last reset: a bounce of the message that reset
      // the count can no longer undo it. Only a record that holds such a reset is written.
      if (!lastReset || lastReset.messageId === event.messageId || stale) {
        return { outcome: 'unchanged' };
      }
      return { next: { ...kept, bounceCountAt: event.at, updatedAt }, outcome: 'reset' };
    }
    if (stale) return { outcome: 'stale' };
    // The counted bounces' ids stay: SNS may deliver one of them again after this delivery.
    return {
      next: {
        ...kept,
        bounces: 0,
        bounceCountAt: event.at,
        ...(event.messageId
          ? { lastReset: { messageId: event.messageId, bounces: current.bounces } }
          : {}),
        updatedAt,
      },
      outcome: 'reset',
    };
  }
  if (current.status === 'suppressed') return { outcome: 'already-suppressed' };
  switch (event.kind) {
    case 'permanent-bounce':
      return suppress(`bounce:${event.detail}`);
    case 'complaint':
      return suppress(`complaint:${event.detail}`);
    case 'transient-bounce': {
      if (current.status === 'unsubscribed') return { outcome: 'unchanged' };
      const counted = current.bounceFeedbackIds ?? [];
      if (event.feedbackId !== undefined && counted.includes(event.feedbackId)) {
        return { outcome: 'duplicate' };
      }
      const { lastReset, ...kept } = current;
      // The message whose delivery reset the count bounced after all: the reset is undone.
      const undone = event.messageId !== undefined && lastReset?.messageId === event.messageId;
      const bouncedAt = Date.parse(event.at);
      if (!undone && current.bounces === 0 && bouncedAt < countedAt) return { outcome: 'stale' };
      const bounces = current.bounces + 1 + (undone ? lastReset.bounces : 0);
      const base = undone ? kept : current;
      const bounceCountAt = bouncedAt < countedAt ? current.bounceCountAt : event.at;
      const bounceFeedbackIds =
        event.feedbackId === undefined
          ? counted
          : [...counted, event.feedbackId].slice(-TRANSIENT_BOUNCE_LIMIT);
      if (bounces >= TRANSIENT_BOUNCE_LIMIT) {
        return {
          next: {
            ...base,
            status: 'suppressed',
            bounces,
            bounceFeedbackIds,
            bounceCountAt,
            reason: `bounce:${event.detail} (${bounces} in a row)`,
            reasonAt: event.at,
            updatedAt,
          },
          outcome: 'suppressed',
        };
      }
      return {
        next: { ...base, bounces, bounceFeedbackIds, bounceCountAt, updatedAt },
        outcome: 'counted',
      };
    }
  }
}
