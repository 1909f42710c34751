import { readArticleFile } from '../../adapters/files/article-file';
import { getSendQuota } from '../../adapters/ses/send-quota';
import { createSesMailer } from '../../adapters/ses/ses-mailer';
import { compileTemplate } from '../../adapters/templates/compile-template';
import { DEFAULT_RETRY_POLICY } from '../../core/delivery/backoff';
import {
  type DeliverDeps,
  type DeliveryReport,
  deliverBatch,
  type RunControl,
} from '../../core/delivery/deliver-batch';
import { createRateLimiter } from '../../core/delivery/rate-limiter';
import { NewsletterError } from '../../core/errors';
import { composeIssue, draftIssue } from '../../core/issue/compose-issue';
import type { Clock } from '../../core/ports';
import {
  createMessageContext,
  type MessageContext,
  prepareMessage,
} from '../../core/render/prepare-message';
import { createLocalDispatcher } from '../dispatcher';
import { createFileArchive, withOutbox } from '../outbox';
import { createProgress } from '../progress';
import { openLocalRuntime } from '../runtime';

export interface SendOptions {
  readonly article: string;
  readonly force?: boolean;
  readonly maxPoints?: number;
  readonly concurrency: number;
  readonly dataDir: string;
  readonly outbox: string;
  /** Where the summary goes. @default standard output */
  readonly log?: (line: string) => void;
}

/** How long a local claim is ours; a crashed run's claims are taken over at once anyway. */
const LOCAL_LEASE_MS = 60_000;

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class IssueNotFinishedError extends NewsletterError {
  override name = 'IssueNotFinishedError';
}

/**
 * `newsletter send` (and `npm start`): compose the issue, deliver it through the same
 * deliverBatch the Lambda consumer runs, with an in-process dispatcher in place of SQS, and
 * print a summary. Re-running the same command resumes an interrupted issue.
 */
export async function runSend(options: SendOptions): Promise<void> {
  const startedAt = Date.now();
  const draft = draftIssue(await readArticleFile(options.article), {
    force: options.force,
    maxPoints: options.maxPoints,
    now: startedAt,
  });

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
    // MJML compiles while SES is asked for its quota; the embedded emulator has none to give.
    const [template, quota] = await Promise.all([
      compileTemplate('newsletter'),
      runtime.sesEmbedded ? undefined : getSendQuota(runtime.ses),
    ]);
    const rate = quota?.maxSendRate ?? runtime.config.sendRateCap;
    const control: RunControl = {
      stopped: false,
      remainingToday: quota
        ? quota.max24HourSend - quota.sentLast24Hours
        : Number.POSITIVE_INFINITY,
    };
    const archive = createFileArchive(options.outbox, runtime.dataDir.issuesPath);
    const contexts = new Map<string, Promise<MessageContext>>();
    const contextFor = (issueId: string) => {
      let context = contexts.get(issueId);
      if (!context) {
        context = archive.loadPrepared(issueId).then((prepared) => {
          if (!prepared)
            throw new NewsletterError(
              `Issue ${issueId} has no prepared copy in ${runtime.dataDir.issuesPath}`,
            );
          return createMessageContext({ prepared, config: runtime.config, secret: runtime.secret });
        });
        contexts.set(issueId, context);
      }
      return context;
    };

    const progress = createProgress();
    const tally = new Map<DeliveryReport['outcome'], number>();
    const deps: DeliverDeps = {
      subscribers: runtime.subscribers,
      ledger: runtime.ledger,
      issues: runtime.issues,
      mailer: withOutbox(createSesMailer({ client: runtime.ses }), options.outbox),
      clock: systemClock,
      limiter: createRateLimiter(rate, systemClock),
      retry: DEFAULT_RETRY_POLICY,
      leaseMs: LOCAL_LEASE_MS,
      staleClaimsBefore: runtime.startedAt,
      control,
      prepare: async (issueId, subscriber) => prepareMessage(await contextFor(issueId), subscriber),
      onReport: (report) => {
        tally.set(report.outcome, (tally.get(report.outcome) ?? 0) + 1);
        if (report.outcome !== 'pending') progress.tick(report.outcome);
      },
    };
    const dispatcher = createLocalDispatcher(
      async (batch) => (await deliverBatch(deps, batch)).pendingIds,
      {
        concurrency: options.concurrency,
        maxReceives: 3,
        redeliveryDelayMs: 1_000,
        clock: systemClock,
        stopped: () => control.stopped !== false,
      },
    );

    const composed = await composeIssue(
      {
        issues: runtime.issues,
        subscribers: runtime.subscribers,
        queue: dispatcher,
        archive,
        clock: systemClock,
        config: runtime.config,
        template,
      },
      draft,
    );
    if (composed.status === 'already-sent') {
      log(
        `Issue ${composed.issue.id} ("${composed.issue.title}") was already sent ` +
          `(${composed.issue.counts.sent} sent on ${composed.issue.updatedAt}); nothing to do. ` +
          'Use --force to send this article again as a new issue.',
      );
      return;
    }
    progress.setTotal(composed.recipients);
    try {
      await dispatcher.drain();
    } finally {
      progress.stop();
    }

    const pending = dispatcher.abandoned.reduce((n, batch) => n + batch.subscriberIds.length, 0);
    const finished = !control.stopped && pending === 0;
    if (finished) await runtime.issues.setStatus(composed.issue.id, 'sent');

    const count = (outcome: DeliveryReport['outcome']) => tally.get(outcome) ?? 0;
    log('');
    log(`Issue      ${composed.issue.id}${composed.resumed ? ' (resumed)' : ''}`);
    log(`Title      ${composed.keyPoints.title}`);
    log('Key points');
    for (const point of composed.keyPoints.keyPoints) {
      log(`  • ${point.heading ?? point.summary}`);
    }
    log(`Recipients ${composed.recipients} active subscribers`);
    log(
      `Sent       ${count('sent')}   skipped ${count('skipped')}   failed ${count('failed')}` +
        `   already sent earlier ${count('already-done')}   pending ${pending}`,
    );
    log(
      `Rate       ${rate}/s (${quota ? 'SES quota' : 'configured cap; SES quota not available'})`,
    );
    log(`Outbox     ${options.outbox}/${composed.issue.id}/ (index.html and one .eml per message)`);
    log(`Time       ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    if (!finished) {
      const why = control.stopped ? control.stopped.reason : 'some sends kept failing';
      throw new IssueNotFinishedError(
        `Issue ${composed.issue.id} is not finished: ${pending || 'some'} recipients pending (${why}). ` +
          'Run the same command again to resume; nobody who was sent it will get it twice.',
      );
    }
  } finally {
    await runtime.close();
  }
}
