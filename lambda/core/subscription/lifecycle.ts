/**
 * How a subscriber's record changes, as pure functions of the current record: sign-up, double
 * opt-in confirmation, unsubscribe, and what SES reports (bounces, complaints, deliveries).
 * Each returns the next record, or none when nothing changes, and a word for the log.
 */
import type { Consent, Subscriber } from '../model';

/** A sign-up left unconfirmed this long is void: the link expires and a new sign-up starts over. */
export const PENDING_TTL_MS = 48 * 60 * 60 * 1000;

/** Consecutive transient bounces after which an address is suppressed. */
export const TRANSIENT_BOUNCE_LIMIT = 3;

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
  /** Still pending: consent refreshed, send the confirmation again. */
  | 'resent'
  /** Pending for more than 48 h: started over with the new consent. */
  | 'restarted'
  /** Had unsubscribed and asked again: pending with the new consent. */
  | 'resubscribed'
  /** Already active: nothing changes and nothing is sent. */
  | 'already-active'
  /** Bounced or complained: stays suppressed, nothing is sent. */
  | 'suppressed';

export function isPendingExpired(subscriber: Subscriber, now: number): boolean {
  return now >= Date.parse(subscriber.consent.at) + PENDING_TTL_MS;
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
      return { next: pending, outcome: 'resubscribed' };
    case 'pending':
      return { next: pending, outcome: isPendingExpired(current, now) ? 'restarted' : 'resent' };
  }
}

export type ConfirmOutcome = 'confirmed' | 'already-active' | 'expired' | 'not-pending';

/** Double opt-in: a pending sign-up younger than 48 h becomes active. */
export function confirm(current: Subscriber | undefined, now: number): Transition<ConfirmOutcome> {
  if (current?.status === 'active') return { outcome: 'already-active' };
  if (current?.status !== 'pending') return { outcome: 'not-pending' };
  if (isPendingExpired(current, now)) return { outcome: 'expired' };
  const at = new Date(now).toISOString();
  return {
    next: {
      ...current,
      status: 'active',
      consent: { ...current.consent, confirmedAt: at },
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
  | { readonly kind: 'transient-bounce'; readonly detail: string; readonly at: string }
  | { readonly kind: 'complaint'; readonly detail: string; readonly at: string }
  | { readonly kind: 'delivery'; readonly at: string };

export type MailEventOutcome =
  | 'suppressed'
  | 'counted'
  | 'reset'
  | 'already-suppressed'
  | 'unchanged'
  | 'unknown';

/**
 * A permanent bounce or a complaint suppresses the address for good, whatever its status (an
 * unsubscribed address that bounces must not come back by signing up again). Transient bounces
 * are counted and suppress after three in a row; a delivery ends the run.
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
  if (event.kind === 'delivery') {
    if (current.bounces === 0) return { outcome: 'unchanged' };
    return { next: { ...current, bounces: 0, updatedAt }, outcome: 'reset' };
  }
  if (current.status === 'suppressed') return { outcome: 'already-suppressed' };
  switch (event.kind) {
    case 'permanent-bounce':
      return suppress(`bounce:${event.detail}`);
    case 'complaint':
      return suppress(`complaint:${event.detail}`);
    case 'transient-bounce': {
      if (current.status === 'unsubscribed') return { outcome: 'unchanged' };
      const bounces = current.bounces + 1;
      if (bounces >= TRANSIENT_BOUNCE_LIMIT) {
        return {
          next: {
            ...current,
            status: 'suppressed',
            bounces,
            reason: `bounce:${event.detail} (${bounces} in a row)`,
            reasonAt: event.at,
            updatedAt,
          },
          outcome: 'suppressed',
        };
      }
      return { next: { ...current, bounces, updatedAt }, outcome: 'counted' };
    }
  }
}
