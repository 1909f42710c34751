import { ValidationError } from '../errors';
import { assertMailbox } from '../mime/header-values';
import type { RecipientBatch, Subscriber } from '../model';
import {
  type Clock,
  type DeliveryLedger,
  type IssueStore,
  type Mailer,
  type OutgoingMessage,
  SendFailure,
  type SubscriberStore,
} from '../ports';
import { backoffDelay, type RetryPolicy } from './backoff';
import type { RateLimiter } from './rate-limiter';

/** What happened to one recipient in this delivery attempt. */
export type RecipientOutcome =
  | 'sent'
  | 'failed'
  | 'skipped'
  /** Sent, failed or skipped by an earlier run: nothing done now. */
  | 'already-done'
  /** Not finished now (claimed elsewhere, retries exhausted, or the run stopped): try again later. */
  | 'pending';

export interface DeliveryReport {
  readonly subscriberId: string;
  readonly outcome: RecipientOutcome;
  readonly reason?: string;
  /**
   * Send attempts made now. The SES client must make one HTTP attempt per call (SDK maxAttempts
   * 1) for this to count every request and for each one to wait for its rate slot.
   */
  readonly attempts: number;
  /** Attempts SES answered "Maximum sending rate exceeded". */
  readonly throttles: number;
  /** Attempts that ended in a 5xx, a timeout or a network error. */
  readonly transientErrors: number;
}

/**
 * Shared by every batch of one run. Once the daily quota is spent (or SES refuses to send for the
 * account), `stopped` is set and every remaining recipient is left pending for a later run.
 */
export interface RunControl {
  stopped: false | { readonly reason: string };
  /**
   * Messages the account may still send in its 24-hour window; Infinity when unknown. A send
   * reserves one before it starts, so parallel senders never overshoot it together.
   */
  remainingToday: number;
}

export interface DeliverDeps {
  readonly subscribers: SubscriberStore;
  readonly ledger: DeliveryLedger;
  readonly issues: IssueStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly retry: RetryPolicy;
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
  /** Called after each recipient, for progress bars and metrics. */
  readonly onReport?: (report: DeliveryReport) => void;
}

export interface BatchResult {
  readonly reports: readonly DeliveryReport[];
  /** Recipients to deliver again later (the SQS batch item failures, locally a re-dispatch). */
  readonly pendingIds: readonly string[];
}

/**
 * Delivers one batch. Its subscriber records (and, when the ledger can, its ledger entries) are
 * read once; then for each recipient not finished earlier, in turn: claim the (issue, subscriber)
 * delivery with a conditional write, check the subscriber is still active (an unsubscribe that
 * landed after planning is honoured), wait for a rate slot, send, and record the outcome.
 * Recipients are handled one after another, so a batch has at most one send in flight: after a
 * crash, the only deliveries whose fate is unknown are those sends. Outcomes are added to the
 * issue's counters once per batch, also when the batch ends in an error.
 */
export async function deliverBatch(deps: DeliverDeps, batch: RecipientBatch): Promise<BatchResult> {
  const reports: DeliveryReport[] = [];
  const record = (report: DeliveryReport) => {
    reports.push(report);
    deps.onReport?.(report);
  };
  if (deps.control.stopped) {
    const reason = deps.control.stopped.reason;
    for (const subscriberId of batch.subscriberIds) record(pendingReport(subscriberId, reason));
    return { reports, pendingIds: [...batch.subscriberIds] };
  }
  const [subscribers, deliveries] = await Promise.all([
    deps.subscribers.getMany(batch.subscriberIds),
    deps.ledger.getMany?.(batch.issueId, batch.subscriberIds) ?? [],
  ]);
  const current = new Map(subscribers.map((s) => [s.id, s] as const));
  // A finished entry never reopens, so these need no claim attempt (a resumed run's fast path).
  const finishedEarlier = new Set(
    deliveries.filter((d) => d.state !== 'claimed').map((d) => d.subscriberId),
  );
  try {
    for (const subscriberId of batch.subscriberIds) {
      record(
        finishedEarlier.has(subscriberId)
          ? alreadyDone(subscriberId)
          : await deliverOne(deps, batch.issueId, subscriberId, current.get(subscriberId)),
      );
    }
  } catch (error) {
    await addOutcomeCounts(deps, batch.issueId, reports).catch(() => {});
    throw error;
  }
  await addOutcomeCounts(deps, batch.issueId, reports);
  return {
    reports,
    pendingIds: reports.filter((r) => r.outcome === 'pending').map((r) => r.subscriberId),
  };
}

async function addOutcomeCounts(deps: DeliverDeps, issueId: string, reports: DeliveryReport[]) {
  const count = (outcome: RecipientOutcome) => reports.filter((r) => r.outcome === outcome).length;
  const delta = { sent: count('sent'), failed: count('failed'), skipped: count('skipped') };
  if (delta.sent + delta.failed + delta.skipped > 0) await deps.issues.addCounts(issueId, delta);
}

