/**
 * compose: invoked by EventBridge Scheduler (or by hand, `{ "articleKey": "articles/x.md" }`).
 * Takes the given article, or the oldest one under `articles/` without a sent issue, or with
 * `{ "feeds": [...] }` a digest of the feeds' new items, turns it into an issue, archives the
 * rendered copy in S3, publishes its web copy to the public archive and enqueues recipient
 * batches on SQS. The only function that carries mjml: each template is compiled once per cold
 * start, the digest's when the first digest is made.
 */

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSqsClient,
} from '../adapters/aws-clients';
import { createDynamoArchiveIndex } from '../adapters/dynamo/archive-index';
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
  type S3ArticleSource,
} from '../adapters/s3/article-source';
import { createS3IssueArchive } from '../adapters/s3/issue-archive';
import { createSqsRecipientQueue, type SqsRecipientQueue } from '../adapters/sqs/recipient-queue';
import { systemClock } from '../adapters/system-clock';
import { compileTemplate } from '../adapters/templates/compile-template';
import { archiveSiteOf, publishArchivedIssue } from '../core/archive/archive-site';
import type { NewsletterConfig } from '../core/config';
import { ArticleError, ConfigError, ValidationError } from '../core/errors';
import { collectDigest, saveFeedStates } from '../core/feeds/collect-digest';
import { DIGEST_TEMPLATE, digestIssueDraft, draftDigest } from '../core/feeds/digest-issue';
import type { FeedStateStore, WebClient } from '../core/feeds/types';
import { composeIssue, draftIssue, type IssueDraft } from '../core/issue/compose-issue';
import { finishIssueIfDelivered } from '../core/issue/finish-issue';
import type {
  Clock,
  DeliveryLedger,
  IssueArchive,
  IssueStore,
  Logger,
  SubscriberStore,
} from '../core/ports';
import type { CompiledTemplate } from '../core/render/types';
import {
  bundledTemplatesDir,
  type HandlerMetrics,
  initialiseOnce,
  readEnvironment,
} from './environment';

/** The template every issue is rendered with. */
export const TEMPLATE_NAME = 'newsletter';

export const composeEventSchema = z.object({
  articleKey: z
    .string()
    .refine(isArticleKey, `must be a key under ${ARTICLES_PREFIX}, e.g. articles/2026-05-04.md`)
    .optional(),
  /** Send the article again as a new issue even if it was sent before. */
  force: z.boolean().optional(),
  /** Make one digest of these feeds' new items (the `feeds` context key puts them here). */
  feeds: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(20)
    .optional(),
  /** Articles in the digest at most. */
  maxArticles: z.number().int().min(1).max(20).optional(),
});

export type ComposeSummary =
  | { readonly status: 'nothing-to-send' }
  /** No feed had a new item: no issue, no email. */
  | { readonly status: 'nothing-new'; readonly feeds: number }
  | { readonly status: 'already-sent'; readonly issueId: string; readonly articleKey: string }
  | {
      readonly status: 'planned';
      readonly issueId: string;
      readonly articleKey: string;
      readonly title: string;
      readonly recipients: number;
      readonly batches: number;
      readonly resumed: boolean;
      /** True when nothing was left to send (no active subscribers, or all done earlier). */
      readonly finished: boolean;
    };

