/**
 * compose: invoked by EventBridge Scheduler (or by hand, `{ "articleKey": "articles/x.md" }`).
 * Takes the given article, or the oldest one under `articles/` without a sent issue — with
 * `{ "feeds": [...] }` that one and then a digest of the feeds' new items — turns each into an
 * issue, archives the rendered copy in S3, publishes its web copy to the public archive and
 * enqueues recipient batches on SQS (lambda/core/issue/compose-run.ts: idempotency, article
 * records, resuming stalled issues). The only function that carries mjml: each template is
 * compiled once per cold start, the digest's when the first digest is made.
 */

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSqsClient,
} from '../adapters/aws-clients';
import { createDynamoArchiveIndex } from '../adapters/dynamo/archive-index';
import { createDynamoComposeJournal } from '../adapters/dynamo/compose-journal';
import { createDynamoDeliveryLedger } from '../adapters/dynamo/delivery-ledger';
import { createDynamoFeedStateStore } from '../adapters/dynamo/feed-state-store';
import { createDynamoIssueStore } from '../adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import { createFetcher, userAgentFor } from '../adapters/http/fetcher';
import { createS3ArchiveWriter } from '../adapters/s3/archive-writer';
import {
  ARTICLES_PREFIX,
  createS3ArticleSource,
  isArticleKey,
} from '../adapters/s3/article-source';
import { createS3IssueArchive } from '../adapters/s3/issue-archive';
import { createSqsRecipientQueue, type SqsRecipientQueue } from '../adapters/sqs/recipient-queue';
import { systemClock } from '../adapters/system-clock';
import { compileTemplate } from '../adapters/templates/compile-template';
import { archiveSiteOf, publishArchivedIssue } from '../core/archive/archive-site';
import { ConfigError, ValidationError } from '../core/errors';
import { type CollectOptions, collectDigest, saveFeedStates } from '../core/feeds/collect-digest';
import { DIGEST_TEMPLATE, digestIssueDraft } from '../core/feeds/digest-issue';
import type { FeedStateStore, WebClient } from '../core/feeds/types';
import { redraftIssue, waitsForSubscribers } from '../core/issue/compose-issue';
import {
  type ComposeSummary as ArticleComposeSummary,
  type ComposeRunDeps,
  planDraft,
  runCompose,
  waitForSubscribers,
} from '../core/issue/compose-run';
import type { CompiledTemplate } from '../core/render/types';
import {
  bundledTemplatesDir,
  type HandlerMetrics,
  initialiseOnce,
  readEnvironment,
} from './environment';
import { recordSourceOf } from './event-shape';

/** What the digest part of a scheduled run did. */
type DigestSummary =
  | ArticleComposeSummary
  /** No feed had a new item: no issue, no email. */
  | { readonly status: 'nothing-new'; readonly feeds: number };

export type ComposeSummary =
  | ArticleComposeSummary
  /**
   * A scheduled run with feeds: the oldest upload without a sent issue (its own issue, as without
   * feeds), then the digest of the feeds' new items.
   */
  | {
      readonly status: 'scheduled';
      readonly upload: ArticleComposeSummary;
      readonly digest: DigestSummary;
    };

/** The template every issue is rendered with. */
const TEMPLATE_NAME = 'newsletter';

