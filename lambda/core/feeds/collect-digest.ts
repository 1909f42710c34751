import type { Article } from '../article/types';
import { ArticleError, FetchError } from '../errors';
import { extractKeyPoints } from '../keypoints/extract-key-points';
import type { KeyPoints } from '../keypoints/types';
import type { Clock } from '../ports';
import { decodeFetched } from './decode-fetched';
import { parseFeed } from './parse-feed';
import { readFeedContent, readPageArticle } from './read-item-article';
import {
  type Candidate,
  oldestFirst,
  publishedBeforeFirstRead,
  rememberItems,
  selectNewItems,
} from './select-new-items';
import {
  DEFAULT_MAX_ARTICLES,
  type Feed,
  type FeedItem,
  type FeedState,
  type FeedStateStore,
  type WebClient,
} from './types';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
/**
 * A feed may be far larger than a page: a podcast's feed lists every episode it ever made, with
 * its notes (a thousand episodes are 5 to 15 MB), and is read whole at every run. Read in two
 * seconds, parsed into some 200 MB at most.
 */
const FEED_MAX_BYTES = 20 * 1024 * 1024;
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

export interface CollectDeps {
  readonly web: WebClient;
  readonly states: FeedStateStore;
  readonly clock: Clock;
}

export interface CollectOptions {
  /** Feed URLs, in the order their articles appear in the digest. */
  readonly feeds: readonly string[];
  /** @default DEFAULT_MAX_ARTICLES */
  readonly maxArticles?: number;
  /** Key points per article without subheads. */
  readonly maxPoints?: number;
  /**
   * Items dated after this time (ISO 8601) wait for the next run. A scheduled run passes its
   * scheduled time, the same for every retry of it: a retry after a crash then collects the
   * items the first attempt collected, makes the same digest (same issue id) and resumes it,
   * even if a feed published something in between. A local run, which has no scheduled time,
   * holds back what is dated after its start as well: a post dated ahead is not out yet. Undated
   * items are not held back.
   * @default the clock's now
   */
  readonly publishedUntil?: string;
}

/** One article of the digest. */
export interface DigestEntry {
  readonly feedTitle: string;
  readonly item: FeedItem;
  readonly article: Article;
  readonly keyPoints: KeyPoints;
  /** Where the text came from: the linked page (Readability), or the feed's own content. */
  readonly from: 'page' | 'feed';
  /** Why the page was not used, when the feed's content stood in for it. */
  readonly pageProblem?: string;
}

/** An item or a feed that gave nothing, and why. */
interface PassedOver {
  readonly url: string;
  readonly reason: string;
}

export interface CollectedDigest {
  readonly entries: readonly DigestEntry[];
  readonly passedOver: readonly PassedOver[];
  /** New items not taken because the digest was full (maxArticles): they wait for the next run. */
  readonly leftOut: number;
  /** New items not taken because they are dated after `publishedUntil` (or now): they wait too. */
  readonly datedLater: number;
  /**
   * The feeds read for the first time that listed more than maxArticles items out by now, and how
   * many of their older items are remembered as seen and never sent (publishedBeforeFirstRead).
   */
  readonly olderOnFirstRead: readonly { readonly url: string; readonly items: number }[];
  /**
   * What to remember once the digest's issue is planned (saveFeedStates): every item taken,
   * except those of `entries` the digest could not hold after all (cut to fit under Gmail's
   * clip), which wait for the next run like the items beyond maxArticles.
   */
  statesAfter(sent: readonly DigestEntry[]): readonly FeedState[];
}

function reasonOf(error: unknown): string {
  if (error instanceof FetchError || error instanceof ArticleError) return error.reason;
  throw error;
}

async function readFeed(
  deps: CollectDeps,
  feedUrl: string,
  state: FeedState | undefined,
): Promise<{ feed: Feed; etag?: string; lastModified?: string }> {
  const response = await deps.web(feedUrl, {
    accept: FEED_ACCEPT,
    maxBytes: FEED_MAX_BYTES,
    etag: state?.etag,
    lastModified: state?.lastModified,
  });
  if (response.status === 'not-modified') {
    return {
      feed: { url: feedUrl, title: feedUrl, items: [] },
      etag: state?.etag,
      lastModified: state?.lastModified,
    };
  }
  const feed = parseFeed(feedUrl, decodeFetched(response), response.url);
  return { feed, etag: response.etag, lastModified: response.lastModified };
}

/**
 * Whether a link to a page deeper in a site led to the site's root: the post was deleted or moved
 * and the site sends its readers home, whose page is the site's, not the item's article (the
 * digest summarised a front page under the item's title). A root with a query (`/?p=7`) can be
 * an article and is not taken for home.
 */
function ledHome(asked: string, landed: string): boolean {
  const home = new URL(landed);
  return home.pathname === '/' && home.search === '' && new URL(asked).pathname !== '/';
}

