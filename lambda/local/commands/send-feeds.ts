import { createFetcher, type FetcherOptions, userAgentFor } from '../../adapters/http/fetcher';
import { systemClock } from '../../adapters/system-clock';
import { NewsletterError, ValidationError } from '../../core/errors';
import {
  type CollectedDigest,
  collectDigest,
  datedInTheFuture,
  saveFeedStates,
} from '../../core/feeds/collect-digest';
import { DIGEST_TEMPLATE, digestIssueDraft } from '../../core/feeds/digest-issue';
import type { FeedStateStore } from '../../core/feeds/types';
import { hasLocalStore, resolveDataDir } from '../data-dir';
import { loadLocalConfig } from '../local-config';
import { checkOutputFolder } from '../output-folder';
import { openLocalRuntime } from '../runtime';
import {
  formatSummary,
  IssueNotFinishedError,
  sendDraft,
  templateBeforeNewStore,
  whyUnfinished,
} from './send';

export interface SendFeedsOptions {
  /** Feed URLs; their new items make one digest, in this order. */
  readonly feeds: readonly string[];
  readonly maxArticles?: number;
  readonly maxPoints?: number;
  readonly concurrency: number;
  readonly dataDir: string;
  readonly outbox: string;
  /** Deadline and size cap per fetch (tests make them small). */
  readonly fetch?: Pick<FetcherOptions, 'timeoutMs' | 'maxBytes'>;
  /** Folder of the templates. @default the repository's templates/ (tests pass a copy) */
  readonly templatesDir?: string;
  /** Where the summary goes. @default standard output */
  readonly log?: (line: string) => void;
}

/** A feed must be an absolute http(s) URL; anything else is refused before anything is opened. */
export function checkFeedUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new ValidationError('--feed', `"${value}" is not an http(s) URL (https://…/feed.xml)`);
  }
}

/** What a store that is not there yet remembers of every feed: nothing. */
const NOTHING_READ_YET: FeedStateStore = {
  get: async () => undefined,
  put: async () => {},
};

/** When not one feed could be read, each reason is logged and the run stops, sending nothing. */
function refuseWhenNoFeedRead(
  collected: CollectedDigest,
  feeds: readonly string[],
  log: (line: string) => void,
): void {
  const unread = feeds.filter((feed) => collected.passedOver.some((p) => p.url === feed));
  if (collected.entries.length > 0 || unread.length < feeds.length) return;
  for (const { url, reason } of collected.passedOver) log(`Passed over ${url}: ${reason}`);
  throw new NewsletterError(
    `No feed could be read (each reason is above): nothing was sent. Check ${unread.join(', ')} ` +
      'and run the same command again.',
  );
}

/**
 * Every feed an absolute http(s) URL, and none given twice (`HTTP://Host/feed` and
 * `http://host/feed` are one): the digest would hold a repeated feed's articles twice.
 */
export function checkFeedUrls(feeds: readonly string[]): void {
  const seen = new Set<string>();
  for (const feed of feeds) {
    checkFeedUrl(feed);
    const href = new URL(feed).href;
    if (seen.has(href)) {
      throw new ValidationError(
        '--feed',
        `${feed} is given twice; the digest would hold its articles twice`,
      );
    }
    seen.add(href);
  }
}

/**
 * `newsletter send --feed URL…`: one digest of the feeds' new items, sent to every active
 * subscriber. Nothing new: no issue and no email. What was read is remembered only once the
 * digest is sent, so an interrupted run is resumed by running the same command again.
 */
