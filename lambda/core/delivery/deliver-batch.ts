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
  /** Send attempts made now, the SES SDK's own retries not included. */
  readonly attempts: number;
}

/**
 * Shared by every batch of one run. Once the daily quota is spent, `stop` is set and every
 * remaining recipient is left pending for a later run.
 */
export interface RunControl {
  stopped: false | { readonly reason: string };
  /** Messages the account may still send in its 24-hour window; Infinity when unknown. */
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
 * Delivers one batch: for each recipient, read the current subscriber record (an unsubscribe
 * that lands mid-send is honoured), claim the (issue, subscriber) delivery with a conditional
 * write, wait for a rate slot, send, and record the outcome. Outcomes are added to the issue's
 * counters once per batch.
 */
export async function deliverBatch(deps: DeliverDeps, batch: RecipientBatch): Promise<BatchResult> {
  const current = new Map(
    (await deps.subscribers.getMany(batch.subscriberIds)).map((s) => [s.id, s] as const),
  );
  const reports: DeliveryReport[] = [];
  for (const subscriberId of batch.subscriberIds) {
    const report = await deliverOne(deps, batch.issueId, subscriberId, current.get(subscriberId));
    reports.push(report);
    deps.onReport?.(report);
  }
  const count = (outcome: RecipientOutcome) => reports.filter((r) => r.outcome === outcome).length;
  const delta = { sent: count('sent'), failed: count('failed'), skipped: count('skipped') };
  if (delta.sent + delta.failed + delta.skipped > 0) {
    await deps.issues.addCounts(batch.issueId, delta);
  }
  return {
    reports,
    pendingIds: reports.filter((r) => r.outcome === 'pending').map((r) => r.subscriberId),
  };
}

async function deliverOne(
  deps: DeliverDeps,
  issueId: string,
  subscriberId: string,
  subscriber: Subscriber | undefined,
): Promise<DeliveryReport> {
  const pending = (reason: string): DeliveryReport => ({
    subscriberId,
    outcome: 'pending',
    reason,
    attempts: 0,
  });
  if (deps.control.stopped) return pending(deps.control.stopped.reason);

  const now = deps.clock.now();
  // A lease taken before `staleClaimsBefore` ends before staleClaimsBefore + leaseMs.
  const leasesEndedBy = Math.max(now, (deps.staleClaimsBefore ?? 0) + deps.leaseMs);
  const claim = await deps.ledger.claim(issueId, subscriberId, now + deps.leaseMs, leasesEndedBy);
  if (claim.outcome === 'done') return { subscriberId, outcome: 'already-done', attempts: 0 };
  if (claim.outcome === 'busy') return pending('claimed by another sender');

  if (subscriber?.status !== 'active') {
    const reason = subscriber ? `subscriber is ${subscriber.status}` : 'subscriber was removed';
    await deps.ledger.markSkipped(issueId, subscriberId, reason);
    return { subscriberId, outcome: 'skipped', reason, attempts: 0 };
  }

  const message = await deps.prepare(issueId, subscriber);
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    if (deps.control.remainingToday <= 0) {
      deps.control.stopped = { reason: 'daily sending quota reached' };
    }
    if (deps.control.stopped) {
      await deps.ledger.release(issueId, subscriberId);
      return { ...pending(deps.control.stopped.reason), attempts: attempt - 1 };
    }
    await deps.limiter.take();
    try {
      const { messageId } = await deps.mailer.send(message);
      deps.control.remainingToday--;
      await deps.ledger.markSent(issueId, subscriberId, messageId);
      return { subscriberId, outcome: 'sent', attempts: attempt };
    } catch (error) {
      if (!(error instanceof SendFailure)) throw error;
      if (error.kind === 'rejected') {
        await deps.ledger.markFailed(issueId, subscriberId, error.message);
        return { subscriberId, outcome: 'failed', reason: error.message, attempts: attempt };
      }
      if (error.kind === 'quota') {
        deps.control.stopped = { reason: `daily sending quota reached (${error.message})` };
        continue;
      }
      if (attempt >= deps.retry.maxAttempts) {
        await deps.ledger.release(issueId, subscriberId);
        return {
          subscriberId,
          outcome: 'pending',
          reason: `gave up after ${attempt} attempts: ${error.message}`,
          attempts: attempt,
        };
      }
      await deps.clock.sleep(backoffDelay(attempt, deps.retry, random));
    }
  }
}
