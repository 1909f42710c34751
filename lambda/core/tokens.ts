import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenError, ValidationError } from './errors';

/** What a token lets its holder do. A token of one purpose never verifies as the other. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

/** Each purpose's link as the emails name it, for what a refused link's page says. */
const LINK_NAMES: Readonly<Record<TokenPurpose, string>> = {
  confirm: 'confirmation',
  unsubscribe: 'unsubscribe',
};

/** The HMAC key: the list's secret (Secrets Manager in AWS, the data folder locally). */
export type TokenSecret = string | Uint8Array;

export interface TokenClaims {
  readonly purpose: TokenPurpose;
  readonly subscriberId: string;
  /** The list's id (config.listId): a token issued for one list is refused by another. */
  readonly list: string;
  /**
   * Epoch milliseconds after which the token is refused. Unsubscribe tokens leave it out: an
   * opt-out link must keep working (CAN-SPAM), however old the email.
   */
  readonly expiresAt?: number;
}

export interface TokenCheck {
  readonly purpose: TokenPurpose;
  readonly list: string;
  /** Epoch milliseconds. */
  readonly now: number;
}

const SUBSCRIBER_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** `<subscriberId>[.<expiresAt, base 36>].<HMAC-SHA256, base64url>`: URL-safe as it stands. */
const TOKEN = /^([A-Za-z0-9_-]{1,128})(?:\.([0-9a-z]{1,11}))?\.([A-Za-z0-9_-]{43})$/;
const DOMAIN = 'newsletter-token/v1';

/**
 * The purpose and list are signed but not carried: the verifier supplies what it expects, so a
 * token used for another purpose or list fails exactly like a forged one.
 */
function sign(
  purpose: TokenPurpose,
  list: string,
  subscriberId: string,
  expires: string,
  secret: TokenSecret,
): string {
  return createHmac('sha256', secret)
    .update(`${DOMAIN}\0${purpose}\0${list}\0${subscriberId}\0${expires}`)
    .digest('base64url');
}

/** A compact, URL-safe, HMAC-SHA256 token bound to its purpose, subscriber and list. */
export function createToken(claims: TokenClaims, secret: TokenSecret): string {
  if (!SUBSCRIBER_ID.test(claims.subscriberId)) {
    throw new ValidationError(
      'subscriberId',
      'must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -',
    );
  }
  const { expiresAt } = claims;
  if (expiresAt !== undefined && !(Number.isSafeInteger(expiresAt) && expiresAt > 0)) {
    throw new ValidationError('expiresAt', 'must be a positive whole number of epoch milliseconds');
  }
  const expires = expiresAt === undefined ? '' : expiresAt.toString(36);
  const mac = sign(claims.purpose, claims.list, claims.subscriberId, expires, secret);
  return expires === ''
    ? `${claims.subscriberId}.${mac}`
    : `${claims.subscriberId}.${expires}.${mac}`;
}

/** A character a token can hold. */
const TOKEN_CHARACTER = /[A-Za-z0-9_-]/;
/**
 * Where a client wrapped a long link: a line break (with a quoted-printable soft break's "=",
 * which stays when a browser drops the line break of a link pasted into it), or an invisible
 * break point it put in (soft hyphen, zero width space, word joiner).
 */
const WRAP = /[=\s\u00ad\u200b\u2060]+/g;

/**
 * The token in a link as a mail client may have changed it: wrapped (over lines, or at invisible
 * break points), or with the punctuation after it taken into the link ('.', ')', '>', '"', ',',
 * a stray '=' or a space). None of those characters can be part of a token, so nothing genuine
 * is lost and the signature still decides; a token cut short, re-cased or otherwise changed is
 * left for verifyToken to refuse. Linear in the length of what was sent (a long query string
 * costs no more).
 */
export function tokenFromLink(raw: string): string {
  const unwrapped = raw.replace(WRAP, '');
  let start = 0;
  let end = unwrapped.length;
  while (start < end && !TOKEN_CHARACTER.test(unwrapped.charAt(start))) start++;
  while (end > start && !TOKEN_CHARACTER.test(unwrapped.charAt(end - 1))) end--;
  return unwrapped.slice(start, end);
}

/** How quoted-printable writes the "=" before a link's token: "?token=3D…" in an email's source. */
const QP_EQUALS = '3D';

/**
 * The token of a link as it reached us (see tokenFromLink), checked (see verifyToken), with the
 * token as it verified. A link copied from an email's source (quoted-printable) has its "="
 * written "=3D", so its token comes with "3D" before it: refused as it stands, it is checked
 * again without them. The signature decides, so a genuine token that starts with "3D" is read
 * as it is.
 */
export function verifyLinkToken(
  raw: string,
  check: TokenCheck,
  secret: TokenSecret,
): { subscriberId: string; expiresAt?: number; token: string } {
  const token = tokenFromLink(raw);
  try {
    return { ...verifyToken(token, check, secret), token };
  } catch (error) {
    if (!(error instanceof TokenError) || error.problem === 'expired') throw error;
    if (!token.startsWith(QP_EQUALS)) throw error;
    const unescaped = token.slice(QP_EQUALS.length);
    return { ...verifyToken(unescaped, check, secret), token: unescaped };
  }
}

/**
 * Checks a token against what the caller expects (purpose, list) and the time. The signature is
 * compared in constant time, and only a genuine token is told that it has expired.
 */
export function verifyToken(
  token: unknown,
  check: TokenCheck,
  secret: TokenSecret,
): { subscriberId: string; expiresAt?: number } {
  const match = typeof token === 'string' ? TOKEN.exec(token) : null;
  if (!match) {
    throw new TokenError(
      'malformed',
      'This link is cut short or was changed on its way to you: copy the whole link from the email',
    );
  }
  const [, subscriberId = '', expires = '', mac = ''] = match;
  const expected = sign(check.purpose, check.list, subscriberId, expires, secret);
  if (!timingSafeEqual(Buffer.from(mac, 'latin1'), Buffer.from(expected, 'latin1'))) {
    throw new TokenError(
      'forged',
      `This is not a working ${LINK_NAMES[check.purpose]} link of this list: part of it was changed on its way to you, or it is another kind of link`,
    );
  }
  if (expires === '') return { subscriberId };
  const expiresAt = Number.parseInt(expires, 36);
  if (check.now >= expiresAt) {
    throw new TokenError(
      'expired',
      `This ${LINK_NAMES[check.purpose]} link expired at ${new Date(expiresAt).toISOString()}: ask for a new ${LINK_NAMES[check.purpose]} email`,
      { subscriberId },
    );
  }
  return { subscriberId, expiresAt };
}
