import { NewsletterError, ValidationError } from '../errors';
import { assertMailbox } from '../mime/header-values';
import type { DeliveryState, RecipientBatch, Subscriber } from '../model';
import {
  type Clock,
  type DeliveryLedger,
  type Mailer,
  type OutgoingMessage,
  SendFailure,
  type SubscriberStore,
} from '../ports';
import { RetriesExhaustedError, type RetryPolicy, retryWithBackoff } from '../retry';
import type { RateLimiter } from './rate-limiter';

/** What happened to one recipient in this delivery attempt. */
type RecipientOutcome =
  | 'sent'
  | 'failed'
  | 'skipped'
  /** Sent, failed or skipped by an earlier run: nothing done now. */
  | 'already-done'
  /** Not finished now (claimed elsewhere, retries exhausted, the run stopped): deferred. */
  | 'pending';

export interface DeliveryReport {
  readonly subscriberId: string;
  readonly outcome: RecipientOutcome;
  readonly reason?: string;
  /** With `already-done`: the outcome the earlier run recorded. */
  readonly earlier?: Exclude<DeliveryState, 'claimed'>;
  /** With `pending`: how long to wait before trying this recipient again. */
  readonly retryAfterMs?: number;
  /**
   * Send attempts made now. The SES client must make one HTTP attempt per call (SDK maxAttempts
   * 1) for this to count every request and for each one to wait for its rate slot.
   */
  readonly attempts: number;
  /** Attempts SES answered "Maximum sending rate exceeded". */
  readonly throttles: number;
  /** Attempts that ended in a 5xx, a timeout or a network error. */
  readonly transientErrors: number;
  /**
   * This run took the recipient's claim over from a sender that stopped mid-send (ClaimResult
   * `tookOver`): SES may have had that sender's message, so the recipient may get the issue twice.
   */
  readonly tookOver?: true;
}

/** Why a run stopped sending: SES refuses (the daily quota, a paused account), or time is up. */
export interface RunStop {
  readonly reason: string;
  /** `refused` pauses the issue until SES sends again; `deadline` only ends this invocation. */
  readonly kind: 'refused' | 'deadline';
}

/**
 * Shared by every batch of one run. Once SES refuses to send (the daily quota, a paused account)
 * or the deadline is near, `stopped` is set and every remaining recipient is deferred.
 */
export interface RunControl {
  stopped: false | RunStop;
  /**
   * Messages the account may still send in its 24-hour window; Infinity when unknown. A send
   * reserves one before it starts, so parallel senders never overshoot it together.
   */
  remainingToday: number;
  /** Epoch ms (on the run's clock) after which nothing new starts. */
  readonly stopAt: number;
}

/** How long recipients deferred for each reason wait before they are tried again. */
export interface DeferralDelays {
  /** SES refuses to send (daily quota, paused account): the time between checks. */
  readonly refusedMs: number;
  /** Retries ran out on throttling or transient errors. */
  readonly retriesMs: number;
  /** The run's deadline came (or a send was claimed elsewhere and its lease has no end known). */
  readonly deadlineMs: number;
}

export const DEFAULT_DEFERRAL_DELAYS: DeferralDelays = {
  refusedMs: 15 * 60_000,
  retriesMs: 30_000,
  deadlineMs: 0,
};

export interface DeliverDeps {
  readonly subscribers: SubscriberStore;
  readonly ledger: DeliveryLedger;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly delays: DeferralDelays;
  /** How long a claim belongs to us; after that another run may re-claim and resend it. */
  readonly leaseMs: number;
  /**
   * Claims whose lease began before this instant belong to a sender known to be dead and are
   * taken over at once (locally: the previous holder of the data-folder lock). In AWS leases
   * simply run out.
   */
  readonly staleClaimsBefore?: number;
  /** Builds the recipient's message for an issue (token + template fill + MIME). */
  readonly prepare: (issueId: string, subscriber: Subscriber) => Promise<OutgoingMessage>;
  readonly control: RunControl;
  readonly random?: () => number;
  /** Called with each recipient's outcome as soon as it has one (progress bars, logs). */
  readonly onReport?: (report: DeliveryReport, issueId: string) => void;
}

export interface BatchResult {
  readonly reports: readonly DeliveryReport[];
  /** Recipients to deliver again later. */
  readonly pendingIds: readonly string[];
  /** The same recipients, grouped by how long they wait: each group goes back on its own. */
  readonly deferrals: readonly DeferredGroup[];
}

