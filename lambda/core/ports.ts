/**
 * The ports the core needs from the outside world. Adapters implement them on DynamoDB, SES,
 * S3 and SQS (lambda/adapters) and on the local runtime (lambda/local); unit tests use small
 * in-memory fakes.
 */
import type { ArticleInput } from './article/types';
import type {
  Consent,
  Delivery,
  DeliveryState,
  Issue,
  IssueCounts,
  IssueStatus,
  RecipientBatch,
  Subscriber,
  SubscriberStatus,
} from './model';
import type { PreparedIssue } from './render/types';

/** Structured fields of a log entry. Subscribers are named by id, never by address. */
export type LogFields = Record<string, unknown>;

/**
 * The one logger interface: Powertools' Logger in Lambda, readable lines locally, a recorder in
 * tests. The fields (usually one object, or none) are merged into the entry, as Powertools does.
 */
export interface Logger {
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

export type LogLevel = keyof Logger;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>;
  /** Current records for these ids (missing ids are left out); order not guaranteed. */
  getMany(ids: readonly string[]): Promise<Subscriber[]>;
  /** Creates the subscriber unless one with the same id exists. Returns false when it existed. */
  create(subscriber: Subscriber): Promise<boolean>;
  /** Replaces the stored record (used by status changes). */
  put(subscriber: Subscriber): Promise<void>;
  /**
   * Replaces the record only if it is still as `previous` was read (same status, bounces and
   * updatedAt): a conditional write, so two changes racing (an unsubscribe and a bounce) never
   * silently undo each other. Returns false when the record changed or vanished meanwhile.
   */
  replace(next: Subscriber, previous: Subscriber): Promise<boolean>;
  /**
   * Erasure (GDPR Art. 17): deletes everything stored about the subscriber and keeps only a
   * tombstone under the same id (a keyed hash of the address), so the address cannot be created
   * again by mistake. A tombstone is invisible to get/getMany/all/activeIds. Returns false when
   * there was no subscriber with this id (erased before, or never there).
   */
  erase(id: string, at: string): Promise<boolean>;
  /** When the subscriber with this id was erased, or undefined when there is no tombstone. */
  erasedAt(id: string): Promise<string | undefined>;
  /**
   * Pages of active subscriber ids, read lazily from the store (a sparse, sharded index), so a
   * million subscribers never sit in memory at once.
   */
  activeIds(pageSize?: number): AsyncIterable<string[]>;
  /** Every subscriber, any status, page by page (for list/export). */
  all(): AsyncIterable<Subscriber[]>;
  countByStatus?(): Promise<Record<SubscriberStatus, number>>;
}

