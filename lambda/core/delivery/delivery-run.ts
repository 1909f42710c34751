/**
 * The one delivery run, shared by the Lambda deliver handler (one run per invocation) and the
 * local `newsletter send` (one run per command): it owns pacing, run control, the prepared-issue
 * cache, the tally, counting outcomes on the issue, pausing and resuming it, deferring recipients
 * back to the queue, and finishing the issue. The two callers only adapt their world to it: SQS
 * records or the in-process dispatcher in, metrics or a progress bar out.
 */
import type { NewsletterConfig } from '../config';
import { NewsletterError } from '../errors';
import { finishIssueIfDelivered } from '../issue/finish-issue';
import { type Issue, type IssueCounts, isUnfinished, type RecipientBatch } from '../model';
import type {
  Clock,
  DeliveryLedger,
  IssueArchive,
  IssueStore,
  Mailer,
  RecipientQueue,
  SendQuota,
  SubscriberStore,
} from '../ports';
import {
  createMessageContext,
  type MessageContext,
  prepareMessage,
} from '../render/prepare-message';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
import type { TokenSecret } from '../tokens';
import {
  DEFAULT_DEFERRAL_DELAYS,
  type DeferralDelays,
  type DeliveryReport,
  deliverBatch,
  type RunControl,
} from './deliver-batch';
import { addToTally, createDeliveryTally, type DeliveryTally } from './delivery-tally';
import { createRateLimiter } from './rate-limiter';

/** Prepared issues kept per process (a Lambda container usually serves one issue at a time). */
const CACHED_ISSUES = 4;

export interface DeliveryServiceDeps {
  readonly subscribers: SubscriberStore;
  readonly ledger: DeliveryLedger;
  readonly issues: IssueStore;
  readonly mailer: Mailer;
  readonly archive: Pick<IssueArchive, 'loadPrepared'>;
  readonly config: NewsletterConfig;
  readonly secret: TokenSecret;
  readonly clock: Clock;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  readonly random?: () => number;
}

export interface RunOptions {
  /** The SES quota read at the start, or undefined when SES did not tell. */
  readonly quota?: SendQuota;
  /**
   * Runs sending at once for the same account, each at an equal share of its rate: deliver's
   * MaximumConcurrency in AWS, 1 for the local run (whose parallel batches share one limiter).
   */
  readonly sharedBy: number;
  /** Where deferred recipients go back: SQS with a delay, or the local dispatcher. */
  readonly queue: RecipientQueue;
  /** Epoch ms after which nothing new starts (a Lambda invocation's deadline). @default never */
  readonly stopAt?: number;
  /** How long a claim belongs to this run. */
  readonly leaseMs: number;
  /** Claims whose lease began before this are a dead sender's (see DeliverDeps). */
  readonly staleClaimsBefore?: number;
  /** @default DEFAULT_DEFERRAL_DELAYS */
  readonly delays?: DeferralDelays;
  /** Called after each recipient, for progress bars and logs. */
  readonly onReport?: (report: DeliveryReport, issueId: string) => void;
}

interface BatchDelivery {
  readonly reports: readonly DeliveryReport[];
  /** Recipients put back on the queue for later. */
  readonly deferred: number;
  /** True when this batch's outcomes finished the issue: it marked it `sent`, no other did. */
  readonly finishedIssue: boolean;
  /** When the issue was created, if it is still unfinished: its age is a liveness metric. */
  readonly unfinishedSince?: string;
}

export interface DeliveryRun {
  /** Messages per second this run sends at. */
  readonly ratePerSecond: number;
  readonly rateSource: 'SES quota' | 'configured cap';
  readonly control: RunControl;
  readonly tally: DeliveryTally;
  /** Issues this run has paused: SES refused to send while they had recipients left. */
  readonly paused: ReadonlySet<string>;
  /**
   * Delivers one batch (an SQS message, a local dispatch), counts its outcomes on the issue,
   * defers what is left and finishes the issue when the ledger says everyone is done.
   * `redelivered`: this batch was handed out before (an SQS receive count above 1), so an earlier
   * attempt may have finished recipients and died before counting them; they are counted now.
   */
  deliver(
    batch: RecipientBatch,
    options?: { readonly redelivered?: boolean },
  ): Promise<BatchDelivery>;
}