/** Recipients to deliver again after `retryAfterMs`. */
export interface DeferredGroup {
  readonly subscriberIds: readonly string[];
  readonly retryAfterMs: number;
}

/**
 * Deferred recipients whose waits differ by less than this go back together, after the longest:
 * those waiting for claims taken a moment apart need not make a message each, while those the
 * deadline left (no wait) do not wait for a claim's lease (minutes) or SES (15 minutes).
 */
const DEFERRAL_GROUPING_MS = 10_000;

/**
 * Delivers one batch. Its ledger entries are read once (when the ledger can), so recipients
 * finished earlier cost no claim; then for each other recipient, in turn: claim the (issue,
 * subscriber) delivery with a conditional write, read the subscriber with a consistent read (an
 * unsubscribe a moment ago is honoured), prepare the message, wait for a rate slot, send, and
 * record the outcome.
 * Recipients are handled one after another, so a batch has at most one send in flight: after a
 * crash, the only deliveries whose fate is unknown are those sends. Counting and finishing the
 * issue are the delivery run's (delivery-run.ts).
 */
export async function deliverBatch(deps: DeliverDeps, batch: RecipientBatch): Promise<BatchResult> {
  const reports: DeliveryReport[] = [];
  const deliveries = (await deps.ledger.getMany?.(batch.issueId, batch.subscriberIds)) ?? [];
  // A finished entry never reopens, so these need no claim attempt (a resumed run's fast path).
  // Read even when the run has stopped (deliverOne defers the rest): a redelivered batch counts
  // what an earlier attempt finished now, as only the unfinished go back on the queue, in a
  // message that is not redelivered.
  const finishedEarlier = new Map(
    deliveries.flatMap((d) => (d.state === 'claimed' ? [] : [[d.subscriberId, d.state] as const])),
  );
  for (const subscriberId of batch.subscriberIds) {
    const earlier = finishedEarlier.get(subscriberId);
    const outcome = earlier
      ? alreadyDone(subscriberId, earlier)
      : await deliverOne(deps, batch.issueId, subscriberId);
    reports.push(outcome);
    deps.onReport?.(outcome, batch.issueId);
  }
  return summarise(reports);
}

function summarise(reports: DeliveryReport[]): BatchResult {
  const pending = reports.filter((r) => r.outcome === 'pending');
  return {
    reports,
    pendingIds: pending.map((r) => r.subscriberId),
    deferrals: groupByWait(pending),
  };
}

function groupByWait(pending: readonly DeliveryReport[]): DeferredGroup[] {
  const byWait = [...pending].sort((a, b) => (a.retryAfterMs ?? 0) - (b.retryAfterMs ?? 0));
  const groups: { subscriberIds: string[]; shortestMs: number; retryAfterMs: number }[] = [];
  for (const { subscriberId, retryAfterMs = 0 } of byWait) {
    const last = groups.at(-1);
    if (last && retryAfterMs - last.shortestMs < DEFERRAL_GROUPING_MS) {
      last.subscriberIds.push(subscriberId);
      last.retryAfterMs = retryAfterMs;
    } else {
      groups.push({ subscriberIds: [subscriberId], shortestMs: retryAfterMs, retryAfterMs });
    }
  }
  return groups.map(({ subscriberIds, retryAfterMs }) => ({ subscriberIds, retryAfterMs }));
}

function report(
  subscriberId: string,
  outcome: RecipientOutcome,
  fields: Partial<Omit<DeliveryReport, 'subscriberId' | 'outcome'>> = {},
): DeliveryReport {
  return { subscriberId, outcome, attempts: 0, throttles: 0, transientErrors: 0, ...fields };
}

function deferred(subscriberId: string, stop: RunStop, delays: DeferralDelays): DeliveryReport {
  return report(subscriberId, 'pending', {
    reason: stop.reason,
    retryAfterMs: stop.kind === 'refused' ? delays.refusedMs : delays.deadlineMs,
  });
}

function alreadyDone(subscriberId: string, earlier: Exclude<DeliveryState, 'claimed'>) {
  return report(subscriberId, 'already-done', { earlier });
}

const DEADLINE_STOP: RunStop = { reason: 'the invocation is about to time out', kind: 'deadline' };

/** The stop a run makes itself when its own count of the daily quota (remainingToday) runs out. */
export const QUOTA_USED_UP: RunStop = {
  reason: 'Max24HourSend − SentLast24Hours (read at the start) is used up',
  kind: 'refused',
};