// Strict: a misspelt field (`{"articlekey": …}`) would otherwise leave `{}`, the scheduled run,
// which sends the oldest unsent article instead of the one named.
const composeEventSchema = z
  .strictObject({
    articleKey: z
      .string()
      .refine(isArticleKey, `must be a key under ${ARTICLES_PREFIX}, e.g. articles/2026-05-04.md`)
      .optional(),
    /** Send the article again as a new issue even if it was sent before. */
    force: z.boolean().optional(),
    /**
     * The same for every retry of one request (the CLI's, or the schedule's execution id): a retry
     * finds the issue the first attempt made. @default the Lambda request id
     */
    idempotencyKey: z
      .string()
      .regex(/^[\w:.-]{1,200}$/, 'must be 1 to 200 letters, digits and _ : . -')
      .optional(),
    /** Make one digest of these feeds' new items (the `feeds` context key puts them here). */
    feeds: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .max(20)
      .optional(),
    /** Articles in the digest at most. */
    maxArticles: z.number().int().min(1).max(20).optional(),
    /**
     * The schedule's time for this run (Scheduler's `<aws.scheduler.scheduled-time>`, the same for
     * every retry): feed items dated after it wait for the next run, so a retry makes the same
     * digest as its first attempt.
     */
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((event) => event.force !== true || event.articleKey !== undefined || !!event.feeds, {
    path: ['force'],
    message:
      'needs articleKey: it sends that article again as a new issue ({"articleKey": ' +
      '"articles/<file>", "force": true}); the scheduled run ({}) sends only unsent articles',
  })
  .refine(
    (event) => !event.feeds || (event.articleKey === undefined && event.force === undefined),
    {
      path: ['feeds'],
      message:
        'cannot be given with articleKey or force: {"feeds": [...]} is the scheduled run (the oldest ' +
        'unsent upload, then a digest), {"articleKey": "articles/<file>"} sends that one article',
    },
  )
  .superRefine((event, context) => {
    // Both tune the digest: without feeds they would be passed over without a word.
    for (const field of ['maxArticles', 'scheduledTime'] as const) {
      if (event[field] === undefined || event.feeds) continue;
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `applies only with feeds: it tunes the digest of {"feeds": ["https://…"], "${field}": …}`,
      });
    }
  });

export interface ComposeHandlerDeps extends Omit<ComposeRunDeps, 'openQueue'> {
  /** A fresh queue per invocation, so nothing buffered by a failed run is sent by the next. */
  readonly openQueue: () => SqsRecipientQueue;
  readonly metrics: HandlerMetrics;
  /** What digests of feeds need; without it, an event with feeds is refused. */
  readonly feeds?: {
    readonly web: WebClient;
    readonly states: FeedStateStore;
    /** The digest template, compiled on first use. */
    readonly template: () => Promise<CompiledTemplate>;
  };
}

const COMPOSE_EXPECTED =
  'expected {"articleKey": "articles/<file>"}, {"feeds": ["https://…"]} or {}';

function parseEvent(event: unknown): z.output<typeof composeEventSchema> {
  const result = composeEventSchema.safeParse(event ?? {});
  if (result.success) return result.data;
  // No event source triggers compose: an S3 notification or a queue's records reaching it were
  // wired by hand, and are named as such rather than as 'Unrecognized key: "Records"'.
  const from = recordSourceOf(event);
  if (from) {
    throw new ValidationError(
      'compose event (root)',
      `got an event from ${from.source} (${from.where}), not the schedule's or a hand-made one: check what triggers compose; ${COMPOSE_EXPECTED}`,
    );
  }
  const issue = result.error.issues[0];
  throw new ValidationError(
    `compose event ${issue?.path.join('.') || '(root)'}`,
    `${issue?.message}; ${COMPOSE_EXPECTED}`,
  );
}

/**
 * One digest of the feeds' new items. Nothing new: no issue, no email, a log line and the
 * NothingNew metric. What the feeds held is remembered once the digest is planned, so a failed
 * run reads the same items again and makes the same issue; then the digest is recorded under the
 * run's key, so a second delivery of a run that finished plans that digest again instead of
 * making another of the items the first left waiting.
 */
