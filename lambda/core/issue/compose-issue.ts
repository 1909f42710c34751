import { parseArticle } from '../article/parse-article';
import type { Article, ArticleInput } from '../article/types';
import type { NewsletterConfig } from '../config';
import { ArticleError, NewsletterError } from '../errors';
import { extractKeyPoints } from '../keypoints/extract-key-points';
import { hasFullSentence } from '../keypoints/sentence-quality';
import type { KeyPoints } from '../keypoints/types';
import type { Issue } from '../model';
import type {
  Clock,
  DeliveryLedger,
  IssueArchive,
  IssueStore,
  RecipientQueue,
  SubscriberStore,
} from '../ports';
import { buildIssueView, listViewOf } from '../render/build-issue-view';
import type { FitNotes } from '../render/gmail-clip';
import { buildMessageKit } from '../render/message-kit';
import { createMessageRenderer } from '../render/message-renderer';
import type { CompiledTemplate, PreparedIssue } from '../render/types';
import { fitIssueDraft } from './fit-issue';
import { issueIdFor } from './issue-id';

/** Recipients per queue message: small enough to finish well inside a Lambda timeout. */
const DEFAULT_BATCH_SIZE = 25;

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
  /**
   * Makes a new issue even if this article was sent before (`force`): the new issue's id derives
   * from this key, the request's idempotency key, so a retried request finds the same issue
   * instead of sending everyone a second copy.
   */
  readonly forceKey?: string;
  readonly maxPoints?: number;
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
export function draftIssue(input: ArticleInput, options: DraftOptions = {}): IssueDraft {
  const article = parseArticle(input);
  if (!hasFullSentence(article)) {
    throw new ArticleError(
      input.name,
      'has no full sentence to send (none of 6 words or more that ends like a sentence) — is it a draft, a note or a list?',
    );
  }
  const keyPoints = extractKeyPoints(article, { maxPoints: options.maxPoints });
  return {
    issueId: issueIdFor(input.bytes, article.title, options.forceKey),
    articleKey: input.name,
    article,
    keyPoints,
  };
}

/**
 * The draft of an issue already stored, to plan it again from the prepared copy in the archive
 * (its articles are not at hand to render it again).
 */
export function redraftIssue(issue: Issue): IssueDraft {
  return {
    issueId: issue.id,
    articleKey: issue.articleKey,
    keyPoints: { title: issue.title, lead: issue.lead, keyPoints: issue.keyPoints },
    prepare: async () => {
      throw new NewsletterError(
        `Issue ${issue.id}: its prepared copy is missing from the issue archive, so it cannot be ` +
          'planned again; restore it from a backup or an earlier version',
      );
    },
  };
}

/**
 * True when an issue not sent yet has no active subscriber to go to. Planned for nobody, it would
 * be `sent` at once, and its article would count as sent: it could not go out once subscribers are
 * there. So nothing is composed until someone is active (the CLI refuses, compose waits).
 */
export async function waitsForSubscribers(
  deps: Pick<ComposeDeps, 'issues' | 'subscribers'>,
  issueId: string,
): Promise<boolean> {
  if ((await deps.issues.get(issueId))?.status === 'sent') return false;
  for await (const page of deps.subscribers.activeIds()) if (page.length > 0) return false;
  return true;
}

