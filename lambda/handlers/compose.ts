/**
 * compose: invoked by EventBridge Scheduler (or by hand, `{ "articleKey": "articles/x.md" }`).
 * Takes the given article, or the oldest one under `articles/` without a sent issue, or with
 * `{ "feeds": [...] }` a digest of the feeds' new items, turns it into an issue, archives the
 * rendered copy in S3, publishes its web copy to the public archive and enqueues recipient
 * batches on SQS (lambda/core/issue/compose-run.ts: idempotency, article records, resuming
 * stalled issues). The only function that carries mjml: each template is compiled once per cold
 * start, the digest's when the first digest is made.
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
import { collectDigest, saveFeedStates } from '../core/feeds/collect-digest';
import { DIGEST_TEMPLATE, digestIssueDraft, draftDigest } from '../core/feeds/digest-issue';
import type { FeedStateStore, WebClient } from '../core/feeds/types';
import {
  type ComposeSummary as ArticleComposeSummary,
  type ComposeRunDeps,
  planDraft,
  runCompose,
} from '../core/issue/compose-run';
import type { CompiledTemplate } from '../core/render/types';
import {
  bundledTemplatesDir,
  type HandlerMetrics,
  initialiseOnce,
  readEnvironment,
} from './environment';

export type ComposeSummary =
  | ArticleComposeSummary
  /** No feed had a new item: no issue, no email. */
  | { readonly status: 'nothing-new'; readonly feeds: number };

/** The template every issue is rendered with. */
export const TEMPLATE_NAME = 'newsletter';

export const composeEventSchema = z.object({
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

function parseEvent(event: unknown): z.output<typeof composeEventSchema> {
  const result = composeEventSchema.safeParse(event ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(
    `compose event ${issue?.path.join('.') || '(root)'}`,
    `${issue?.message}; expected {"articleKey": "articles/<file>"} or {}`,
  );
}

/**
 * One digest of the feeds' new items. Nothing new: no issue, no email, a log line and the
 * NothingNew metric. What the feeds held is remembered once the digest is planned, so a failed
 * run reads the same items again and makes the same issue.
 */
async function composeDigest(
  deps: ComposeHandlerDeps,
  feeds: readonly string[],
  maxArticles: number | undefined,
): Promise<ComposeSummary> {
  const { logger, metrics } = deps;
  if (!deps.feeds) {
    throw new ConfigError('feeds', 'cannot be read by this compose function (no fetcher given)');
  }
  const collected = await collectDigest(
    { web: deps.feeds.web, states: deps.feeds.states, clock: deps.clock },
    { feeds, maxArticles },
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
  if (collected.entries.length === 0) {
    await saveFeedStates(deps.feeds.states, collected.states);
    logger.info('Nothing new in the feeds: no issue, no email', { feeds: feeds.length });
    metrics.addMetric('NothingNew', MetricUnit.Count, 1);
    return { status: 'nothing-new', feeds: feeds.length };
  }
  const draft = digestIssueDraft(draftDigest(collected.entries), (notes) => {
    if (notes.length > 0) logger.warn("Digest cut to fit under Gmail's clip", { notes });
  });
  const summary = await planDraft(deps, draft, await deps.feeds.template());
  await saveFeedStates(deps.feeds.states, collected.states);
  return summary;
}

export function createComposeHandler(
  deps: ComposeHandlerDeps,
): (event: unknown, context?: Pick<Context, 'awsRequestId'>) => Promise<ComposeSummary> {
  const { logger, metrics } = deps;
  return async (event, context) => {
    try {
      const request = parseEvent(event);
      // Lambda retries an asynchronous invocation with the same request id.
      const idempotencyKey = request.idempotencyKey ?? context?.awsRequestId;
      const summary: ComposeSummary = request.feeds
        ? await composeDigest(deps, request.feeds, request.maxArticles)
        : await runCompose(deps, {
            ...request,
            ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          });
      if (summary.status !== 'nothing-new') {
        metrics.addMetric('ArticlesRejected', MetricUnit.Count, summary.rejectedArticles ?? 0);
        metrics.addMetric('IssuesResumed', MetricUnit.Count, summary.resumedIssues?.length ?? 0);
      }
      // Liveness (lib/alarms.ts): articles whose issue is not sent yet, as this run found them.
      const waiting =
        (summary.status === 'planned' && !summary.finished ? 1 : 0) +
        (summary.status === 'nothing-new' ? 0 : (summary.resumedIssues?.length ?? 0));
      metrics.addMetric('ArticlesWaiting', MetricUnit.Count, waiting);
      if (summary.status === 'already-sent') {
        logger.info('The article was sent before; use {"force": true} to send it again', {
          issueId: summary.issueId,
          articleKey: summary.articleKey,
        });
      }
      if (summary.status === 'planned') {
        logger.info('Issue planned', { ...summary });
        metrics.addMetric('IssuesPlanned', MetricUnit.Count, 1);
        metrics.addMetric('RecipientsEnqueued', MetricUnit.Count, summary.recipients);
      }
      return summary;
    } finally {
      metrics.publishStoredMetrics();
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
  return (await composeAtColdStart())(event, context);
}