/** Fixed-window counters shared by every process (Lambda containers, the local server). */
export interface RateCounter {
  /**
   * Counts one hit against `key` in the window of `windowMs` that holds `now`, unless the window
   * already holds `limit` hits. `retryAfterMs` says when the window ends.
   */
  take(
    key: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<{ readonly allowed: boolean; readonly retryAfterMs: number }>;
  /**
   * Uncounts one hit `take` counted at `takenAt` (what it allowed did not happen, and will be
   * asked for again). Never below zero.
   */
  giveBack(key: string, windowMs: number, takenAt: number): Promise<void>;
}

export interface IssueStore {
  get(id: string): Promise<Issue | undefined>;
  /** Creates the issue record unless it exists. Returns false when it existed. */
  create(issue: Issue): Promise<boolean>;
  /**
   * Conditional write: moves the issue to `change.to` only if its status is one of `change.from`
   * (so a late pause never reopens a sent issue). Sets `pausedReason` when moving to `paused` and
   * removes it otherwise. Returns false when the status was not one of `from`.
   */
  changeStatus(id: string, change: StatusChange): Promise<boolean>;
  /**
   * Raises the issue's planned recipients to `recipients`, unless it has as many already or is
   * `sent`. Two plans of one issue at once (a manual send during the scheduled run) each list the
   * subscribers; the later write must not lower the count the other wrote, or the issue could end
   * while recipients it planned are still queued, their outcomes never counted.
   */
  raiseRecipients(id: string, recipients: number): Promise<void>;
  /**
   * Atomically adds to the issue's counters, unless the issue is `sent` (its counts are final),
   * and returns the issue after the change.
   */
  addCounts(id: string, delta: Partial<IssueCounts>): Promise<Issue>;
}

interface StatusChange {
  readonly from: readonly IssueStatus[];
  readonly to: IssueStatus;
  readonly counts?: Partial<IssueCounts>;
  /** Required with `to: 'paused'`. */
  readonly pausedReason?: string;
}

export type ClaimResult =
  /**
   * The caller owns the delivery now and must send it. `tookOver`: the entry was claimed before
   * and its lease ran out with the claim neither finished nor given back, so its sender stopped
   * (killed, timed out) perhaps after SES had taken the message: this send may be a second copy.
   */
  | { readonly outcome: 'claimed'; readonly attempts: number; readonly tookOver: boolean }
  /** Already sent, failed for good or skipped: nothing to do. */
  | { readonly outcome: 'done'; readonly delivery: Delivery }
  /** Someone else holds an unexpired lease on it. */
  | { readonly outcome: 'busy'; readonly delivery: Delivery };

export interface DeliveryLedger {
  /**
   * Conditional write: claims (issue, subscriber) when there is no entry, or when the entry is
   * `claimed` with a lease that ended before `now`.
   */
  claim(
    issueId: string,
    subscriberId: string,
    leaseUntil: number,
    now: number,
  ): Promise<ClaimResult>;
  markSent(issueId: string, subscriberId: string, messageId: string): Promise<void>;
  markFailed(issueId: string, subscriberId: string, reason: string): Promise<void>;
  /** Closes a claim without sending: the subscriber is no longer active. */
  markSkipped(issueId: string, subscriberId: string, reason: string): Promise<void>;
  /** How many deliveries of the issue are in each state (a paginated count, for reconciling). */
  countByState(issueId: string): Promise<Record<DeliveryState, number>>;
  /** Gives a claim back (a retryable failure): the next claim may take it at once. */
  release(issueId: string, subscriberId: string): Promise<void>;
  get(issueId: string, subscriberId: string): Promise<Delivery | undefined>;
  /**
   * Optional: the entries of many deliveries of one issue in one read (missing ones left out),
   * so a batch whose recipients an earlier run finished needs no claim attempt for each.
   */
  getMany?(issueId: string, subscriberIds: readonly string[]): Promise<Delivery[]>;
}

/** Classification of a send failure, deciding what happens next. */
export type SendFailureKind =
  /** Rate exceeded: back off and retry. */
  | 'throttled'
  /** Daily quota exhausted: stop the run, leave the rest pending. */
  | 'quota'
  /** Rejected or bad address: mark failed, never retry. */
  | 'rejected'
  /** Network error, timeout, 5xx: retry with backoff, bounded. */
  | 'transient';

export class SendFailure extends Error {
  override name = 'SendFailure';
  /**
   * The request may have reached SES, which may have sent the message (it timed out waiting for
   * the answer): sending again at once could mail the recipient a second copy.
   */
  readonly uncertain: boolean;
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    options?: { cause?: unknown; uncertain?: boolean },
  ) {
    super(message, options);
    this.uncertain = options?.uncertain === true;
  }
}

export interface OutgoingMessage {
  /** The full RFC 5322 message, exactly as submitted. */
  readonly raw: Uint8Array;
  /** The single envelope recipient. */
  readonly to: string;
  /** Who it is for, for logs (never the address). */
  readonly subscriberId: string;
  readonly issueId: string;
}