export type ComposeResult =
  | { readonly status: 'already-sent'; readonly issue: Issue }
  | {
      readonly status: 'planned';
      readonly issue: Issue;
      /** What the issue says: the stored issue's, so what was sent even when a run is resumed. */
      readonly keyPoints: KeyPoints;
      /** How this run cut the article's key points to fit under Gmail's clip (fitIssueDraft). */
      readonly fitNotes: FitNotes;
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
  const list = listViewOf(config);
  const issue = buildIssueView({
    issueId: draft.issueId,
    keyPoints: draft.keyPoints,
    url: draft.article?.url,
    language: draft.article?.language,
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
 * The draft's prepared issue: a digest's own `prepare` (which fits it under Gmail's clip), or
 * prepareIssue after fitIssueDraft, which may leave key points out. Returns the draft as fitted
 * and how it was cut: what compose stores, and what `render` and the preview show.
 */
export async function prepareDraft(
  draft: IssueDraft,
  template: CompiledTemplate,
  config: NewsletterConfig,
): Promise<{ prepared: PreparedIssue; draft: IssueDraft; notes: FitNotes }> {
  if (draft.prepare) return { prepared: await draft.prepare(template, config), draft, notes: [] };
  const fitted = fitIssueDraft(draft, template, config);
  return { prepared: await prepareIssue(fitted.draft, template, config), ...fitted };
}

/**
 * Turns a draft into an issue and plans its delivery: render once (fitted under Gmail's clip,
 * archived as the "view in browser" copy and as the prepared issue deliver renders from), then
 * enumerate active subscribers page by page and enqueue them in batches. Composing an article
 * whose issue was sent is a no-op; one whose send was interrupted resumes it.
 */
export async function composeIssue(deps: ComposeDeps, given: IssueDraft): Promise<ComposeResult> {
  const { issueId } = given;
  const existing = await deps.issues.get(issueId);
  if (existing?.status === 'sent') return { status: 'already-sent', issue: existing };

  let draft = given;
  let fitNotes: FitNotes = [];
  if (!existing || !(await deps.archive.loadPrepared(issueId))) {
    const { prepared, ...fitted } = await prepareDraft(given, deps.template, deps.config);
    draft = fitted.draft;
    fitNotes = fitted.notes;
    // The web copy is for no one: no name, and a subscribe link where an unsubscribe link was.
    const html = createMessageRenderer(prepared).render({ name: null, unsubscribeUrl: '' }).html;
    await deps.archive.save(issueId, { prepared, html });
  }

  const stored = existing ? { issue: existing, created: false } : await storeNewIssue(deps, draft);
  const { issue } = stored;
  const { recipients: listed, batches } = await enqueueInBatches(
    deps,
    issueId,
    deps.subscribers.activeIds(),
  );
  // Planned again (a retry, a second delivery of the request, another run at the same time): the
  // count never goes down, as someone who left since the first plan may have had the issue.
  const recipients = Math.max(issue.counts.recipients, listed);
  await deps.issues.raiseRecipients(issueId, listed);
  // Conditional: a deliverer that finished the issue meanwhile is not undone.
  await deps.issues.changeStatus(issueId, {
    from: ['composing', 'sending', 'paused'],
    to: 'sending',
  });
  return {
    status: 'planned',
    issue: { ...issue, status: 'sending', counts: { ...issue.counts, recipients } },
    keyPoints: { title: issue.title, lead: issue.lead, keyPoints: issue.keyPoints },
    fitNotes,
    resumed: !stored.created,
    recipients,
    batches,
  };
}

/**
 * Stores a new issue, `composing` until its recipients are planned. When another compose of the
 * same issue stored it first, that one's record is the issue (its creation time is where the
 * public archive lists it).
 */
async function storeNewIssue(
  deps: ComposeDeps,
  draft: IssueDraft,
): Promise<{ readonly issue: Issue; readonly created: boolean }> {
  const { issueId, keyPoints } = draft;
  const now = new Date(deps.clock.now()).toISOString();
  const issue: Issue = {
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
  if (await deps.issues.create(issue)) return { issue, created: true };
  return { issue: (await deps.issues.get(issueId)) ?? issue, created: false };
}

/**
 * Resumes an unfinished issue that made no progress for a while (its messages went to the
 * dead-letter queue, or were lost): its counts are set to the ledger's, and only active
 * subscribers the ledger has no outcome for go back on the queue. Called only for a stalled
 * issue, so no deliverer is changing the ledger until those are enqueued; they are listed and the
 * counts written first, so the deliverers add to the ledger's figures, not the other way round.
 */
export async function resumeIssue(
  deps: ComposeDeps & { readonly ledger: Pick<DeliveryLedger, 'countByState' | 'getMany'> },
  issue: Issue,
): Promise<{ readonly recipients: number; readonly enqueued: number }> {
  const byState = await deps.ledger.countByState(issue.id);
  const finished = byState.sent + byState.failed + byState.skipped;
  const unfinished: string[] = [];
  for await (const page of deps.subscribers.activeIds()) {
    const done = new Set(
      (deps.ledger.getMany ? await deps.ledger.getMany(issue.id, page) : [])
        .filter((delivery) => delivery.state !== 'claimed')
        .map((delivery) => delivery.subscriberId),
    );
    unfinished.push(...page.filter((id) => !done.has(id)));
  }
  const recipients = finished + unfinished.length;
  const resumed = await deps.issues.changeStatus(issue.id, {
    from: ['sending', 'paused'],
    to: 'sending',
    counts: { recipients, sent: byState.sent, failed: byState.failed, skipped: byState.skipped },
  });
  if (!resumed) return { recipients: issue.counts.recipients, enqueued: 0 };
  const { recipients: enqueued } = await enqueueInBatches(deps, issue.id, [unfinished]);
  return { recipients, enqueued };
}

/** Puts these pages of subscriber ids on the queue, `batchSize` to a message. */
async function enqueueInBatches(
  deps: ComposeDeps,
  issueId: string,
  pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
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
  for await (const page of pages) {
    for (const id of page) {
      pending.push(id);
      recipients++;
      if (pending.length === batchSize) await flush();
    }
  }
  await flush();
  return { recipients, batches };
}
