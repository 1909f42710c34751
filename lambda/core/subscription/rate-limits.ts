import { createHmac } from 'node:crypto';
import { mailboxOf } from '../subscribers/email-address';
import type { TokenSecret } from '../tokens';

export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface SubscribeLimits {
  /** Sign-up requests from one client address (an IPv6 client counts by its /64). */
  readonly perClient: RateLimit;
  /**
   * Sign-ups naming one mailbox (every spelling of it: case, `+tag`, Gmail's dots), which is
   * what a confirmation email is sent to.
   */
  readonly perAddress: RateLimit;
}

/** Confirmation emails per hour from the whole list, whoever asks: past it, none are sent. */
export const DEFAULT_CONFIRMATIONS_PER_HOUR = 200;
export const CONFIRMATION_CAP_WINDOW_MS = 60 * 60 * 1000;

/** The metric (of the confirmation-sender function) that counts sign-ups the cap left unsent. */
export const CONFIRMATION_CAP_METRIC = 'ConfirmationCapReached';

/** The counter key of the list-wide confirmation cap. */
export const CONFIRMATION_CAP_KEY = 'confirmations';

/**
 * Generous for people (a household behind one address, a typo corrected twice), tight for a
 * script: an address gets at most three confirmation emails an hour, however many clients ask.
 */
export const DEFAULT_SUBSCRIBE_LIMITS: SubscribeLimits = {
  perClient: { limit: 10, windowMs: 10 * 60 * 1000 },
  perAddress: { limit: 3, windowMs: 60 * 60 * 1000 },
};

/** The counter key for a client: a keyed hash, so the table never holds an IP address. */
export function clientRateKey(sourceIp: string, secret: TokenSecret): string {
  return `client:${keyedHash(clientNetwork(sourceIp), secret)}`;
}

/** The counter key for sign-ups naming one mailbox: a keyed hash of mailboxOf(address). */
export function mailboxRateKey(normalisedEmail: string, secret: TokenSecret): string {
  return `mailbox:${keyedHash(mailboxOf(normalisedEmail), secret)}`;
}

function keyedHash(value: string, secret: TokenSecret): string {
  return createHmac('sha256', secret)
    .update(`rate-limit\0${value}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * What one client controls: an IPv4 address, or the /64 of an IPv6 address (a single host is
 * usually given a whole /64, so counting by address would let it rotate through 2^64 of them).
 */
export function clientNetwork(sourceIp: string): string {
  const ip = sourceIp.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}