async function readItem(
  deps: CollectDeps,
  feed: Feed,
  item: FeedItem,
  options: CollectOptions,
): Promise<DigestEntry | PassedOver> {
  const where = item.url ?? `${feed.url}#${item.id}`;
  let article: Article;
  let from: DigestEntry['from'] = 'page';
  let pageProblem: string | undefined;
  try {
    if (item.url === null) throw new FetchError(where, 'has no link to a page');
    if (item.sharedLink)
      throw new FetchError(
        where,
        'links to no page of its own (the home page, or one other items link to)',
      );
    const page = await deps.web(item.url, { accept: PAGE_ACCEPT });
    if (page.status !== 'ok') throw new FetchError(where, 'answered 304 to a plain request');
    if (ledHome(item.url, page.url)) {
      throw new FetchError(
        where,
        `redirects to the site's home page (${page.url}), not to an article`,
      );
    }
    article = readPageArticle(page);
  } catch (error) {
    pageProblem = reasonOf(error);
    try {
      article = readFeedContent(feed.url, item);
      from = 'feed';
    } catch (fallbackError) {
      return { url: where, reason: `${pageProblem}; ${reasonOf(fallbackError)}` };
    }
  }
  let keyPoints: KeyPoints;
  try {
    keyPoints = extractKeyPoints(article, { maxPoints: options.maxPoints });
  } catch (error) {
    return { url: where, reason: reasonOf(error) };
  }
  return {
    feedTitle: feed.title,
    item,
    article,
    keyPoints,
    from,
    ...(pageProblem === undefined ? {} : { pageProblem }),
  };
}

/** Parameters that only track a click (Mailchimp's, Facebook's, Google Ads'), never a page. */
const CLICK_TRACKERS = new Set(['mc_cid', 'mc_eid', 'fbclid', 'gclid']);
/** Parameters that name where a click came from: trackers when they name a feed (`rss…`). */
const REFERRER_PARAMETERS = new Set(['source', 'ref', 'src', 'from']);

/** Whether a query parameter tags the link rather than naming the article. */
function isTracking([name, value]: [string, string]): boolean {
  const key = name.toLowerCase();
  return (
    key.startsWith('utm_') ||
    CLICK_TRACKERS.has(key) ||
    (REFERRER_PARAMETERS.has(key) && /^(?:rss|feed|atom)/i.test(value))
  );
}

/**
 * The article a link points at, for telling one listed twice: feeds and their plugins tag links
 * with campaign parameters (`?utm_source=rss&utm_medium=feed`, one campaign per feed; Medium's
 * `?source=rss-…` and others' `?ref=rss` name the feed; `mc_cid`, `fbclid` a click), point at a
 * part of the page (`#comments`), an older feed still writes `http:` where another writes
 * `https:`, and a planet writes `www.` or a slash at the end where the site does not. Those are
 * dropped; every other parameter names the article (`?p=7`, `?id=8`, `?source=archive`).
 */
function articleAddress(url: string): string {
  const address = new URL(url);
  const query = [...address.searchParams].filter((parameter) => !isTracking(parameter));
  address.search = new URLSearchParams(query).toString();
  address.hash = '';
  address.protocol = 'https:';
  address.hostname = address.hostname.replace(/^www\./, '');
  address.pathname = address.pathname.replace(/\/$/, '');
  return address.href;
}

/** The article an item is, by its address; none when it links to no page of its own. */
function addressOf(item: FeedItem): string | undefined {
  return item.url === null || item.sharedLink ? undefined : articleAddress(item.url);
}

/**
 * Reads every feed, then the articles of their new items, oldest first across the feeds, until
 * the digest holds maxArticles; the digest lists them in feed order (feeds in the order given).
 * Items that do not fit wait for the next run; a feed read for the first time offers only its
 * newest maxArticles, its older items taken as read (publishedBeforeFirstRead). A feed or an item that cannot be used is passed
 * over with its reason and harms nothing else. Nothing is remembered here: the caller saves
 * `statesAfter(...)` once the issue is planned, so a run that fails half-way reads the same items
 * again.
 */