async function composeDigest(
  deps: ComposeHandlerDeps,
  options: CollectOptions,
  runKey: string | undefined,
): Promise<DigestSummary> {
  const { logger, metrics } = deps;
  if (!deps.feeds) {
    throw new ConfigError('feeds', 'cannot be read by this compose function (no fetcher given)');
  }
  const earlier = runKey === undefined ? undefined : await deps.journal.requestIssue(runKey);
  const made = earlier && (await deps.issues.get(earlier.issueId));
  if (made) return planDraft(deps, redraftIssue(made), await deps.feeds.template());
  const collected = await collectDigest(
    { web: deps.feeds.web, states: deps.feeds.states, clock: deps.clock },
    options,
  );
  for (const { url, reason } of collected.passedOver) {
    logger.warn('Passing over a feed or an item', { url, reason });
  }
  metrics.addMetric('FeedItemsPassedOver', MetricUnit.Count, collected.passedOver.length);
  metrics.addMetric('FeedArticles', MetricUnit.Count, collected.entries.length);
  if (collected.leftOut > 0) {
    logger.info('The digest is full: newer items wait for the next run', {
      waiting: collected.leftOut,
    });
  }
  if (collected.olderOnFirstRead.length > 0) {
    logger.info('A feed read for the first time: its older items are taken as read, not sent', {
      feeds: collected.olderOnFirstRead,
    });
  }
  if (collected.datedLater > 0) {
    // Items published since the schedule fired (seen by a retry) or dated ahead: the next firing's.
    logger.info("Items dated after this run's scheduled time wait for the next run", {
      waiting: collected.datedLater,
      scheduledTime: options.publishedUntil,
    });
  }
  if (collected.entries.length === 0) {
    await saveFeedStates(deps.feeds.states, collected.statesAfter([]));
    logger.info('Nothing new in the feeds: no issue, no email', { feeds: options.feeds.length });
    metrics.addMetric('NothingNew', MetricUnit.Count, 1);
    return { status: 'nothing-new', feeds: options.feeds.length };
  }
  const digest = digestIssueDraft(collected.entries, (notes) => {
    if (notes.length > 0) logger.warn("Digest cut to fit under Gmail's clip", { notes });
  });
  if (await waitsForSubscribers(deps, digest.draft.issueId)) {
    // The feeds' states are not saved: their new items make the digest once someone is active.
    return waitForSubscribers(deps, digest.draft, "the feeds' new items wait");
  }
  const summary = await planDraft(deps, digest.draft, await deps.feeds.template());
  await saveFeedStates(deps.feeds.states, collected.statesAfter(digest.sent()));
  if (runKey !== undefined) {
    await deps.journal.recordRequest(runKey, {
      issueId: digest.draft.issueId,
      articleKey: digest.draft.articleKey,
    });
  }
  return summary;
}

/**
 * The scheduled run with feeds: uploads keep working beside them. The oldest upload under
 * `articles/` without a sent issue goes first, as its own issue, under the run's idempotency key
 * (a retry finds it); then the digest, under the same key with `:digest` (a retry finds it too).
 */
async function composeScheduled(
  deps: ComposeHandlerDeps,
  request: {
    readonly feeds: readonly string[];
    readonly maxArticles?: number;
    readonly scheduledTime?: string;
  },
  idempotencyKey: string | undefined,
): Promise<ComposeSummary> {
  const upload = await runCompose(deps, idempotencyKey === undefined ? {} : { idempotencyKey });
  const digest = await composeDigest(
    deps,
    {
      feeds: request.feeds,
      maxArticles: request.maxArticles,
      publishedUntil: request.scheduledTime,
    },
    idempotencyKey === undefined ? undefined : `${idempotencyKey}:digest`,
  );
  return { status: 'scheduled', upload, digest };
}