/**
 * The sending rate of one run: SES's MaxSendRate capped by NEWSLETTER_SEND_RATE (the cap alone
 * when SES does not tell), shared equally by the runs sending at once.
 */
export function pacedRate(quota: SendQuota | undefined, sendRateCap: number, sharedBy: number) {
  const accountRate =
    quota && quota.maxSendRate > 0 ? Math.min(quota.maxSendRate, sendRateCap) : sendRateCap;
  return accountRate / Math.max(1, sharedBy);
}

export function createDeliveryService(deps: DeliveryServiceDeps) {
  const contextFor = createContextCache(deps);
  return {
    startRun(options: RunOptions): DeliveryRun {
      return startRun(deps, contextFor, options);
    },
  };
}

/**
 * Message contexts by issue id: building one compiles the issue's templates and MIME stencil
 * (tens of milliseconds), so it is done once per issue per process, not per recipient.
 */
function createContextCache(deps: DeliveryServiceDeps) {
  const contexts = new Map<string, Promise<MessageContext>>();
  const build = async (issueId: string) => {
    const prepared = await deps.archive.loadPrepared(issueId);
    if (!prepared) {
      throw new NewsletterError(
        `Issue ${issueId} has no prepared copy in the issue archive; compose it again`,
      );
    }
    return createMessageContext({ prepared, config: deps.config, secret: deps.secret });
  };
  return (issueId: string): Promise<MessageContext> => {
    let context = contexts.get(issueId);
    if (!context) {
      context = build(issueId).catch((error: unknown) => {
        contexts.delete(issueId);
        throw error;
      });
      contexts.set(issueId, context);
      for (const oldest of contexts.keys()) {
        if (contexts.size <= CACHED_ISSUES) break;
        contexts.delete(oldest);
      }
    }
    return context;
  };
}

/**
 * Starts loading an issue's message context without waiting for it, so that on the first batch of
 * an issue in a process the prepared copy's read (in AWS an S3 GET on a new connection) and the
 * template compile overlap the batch's ledger read and first claim instead of following them. A
 * batch whose recipients are all done never uses it; one that does awaits the same promise. A
 * failed load is the first recipient's to report: the cache forgets it and loads again.
 */
function readAhead(contextFor: (issueId: string) => Promise<MessageContext>, issueId: string) {
  contextFor(issueId).catch(() => {});
}

