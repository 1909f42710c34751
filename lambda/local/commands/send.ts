import { readArticleFile } from '../../adapters/files/article-file';
import { fileErrorMessage } from '../../adapters/files/file-errors';
import { getSendQuota } from '../../adapters/ses/send-quota';
import { createSesMailer } from '../../adapters/ses/ses-mailer';
import { systemClock } from '../../adapters/system-clock';
import type { DeferralDelays, RunStop } from '../../core/delivery/deliver-batch';
import { createDeliveryService, pacedRate } from '../../core/delivery/delivery-run';
import type { DeliveryTally } from '../../core/delivery/delivery-tally';
import { NewsletterError } from '../../core/errors';
import {
  composeIssue,
  draftIssue,
  type IssueDraft,
  prepareDraft,
  waitsForSubscribers,
} from '../../core/issue/compose-issue';
import type { KeyPoints } from '../../core/keypoints/types';
import type { Issue, IssueCounts } from '../../core/model';
import type { SendQuota } from '../../core/ports';
import type { FitNotes } from '../../core/render/gmail-clip';
import type { CompiledTemplate } from '../../core/render/types';
import { hasLocalStore, resolveDataDir } from '../data-dir';
import { createLocalDispatcher } from '../dispatcher';
import { checkEndpointAnswers } from '../endpoint-variables';
import { untilInterrupted } from '../interruption';
import { loadLocalConfig } from '../local-config';
import { createFileArchive, withOutbox } from '../outbox';
import { checkOutputFolder } from '../output-folder';
import { createProgress, type Progress } from '../progress';
import { type LocalRuntime, openLocalRuntime } from '../runtime';
import { idempotencyKeyFor } from './send-stack';

export interface SendOptions {
  readonly article: string;
  readonly force?: boolean;
  readonly maxPoints?: number;
  readonly concurrency: number;
  readonly dataDir: string;
  readonly outbox: string;
  /** Folder of the templates. @default the repository's templates/ (tests pass a copy) */
  readonly templatesDir?: string;
  /** Where the summary goes. @default standard output */
  readonly log?: (line: string) => void;
}

/** How long a local claim is ours; a crashed run's claims are taken over at once anyway. */
const LOCAL_LEASE_MS = 60_000;
/** Deferrals of a recipient before it waits for the next run (where SQS would keep it). */
const LOCAL_MAX_DEFERRALS = 3;
/**
 * A local run has no deadline, and a refused send (the daily quota) ends it: only recipients whose
 * retries ran out come back, after a second.
 */
const LOCAL_DELAYS: DeferralDelays = { refusedMs: 0, retriesMs: 1_000, deadlineMs: 0 };

export class IssueNotFinishedError extends NewsletterError {
  override name = 'IssueNotFinishedError';
}

/**
 * Why a run ended with recipients pending: what stopped it, else why the last recipient was
 * handed back (an SES endpoint that refuses every connection, say), so the line says what to fix.
 */
export function whyUnfinished(delivery: {
  readonly stopped?: string;
  readonly tally: DeliveryTally;
}): string {
  return delivery.stopped ?? delivery.tally.lastDeferral ?? 'some sends kept failing';
}

/** How fast this run sends, and why. */
export interface Pacing {
  /** Messages per second. */
  readonly rate: number;
  /** The account's limits when SES answered GetSendQuota; the configured cap applies otherwise. */
  readonly quota?: SendQuota;
}

/**
 * SES's MaxSendRate (when the endpoint answers GetSendQuota in time) capped by
 * NEWSLETTER_SEND_RATE, as in AWS; this one process is the only sender. The embedded emulator
 * never answers, so it is not asked.
 */
export async function resolvePacing(runtime: LocalRuntime): Promise<Pacing> {
  if (!runtime.sesEmbedded) {
    // Before the issue is begun: GetSendQuota's failure is only "no quota known".
    await checkEndpointAnswers(
      'AWS_ENDPOINT_URL_SES',
      runtime.sesEndpoint,
      'to send through the embedded SES emulator; nothing was composed or sent',
    );
  }
  const quota = runtime.sesEmbedded ? undefined : await getSendQuota(runtime.ses);
  const rate = pacedRate(quota, runtime.config.sendRateCap, 1);
  return quota && quota.maxSendRate > 0 ? { rate, quota } : { rate };
}