export async function collectDigest(
  deps: CollectDeps,
  options: CollectOptions,
): Promise<CollectedDigest> {
  const maxArticles = options.maxArticles ?? DEFAULT_MAX_ARTICLES;
  const passedOver: PassedOver[] = [];
  const at = new Date(deps.clock.now()).toISOString();
  const read: {
    feed: Feed;
    state?: FeedState;
    etag?: string;
    lastModified?: string;
    /** The items it had out before its first read (publishedBeforeFirstRead): taken as read. */
    beforeFirstRead: readonly FeedItem[];
  }[] = [];
  const candidates: (Candidate & { readonly source: Feed })[] = [];
  const until = Date.parse(options.publishedUntil ?? at);
  for (const feedUrl of options.feeds) {
    const state = await deps.states.get(feedUrl);
    try {
      const fetched = await readFeed(deps, feedUrl, state);
      const fresh = selectNewItems(fetched.feed.items, state);
      const older =
        state === undefined ? publishedBeforeFirstRead(fresh, maxArticles, until) : new Set();
      const beforeFirstRead = fresh.filter((item) => older.has(item));
      const feed = read.push({ ...fetched, state, beforeFirstRead }) - 1;
      fresh.forEach((item, position) => {
        if (!older.has(item)) candidates.push({ feed, position, item, source: fetched.feed });
      });
    } catch (error) {
      passedOver.push({ url: feedUrl, reason: reasonOf(error) });
    }
  }

  const entries: {
    readonly entry: DigestEntry;
    readonly at: Candidate;
    /**
     * The article's addresses (addressOf, and where its link led when that redirected),
     * remembered in the feed's state once sent.
     */
    readonly addresses: readonly string[];
  }[] = [];
  const taken = new Set<Candidate>();
  const publishedLater = ({ item }: Candidate) =>
    item.published !== null && Date.parse(item.published) > until;
  // An article the feeds list twice (a post re-issued under a new id, one story in two feeds)
  // goes in once; its other listings are remembered as taken, so they never come back. One an
  // earlier digest sent, which another feed (or the same under a new id) lists later, is not
  // sent again.
  const linked = new Set<string>();
  // Read again as this version reads addresses: one remembered with `www.`, a slash at the end
  // or a feed's tag by an earlier version is still the article sent.
  const sentBefore = new Set(
    read.flatMap(({ state }) =>
      (state?.links ?? []).filter((link) => URL.canParse(link)).map(articleAddress),
    ),
  );
  /** Why the article at an address does not go in again, when it does not. */
  const repeatOf = (address: string | undefined) => {
    if (address === undefined) return undefined;
    if (linked.has(address)) return 'is already in this digest (listed twice)';
    return sentBefore.has(address) ? 'was in an earlier digest' : undefined;
  };
  for (const candidate of oldestFirst(candidates)) {
    if (entries.length >= maxArticles) break;
    if (publishedLater(candidate)) continue;
    taken.add(candidate);
    const { url } = candidate.item;
    const address = addressOf(candidate.item);
    const repeated = repeatOf(address);
    if (url !== null && repeated) {
      passedOver.push({ url, reason: repeated });
      continue;
    }
    const result = await readItem(deps, candidate.source, candidate.item, options);
    if ('reason' in result) {
      passedOver.push(result);
      continue;
    }
    // A link that redirects (a shortlink `?p=7`, a tracker's address) is also the page it led to,
    // which another feed may link to directly.
    const landed = result.from === 'page' ? articleAddress(result.article.source) : undefined;
    const again = landed === address ? undefined : repeatOf(landed);
    if (url !== null && again) {
      passedOver.push({ url, reason: again });
      continue;
    }
    const addresses = [...new Set([address, landed])].filter((at) => at !== undefined);
    entries.push({ entry: result, at: candidate, addresses });
    for (const at of addresses) linked.add(at);
  }

  const statesAfter = (sent: readonly DigestEntry[]) => {
    const unsent = new Set(
      entries.filter(({ entry }) => !sent.includes(entry)).map(({ at: candidate }) => candidate),
    );
    const done = (candidate: Candidate) => taken.has(candidate) && !unsent.has(candidate);
    return read.map(({ feed, state, etag, lastModified, beforeFirstRead }, index) => {
      const ofFeed = candidates.filter((candidate) => candidate.feed === index);
      const items = (remembered: boolean) =>
        ofFeed.filter((candidate) => done(candidate) === remembered).map(({ item }) => item);
      const links = entries
        .filter(({ at: candidate }) => candidate.feed === index && !unsent.has(candidate))
        .flatMap(({ addresses }) => addresses);
      return rememberItems(feed.url, [...items(true), ...beforeFirstRead], state, {
        etag,
        lastModified,
        at,
        waiting: items(false),
        links,
      });
    });
  };
  const notTaken = candidates.filter((candidate) => !taken.has(candidate));
  const datedLater = notTaken.filter(publishedLater).length;
  const inFeedOrder = entries
    .sort((a, b) => a.at.feed - b.at.feed || a.at.position - b.at.position)
    .map(({ entry }) => entry);
  return {
    entries: inFeedOrder,
    passedOver,
    leftOut: notTaken.length - datedLater,
    datedLater,
    olderOnFirstRead: read.flatMap(({ feed, beforeFirstRead }) =>
      beforeFirstRead.length > 0 ? [{ url: feed.url, items: beforeFirstRead.length }] : [],
    ),
    statesAfter,
  };
}

/** What a run says of the items it held back (datedLater): "2 items dated in the future". */
export function datedInTheFuture(count: number): string {
  return `${count} item${count === 1 ? '' : 's'} dated in the future`;
}

/** Remembers what a run read, so the next run starts after it. */
export async function saveFeedStates(
  store: FeedStateStore,
  states: readonly FeedState[],
): Promise<void> {
  for (const state of states) await store.put(state);
}
