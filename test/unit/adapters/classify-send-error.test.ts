import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../../lambda/adapters/ses/classify-send-error';
import { SendFailure } from '../../../lambda/core/ports';

const message = { to: 'ada@example.com', subscriberId: 'sub-42', issueId: '2026-11-26' };

/** The shape SDK v3 gives a service error: a name, a message and response metadata. */
function sdkError(name: string, text: string, status = 400, fault = 'client') {
  return Object.assign(new Error(text), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
}

describe('classifying SES send errors', () => {
  it.each([
    [
      'a sending-rate throttle',
      sdkError('Throttling', 'Maximum sending rate exceeded.'),
      'throttled',
    ],
    ['a throttle answered with HTTP 429', sdkError('SlowDown', 'Slow down', 429), 'throttled'],
    ['an exhausted daily quota', sdkError('Throttling', 'Daily message quota exceeded.'), 'quota'],
    ['a paused account', sdkError('AccountSendingPausedException', 'Sending paused'), 'quota'],
    ['refused credentials', sdkError('AccessDenied', 'Not authorized', 403), 'quota'],
    [
      'an unreadable MAIL FROM domain',
      sdkError('MailFromDomainNotVerifiedException', 'MX missing'),
      'quota',
    ],
    [
      'a sandbox rejection of the recipient alone',
      sdkError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-EAST-1: Ada <ADA@example.com>, ada@example.com.',
      ),
      'rejected',
    ],
    [
      'an address on SES’s block list',
      sdkError('MessageRejected', 'Address blacklisted.'),
      'rejected',
    ],
    [
      'an unverified From identity (a rejection that every recipient would get)',
      sdkError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region EU-WEST-1: news@example.net',
      ),
      'quota',
    ],
    [
      'an unverified From identity beside a sandbox recipient',
      sdkError(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-EAST-1: ada@example.com, news@example.net',
      ),
      'quota',
    ],
    [
      'an unverified identity SES does not name',
      sdkError('MessageRejected', 'Email address is not verified.'),
      'quota',
    ],
    [
      'an account paused by SES, answered as a rejected message',
      sdkError(
        'MessageRejected',
        'Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.',
      ),
      'quota',
    ],
    [
      'an account suspended by SES, answered as a rejected message',
      sdkError(
        'MessageRejected',
        'Sending suspended for this account. For more information, please check the inbox of the email address associated with your AWS account.',
      ),
      'quota',
    ],
    [
      'a missing configuration set, answered as a rejected message',
      sdkError('MessageRejected', 'Configuration set newsletter-events does not exist.'),
      'quota',
    ],
    ['an invalid address', sdkError('InvalidParameterValue', 'Illegal address'), 'rejected'],
    ['another client error', sdkError('ValidationError', 'Bad request'), 'rejected'],
    ['a server error', sdkError('InternalFailure', 'Oops', 500, 'server'), 'transient'],
    [
      'a request that reached SES after its signature expired (a stalled process)',
      sdkError('RequestExpired', 'Request has expired.'),
      'transient',
    ],
    ['an HTTP request timeout', sdkError('RequestTimeout', 'Request timed out', 408), 'transient'],
    [
      'a request signed without a whole signature',
      sdkError('IncompleteSignature', 'Request must contain a signature'),
      'quota',
    ],
    ['a reset connection', networkError('ECONNRESET'), 'transient'],
    [
      'a timeout',
      Object.assign(new Error('request timed out'), { name: 'TimeoutError' }),
      'transient',
    ],
    ['something that is not an Error', 'boom', 'transient'],
  ])('classifies %s', (_, error, kind) => {
    const failure = classifySendError(error, message);
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure.kind).toBe(kind);
  });

  // The SDK's words for each (@smithy/node-http-handler): only a request that reached SES and got
  // no answer in time may have been sent; one that never connected, or an answer, was not.
  it.each([
    [
      'a request that got no answer in time',
      'a request has exceeded the configured 5000 ms requestTimeout.',
      true,
    ],
    [
      'a socket left idle after the request',
      'the request socket timed out after 5000 ms of inactivity (configured by client requestHandler).',
      true,
    ],
    [
      'a connection never made',
      'the request socket did not establish a connection with the server within the configured timeout of 2000 ms.',
      false,
    ],
  ])('says whether SES may have taken the message: %s', (_, words, uncertain) => {
    const error = Object.assign(new Error(`@smithy/node-http-handler - [ERROR] ${words}`), {
      name: 'TimeoutError',
    });
    const failure = classifySendError(error, message);
    expect(failure).toMatchObject({ kind: 'transient', uncertain });
    expect(failure.message.endsWith('it may be retried')).toBe(!uncertain);
  });

  // The SDK names a socket's ECONNRESET, EPIPE and ETIMEDOUT TimeoutError too, whenever it came:
  // one while connecting or before TLS was set up came before the request went out; one after
  // (a reset or a hang-up while waiting for the answer) may have come after SES took it.
  it.each([
    ['a connect that timed out', 'connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT', false],
    ['a connect that was reset', 'connect ECONNRESET 10.0.0.1:443', 'ECONNRESET', false],
    [
      'a reset before TLS was set up',
      'Client network socket disconnected before secure TLS connection was established',
      'ECONNRESET',
      false,
    ],
    ['a reset while waiting for the answer', 'read ECONNRESET', 'ECONNRESET', true],
    ['a hang-up while waiting for the answer', 'socket hang up', 'ECONNRESET', true],
  ])(
    'says whether SES may have taken the message after a socket error: %s',
    (_, words, code, uncertain) => {
      const error = Object.assign(new Error(words), { code, name: 'TimeoutError' });
      expect(classifySendError(error, message)).toMatchObject({ kind: 'transient', uncertain });
    },
  );

  it('takes no other failure for one SES may have taken', () => {
    for (const error of [
      sdkError('InternalFailure', 'Internal failure', 500, 'server'),
      networkError('ECONNRESET'),
      sdkError('Throttling', 'Maximum sending rate exceeded.'),
    ]) {
      expect(classifySendError(error, message).uncertain).toBe(false);
    }
  });

  it('names the subscriber and the issue but never an address, even when SES quotes one', () => {
    const error = sdkError(
      'MessageRejected',
      'Email address is not verified. The following identities failed the check in region US-EAST-1: ada@example.com, news@example.net',
    );

    const failure = classifySendError(error, message);

    expect(failure.message).toContain('sub-42');
    expect(failure.message).toContain('2026-11-26');
    expect(failure.message).toContain('req-1');
    expect(failure.message).not.toMatch(/@/);
    expect(failure.cause).toBeUndefined();
  });

  it('passes a SendFailure through unchanged', () => {
    const original = new SendFailure('quota', 'already classified');
    expect(classifySendError(original, message)).toBe(original);
  });
});
