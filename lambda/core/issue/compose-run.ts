/**
 * One compose request, as the schedule or an operator makes it: which article becomes an issue,
 * and what a retry of the same request does. Compose keeps a journal (ComposeJournal): the issue
 * each request made (its idempotency key), so a retry — Lambda's, the scheduler's, a CLI
 * re-invoking after a timeout, `force` included — finds that issue instead of making another;
 * and what each article version (object key + ETag) made, so a scheduled run lists the articles
 * but reads and parses only those it has not seen. An unfinished older issue that stalled is
 * resumed through the queue and never keeps the next new article from going out.
 */

import type { ArticleInput } from '../article/types';
import { ArticleError, ArticleNotFoundError, ValidationError } from '../errors';
import { type Issue, isUnfinished } from '../model';
import type {
  ArticleVersion,
  ComposedIssue,
  ComposeJournal,
  DeliveryLedger,
  Logger,
  RecipientQueue,
} from '../ports';
import type { CompiledTemplate } from '../render/types';
import {
  type ComposeDeps,
  composeIssue,
  draftIssue,
  type IssueDraft,
  redraftIssue,
  resumeIssue,
  waitsForSubscribers,
} from './compose-issue';
import { finishIssueIfDelivered } from './finish-issue';

/** An unfinished issue with no progress for this long is resumed by the next scheduled run. */
export const DEFAULT_STALL_MS = 60 * 60_000;

export interface ComposeRequest {
  /** The article to send; the oldest one not sent yet when absent (the schedule). */
  readonly articleKey?: string;
  /** Send the article again as a new issue even if it was sent before. */
  readonly force?: boolean;
  /** The same key for every retry of one request. Required with `force`. */
  readonly idempotencyKey?: string;
}

interface ArticleLibrary {
  /**
   * Every article with its ETag, oldest upload first; S3 keeps upload times to the second, so
   * uploads within the same second come in key order.
   */
  listArticles(): Promise<ArticleVersion[]>;
  read(key: string): Promise<ArticleInput & { readonly etag: string }>;
}

export interface ComposeRunDeps extends Omit<ComposeDeps, 'queue'> {
  readonly articles: ArticleLibrary;
  readonly journal: ComposeJournal;
  readonly ledger: Pick<DeliveryLedger, 'countByState' | 'getMany'>;
  /** A fresh queue per request, flushed before the request ends. */
  readonly openQueue: () => RecipientQueue & { flush(): Promise<void> };
  readonly logger: Logger;
  /** @default DEFAULT_STALL_MS */
  readonly stallMs?: number;
  /** Publishes a planned issue to the public archive (its web copy, the index, the feed). */
  readonly publish?: (issueId: string, publishedAt: string) => Promise<void>;
}

export type ComposeSummary = (
  | { readonly status: 'nothing-to-send' }
  /** No active subscriber: nothing was stored or recorded, the article is taken again later. */
  | { readonly status: 'waiting-for-subscribers'; readonly articleKey: string }
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
    }
) & {
  /** Older unfinished issues that had stalled and were put back on the queue. */
  readonly resumedIssues?: readonly string[];
  /**
   * Articles passed over for good: they cannot be used, or are a changed copy of an article whose
   * key already made an issue.
   */
  readonly rejectedArticles?: number;
};

export async function runCompose(
  deps: ComposeRunDeps,
  request: ComposeRequest,
): Promise<ComposeSummary> {
  const key = request.idempotencyKey;
  if (request.force && !key) {
    throw new ValidationError(
      'compose event force',
      'needs an idempotencyKey (the same for every retry)',
    );
  }
  const earlier = key === undefined ? undefined : await deps.journal.requestIssue(key);
  if (earlier) {
    // A retry: the issue this request made, resumed if it is not sent yet.
    return plan(deps, await draftOf(deps, earlier, request));
  }
  if (request.articleKey) {
    const input = await deps.articles.read(request.articleKey);
    const draft = draftIssue(input, request.force ? { forceKey: key } : {});
    if (await waitsForSubscribers(deps, draft.issueId)) return waitForSubscribers(deps, draft);
    return plan(
      deps,
      await remember(
        deps,
        request,
        draft,
        request.force ? undefined : { key: input.name, etag: input.etag },
      ),
    );
  }
  const next = await nextArticle(deps);
  if (!next.draft) {
    deps.logger.info('No unsent article under articles/; nothing to send', {
      resumedIssues: next.resumedIssues,
    });
    return { status: 'nothing-to-send', ...next.notes };
  }
  if (await waitsForSubscribers(deps, next.draft.issueId)) {
    return { ...waitForSubscribers(deps, next.draft), ...next.notes };
  }
  const draft = await remember(deps, request, next.draft, next.version);
  return { ...(await plan(deps, draft)), ...next.notes };
}