function pendingReport(subscriberId: string, reason: string): DeliveryReport {
  return {
    subscriberId,
    outcome: 'pending',
    reason,
    attempts: 0,
    throttles: 0,
    transientErrors: 0,
  };
}

function alreadyDone(subscriberId: string): DeliveryReport {
  return { subscriberId, outcome: 'already-done', attempts: 0, throttles: 0, transientErrors: 0 };
}

async function deliverOne(
  deps: DeliverDeps,
  issueId: string,
  subscriberId: string,
  subscriber: Subscriber | undefined,
): Promise<DeliveryReport> {
  if (deps.control.stopped) return pendingReport(subscriberId, deps.control.stopped.reason);

  const now = deps.clock.now();
  // A lease taken before `staleClaimsBefore` ends before staleClaimsBefore + leaseMs.
  const leasesEndedBy = Math.max(now, (deps.staleClaimsBefore ?? 0) + deps.leaseMs);
  const claim = await deps.ledger.claim(issueId, subscriberId, now + deps.leaseMs, leasesEndedBy);
  const finished = (outcome: RecipientOutcome, reason?: string): DeliveryReport => ({
    subscriberId,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    attempts: 0,
    throttles: 0,
    transientErrors: 0,
  });
  if (claim.outcome === 'done') return alreadyDone(subscriberId);
  if (claim.outcome === 'busy') return pendingReport(subscriberId, 'claimed by another sender');

  if (subscriber?.status !== 'active') {
    const reason = subscriber ? `subscriber is ${subscriber.status}` : 'subscriber was removed';
    await deps.ledger.markSkipped(issueId, subscriberId, reason);
    return finished('skipped', reason);
  }
  const unusable = unusableRecipient(subscriber);
  if (unusable) {
    await deps.ledger.markFailed(issueId, subscriberId, unusable);
    return finished('failed', unusable);
  }

  let message: OutgoingMessage;
  try {
    message = await deps.prepare(issueId, subscriber);
  } catch (error) {
    // Nothing was sent: give the claim back so the next attempt need not wait for the lease.
    await deps.ledger.release(issueId, subscriberId).catch(() => {});
    throw error;
  }
  return sendWithRetries(deps, issueId, subscriberId, message);
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

/** The stop a run makes itself when its own count of the daily quota (remainingToday) runs out. */
const QUOTA_USED_UP = {
  reason: 'Max24HourSend − SentLast24Hours (read at the start) is used up',
} as const;

async function sendWithRetries(
  deps: DeliverDeps,
  issueId: string,
  subscriberId: string,
  message: OutgoingMessage,
): Promise<DeliveryReport> {
  const { control } = deps;
  const random = deps.random ?? Math.random;
  let throttles = 0;
  let transientErrors = 0;
  const report = (outcome: RecipientOutcome, attempts: number, reason?: string) => ({
    subscriberId,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    attempts,
    throttles,
    transientErrors,
  });
  const giveBack = async (attempts: number, reason: string) => {
    await deps.ledger.release(issueId, subscriberId);
    return report('pending', attempts, reason);
  };

  // Read through a function: other senders change `control` while this one awaits. Running out
  // of our own count stops new sends only; SES refusing to send stops everyone.
  const refusedBySes = () =>
    control.stopped && control.stopped !== QUOTA_USED_UP ? control.stopped.reason : undefined;

  for (let attempt = 1; ; attempt++) {
    const refused = refusedBySes();
    if (refused !== undefined) return giveBack(attempt - 1, refused);
    if (control.remainingToday <= 0) {
      if (!control.stopped) control.stopped = QUOTA_USED_UP;
      return giveBack(attempt - 1, QUOTA_USED_UP.reason);
    }
    control.remainingToday--;
    await deps.limiter.take();
    const refusedMeanwhile = refusedBySes();
    if (refusedMeanwhile !== undefined) {
      control.remainingToday++;
      return giveBack(attempt - 1, refusedMeanwhile);
    }

    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send(message));
    } catch (error) {
      if (!(error instanceof SendFailure)) throw error;
      control.remainingToday++;
      if (error.kind === 'rejected') {
        await deps.ledger.markFailed(issueId, subscriberId, error.message);
        return report('failed', attempt, error.message);
      }
      if (error.kind === 'quota') {
        control.remainingToday = 0;
        if (refusedBySes() === undefined) control.stopped = { reason: error.message };
        return giveBack(attempt, refusedBySes() ?? error.message);
      }
      if (error.kind === 'throttled') throttles++;
      else transientErrors++;
      if (attempt >= deps.retry.maxAttempts) {
        return giveBack(attempt, `gave up after ${attempt} attempts: ${error.message}`);
      }
      await deps.clock.sleep(backoffDelay(attempt, deps.retry, random));
      continue;
    }
    // SES has the message now. If this write fails (or the process dies first), the claim stays
    // open and a later run sends again: the at-least-once window is exactly this moment.
    await deps.ledger.markSent(issueId, subscriberId, messageId);
    return report('sent', attempt);
  }
}
