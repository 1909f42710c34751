/**
 * What happens to a sign-up after POST /subscribe has answered: the per-mailbox limit, the
 * subscriber's record, the list-wide cap on confirmation emails, and the confirmation email
 * itself. It runs after the answer (from a queue), so the answer takes the same time whatever
 * state the address is in.
 */
import type { NewsletterConfig } from '../config';
import type { Subscriber } from '../model';
import type { Clock, Logger, Mailer, RateCounter, SignUpRequest, SubscriberStore } from '../ports';
import { SendFailure } from '../ports';
import { subscriberIdFor } from '../subscribers/subscriber-id';
import { createToken } from '../tokens';
import { type ComposeConfirmation, linkLifetime } from './confirmation-email';
import {
  CONFIRMATION_OUTCOMES,
  pendingDeadline,
  type SubscribeOutcome,
  subscribe,
} from './lifecycle';
import {
  CONFIRMATION_CAP_KEY,
  CONFIRMATION_CAP_WINDOW_MS,
  DEFAULT_CONFIRMATIONS_PER_HOUR,
  DEFAULT_SUBSCRIBE_LIMITS,
  mailboxRateKey,
  type RateLimit,
} from './rate-limits';
import { updateSubscriber } from './update-subscriber';

export interface SignUpDeps {
  readonly subscribers: SubscriberStore;
  readonly rateCounter: RateCounter;
  /** Sends the confirmation emails (SES with the configuration set, so bounces suppress). */
  readonly mailer: Mailer;
  /** The confirmation composer, built once on first use (it compiles or loads a template). */
  readonly composeConfirmation: () => Promise<ComposeConfirmation>;
  readonly config: NewsletterConfig;
  readonly secret: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** @default DEFAULT_SUBSCRIBE_LIMITS.perAddress */
  readonly perMailbox?: RateLimit;
  /** @default DEFAULT_CONFIRMATIONS_PER_HOUR */
  readonly confirmationsPerHour?: number;
}

type SignUpOutcome =
  | SubscribeOutcome
  /** The mailbox had its three confirmations this hour: nothing read, written or sent. */
  | 'mailbox-rate-limited'
  /** The address was erased: never created again. */
  | 'erased'
  /** The list-wide hourly cap on confirmations is reached: the record is kept, nothing sent. */
  | 'confirmation-cap-reached';

export interface SignUpResult {
  readonly outcome: SignUpOutcome;
  /** Whether a confirmation email went out. */
  readonly sent: boolean;
}

/**
 * Handles one accepted sign-up. A send failure SES may get over (throttling, a network error,
 * the daily quota or a paused account) gives its limits' hits back and throws, so the queue
 * retries; a rejected one is logged by subscriber id.
 */
export async function processSignUp(
  deps: SignUpDeps,
  request: SignUpRequest,
): Promise<SignUpResult> {
  const now = deps.clock.now();
  const id = subscriberIdFor(request.email, deps.secret);
  const done = (outcome: SignUpOutcome, sent = false, level: 'info' | 'warn' = 'info') => {
    deps.logger[level]('sign-up', { outcome, subscriberId: id });
    return { outcome, sent };
  };

  const perMailbox = deps.perMailbox ?? DEFAULT_SUBSCRIBE_LIMITS.perAddress;
  const mailboxKey = mailboxRateKey(request.email, deps.secret);
  const mailbox = await deps.rateCounter.take(
    mailboxKey,
    perMailbox.limit,
    perMailbox.windowMs,
    now,
  );
  if (!mailbox.allowed) return done('mailbox-rate-limited', false, 'warn');
  if (await deps.subscribers.erasedAt(id)) return done('erased');

  let before: Subscriber | undefined;
  const transition = await updateSubscriber(deps.subscribers, id, (current) => {
    before = current;
    return subscribe(current, { id, ...request }, now);
  });
  const recipient = transition.next;
  if (!CONFIRMATION_OUTCOMES.has(transition.outcome) || recipient === undefined) {
    return done(transition.outcome);
  }
  // The record now says a confirmation went out: when none does, it says again what it said
  // before, so the queue's retry (or the person's next try) is not taken for a repeat.
  const unmark = async () => {
    await updateSubscriber(deps.subscribers, id, (current) => {
      if (current === undefined || current.confirmationSentAt !== recipient.confirmationSentAt) {
        return { outcome: 'unchanged' };
      }
      const { confirmationSentAt: _mark, ...kept } = current;
      const rest = { ...kept, updatedAt: new Date(deps.clock.now()).toISOString() };
      const previous = before?.confirmationSentAt;
      return {
        next: previous === undefined ? rest : { ...rest, confirmationSentAt: previous },
        outcome: 'unmarked',
      };
    });
  };
  const sent = await sendConfirmation(deps, recipient, now, mailboxKey, perMailbox).catch(
    async (error: unknown) => {
      await unmark();
      throw error;
    },
  );
  if (sent === 'sent') return done(transition.outcome, true);
  await unmark();
  return sent === 'capped'
    ? done('confirmation-cap-reached', false, 'warn')
    : done(transition.outcome);
}

/**
 * Sends the confirmation to a pending subscriber, within the list-wide cap. A send failure SES
 * may get over gives the limits' hits back and is thrown; a rejected one is logged.
 */
async function sendConfirmation(
  deps: SignUpDeps,
  recipient: Subscriber,
  now: number,
  mailboxKey: string,
  perMailbox: RateLimit,
): Promise<'sent' | 'capped' | 'rejected'> {
  const id = recipient.id;
  const cap = await deps.rateCounter.take(
    CONFIRMATION_CAP_KEY,
    deps.confirmationsPerHour ?? DEFAULT_CONFIRMATIONS_PER_HOUR,
    CONFIRMATION_CAP_WINDOW_MS,
    now,
  );
  if (!cap.allowed) return 'capped';

  const deadline = pendingDeadline(recipient);
  const token = createToken(
    { purpose: 'confirm', subscriberId: id, list: deps.config.listId, expiresAt: deadline },
    deps.secret,
  );
  const compose = await deps.composeConfirmation();
  const message = await compose(
    { id, email: recipient.email },
    {
      url: `${deps.config.publicUrl}/confirm?token=${token}`,
      expiresIn: linkLifetime(deadline, now),
    },
    now,
  );
  try {
    const { messageId } = await deps.mailer.send(message);
    deps.logger.info('confirmation sent', { subscriberId: id, messageId });
  } catch (error) {
    if (!(error instanceof SendFailure)) throw error;
    // SES refusing to send for now (the daily quota spent, the account paused) is no verdict on
    // this address: dropped, the sign-up would stay pending unmailed until it expired.
    if (error.kind === 'throttled' || error.kind === 'transient' || error.kind === 'quota') {
      // The queue delivers this sign-up again: its retry, not this attempt, counts against the
      // limits, or a few throttled attempts would use up the mailbox's and drop it unsent.
      await Promise.all([
        deps.rateCounter.giveBack(mailboxKey, perMailbox.windowMs, now),
        deps.rateCounter.giveBack(CONFIRMATION_CAP_KEY, CONFIRMATION_CAP_WINDOW_MS, now),
      ]);
      throw error;
    }
    deps.logger.error('confirmation not sent', {
      subscriberId: id,
      kind: error.kind,
      error: error.message,
    });
    return 'rejected';
  }
  return 'sent';
}