/** Stops the run for everyone unless an earlier stop already did; returns the stop in force. */
function stopRun(control: RunControl, stop: RunStop): RunStop {
  if (!control.stopped) control.stopped = stop;
  return control.stopped;
}

async function deliverOne(
  deps: DeliverDeps,
  issueId: string,
  subscriberId: string,
): Promise<DeliveryReport> {
  const { control } = deps;
  if (!control.stopped && deps.clock.now() >= control.stopAt) stopRun(control, DEADLINE_STOP);
  if (control.stopped) return deferred(subscriberId, control.stopped, deps.delays);

  const now = deps.clock.now();
  // A lease taken before `staleClaimsBefore` ends before staleClaimsBefore + leaseMs.
  const leasesEndedBy = Math.max(now, (deps.staleClaimsBefore ?? 0) + deps.leaseMs);
  const claim = await deps.ledger.claim(issueId, subscriberId, now + deps.leaseMs, leasesEndedBy);
  if (claim.outcome === 'done') {
    return alreadyDone(subscriberId, claim.delivery.state as Exclude<DeliveryState, 'claimed'>);
  }
  if (claim.outcome === 'busy') {
    return report(subscriberId, 'pending', {
      reason: 'claimed by another sender',
      retryAfterMs: untilLeaseEnds(deps, claim.delivery.leaseUntil ?? 0),
    });
  }
  const sent = await sendWithRetries(deps, issueId, subscriberId, now + deps.leaseMs);
  return claim.tookOver ? { ...sent, tookOver: true } : sent;
}

/** How long until a claim's lease ends, within the delays a deferred recipient may wait. */
function untilLeaseEnds(deps: DeliverDeps, leaseUntil: number): number {
  const leaseLeft = leaseUntil - deps.clock.now();
  return Math.min(deps.delays.refusedMs, Math.max(deps.delays.deadlineMs, leaseLeft));
}

/**
 * An address or name that cannot go into a header fails this recipient for good (retrying cannot
 * help) instead of stopping the whole issue when the message is built.
 */
function unusableRecipient(subscriber: Subscriber): string | undefined {
  try {
    assertMailbox('to', { address: subscriber.email, name: subscriber.name });
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return `cannot be addressed: ${error.message}`;
    throw error;
  }
}

/**
 * Attempts at the `sent` mark, beyond the SDK's own: a mark DynamoDB throttles (or that times
 * out) is cheap to write again, where leaving it unwritten sends the recipient a second copy.
 */
const MARK_SENT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

function markSent(deps: DeliverDeps, issueId: string, subscriberId: string, messageId: string) {
  return retryWithBackoff(() => deps.ledger.markSent(issueId, subscriberId, messageId), {
    policy: MARK_SENT_RETRY,
    clock: deps.clock,
    random: deps.random,
    // The ledger's own refusal (the claim is gone) is no failure of the write: it stays.
    retryable: (error) => !(error instanceof NewsletterError),
  });
}

/** Thrown inside an attempt to leave the retry loop without sending: the run stopped. */
class Deferral extends Error {
  constructor(readonly stop: RunStop) {
    super(stop.reason);
  }
}

/**
 * Thrown inside an attempt to leave the retry loop after a send SES may have taken (it timed out
 * waiting for the answer): the claim is kept until its lease ends, as a crashed sender's would
 * be, so the recipient gets at most one more copy, from the takeover that says so.
 */
class UncertainSend extends Error {}

/** What one claimed recipient ended as, before its attempt counters are added. */
type Settled =
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'failed' | 'skipped'; readonly reason: string }
  | { readonly outcome: 'pending'; readonly reason: string; readonly retryAfterMs: number };