export interface Mailer {
  /** Sends one message to one recipient. Throws SendFailure on failure. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

/** One version of an uploaded article: its object key and ETag (a new upload, a new ETag). */
export interface ArticleVersion {
  readonly key: string;
  readonly etag: string;
}

/** What compose learnt about an article version, so it never reads or parses it again. */
export type ArticleRecord =
  /** It made this issue; `sent` once compose saw the issue sent (then it is not even looked up). */
  | { readonly issueId: string; readonly sent: boolean }
  /**
   * Passed over for good, `at` this time (ISO 8601): it cannot be used (ArticleError), or it is a
   * changed copy under a key that already made an issue.
   */
  | { readonly rejected: string; readonly at: string };

/** How long `newsletter status --stack` lists an upload compose passed over. */
export const PASSED_OVER_RETENTION_DAYS = 30;

/** An upload compose passed over for good, and why: what an operator must fix and upload again. */
export interface PassedOverArticle {
  readonly key: string;
  readonly etag: string;
  readonly reason: string;
  /** When compose passed it over (ISO 8601). */
  readonly at: string;
}

/** The issue one compose request made: a retry of the request finds it instead of making another. */
export interface ComposedIssue {
  readonly issueId: string;
  readonly articleKey: string;
}

/**
 * What compose remembers between runs, in single-item conditional writes: which issue each
 * request (idempotency key) made, and which issue each article version made.
 */
export interface ComposeJournal {
  /** The issue the request with this key made, or undefined. */
  requestIssue(key: string): Promise<ComposedIssue | undefined>;
  /**
   * Records the issue of the request with this key unless one is recorded; returns the recorded
   * one (the earlier request's, when two raced).
   */
  recordRequest(key: string, made: ComposedIssue): Promise<ComposedIssue>;
  /** The records of these article versions, by `key` (versions with none are left out). */
  articleRecords(versions: readonly ArticleVersion[]): Promise<Map<string, ArticleRecord>>;
  /** The issue some version of this object key made (sent or on its way), or undefined. */
  issueOfKey(key: string): Promise<string | undefined>;
  recordArticle(version: ArticleVersion, record: ArticleRecord): Promise<void>;
  /**
   * The versions recorded as rejected in the PASSED_OVER_RETENTION_DAYS before `now` (epoch ms),
   * newest first, each once.
   */
  passedOver(now: number): Promise<PassedOverArticle[]>;
}

export interface ArticleSource {
  read(key: string): Promise<ArticleInput>;
}

/**
 * Where composed issues are kept: the prepared issue that deliver renders from, and the rendered
 * "view in browser" copy (S3 `issues/<id>/` in AWS, the outbox folder locally).
 */
export interface IssueArchive {
  save(
    issueId: string,
    files: { readonly prepared: PreparedIssue; readonly html: string },
  ): Promise<void>;
  /** The prepared issue, or undefined when it was never archived. */
  loadPrepared(issueId: string): Promise<PreparedIssue | undefined>;
}

export interface EnqueueOptions {
  /** Deliver no sooner than this (SQS DelaySeconds, at most 15 minutes). @default 0 */
  readonly delayMs?: number;
}

export interface RecipientQueue {
  enqueue(batches: readonly RecipientBatch[], options?: EnqueueOptions): Promise<void>;
}

/** The account's SES sending limits (GetSendQuota), when SES tells. */
export interface SendQuota {
  /** Messages per second. */
  readonly maxSendRate: number;
  /** Messages per 24 hours; infinite when the account has no daily limit. */
  readonly max24HourSend: number;
  readonly sentLast24Hours: number;
}

/** A sign-up the API accepted: what the confirmation sender needs, validated. */
export interface SignUpRequest {
  /** Normalised (normaliseEmail). */
  readonly email: string;
  readonly name: string | null;
  readonly consent: Consent;
}

/**
 * Where POST /subscribe hands a sign-up, so it answers before anything about the address is read
 * or sent (SQS and the confirmation-sender function in AWS; in-process locally).
 */
export interface SignUpQueue {
  enqueue(request: SignUpRequest): Promise<void>;
}

/**
 * Sign-ups the operator queues in bulk (`subscribers import --send-confirmations`): the same
 * messages POST /subscribe sends, so the confirmation sender treats them alike.
 */
export interface SignUpBatchQueue {
  /** Queues up to ten sign-ups in one call; throws when SQS kept failing some of them. */
  enqueueBatch(requests: readonly SignUpRequest[]): Promise<void>;
}