function startRun(
  deps: DeliveryServiceDeps,
  contextFor: (issueId: string) => Promise<MessageContext>,
  options: RunOptions,
): DeliveryRun {
  const { quota } = options;
  const ratePerSecond = pacedRate(quota, deps.config.sendRateCap, options.sharedBy);
  const control: RunControl = {
    stopped: false,
    remainingToday: quota
      ? Math.max(0, quota.max24HourSend - quota.sentLast24Hours)
      : Number.POSITIVE_INFINITY,
    stopAt: options.stopAt ?? Number.POSITIVE_INFINITY,
  };
  const tally = createDeliveryTally();
  const batchDeps = {
    subscribers: deps.subscribers,
    ledger: deps.ledger,
    mailer: deps.mailer,
    clock: deps.clock,
    limiter: createRateLimiter(ratePerSecond, deps.clock),
    retry: deps.retry ?? DEFAULT_RETRY_POLICY,
    delays: options.delays ?? DEFAULT_DEFERRAL_DELAYS,
    leaseMs: options.leaseMs,
    staleClaimsBefore: options.staleClaimsBefore,
    control,
    random: deps.random,
    onReport: options.onReport,
    prepare: async (issueId: string, subscriber: Parameters<typeof prepareMessage>[1]) =>
      prepareMessage(await contextFor(issueId), subscriber),
  };
  /** Issues this run has paused, so a run of many batches writes the pause once. */
  const paused = new Set<string>();

  return {
    ratePerSecond,
    rateSource: quota && quota.maxSendRate > 0 ? 'SES quota' : 'configured cap',
    control,
    tally,
    paused,
    async deliver(batch, { redelivered = false } = {}) {
      if (!control.stopped) readAhead(contextFor, batch.issueId);
      const planned = await deps.issues.get(batch.issueId);
      if (!planned) throw missingIssue(batch.issueId);
      const result = await deliverBatch(batchDeps, batch);
      for (const report of result.reports) addToTally(tally, report);

      const delta = countOutcomes(result.reports, redelivered);
      let issue: Issue | undefined;
      if (delta.sent + delta.failed + delta.skipped > 0) {
        issue = await deps.issues.addCounts(batch.issueId, delta);
      }
      const finishedIssue =
        issue !== undefined &&
        (await finishIssueIfDelivered(deps, batch.issueId, issue)) === 'marked';
      // A batch that only deferred (a paused issue's re-check) still reports how old it is.
      if (!issue && result.pendingIds.length > 0) issue = planned;

      const stop = control.stopped;
      if (stop && stop.kind === 'refused' && result.pendingIds.length > 0) {
        if (!paused.has(batch.issueId)) {
          paused.add(batch.issueId);
          await deps.issues.changeStatus(batch.issueId, {
            from: ['sending', 'paused'],
            to: 'paused',
            pausedReason: stop.reason,
          });
        }
      } else if (issue?.status === 'paused' && delta.sent > 0) {
        // SES sends again: the quota came back.
        await deps.issues.changeStatus(batch.issueId, { from: ['paused'], to: 'sending' });
      }

      for (const { subscriberIds, retryAfterMs } of result.deferrals) {
        await options.queue.enqueue([{ issueId: batch.issueId, subscriberIds }], {
          delayMs: retryAfterMs,
        });
      }
      return {
        reports: result.reports,
        deferred: result.pendingIds.length,
        finishedIssue,
        ...(!finishedIssue && issue && isUnfinished(issue.status)
          ? { unfinishedSince: issue.createdAt }
          : {}),
      };
    },
  };
}

/**
 * A batch of an issue the table has no record of (deleted by hand, or a table restored from a
 * backup older than the issue) is not sent: nothing could count its outcomes or finish it. The
 * record fails, so after its last receive it waits in the dead-letter queue to be redriven once
 * the issue is restored, or purged if it was removed on purpose.
 */
function missingIssue(issueId: string): NewsletterError {
  return new NewsletterError(
    `Issue ${issueId} has no record in the table, so nothing is sent for it: restore the issue ` +
      '(point-in-time recovery) and redrive its batches from the dead-letter queue, or purge them ' +
      'if it was removed on purpose',
  );
}

/**
 * The outcomes to add to the issue's counters: those decided now, and on a redelivered batch
 * also those decided by an earlier attempt (which may have died before counting them). A batch
 * is delivered again only after a crash or an error, so this can count a recipient twice but
 * never leaves one uncounted; finishIssueIfDelivered checks the ledger before trusting a total.
 */
function countOutcomes(
  reports: readonly DeliveryReport[],
  redelivered: boolean,
): Omit<IssueCounts, 'recipients'> {
  const counts = { sent: 0, failed: 0, skipped: 0 };
  for (const report of reports) {
    if (report.outcome === 'sent' || report.outcome === 'failed' || report.outcome === 'skipped') {
      counts[report.outcome]++;
    } else if (report.outcome === 'already-done' && redelivered && report.earlier) {
      counts[report.earlier]++;
    }
  }
  return counts;
}
