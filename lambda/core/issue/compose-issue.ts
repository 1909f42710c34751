import { parseArticle } from '../article/parse-article';
import type { Article, ArticleInput } from '../article/types';
import type { NewsletterConfig } from '../config';
import { extractKeyPoints } from '../keypoints/extract-key-points';
import type { KeyPoints } from '../keypoints/types';
import type { Issue } from '../model';
import type { Clock, IssueArchive, IssueStore, RecipientQueue, SubscriberStore } from '../ports';
import { buildIssueView } from '../render/build-issue-view';
import { buildMessageKit } from '../render/message-kit';
import { createMessageRenderer } from '../render/message-renderer';
import type { CompiledTemplate, PreparedIssue } from '../render/types';
import { issueIdFor } from './issue-id';

/** Recipients per queue message: small enough to finish well inside a Lambda timeout. */
export const DEFAULT_BATCH_SIZE = 25;

export interface ComposeDeps {
  readonly issues: IssueStore;
  readonly subscribers: SubscriberStore;
  readonly queue: RecipientQueue;
  readonly archive: IssueArchive;
  readonly clock: Clock;
  readonly config: NewsletterConfig;
  readonly template: CompiledTemplate;
  readonly batchSize?: number;
}

export interface DraftOptions {
  /** Make a new issue even if this article was sent before. */
  readonly force?: boolean;
  readonly maxPoints?: number;
  /** Epoch ms; with `force`, makes the new issue's id unique. */
  readonly now: number;
}

/** An issue's content, before anything is stored: the article read and its key points found. */
export interface IssueDraft {
  readonly issueId: string;
  readonly articleKey: string;
  /** The article of a one-article issue (a digest has several, and its own `prepare`). */
  readonly article?: Article;
  readonly keyPoints: KeyPoints;
  /**
   * Renders the issue when it is not one article's (a digest fits its articles under Gmail's
   * clip). @default prepareIssue
   */
  readonly prepare?: (
    template: CompiledTemplate,
    config: NewsletterConfig,
  ) => Promise<PreparedIssue>;
}

/**
 * Reads the article and extracts its key points. Pure, and done before anything is opened or
 * written, so a bad article fails with nothing changed.
 */
export function draftIssue(input: ArticleInput, options: DraftOptions): IssueDraft {
  const article = parseArticle(input);
  const keyPoints = extractKeyPoints(article, { maxPoints: options.maxPoints });
  const salt = options.force ? String(options.now) : undefined;
  return {
    issueId: issueIdFor(input.bytes, article.title, salt),
    articleKey: input.name,
    article,
    keyPoints,
  };
}

export type ComposeResult =
  | { readonly status: 'already-sent'; readonly issue: Issue }
  | {
      readonly status: 'planned';
      readonly issue: Issue;
      readonly keyPoints: KeyPoints;
      /** True when the issue existed (an earlier run stopped): only the unfinished are sent. */
      readonly resumed: boolean;
      readonly recipients: number;
      readonly batches: number;
    };

/**
 * What every recipient's message of this issue is made from: the issue's views, and its message
 * kit (templates filled with the issue and encoded, MIME structure built) for deliver.
 */
export async function prepareIssue(
  draft: IssueDraft,
  template: CompiledTemplate,
  config: NewsletterConfig,
): Promise<PreparedIssue> {
  const list = {
    name: config.listName,
    postalAddress: config.postalAddress,
    publicUrl: config.publicUrl,
  };
  const issue = buildIssueView({
    issueId: draft.issueId,
    keyPoints: draft.keyPoints,
    url: draft.article?.url,
    config,
  });
  return {
    issueId: draft.issueId,
    template,
    list,
    issue,
    messages: await buildMessageKit({ template, list, issue }, config),
  };
}

/**
 * Turns a draft into an issue and plans its delivery: render once (archived as the "view in
 * browser" copy and as the prepared issue deliver renders from), then enumerate active
 * subscribers page by page and enqueue them in batches. Composing an article whose issue was
 * sent is a no-op; one whose send was interrupted resumes it.
 */
export async function composeIssue(deps: ComposeDeps, draft: IssueDraft): Promise<ComposeResult> {
  const { issueId, keyPoints } = draft;
  const existing = await deps.issues.get(issueId);
  if (existing?.status === 'sent') return { status: 'already-sent', issue: existing };

  if (!existing || !(await deps.archive.loadPrepared(issueId))) {
    const prepared = draft.prepare
      ? await draft.prepare(deps.template, deps.config)
      : await prepareIssue(draft, deps.template, deps.config);
    // The web copy is for no one: no name, and a subscribe link where an unsubscribe link was.
    const html = createMessageRenderer(prepared).render({ name: null, unsubscribeUrl: '' }).html;
    await deps.archive.save(issueId, { prepared, html });
  }

  const now = new Date(deps.clock.now()).toISOString();
  const issue: Issue = existing ?? {
    id: issueId,
    articleKey: draft.articleKey,
    title: keyPoints.title,
    lead: keyPoints.lead,
    keyPoints: keyPoints.keyPoints,
    status: 'composing',
    counts: { recipients: 0, sent: 0, failed: 0, skipped: 0 },
    createdAt: now,
    updatedAt: now,
  };
  if (!existing) await deps.issues.create(issue);

  const { recipients, batches } = await enqueueActiveSubscribers(deps, issueId);
  await deps.issues.setStatus(issueId, 'sending', { recipients });
  return {
    status: 'planned',
    issue: { ...issue, status: 'sending', counts: { ...issue.counts, recipients } },
    keyPoints,
    resumed: existing !== undefined,
    recipients,
    batches,
  };
}

async function enqueueActiveSubscribers(
  deps: ComposeDeps,
  issueId: string,
): Promise<{ recipients: number; batches: number }> {
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  let recipients = 0;
  let batches = 0;
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await deps.queue.enqueue([{ issueId, subscriberIds: pending }]);
    batches++;
    pending = [];
  };
  for await (const page of deps.subscribers.activeIds()) {
    for (const id of page) {
      pending.push(id);
      recipients++;
      if (pending.length === batchSize) await flush();
    }
  }
  await flush();
  return { recipients, batches };
}