export interface ComposeHandlerDeps {
  readonly articles: S3ArticleSource;
  readonly archive: IssueArchive;
  /** A fresh queue per invocation, so nothing buffered by a failed run is sent by the next. */
  readonly openQueue: () => SqsRecipientQueue;
  readonly issues: IssueStore;
  /** Counted to decide whether an issue is finished. */
  readonly ledger: Pick<DeliveryLedger, 'countByState'>;
  readonly subscribers: SubscriberStore;
  readonly clock: Clock;
  readonly config: NewsletterConfig;
  readonly template: CompiledTemplate;
  readonly logger: Logger;
  readonly metrics: HandlerMetrics;
  /** What digests of feeds need; without it, an event with feeds is refused. */
  readonly feeds?: {
    readonly web: WebClient;
    readonly states: FeedStateStore;
    /** The digest template, compiled on first use. */
    readonly template: () => Promise<CompiledTemplate>;
  };
  /** Publishes a planned issue to the public archive (its web copy, the index, the feed). */
  readonly publish?: (issueId: string, publishedAt: string) => Promise<void>;
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
 * The oldest article whose issue is not sent yet (an interrupted one is resumed). An article that
 * cannot be used is logged and passed over, so one bad upload does not stop the newsletter.
 */
async function draftOldestUnsent(
  deps: ComposeHandlerDeps,
  now: number,
): Promise<IssueDraft | undefined> {
  for (const key of await deps.articles.listKeys()) {
    let draft: IssueDraft;
    try {
      draft = draftIssue(await deps.articles.read(key), { now });
    } catch (error) {
      if (!(error instanceof ArticleError)) throw error;
      deps.logger.error('Passing over an article that cannot be used', {
        articleKey: key,
        reason: error.message,
      });
      deps.metrics.addMetric('ArticlesRejected', MetricUnit.Count, 1);
      continue;
    }
    if ((await deps.issues.get(draft.issueId))?.status !== 'sent') return draft;
  }
  return undefined;
}

/**
 * Turns a draft into an issue and plans its delivery: recipients enqueued, the issue published
 * to the public archive before the queue is flushed (so "view in browser" works when the email
 * arrives).
 */
async function plan(
  deps: ComposeHandlerDeps,
  draft: IssueDraft,
  template: CompiledTemplate,
): Promise<ComposeSummary> {
  const { logger, metrics } = deps;
  const queue = deps.openQueue();
  const result = await composeIssue({ ...deps, template, queue }, draft);
  if (result.status === 'already-sent') {
    logger.info('The article was sent before; use {"force": true} to send it again', {
      issueId: result.issue.id,
      articleKey: draft.articleKey,
    });
    return { status: 'already-sent', issueId: result.issue.id, articleKey: draft.articleKey };
  }
  await deps.publish?.(result.issue.id, result.issue.createdAt);
  await queue.flush();
  const finished = await finishIssueIfDelivered(deps, result.issue.id);

  const summary: ComposeSummary = {
    status: 'planned',
    issueId: result.issue.id,
    articleKey: draft.articleKey,
    title: result.keyPoints.title,
    recipients: result.recipients,
    batches: result.batches,
    resumed: result.resumed,
    finished,
  };
  logger.info('Issue planned', { ...summary, keyPoints: result.keyPoints.keyPoints.length });
  metrics.addMetric('IssuesPlanned', MetricUnit.Count, 1);
  metrics.addMetric('RecipientsEnqueued', MetricUnit.Count, result.recipients);
  return summary;
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
  if (collected.entries.length === 0) {
    await saveFeedStates(deps.feeds.states, collected.states);
    logger.info('Nothing new in the feeds: no issue, no email', { feeds: feeds.length });
    metrics.addMetric('NothingNew', MetricUnit.Count, 1);
    return { status: 'nothing-new', feeds: feeds.length };
  }
  const draft = digestIssueDraft(draftDigest(collected.entries), (notes) => {
    if (notes.length > 0) logger.warn("Digest cut to fit under Gmail's clip", { notes });
  });
  const summary = await plan(deps, draft, await deps.feeds.template());
  await saveFeedStates(deps.feeds.states, collected.states);
  return summary;
}

export function createComposeHandler(
  deps: ComposeHandlerDeps,
): (event: unknown) => Promise<ComposeSummary> {
  const { logger, metrics } = deps;
  return async (event) => {
    try {
      const request = parseEvent(event);
      if (request.feeds) return await composeDigest(deps, request.feeds, request.maxArticles);
      const now = deps.clock.now();
      const draft = request.articleKey
        ? draftIssue(await deps.articles.read(request.articleKey), { force: request.force, now })
        : await draftOldestUnsent(deps, now);
      if (!draft) {
        logger.info(`No unsent article under ${ARTICLES_PREFIX}; nothing to send`);
        return { status: 'nothing-to-send' };
      }

      return await plan(deps, draft, deps.template);
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

export async function handler(event: unknown): Promise<ComposeSummary> {
  return (await composeAtColdStart())(event);
}