/** Logs what each issue of the run did and publishes the run's metrics, once per name. */
function reportRun(deps: ComposeHandlerDeps, summary: ComposeSummary): void {
  const { logger, metrics } = deps;
  const parts = summary.status === 'scheduled' ? [summary.upload, summary.digest] : [summary];
  const issues = parts.filter((part) => part.status !== 'nothing-new');
  const total = (count: (part: ArticleComposeSummary) => number) =>
    issues.reduce((sum, part) => sum + count(part), 0);
  metrics.addMetric(
    'ArticlesRejected',
    MetricUnit.Count,
    total((p) => p.rejectedArticles ?? 0),
  );
  metrics.addMetric(
    'IssuesResumed',
    MetricUnit.Count,
    total((p) => p.resumedIssues?.length ?? 0),
  );
  // Liveness (lib/alarms.ts): articles whose issue is not sent yet, as this run found them (one
  // waiting for subscribers too: no issue goes out while nobody is active).
  metrics.addMetric(
    'ArticlesWaiting',
    MetricUnit.Count,
    total(
      (p) =>
        ((p.status === 'planned' && !p.finished) || p.status === 'waiting-for-subscribers'
          ? 1
          : 0) + (p.resumedIssues?.length ?? 0),
    ),
  );
  for (const part of issues) {
    if (part.status === 'already-sent') {
      logger.info('The article was sent before; use {"force": true} to send it again', {
        issueId: part.issueId,
        articleKey: part.articleKey,
      });
    }
    if (part.status === 'planned') logger.info('Issue planned', { ...part });
  }
  const planned = issues.filter((part) => part.status === 'planned');
  if (planned.length > 0) {
    metrics.addMetric('IssuesPlanned', MetricUnit.Count, planned.length);
    metrics.addMetric(
      'RecipientsEnqueued',
      MetricUnit.Count,
      total((p) => (p.status === 'planned' ? p.recipients : 0)),
    );
  }
}

export function createComposeHandler(
  deps: ComposeHandlerDeps,
): (event: unknown, context?: Pick<Context, 'awsRequestId'>) => Promise<ComposeSummary> {
  return async (event, context) => {
    try {
      const request = parseEvent(event);
      // Lambda retries an asynchronous invocation with the same request id.
      const idempotencyKey = request.idempotencyKey ?? context?.awsRequestId;
      const summary: ComposeSummary = request.feeds
        ? await composeScheduled(deps, { ...request, feeds: request.feeds }, idempotencyKey)
        : await runCompose(deps, {
            ...request,
            ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          });
      reportRun(deps, summary);
      return summary;
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}

const logger = new PowertoolsLogger();
const metrics = new Metrics();
const composeAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment(['tableName', 'bucketName', 'queueUrl', 'archiveBucketName']);
  const client = createDocumentClient(createDynamoClient());
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const templatesDir = bundledTemplatesDir();
  const template = await compileTemplate(TEMPLATE_NAME, { templatesDir });
  logger.info('Template compiled', { template: template.name, version: template.version });
  const archive = createS3IssueArchive({ client: s3, bucket: env.bucketName });
  const { archiveUrl } = env.config;
  return createComposeHandler({
    articles: createS3ArticleSource({ client: s3, bucket: env.bucketName }),
    archive,
    openQueue: () => createSqsRecipientQueue({ client: sqs, queueUrl: env.queueUrl }),
    issues: createDynamoIssueStore({ client, tableName: env.tableName }),
    journal: createDynamoComposeJournal({ client, tableName: env.tableName }),
    ledger: createDynamoDeliveryLedger({ client, tableName: env.tableName }),
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    clock: systemClock,
    config: env.config,
    template,
    logger,
    metrics,
    feeds: {
      // Never loopback, private, link-local or metadata addresses: feeds are other people's.
      web: createFetcher({ allowLoopback: false, userAgent: userAgentFor(env.config.publicUrl) }),
      states: createDynamoFeedStateStore({ client, tableName: env.tableName }),
      template: initialiseOnce(() => compileTemplate(DIGEST_TEMPLATE, { templatesDir })),
    },
    publish: archiveUrl
      ? async (issueId, publishedAt) => {
          await publishArchivedIssue(
            {
              archive,
              index: createDynamoArchiveIndex({ client, tableName: env.tableName }),
              writer: createS3ArchiveWriter({ client: s3, bucket: env.archiveBucketName }),
              site: archiveSiteOf(env.config, archiveUrl),
            },
            issueId,
            publishedAt,
          );
        }
      : undefined,
  });
});

export async function handler(event: unknown, context: Context): Promise<ComposeSummary> {
  // Checked before the cold-start work (every client, the compiled template): a hand-made event
  // of the wrong shape fails at once with its one line, having read nothing.
  parseEvent(event);
  return (await composeAtColdStart())(event, context);
}