/**
 * The template an issue is sent with. A resumed issue keeps the one it started with (its prepared
 * copy holds it), so the rest of the list gets the same email and no MJML compile is needed; a
 * new issue compiles templates/newsletter.mjml, and only then is MJML loaded.
 */
export async function resolveTemplate(
  runtime: LocalRuntime,
  outbox: string,
  issueId: string,
  name = 'newsletter',
  templatesDir?: string,
): Promise<CompiledTemplate> {
  const archive = createFileArchive(outbox, runtime.dataDir.issuesPath);
  const [issue, prepared] = await Promise.all([
    runtime.issues.get(issueId),
    archive.loadPrepared(issueId),
  ]);
  if (issue && prepared) return prepared.template;
  const { compileTemplate } = await import('../../adapters/templates/compile-template');
  return compileTemplate(name, { templatesDir });
}

/**
 * Into a data folder with no store yet, the template is compiled and the draft rendered with it
 * before the store is made, so a template that cannot show this issue stops the command leaving
 * nothing behind (no folder, no example subscribers), as a bad article does. Undefined for a
 * folder with a store: an issue it began keeps its own template (resolveTemplate).
 */
export async function templateBeforeNewStore(
  dataDir: string,
  draft: IssueDraft,
  options: { readonly name?: string; readonly templatesDir?: string } = {},
): Promise<CompiledTemplate | undefined> {
  if (hasLocalStore(resolveDataDir(dataDir))) return undefined;
  const { compileTemplate, locateFillError } = await import(
    '../../adapters/templates/compile-template'
  );
  const template = await compileTemplate(options.name ?? 'newsletter', options);
  try {
    await prepareDraft(draft, template, loadLocalConfig());
  } catch (error) {
    throw await locateFillError(error, template, options);
  }
  return template;
}

export interface IssueDeliveryOptions {
  readonly template: CompiledTemplate;
  readonly pacing: Pacing;
  /** Batches delivered at once: also the most sends in flight at any moment. */
  readonly concurrency: number;
  readonly outbox: string;
  readonly progress?: Progress;
  /**
   * Aborted (Ctrl-C): no new send starts, those in flight finish and are recorded, and the run
   * ends unfinished, to be resumed by running it again.
   */
  readonly interrupted?: AbortSignal;
}

export type IssueDelivery =
  | { readonly status: 'already-sent'; readonly issue: Issue }
  | {
      readonly status: 'finished' | 'unfinished';
      readonly issue: Issue;
      /** The issue's status as this run left it (paused when SES refused to send). */
      readonly issueStatus: 'sent' | 'sending' | 'paused';
      readonly keyPoints: KeyPoints;
      /** How the key points were cut to fit under Gmail's clip, when they were. */
      readonly fitNotes: FitNotes;
      readonly resumed: boolean;
      readonly recipients: number;
      /** What this run did. */
      readonly tally: DeliveryTally;
      /** Recipients still not done at the end of this run. */
      readonly pending: number;
      /** Why the run stopped early (the daily quota, a paused account), if it did. */
      readonly stopped?: string;
      /** The issue's counters as the ledger has them (every run so far). */
      readonly counts: IssueCounts;
    };

const INTERRUPTED = 'interrupted (Ctrl-C)';

/**
 * How a run stops on Ctrl-C (or SIGTERM): like a deadline, the rest is left for the next run at
 * once. The reason is the abort's (`interrupted (SIGTERM)`), else Ctrl-C's.
 */
function interruptedBy(signal: AbortSignal): RunStop {
  const reason = typeof signal.reason === 'string' ? signal.reason : INTERRUPTED;
  return { reason, kind: 'deadline' };
}

/**
 * Composes the issue and delivers it through the same delivery run the Lambda consumer runs,
 * with an in-process dispatcher in place of SQS. Resumes an issue an earlier run left unfinished.
 */
