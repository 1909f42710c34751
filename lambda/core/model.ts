import type { KeyPoint } from './keypoints/types';

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'suppressed';

/** The record of how and when a person agreed to receive the newsletter (GDPR Art. 7). */
export interface Consent {
  /** ISO timestamp of the sign-up (or import). */
  readonly at: string;
  /** Where it came from: "import", "form", "api". */
  readonly source: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** Version of the consent text the person saw. */
  readonly textVersion?: string;
  /** ISO timestamp of the double opt-in confirmation (the POST of the confirm page), once confirmed. */
  readonly confirmedAt?: string;
  /** The client that POSTed the confirmation: its address and user agent. */
  readonly confirmedIp?: string;
  readonly confirmedUserAgent?: string;
}

export interface Subscriber {
  /** Keyed hash of the normalised address: a duplicate sign-up is the same id. */
  readonly id: string;
  /** Normalised address (trimmed, domain lower-cased). */
  readonly email: string;
  readonly name: string | null;
  readonly status: SubscriberStatus;
  readonly consent: Consent;
  /** Consecutive transient bounces. */
  readonly bounces: number;
  /** SES feedback ids of the transient bounces counted in `bounces` (the last three). */
  readonly bounceFeedbackIds?: readonly string[];
  /**
   * ISO timestamp of the event that last changed `bounces`: the latest transient bounce counted,
   * or the delivery that reset them. SNS brings events in no particular order: a delivery older
   * than it resets nothing, and after a reset a bounce older than it counts for nothing.
   */
  readonly bounceCountAt?: string;
  /**
   * The delivery that last reset `bounces`, and the count it reset. A server may accept a message
   * (SES reports its delivery) and bounce it afterwards: that bounce undoes the reset.
   */
  readonly lastReset?: { readonly messageId: string; readonly bounces: number };
  /** Why the subscriber left or was suppressed (e.g. "bounce:Permanent", "complaint", "one-click"). */
  readonly reason?: string;
  /** ISO timestamp of the event that `reason` records (the bounce, complaint or unsubscribe). */
  readonly reasonAt?: string;
  /**
   * ISO timestamp after which the record may be deleted: a sign-up never confirmed (pending, or
   * suppressed or unsubscribed before confirming) goes 48 h after its consent.
   */
  readonly expiresAt?: string;
  /**
   * ISO timestamp at which `subscribers import --send-confirmations` put this pending
   * subscriber's confirmation on the sign-up queue: a re-run of the import never queues it again.
   */
  readonly confirmationQueuedAt?: string;
  /**
   * ISO timestamp at which a confirmation email was last sent (or is being sent) to this pending
   * subscriber: a sign-up again within CONFIRMATION_RESEND_AFTER_MS of it sends none.
   */
  readonly confirmationSentAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * `composing`: being planned. `sending`: recipients on the queue. `paused`: SES refused to send
 * more today (the daily quota) or at all; deliver retries by itself and the issue goes back to
 * `sending` once a message goes out. `sent`: every planned recipient has an outcome in the ledger.
 */
export type IssueStatus = 'composing' | 'sending' | 'paused' | 'sent';

/** An issue whose recipients are still being delivered. */
export function isUnfinished(status: IssueStatus): boolean {
  return status === 'sending' || status === 'paused';
}

export interface IssueCounts {
  /** Active subscribers enumerated when the issue was planned. */
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
  /** Recipients dropped at delivery time (unsubscribed or suppressed since planning). */
  readonly skipped: number;
}

/** One newsletter issue: one article, sent once to every active subscriber. */
export interface Issue {
  readonly id: string;
  /** The article's file name or object key. */
  readonly articleKey: string;
  readonly title: string;
  readonly lead: string;
  readonly keyPoints: readonly KeyPoint[];
  readonly status: IssueStatus;
  /** Why the issue is `paused` (SES's answer, or the daily quota being used up). */
  readonly pausedReason?: string;
  /**
   * Outcomes counted so far. Deliver adds them per batch; a crash can make them run ahead of
   * the ledger (never behind it for long), so they only say when to look: the ledger decides.
   */
  readonly counts: IssueCounts;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `skipped`: the subscriber was no longer active when their turn came (unsubscribed mid-send). */
export type DeliveryState = 'claimed' | 'sent' | 'failed' | 'skipped';

/** The ledger entry for one (issue, subscriber): the guard against sending twice. */
export interface Delivery {
  readonly issueId: string;
  readonly subscriberId: string;
  readonly state: DeliveryState;
  /** SES MessageId once sent. */
  readonly messageId?: string;
  readonly attempts: number;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  /** Epoch ms until which a `claimed` entry belongs to its claimant; after that it may be re-claimed. */
  readonly leaseUntil?: number;
  /** ISO timestamp of the last change. */
  readonly at: string;
}

/** A unit of fan-out: what one SQS message (or one local dispatch) carries. No addresses, only ids. */
export interface RecipientBatch {
  readonly issueId: string;
  readonly subscriberIds: readonly string[];
  /**
   * Put back from the dead-letter queue: its receives count from one again, but the attempts
   * that failed may have finished recipients without counting them, so deliver counts those.
   */
  readonly redriven?: boolean;
}
