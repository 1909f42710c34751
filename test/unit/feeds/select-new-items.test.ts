import { describe, expect, it } from 'vitest';
import {
  oldestFirst,
  rememberItems,
  selectNewItems,
} from '../../../lambda/core/feeds/select-new-items';
import type { FeedItem } from '../../../lambda/core/feeds/types';

const item = (id: string, published: string | null): FeedItem => ({
  id,
  title: id,
  url: `https://blog.example.com/${id}`,
  published,
  content: null,
});
const AT = '2026-12-04T12:00:00.000Z';

describe('choosing the new items of a feed', () => {
  const first = [item('c', '2026-12-03T00:00:00.000Z'), item('b', '2026-12-02T00:00:00.000Z')];
  const state = rememberItems('https://f', first, undefined, { etag: '"1"', at: AT });

  it('takes every item of a feed read for the first time, in feed order', () => {
    expect(selectNewItems(first, undefined).map((i) => i.id)).toEqual(['c', 'b']);
  });

  it('remembers ids, the newest date and the validators', () => {
    expect(state).toEqual({
      feedUrl: 'https://f',
      etag: '"1"',
      seen: ['c', 'b'],
      newest: '2026-12-03T00:00:00.000Z',
      checkedAt: AT,
    });
  });

  it('takes an item a feed lists twice under one id once, the first listing', () => {
    // A podcast feed repeating an episode's guid (its links are the show's page, so only the id
    // tells them apart): both listings went into one digest.
    const episode = (title: string): FeedItem => ({
      ...item('ep-7', '2026-12-05T00:00:00.000Z'),
      title,
      url: 'https://pod.example.com/',
      sharedLink: true,
    });
    const twice = [episode('Ep 7 (re-upload)'), item('d', null), episode('Ep 7')];
    expect(selectNewItems(twice, undefined).map((i) => i.title)).toEqual(['Ep 7 (re-upload)', 'd']);
    expect(selectNewItems(twice, state).map((i) => i.title)).toEqual(['Ep 7 (re-upload)', 'd']);
  });

  it('takes nothing from the same items edited and re-ordered', () => {
    expect(selectNewItems([...first].reverse(), state)).toEqual([]);
  });

  it('takes a newer item, and an undated one it has not seen', () => {
    const next = [item('d', '2026-12-04T00:00:00.000Z'), item('u', null), ...first];
    expect(selectNewItems(next, state).map((i) => i.id)).toEqual(['d', 'u']);
  });

  it('does not take an old item whose id changed', () => {
    expect(selectNewItems([item('b-renamed', '2026-12-02T00:00:00.000Z')], state)).toEqual([]);
  });

  // The state is one DynamoDB item, which holds 400 KB: a busy feed with long guids and links
  // (tracking parameters) reaches a thousand of each in weeks.
  it('remembers the newest ids and links within 300 KB, however long they are', () => {
    const long = (n: number) => `https://news.example.com/${n}?${'utm_x=1&'.repeat(60)}`;
    let remembered: ReturnType<typeof rememberItems> | undefined;
    for (let n = 0; n < 1_200; n += 1) {
      remembered = rememberItems('https://f', [item(long(n), null)], remembered, {
        at: AT,
        links: [long(n)],
      });
    }
    const state = remembered as ReturnType<typeof rememberItems>;
    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThanOrEqual(300_000);
    expect(state.seen[0]).toBe(long(1_199));
    expect(state.links?.[0]).toBe(long(1_199));
    expect(state.seen.length).toBeGreaterThan(250);
  });

  it('ignores a date in the future for the newest mark', () => {
    const later = rememberItems('https://f', [item('x', '2030-01-01T00:00:00.000Z')], state, {
      at: AT,
    });
    expect(later.newest).toBe('2026-12-03T00:00:00.000Z');
    expect(later.seen).toEqual(['x', 'c', 'b']);
  });

  it('keeps an item left waiting new, even one dated the same as an item taken', () => {
    const same = '2026-12-04T00:00:00.000Z';
    const later = rememberItems('https://f', [item('d', same)], state, {
      etag: '"2"',
      at: AT,
      waiting: [item('e', same)],
    });
    expect(later).toEqual({
      feedUrl: 'https://f',
      seen: ['d', 'c', 'b'],
      newest: '2026-12-03T00:00:00.000Z',
      checkedAt: AT,
    });
    expect(selectNewItems([item('e', same), item('d', same)], later).map((i) => i.id)).toEqual([
      'e',
    ]);
  });
});

describe('the order a full digest takes items in', () => {
  it('is oldest first across feeds, undated last, ties to the earlier feed and the lower item', () => {
    const at = (feed: number, position: number, published: string | null) => ({
      feed,
      position,
      item: item(`${feed}.${position}`, published),
    });
    const order = oldestFirst([
      at(0, 0, null),
      at(0, 1, '2026-12-02T00:00:00.000Z'),
      at(0, 2, '2026-12-02T00:00:00.000Z'),
      at(1, 0, '2026-12-01T00:00:00.000Z'),
      at(1, 1, '2026-12-02T00:00:00.000Z'),
    ]);
    expect(order.map((c) => c.item.id)).toEqual(['1.0', '0.2', '0.1', '1.1', '0.0']);
  });
});