export async function deliverIssue(
  runtime: LocalRuntime,
  draft: IssueDraft,
  options: IssueDeliveryOptions,
): Promise<IssueDelivery> {
  const { pacing } = options;
  const archive = createFileArchive(options.outbox, runtime.dataDir.issuesPath);
  const progress = options.progress;
  const service = createDeliveryService({
    subscribers: runtime.subscribers,
    ledger: runtime.ledger,
    issues: runtime.issues,
    mailer: withOutbox(createSesMailer({ client: runtime.ses }), options.outbox, (error) => {
      process.stderr.write(
        `newsletter: warning: no more copies in the outbox (${fileErrorMessage(error)}); ` +
          'the messages are still sent and recorded\n',
      );
    }),
    archive,
    config: runtime.config,
    secret: runtime.secret,
    clock: systemClock,
  });
  // The run and the dispatcher need each other: the run defers recipients to the dispatcher.
  let stopped = () => false;
  const dispatcher = createLocalDispatcher(
    async (batch) => {
      await run.deliver(batch);
    },
    {
      concurrency: options.concurrency,
      maxDeferrals: LOCAL_MAX_DEFERRALS,
      clock: systemClock,
      stopped: () => stopped(),
    },
  );
  const run = service.startRun({
    quota: pacing.quota,
    sharedBy: 1,
    queue: dispatcher,
    leaseMs: LOCAL_LEASE_MS,
    staleClaimsBefore: runtime.startedAt,
    delays: LOCAL_DELAYS,
    onReport: (report) => {
      if (report.outcome !== 'pending') progress?.tick(report.outcome);
    },
  });
  stopped = () => run.control.stopped !== false;
  const { interrupted } = options;
  interrupted?.addEventListener('abort', () => {
    run.control.stopped ||= interruptedBy(interrupted);
  });

  let planned = 0;
  const composed = await composeIssue(
    {
      issues: runtime.issues,
      subscribers: runtime.subscribers,
      // Counted as planned so the progress total grows while the list is still being read.
      queue: {
        async enqueue(batches) {
          for (const batch of batches) planned += batch.subscriberIds.length;
          progress?.setTotal(planned, false);
          await dispatcher.enqueue(batches);
        },
      },
      archive,
      clock: systemClock,
      config: runtime.config,
      template: options.template,
    },
    draft,
  );
  if (composed.status === 'already-sent') return composed;
  progress?.setTotal(composed.recipients);
  await dispatcher.drain();

  // Batches set aside once the run stopped were not read: the ledger says who is still to do.
  const setAside = dispatcher.abandoned.flatMap((batch) => batch.subscriberIds);
  const done = new Set(
    (await runtime.ledger.getMany?.(composed.issue.id, setAside))
      ?.filter((delivery) => delivery.state !== 'claimed')
      .map((delivery) => delivery.subscriberId),
  );
  const pending = setAside.filter((id) => !done.has(id)).length;
  const finished = pending === 0;
  // The ledger is the truth: counters miss the outcomes of a batch a crash interrupted.
  const byState = await runtime.ledger.countByState(composed.issue.id);
  // The recipients are those with an outcome and those still pending. Someone an earlier run
  // planned who left the list before getting it was not planned again, and is neither: counted,
  // they would stay pending for good on an issue that is sent.
  const recipients = byState.sent + byState.failed + byState.skipped + pending;
  const counts: IssueCounts = {
    recipients,
    sent: byState.sent,
    failed: byState.failed,
    skipped: byState.skipped,
  };
  const stop = run.control.stopped;
  const status = finished ? 'sent' : stop && stop.kind === 'refused' ? 'paused' : 'sending';
  await runtime.issues.changeStatus(composed.issue.id, {
    // A sent issue stays sent (another run may have finished it).
    from: status === 'sent' ? ['sending', 'paused', 'sent'] : ['sending', 'paused'],
    to: status,
    counts,
    ...(status === 'paused' && stop ? { pausedReason: stop.reason } : {}),
  });
  return {
    status: finished ? 'finished' : 'unfinished',
    issue: composed.issue,
    issueStatus: status,
    keyPoints: composed.keyPoints,
    fitNotes: composed.fitNotes,
    resumed: composed.resumed,
    recipients,
    tally: run.tally,
    pending,
    ...(stop && !finished ? { stopped: stop.reason } : {}),
    counts,
  };
}