/**
 * Nobody to send to: nothing is stored or recorded (the request neither), so the next scheduled
 * run, or a retry of this one, takes the article (or the feeds' new items) again — and sends it
 * once someone is active.
 */
export function waitForSubscribers(
  deps: Pick<ComposeRunDeps, 'logger'>,
  draft: IssueDraft,
  waiting = 'the article waits',
): ComposeSummary {
  deps.logger.warn(
    `No active subscriber: nothing was composed or sent; ${waiting} until there are active subscribers`,
    { articleKey: draft.articleKey },
  );
  return { status: 'waiting-for-subscribers', articleKey: draft.articleKey };
}

/**
 * The draft of the issue a request with this key made. Once that issue is stored, its record and
 * prepared copy are what it sends, so an article deleted or replaced since (by a file that is no
 * article) does not keep a retry of the request from finding it.
 */
async function draftOf(
  deps: ComposeRunDeps,
  made: ComposedIssue,
  request: ComposeRequest,
): Promise<IssueDraft> {
  try {
    const input = await deps.articles.read(made.articleKey);
    const draft = draftIssue(input, request.force ? { forceKey: request.idempotencyKey } : {});
    return { ...draft, issueId: made.issueId };
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    const issue = await deps.issues.get(made.issueId);
    if (!issue) throw error;
    return redraftIssue(issue);
  }
}

/**
 * Records the request's issue (before the issue exists: a retry after a crash finds it), then the
 * article's. Two deliveries of one request can race past the journal's first read (Scheduler
 * delivers at least once): the first to record wins, and the other plans the winner's issue, not
 * the next article it chose while the winner's issue was being composed.
 */
async function remember(
  deps: ComposeRunDeps,
  request: ComposeRequest,
  draft: IssueDraft,
  version: ArticleVersion | undefined,
): Promise<IssueDraft> {
  const key = request.idempotencyKey;
  if (key !== undefined) {
    const recorded = await deps.journal.recordRequest(key, {
      issueId: draft.issueId,
      articleKey: draft.articleKey,
    });
    if (recorded.issueId !== draft.issueId) return draftOf(deps, recorded, request);
  }
  if (version) await deps.journal.recordArticle(version, { issueId: draft.issueId, sent: false });
  return draft;
}

function plan(deps: ComposeRunDeps, draft: IssueDraft): Promise<ComposeSummary> {
  return planDraft(deps, draft, deps.template);
}

/**
 * Turns a draft into an issue and plans its delivery: recipients enqueued, the issue published
 * to the public archive before the queue is flushed (so "view in browser" works when the email
 * arrives). Also how a digest of feeds is planned, with its own template.
 */
export async function planDraft(
  deps: ComposeRunDeps,
  draft: IssueDraft,
  template: CompiledTemplate,
): Promise<ComposeSummary> {
  const queue = deps.openQueue();
  const result = await composeIssue({ ...deps, template, queue }, draft);
  if (result.status === 'already-sent') {
    return { status: 'already-sent', issueId: result.issue.id, articleKey: draft.articleKey };
  }
  if (result.fitNotes.length > 0) {
    deps.logger.warn("Issue cut to fit under Gmail's clip", {
      issueId: result.issue.id,
      notes: result.fitNotes,
    });
  }
  await deps.publish?.(result.issue.id, result.issue.createdAt);
  await queue.flush();
  const finished = (await finishIssueIfDelivered(deps, result.issue.id)) !== false;
  return {
    status: 'planned',
    issueId: result.issue.id,
    articleKey: draft.articleKey,
    title: result.keyPoints.title,
    recipients: result.recipients,
    batches: result.batches,
    resumed: result.resumed,
    finished,
  };
}

interface NextArticle {
  readonly draft?: IssueDraft;
  readonly version?: ArticleVersion;
  readonly resumedIssues: string[];
  readonly notes: { resumedIssues?: string[]; rejectedArticles?: number };
}

/**
 * The oldest article version without a sent issue that is not on its way already. Versions the
 * journal knows cost no read of S3; only new ones are read and parsed. A version that cannot be
 * used, or a changed copy under a key that already made an issue, is recorded as rejected and
 * passed over, so one bad upload does not stop the newsletter.
 */