async function sendWithRetries(
  deps: DeliverDeps,
  issueId: string,
  subscriberId: string,
  leaseUntil: number,
): Promise<DeliveryReport> {
  const { control } = deps;
  let attempts = 0;
  let throttles = 0;
  let transientErrors = 0;
  // Read through a function: other senders change `control` while this one awaits. Running out
  // of our own count or of time stops new sends only; SES refusing to send stops everyone.
  const refusedBySes = () =>
    control.stopped && control.stopped !== QUOTA_USED_UP && control.stopped.kind === 'refused'
      ? control.stopped
      : undefined;
  let message: OutgoingMessage | undefined;
  // Once SES has the message, a failure to record it must leave the claim (and its lease) alone.
  let handedToSes = false;

  const attempt = async (): Promise<Settled> => {
    const refused = refusedBySes();
    if (refused) throw new Deferral(refused);
    if (deps.clock.now() >= control.stopAt) throw new Deferral(stopRun(control, DEADLINE_STOP));
    if (control.remainingToday <= 0) throw new Deferral(stopRun(control, QUOTA_USED_UP));
    control.remainingToday--;
    let reserved = true;
    const unreserve = () => {
      if (reserved) control.remainingToday++;
      reserved = false;
    };
    try {
      // Read consistently, right before the send: an unsubscribe a second ago is honoured.
      const subscriber = await deps.subscribers.get(subscriberId);
      if (subscriber?.status !== 'active') {
        unreserve();
        const reason = subscriber ? `subscriber is ${subscriber.status}` : 'subscriber was removed';
        await deps.ledger.markSkipped(issueId, subscriberId, reason);
        return { outcome: 'skipped', reason };
      }
      const unusable = unusableRecipient(subscriber);
      if (unusable) {
        unreserve();
        await deps.ledger.markFailed(issueId, subscriberId, unusable);
        return { outcome: 'failed', reason: unusable };
      }
      message ??= await deps.prepare(issueId, subscriber);
      // The rate slot is the last wait before the request: a read or a first prepare that took
      // longer after an earlier slot would send late and bunch up with the next slots' sends.
      await deps.limiter.take();
      const refusedMeanwhile = refusedBySes();
      if (refusedMeanwhile) throw new Deferral(refusedMeanwhile);
      if (deps.clock.now() >= control.stopAt) throw new Deferral(stopRun(control, DEADLINE_STOP));
      attempts++;
      const { messageId } = await deps.mailer.send(message);
      reserved = false;
      handedToSes = true;
      // SES has the message now. If this write fails for good (or the process dies first), the
      // claim stays open and a later run sends again: the at-least-once window is this moment.
      await markSent(deps, issueId, subscriberId, messageId);
      return { outcome: 'sent' };
    } catch (error) {
      unreserve();
      if (!(error instanceof SendFailure)) throw error;
      if (error.kind === 'rejected') {
        await deps.ledger.markFailed(issueId, subscriberId, error.message);
        return { outcome: 'failed', reason: error.message };
      }
      if (error.kind === 'quota') {
        control.remainingToday = 0;
        throw new Deferral(stopRun(control, { reason: error.message, kind: 'refused' }));
      }
      if (error.kind === 'throttled') throttles++;
      else transientErrors++;
      if (error.uncertain) throw new UncertainSend(error.message);
      throw error;
    }
  };

  let settled: Settled;
  try {
    settled = await retryWithBackoff(attempt, {
      policy: deps.retry,
      clock: deps.clock,
      random: deps.random,
      deadline: control.stopAt,
      retryable: (error) => error instanceof SendFailure,
    });
  } catch (error) {
    if (handedToSes) throw error;
    if (error instanceof UncertainSend) {
      // SES may have taken it: the claim stays, so nobody sends it again before the lease ends.
      settled = {
        outcome: 'pending',
        reason: error.message,
        retryAfterMs: untilLeaseEnds(deps, leaseUntil),
      };
    } else {
      // Nothing was sent (or SES refused it): give the claim back so the next attempt need not
      // wait for the lease. A failed release leaves the lease to run out.
      await deps.ledger.release(issueId, subscriberId).catch(() => {});
      settled = settleUnsent(deps, error);
    }
  }
  return report(subscriberId, settled.outcome, {
    ...(settled.outcome === 'sent' ? {} : { reason: settled.reason }),
    ...(settled.outcome === 'pending' ? { retryAfterMs: settled.retryAfterMs } : {}),
    attempts,
    throttles,
    transientErrors,
  });
}

/** What a recipient nothing was sent to ends as in this run, or the error thrown on. */
function settleUnsent(deps: DeliverDeps, error: unknown): Settled {
  if (error instanceof Deferral) {
    return {
      outcome: 'pending',
      reason: error.stop.reason,
      retryAfterMs: error.stop.kind === 'refused' ? deps.delays.refusedMs : deps.delays.deadlineMs,
    };
  }
  if (error instanceof RetriesExhaustedError) {
    return {
      outcome: 'pending',
      reason: error.message,
      retryAfterMs: error.stoppedBy === 'deadline' ? deps.delays.deadlineMs : deps.delays.retriesMs,
    };
  }
  throw error;
}