/**
 * Composes and delivers a draft with a progress bar: the template (a resumed issue's own, else
 * `templateName` compiled) and the pacing are found first, MJML compiling while SES is asked for
 * its quota.
 */
export async function sendDraft(
  runtime: LocalRuntime,
  draft: IssueDraft,
  options: {
    readonly concurrency: number;
    readonly outbox: string;
    readonly templateName?: string;
    readonly templatesDir?: string;
    /** The template compiled already (templateBeforeNewStore), for a store made by this run. */
    readonly template?: CompiledTemplate;
  },
): Promise<{ readonly delivery: IssueDelivery; readonly pacing: Pacing }> {
  // An issue an earlier run began goes on with nobody active left: it is then sent (everyone
  // still on the list has it) instead of left sending for good.
  if (
    (await waitsForSubscribers(runtime, draft.issueId)) &&
    !(await runtime.issues.get(draft.issueId))
  ) {
    throw new NewsletterError(
      `No active subscriber in ${runtime.dataDir.root}: nothing was composed or sent. Import some ` +
        'with `newsletter subscribers import <file.csv>`, or start a new --data-dir to get the ' +
        'example subscribers.',
    );
  }
  const [template, pacing] = await Promise.all([
    options.template ??
      resolveTemplate(
        runtime,
        options.outbox,
        draft.issueId,
        options.templateName,
        options.templatesDir,
      ),
    resolvePacing(runtime),
  ]);
  const progress = createProgress();
  // The sends in flight finish and are recorded, so running the command again repeats none.
  try {
    const delivery = await untilInterrupted(
      'Stopping: the sends in flight finish and are recorded',
      (interrupted) =>
        deliverIssue(runtime, draft, {
          template,
          pacing,
          concurrency: options.concurrency,
          outbox: options.outbox,
          progress,
          interrupted,
        }),
    );
    return { delivery, pacing };
  } catch (error) {
    // A value the template cannot fill is named at the line of the .mjml that writes it.
    const { locateFillError } = await import('../../adapters/templates/compile-template');
    throw await locateFillError(error, template, { templatesDir: options.templatesDir });
  } finally {
    progress.stop();
  }
}

/**
 * `newsletter send` (and `npm start`): compose the issue, deliver it, and print a summary.
 * Re-running the same command resumes an interrupted or stopped issue.
 */
export async function runSend(options: SendOptions): Promise<void> {
  const startedAt = Date.now();
  const input = await readArticleFile(options.article);
  const draft = draftIssue(input, {
    // As with --stack: the same article with --force is the same forced issue, so running the
    // command again resumes it instead of sending everyone another copy.
    ...(options.force ? { forceKey: idempotencyKeyFor(input.bytes, true) } : {}),
    maxPoints: options.maxPoints,
  });
  // Only checked (a file in the way is one line now): the folder is made when the first issue
  // is written there, so a send that stops before (configuration, a data folder in use, a lost
  // secret, nobody to send to) leaves no empty outbox behind.
  await checkOutputFolder('--outbox', options.outbox);
  const template = await templateBeforeNewStore(options.dataDir, draft, options);

  const runtime = await openLocalRuntime({
    dataDir: options.dataDir,
    command: 'send',
    seedExamples: true,
  });
  try {
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    if (runtime.seeded) {
      log(`New local store: imported ${runtime.seeded.imported} example subscribers.`);
    }
    const { delivery, pacing } = await sendDraft(runtime, draft, { ...options, template });
    if (delivery.status === 'already-sent') {
      const { issue } = delivery;
      log(
        `Issue ${issue.id} ("${issue.title}") was already sent ` +
          `(${issue.counts.sent} sent on ${issue.updatedAt}); nothing to do. ` +
          (options.force
            ? 'It is this article sent again with --force: an unchanged article makes the same ' +
              'forced issue, so edit it to send it once more.'
            : 'Use --force to send this article again as a new issue.'),
      );
      return;
    }
    log('');
    for (const line of formatSummary(delivery, pacing, {
      outbox: options.outbox,
      seconds: (Date.now() - startedAt) / 1000,
    })) {
      log(line);
    }
    if (delivery.status === 'unfinished') {
      throw new IssueNotFinishedError(
        `Issue ${delivery.issue.id} is not finished: ${delivery.pending} recipients pending ` +
          `(${whyUnfinished(delivery)}). Run the same command again to ` +
          'send to them; everyone already sent is skipped.',
      );
    }
  } finally {
    await runtime.close();
  }
}