export async function runSendFeeds(options: SendFeedsOptions): Promise<void> {
  checkFeedUrls(options.feeds);
  const startedAt = Date.now();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Only checked, as by a send of one article: made when a digest is written there.
  await checkOutputFolder('--outbox', options.outbox);
  const web = createFetcher({
    // Locally feeds may be served from this machine (and tests serve them so); in Lambda never.
    allowLoopback: true,
    userAgent: userAgentFor(loadLocalConfig().publicUrl),
    ...options.fetch,
  });
  const collect = (states: FeedStateStore) =>
    collectDigest(
      { web, states, clock: systemClock },
      { feeds: options.feeds, maxArticles: options.maxArticles, maxPoints: options.maxPoints },
    );
  // A data folder with no store yet remembers no feed, so its feeds are read before the store is
  // made: when none can be read, the command stops leaving nothing behind, as a bad article does.
  const beforeStore = hasLocalStore(resolveDataDir(options.dataDir))
    ? undefined
    : await collect(NOTHING_READ_YET);
  if (beforeStore) refuseWhenNoFeedRead(beforeStore, options.feeds, log);
  // Its digest template is checked on the digest before the store is made, too.
  const template =
    beforeStore && beforeStore.entries.length > 0
      ? await templateBeforeNewStore(
          options.dataDir,
          digestIssueDraft(beforeStore.entries, () => {}).draft,
          { name: DIGEST_TEMPLATE, templatesDir: options.templatesDir },
        )
      : undefined;
  const runtime = await openLocalRuntime({
    dataDir: options.dataDir,
    command: 'send',
    seedExamples: true,
  });
  try {
    if (runtime.seeded) {
      log(`New local store: imported ${runtime.seeded.imported} example subscribers.`);
    }
    // Read again unless the table is the new one read against above (another process may have
    // made the store in between, or DynamoDB is elsewhere and remembers these feeds).
    const collected =
      beforeStore && runtime.seeded ? beforeStore : await collect(runtime.feedStates);
    refuseWhenNoFeedRead(collected, options.feeds, log);
    for (const { url, reason } of collected.passedOver) log(`Passed over ${url}: ${reason}`);
    if (collected.leftOut > 0) {
      log(
        `Waiting    ${collected.leftOut} more new items, for the next run: the digest holds ` +
          '--max-articles at most, oldest first',
      );
    }
    for (const { url, items } of collected.olderOnFirstRead) {
      log(
        `Caught up  ${items} older item${items === 1 ? '' : 's'} of ${url}, taken as read: a feed ` +
          'read for the first time sends only its newest --max-articles',
      );
    }
    if (collected.datedLater > 0) {
      // Held back by collectDigest, as a scheduled run holds back what is dated after its time.
      log(`Held back  ${datedInTheFuture(collected.datedLater)}, for a later run`);
    }
    if (collected.entries.length === 0) {
      await saveFeedStates(runtime.feedStates, collected.statesAfter([]));
      log(
        `Nothing new in ${options.feeds.length} feed${options.feeds.length === 1 ? '' : 's'}: ` +
          'no issue, no email.',
      );
      return;
    }

    const notes: string[] = [];
    const digest = digestIssueDraft(collected.entries, (fitted) => notes.push(...fitted));
    const { delivery, pacing } = await sendDraft(runtime, digest.draft, {
      ...options,
      templateName: DIGEST_TEMPLATE,
      template,
    });
    if (delivery.status === 'unfinished') {
      throw new IssueNotFinishedError(
        `Digest ${delivery.issue.id} is not finished: ${delivery.pending} recipients pending ` +
          `(${whyUnfinished(delivery)}). Run the same command again to ` +
          'send to them; everyone already sent is skipped.',
      );
    }
    await saveFeedStates(runtime.feedStates, collected.statesAfter(digest.sent()));
    if (delivery.status === 'already-sent') {
      log(`Digest ${delivery.issue.id} was already sent; nothing to do.`);
      return;
    }
    log('');
    for (const entry of digest.sent()) {
      const from = entry.from === 'feed' ? ` (the feed's own text: ${entry.pageProblem})` : '';
      log(`Article    ${entry.item.title ?? entry.keyPoints.title}${from}`);
    }
    for (const note of notes) log(`Fitted     ${note}`);
    for (const line of formatSummary(delivery, pacing, {
      outbox: options.outbox,
      seconds: (Date.now() - startedAt) / 1000,
    })) {
      log(line);
    }
  } finally {
    await runtime.close();
  }
}
