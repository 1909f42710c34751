/**
 * compose: invoked by EventBridge Scheduler (or by hand, `{ "articleKey": "articles/x.md" }`).
 * Takes the given article, or the oldest one under `articles/` without a sent issue, turns it
 * into an issue, archives the rendered copy in S3 and enqueues recipient batches on SQS.
 * The only function that carries mjml: the template is compiled once per cold start.
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
import { createDynamoDeliveryLedger } from '../adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore } from '../adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
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
import type { NewsletterConfig } from '../core/config';
import { ArticleError, ValidationError } from '../core/errors';
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
});

export type ComposeSummary =
  | { readonly status: 'nothing-to-send' }
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

export function createComposeHandler(
  deps: ComposeHandlerDeps,
): (event: unknown) => Promise<ComposeSummary> {
  const { logger, metrics } = deps;
  return async (event) => {
    try {
      const request = parseEvent(event);
      const now = deps.clock.now();
      const draft = request.articleKey
        ? draftIssue(await deps.articles.read(request.articleKey), { force: request.force, now })
        : await draftOldestUnsent(deps, now);
      if (!draft) {
        logger.info(`No unsent article under ${ARTICLES_PREFIX}; nothing to send`);
        return { status: 'nothing-to-send' };
      }

      const queue = deps.openQueue();
      const result = await composeIssue({ ...deps, queue }, draft);
      if (result.status === 'already-sent') {
        logger.info('The article was sent before; use {"force": true} to send it again', {
          issueId: result.issue.id,
          articleKey: draft.articleKey,
        });
        return { status: 'already-sent', issueId: result.issue.id, articleKey: draft.articleKey };
      }
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
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

const logger = new PowertoolsLogger();
const metrics = new Metrics();
const composeAtColdStart = initialiseOnce(async () => {
  const env = readEnvironment(['tableName', 'bucketName', 'queueUrl']);
  const client = createDocumentClient(createDynamoClient());
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const template = await compileTemplate(TEMPLATE_NAME, { templatesDir: bundledTemplatesDir() });
  logger.info('Template compiled', { template: template.name, version: template.version });
  return createComposeHandler({
    articles: createS3ArticleSource({ client: s3, bucket: env.bucketName }),
    archive: createS3IssueArchive({ client: s3, bucket: env.bucketName }),
    openQueue: () => createSqsRecipientQueue({ client: sqs, queueUrl: env.queueUrl }),
    issues: createDynamoIssueStore({ client, tableName: env.tableName }),
    ledger: createDynamoDeliveryLedger({ client, tableName: env.tableName }),
    subscribers: createDynamoSubscriberStore({ client, tableName: env.tableName }),
    clock: systemClock,
    config: env.config,
    template,
    logger,
    metrics,
  });
});

export async function handler(event: unknown): Promise<ComposeSummary> {
  return (await composeAtColdStart())(event);
}