async function nextArticle(deps: ComposeRunDeps): Promise<NextArticle> {
  const versions = await deps.articles.listArticles();
  const records = await deps.journal.articleRecords(versions);
  const resumedIssues: string[] = [];
  let rejected = 0;
  const notes = () => ({
    ...(resumedIssues.length > 0 ? { resumedIssues } : {}),
    ...(rejected > 0 ? { rejectedArticles: rejected } : {}),
  });
  const reject = async (version: ArticleVersion, reason: string) => {
    await deps.journal.recordArticle(version, {
      rejected: reason,
      at: new Date(deps.clock.now()).toISOString(),
    });
    rejected++;
  };

  for (const version of versions) {
    const record = records.get(version.key);
    if (record && ('rejected' in record || record.sent)) continue;
    let issueId = record?.issueId;
    let draft: IssueDraft | undefined;
    if (issueId === undefined) {
      try {
        draft = await draftOfListed(deps, version);
      } catch (error) {
        if (!(error instanceof ArticleError)) throw error;
        deps.logger.error('Passing over an article that cannot be used', {
          articleKey: version.key,
          reason: error.message,
        });
        await reject(version, error.message);
        continue;
      }
      if (!draft) continue;
      issueId = draft.issueId;
    }
    const issue = await deps.issues.get(issueId);
    if (!issue && !record) {
      // New bytes under a key that made an issue: an edit after the send. Sending it would mail
      // everyone the article again, so it is held (once: the record keeps it from coming back).
      const madeBefore = await deps.journal.issueOfKey(version.key);
      if (madeBefore !== undefined) {
        const reason =
          `${version.key} was already sent as issue ${madeBefore}; a changed copy under the same ` +
          'key is not sent again — upload it under a new key to send it as a new issue';
        deps.logger.warn('Holding back a changed copy of an article already sent', {
          articleKey: version.key,
          issueId: madeBefore,
          reason,
        });
        await reject(version, reason);
        continue;
      }
    }
    if (issue?.status === 'sent') {
      if (!record) logSameContent(deps, version, issue);
      await deps.journal.recordArticle(version, { issueId, sent: true });
      continue;
    }
    if (issue && isUnfinished(issue.status)) {
      if (await resumeIfStalled(deps, issue)) resumedIssues.push(issue.id);
      if (!record) {
        logSameContent(deps, version, issue);
        await deps.journal.recordArticle(version, { issueId, sent: false });
      }
      continue;
    }
    if (issue?.status === 'composing' && !isStalled(deps, issue)) continue;
    // New, or its issue was never planned to the end: this is the one.
    draft ??= await draftOfListed(deps, version);
    if (!draft) continue;
    return { draft, version, resumedIssues, notes: notes() };
  }
  return { resumedIssues, notes: notes() };
}

/**
 * The draft of a listed version, or undefined when it was deleted since the listing: nothing is
 * recorded then, so the same bytes uploaded again are sent. Any other ArticleError is thrown.
 */
async function draftOfListed(
  deps: ComposeRunDeps,
  version: ArticleVersion,
): Promise<IssueDraft | undefined> {
  try {
    return draftIssue(await deps.articles.read(version.key));
  } catch (error) {
    if (!(error instanceof ArticleNotFoundError)) throw error;
    deps.logger.info('Passing over an article deleted since it was listed', {
      articleKey: version.key,
    });
    return undefined;
  }
}

/** A new upload whose bytes made an issue already (a copy under another key): not sent again. */
function logSameContent(deps: ComposeRunDeps, version: ArticleVersion, issue: Issue): void {
  deps.logger.info('Same content as an issue made before: not sent again', {
    articleKey: version.key,
    issueId: issue.id,
    issueArticleKey: issue.articleKey,
  });
}

function isStalled(deps: ComposeRunDeps, issue: Issue): boolean {
  return deps.clock.now() - Date.parse(issue.updatedAt) >= (deps.stallMs ?? DEFAULT_STALL_MS);
}

async function resumeIfStalled(deps: ComposeRunDeps, issue: Issue): Promise<boolean> {
  if (!isStalled(deps, issue)) return false;
  const queue = deps.openQueue();
  const { recipients, enqueued } = await resumeIssue({ ...deps, queue }, issue);
  await queue.flush();
  deps.logger.warn('Resumed a stalled issue', { issueId: issue.id, recipients, enqueued });
  await finishIssueIfDelivered(deps, issue.id);
  return true;
}
