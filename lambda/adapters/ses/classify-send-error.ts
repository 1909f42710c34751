/**
 * Turns whatever SendRawEmail threw into a SendFailure whose kind decides what the deliverer does
 * next. SES's own messages can quote addresses ("… failed the check: bob@example.com"), so the
 * result carries a redacted message and no `cause`: it is safe to log as it is.
 */
import { trimEnds } from '../../core/article/words';
import { QUOTA_USED_UP } from '../../core/delivery/deliver-batch';
import type { OutgoingMessage, SendFailureKind } from '../../core/ports';
import { SendFailure } from '../../core/ports';

/** SES's words when the account's 24-hour quota (Max24HourSend) is spent. */
const DAILY_QUOTA = /daily message quota exceeded/i;

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

/** The message itself is unacceptable: sending it again cannot help. */
const REJECTED = new Set([
  'MessageRejected',
  'InvalidParameterValue',
  'InvalidParameterValueException',
]);

/**
 * Nothing can be sent until an operator acts (account or configuration set paused, MAIL FROM
 * domain misconfigured, credentials refused): failing each recipient for good would ruin the
 * issue, so these stop the run and leave the rest pending, like an exhausted quota.
 */
const STOP_THE_RUN = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'ConfigurationSetDoesNotExistException',
  'MailFromDomainNotVerifiedException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'UnrecognizedClientException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

/**
 * Client errors of the request, not of the message: the same message sent again, signed anew,
 * goes through (a request held up past its signature's 5 minutes by a stalled process, HTTP 408).
 */
const REQUEST_EXPIRED = new Set(['RequestExpired', 'RequestTimeout']);

/**
 * SES answers MessageRejected for the account as well as for one message: a paused or suspended
 * account ("Sending paused for this account. …"), a configuration set that is gone. Every
 * recipient would get the same answer, so these stop the run like STOP_THE_RUN.
 */
const ACCOUNT_REJECTION =
  /sending (?:paused|suspended) for this account|configuration set \S+ does not exist/i;

/** "Email address is not verified. The following identities failed the check in region R: a, b" */
const NOT_VERIFIED = /email address is not verified/i;

/**
 * Whether an "is not verified" rejection is the account's: the From identity not verified (a
 * domain whose DKIM is still pending, an identity deleted) fails every recipient alike. Only a
 * sandboxed account's rejection of the recipient's own address, with no other identity named,
 * is this recipient's.
 */
function unverifiedSender(text: string, to: string): boolean {
  const lower = text.toLowerCase();
  const list = lower.indexOf('failed the check in region ');
  const colon = list < 0 ? -1 : lower.indexOf(':', list);
  // Each identity is an address, alone or as "Name <address>"; SES ends a cut list with "...".
  const named = (colon < 0 ? '' : lower.slice(colon + 1))
    .split(/[\s,<>]+/)
    .filter((token) => token.includes('@'))
    .map((address) => trimEnds(address, /\./));
  const recipient = to.toLowerCase();
  return named.length === 0 || named.some((address) => address !== recipient);
}

const CONSEQUENCE: Record<SendFailureKind, string> = {
  throttled: 'SES is throttling; slow down and retry',
  quota: 'SES cannot send for this account now; sending stops and the rest stay pending',
  rejected: 'SES rejected this message; it will not be retried',
  transient: 'the request to SES failed; it may be retried',
};

interface SdkErrorFields {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

export function classifySendError(
  error: unknown,
  message: Pick<OutgoingMessage, 'to' | 'subscriberId' | 'issueId'>,
): SendFailure {
  if (error instanceof SendFailure) return error;
  const fields: SdkErrorFields = typeof error === 'object' && error !== null ? error : {};
  const name = typeof fields.name === 'string' ? fields.name : 'Error';
  const text = typeof fields.message === 'string' ? fields.message : String(error);
  const kind = classify(name, text, fields, message.to);
  const status = fields.$metadata?.httpStatusCode;
  const requestId = fields.$metadata?.requestId;
  const what =
    status !== undefined && SDK_PLACEHOLDERS.has(name) && SDK_PLACEHOLDERS.has(text)
      ? `HTTP ${status} with no SES error in the answer (a proxy's or load balancer's page)`
      : `${name}: ${redact(text, message.to)}`;
  const said = `${what}${requestId ? ` (request ${requestId})` : ''}`;
  const uncertain = name === 'TimeoutError' && !NEVER_CONNECTED.test(text);
  return new SendFailure(
    kind,
    `Sending issue ${message.issueId} to subscriber ${message.subscriberId} failed: ` +
      `${said}${said.endsWith('.') ? '' : '.'} ${uncertain ? UNCERTAIN : CONSEQUENCE[kind]}`,
    { uncertain },
  );
}

const UNCERTAIN =
  "SES may have taken the message; it is not sent again before the recipient's claim ends";

/**
 * The words for a connection never made: the SDK's connection timeout, and Node's for a connect
 * or a TLS set-up that failed, which the SDK names TimeoutError too (ECONNRESET, ETIMEDOUT). Its
 * other timeouts (no answer within the request timeout, a socket idle after the request went out)
 * and a reset or a hang-up while waiting for the answer may come after SES took the message.
 */
const NEVER_CONNECTED =
  /did not establish a connection|^connect E[A-Z]+\b|before secure TLS connection was established/i;

/** What the SDK names an error, and says of it, when the answer held no SES error document. */
const SDK_PLACEHOLDERS = new Set(['Unknown', 'UnknownError', '']);

function classify(name: string, text: string, fields: SdkErrorFields, to: string): SendFailureKind {
  const status = fields.$metadata?.httpStatusCode;
  // SES reports both limits as "Throttling"; only the message tells the daily quota apart.
  if (DAILY_QUOTA.test(text)) return 'quota';
  if (THROTTLED.has(name) || status === 429 || /maximum sending rate exceeded/i.test(text)) {
    return 'throttled';
  }
  if (STOP_THE_RUN.has(name) || status === 401 || status === 403) return 'quota';
  if (ACCOUNT_REJECTION.test(text) || (NOT_VERIFIED.test(text) && unverifiedSender(text, to))) {
    return 'quota';
  }
  if (REJECTED.has(name)) return 'rejected';
  if (REQUEST_EXPIRED.has(name) || status === 408) return 'transient';
  if (fields.$fault === 'server' || (status !== undefined && status >= 500)) return 'transient';
  if (status !== undefined && status >= 400) return 'rejected';
  // No HTTP answer at all: connection refused or reset, DNS, timeout, abort.
  return 'transient';
}

/**
 * Whether an issue was paused for the daily quota (SES's answer, or a run's own count of the
 * quota): it resumes by itself once SES sends again. The other pauses (account or configuration
 * set paused, credentials refused) wait for someone to fix their cause.
 */
export function isDailyQuotaPause(pausedReason: string | undefined): boolean {
  return (
    pausedReason !== undefined &&
    (pausedReason === QUOTA_USED_UP.reason || DAILY_QUOTA.test(pausedReason))
  );
}

/** Removes the recipient and anything else that looks like an address. */
function redact(text: string, to: string): string {
  // Split on the separators (kept) and each word with an @ replaced: one pass, where a pattern
  // of two runs around the @ rescanned every run without one (quadratic on a long word).
  return (
    text
      .split(to)
      .join('<address>')
      .split(/([\s<>()[\]"',;:]+)/)
      // An address has something before its @: the SDK's own words name "@smithy/…" packages.
      .map((word) => (word.indexOf('@') > 0 ? '<address>' : word))
      .join('')
  );
}
