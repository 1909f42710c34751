import type { FeedItem, FeedState } from './types';

/** Ids remembered per feed: far more than any feed lists at once. */
export const MAX_SEEN_IDS = 1_000;

/**
 * The items of a feed that no earlier run has taken: an id not seen before, and not dated at or
 * before the newest item already seen. Ids make an edited or re-ordered feed send nothing twice;
 * the date catches an old item whose id changed. A feed read for the first time has no state:
 * all its items are new.
 */
export function selectNewItems(
  items: readonly FeedItem[],
  state: FeedState | undefined,
): FeedItem[] {
  if (!state) return [...items];
  const seen = new Set(state.seen);
  const newest = state.newest;
  return items.filter(
    (item) =>
      !seen.has(item.id) &&
      (newest === undefined || item.published === null || item.published > newest),
  );
}

/**
 * What to remember after a run that read these items: every one of them is seen now (taken, or
 * passed over with a reason, or left out by maxArticles), so the next run starts after them.
 */
export function rememberItems(
  feedUrl: string,
  items: readonly FeedItem[],
  previous: FeedState | undefined,
  fetched: { readonly etag?: string; readonly lastModified?: string; readonly at: string },
): FeedState {
  const ids = [...new Set([...items.map((item) => item.id), ...(previous?.seen ?? [])])];
  // A date in the future (a wrong clock, a scheduled post) must not hide the items before it.
  const dates = items
    .map((item) => item.published)
    .filter((date): date is string => date !== null && date <= fetched.at);
  const newest = [previous?.newest, ...dates]
    .filter((date): date is string => date !== undefined)
    .sort()
    .at(-1);
  return {
    feedUrl,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    seen: ids.slice(0, MAX_SEEN_IDS),
    ...(newest ? { newest } : {}),
    checkedAt: fetched.at,
  };
}
