import type { FeedItem, FeedState } from './types';

/** Ids (and links) remembered per feed: far more than any feed lists at once. */
const MAX_SEEN_IDS = 1_000;
/**
 * And at most this many bytes of each: a feed's state is one DynamoDB item, which holds 400 KB,
 * and a busy feed with long guids and links (tracking parameters) reaches a thousand of each in
 * weeks. The oldest go first; an old item whose id goes is still told by its date (`newest`).
 */
const MAX_REMEMBERED_BYTES = 140_000;

/** The first (newest) of `values`, at most MAX_SEEN_IDS of them and MAX_REMEMBERED_BYTES in all. */
function newestWithinBudget(values: readonly string[]): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (const value of values) {
    bytes += Buffer.byteLength(value);
    if (kept.length === MAX_SEEN_IDS || bytes > MAX_REMEMBERED_BYTES) break;
    kept.push(value);
  }
  return kept;
}

/**
 * The items of a feed that no earlier run has taken: an id not seen before, and not dated at or
 * before the newest item already seen. Ids make an edited or re-ordered feed send nothing twice;
 * the date catches an old item whose id changed. A feed read for the first time has no state:
 * all its items are (and collectDigest keeps the newest, publishedBeforeFirstRead). An id the feed lists twice is taken once, at its first listing: a
 * podcast's episodes linking to the show's page are told apart by nothing else.
 */
export function selectNewItems(
  items: readonly FeedItem[],
  state: FeedState | undefined,
): FeedItem[] {
  const seen = new Set(state?.seen);
  const newest = state?.newest;
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return newest === undefined || item.published === null || item.published > newest;
  });
}

/** A new item of one of the run's feeds, with where it stands. */
export interface Candidate {
  /** The feed's place among the feeds given. */
  readonly feed: number;
  /** The item's place in its feed. */
  readonly position: number;
  readonly item: FeedItem;
}

/**
 * The order a full digest takes new items in: oldest first, across every feed, so what does not
 * fit waits for the next run and is always newer than what was taken (the newest mark stays
 * below it). Undated items count as the newest; ties go to the earlier feed, then to the item
 * listed lower (feeds list their newest first).
 */
export function oldestFirst<T extends Candidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      compareDates(a.item.published, b.item.published) ||
      a.feed - b.feed ||
      b.position - a.position,
  );
}

/**
 * The items a feed read for the first time had published before it was added: all but the newest
 * `keep` of those out by `until`. A feed lists its whole history (a blog its last hundred posts, a
 * podcast every episode since 2005): its readers have seen those, and a first digest of the
 * oldest would send them years-old posts, `keep` at a time, for weeks. They are remembered as
 * seen without being sent; items dated after `until` are not out yet and wait as they would in
 * any run.
 */
export function publishedBeforeFirstRead(
  items: readonly FeedItem[],
  keep: number,
  until: number,
): Set<FeedItem> {
  const out = items
    .map((item, position) => ({ feed: 0, position, item }))
    .filter(({ item }) => item.published === null || Date.parse(item.published) <= until);
  return new Set(
    oldestFirst(out)
      .slice(0, Math.max(0, out.length - keep))
      .map(({ item }) => item),
  );
}

function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * What to remember after a run: the items it took (put in the digest, or passed over with a
 * reason) are seen now. Items left for the next run (`waiting`, the digest was full) are not:
 * the newest mark stays below them, and the feed's validators are dropped so the next run
 * reads the feed again instead of being told it has not changed.
 */
export function rememberItems(
  feedUrl: string,
  taken: readonly FeedItem[],
  previous: FeedState | undefined,
  fetched: {
    readonly etag?: string;
    readonly lastModified?: string;
    readonly at: string;
    readonly waiting?: readonly FeedItem[];
    /** The addresses of the articles the digest sent from the feed. */
    readonly links?: readonly string[];
  },
): FeedState {
  const ids = [...new Set([...taken.map((item) => item.id), ...(previous?.seen ?? [])])];
  const links = [...new Set([...(fetched.links ?? []), ...(previous?.links ?? [])])];
  const waiting = fetched.waiting ?? [];
  const firstWaiting = waiting
    .map((item) => item.published)
    .filter((date): date is string => date !== null)
    .sort()
    .at(0);
  // A date in the future (a wrong clock, a scheduled post) must not hide the items before it.
  const dates = taken
    .map((item) => item.published)
    .filter(
      (date): date is string =>
        date !== null && date <= fetched.at && (firstWaiting === undefined || date < firstWaiting),
    );
  const newest = [previous?.newest, ...dates]
    .filter((date): date is string => date !== undefined)
    .sort()
    .at(-1);
  const keepValidators = waiting.length === 0;
  return {
    feedUrl,
    ...(keepValidators && fetched.etag ? { etag: fetched.etag } : {}),
    ...(keepValidators && fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    seen: newestWithinBudget(ids),
    ...(links.length > 0 ? { links: newestWithinBudget(links) } : {}),
    ...(newest ? { newest } : {}),
    checkedAt: fetched.at,
  };
}