/** The run summary, one line per fact (docs/operations.md explains how to read it). */
export function formatSummary(
  delivery: Extract<IssueDelivery, { status: 'finished' | 'unfinished' }>,
  pacing: Pacing,
  run: { readonly outbox: string; readonly seconds: number; readonly now?: number },
): string[] {
  const { tally, counts } = delivery;
  const lines = [
    `Issue      ${delivery.issue.id}${delivery.resumed ? ' (resumed)' : ''}`,
    `Title      ${delivery.keyPoints.title}`,
    'Key points',
    ...delivery.keyPoints.keyPoints.map((point) => `  • ${point.heading ?? point.summary}`),
    ...delivery.fitNotes.map((note) => `Fitted     ${note}`),
    `Recipients ${delivery.recipients} active subscribers`,
    `Sent       ${tally.sent}   skipped ${tally.skipped}   failed ${tally.failed}` +
      `   already done earlier ${tally.alreadyDone}   pending ${delivery.pending}`,
    `Retries    ${tally.throttles} after SES throttling, ${tally.transientErrors} after ` +
      'transient errors (5xx, timeouts, network)',
    ...(tally.takenOver > 0
      ? [
          `Taken over ${tally.takenOver} whose send a stopped run had started (killed mid-send) ` +
            'or SES did not answer in time: ' +
            'SES may have had it, so each may have this issue twice',
        ]
      : []),
    `In all     ${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} skipped ` +
      `(every run of this issue)`,
    `Rate       ${formatRate(pacing)}`,
  ];
  if (delivery.stopped) lines.push(`Stopped    ${formatStop(delivery.stopped, run.now)}`);
  lines.push(
    `Status     ${delivery.status === 'finished' ? 'sent: every active subscriber is done' : `${delivery.issueStatus}: ${delivery.pending} recipients pending; run the same command again`}`,
    `Outbox     ${run.outbox}/${delivery.issue.id}/ (index.html and one .eml per message)`,
    `Time       ${run.seconds.toFixed(1)} s`,
  );
  return lines;
}

function formatRate({ rate, quota }: Pacing): string {
  if (!quota) return `${rate}/s (configured cap NEWSLETTER_SEND_RATE; SES quota not available)`;
  const left = Math.max(0, quota.max24HourSend - quota.sentLast24Hours);
  const capped = rate < quota.maxSendRate ? ', capped by NEWSLETTER_SEND_RATE' : '';
  const daily = Number.isFinite(quota.max24HourSend)
    ? `${left} of ${quota.max24HourSend} messages left in the 24-hour window at the start`
    : 'no daily limit';
  return `${rate}/s (SES quota: MaxSendRate ${quota.maxSendRate}${capped}; ${daily})`;
}

function formatStop(reason: string, now = Date.now()): string {
  if (reason.startsWith('interrupted (')) return `${reason}; run the same command again`;
  // Our own count of the quota, or SES's "Daily message quota exceeded".
  if (!/Max24HourSend|daily message quota/i.test(reason)) {
    return `${reason}; fix what SES reports, then run the same command again`;
  }
  const after = new Date(now + 24 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return (
    `daily quota: ${reason}; run the same command again after ${after} UTC, when today's ` +
    "sends have left SES's rolling 24-hour window (a run before then sends what it has freed)"
  );
}
