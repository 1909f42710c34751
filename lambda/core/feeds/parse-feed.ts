import { parseFeed as parseAnyFeed } from 'feedsmith';
import { articleUrlProblem } from '../article/article-url';
import { decodeEntities } from '../article/decode-entities';
import { showsNothing, singleLine } from '../article/words';
import { FetchError } from '../errors';
import type { Feed, FeedItem } from './types';

/** What feedsmith hands back, read loosely: every field may be missing in a real feed. */
type Loose = Record<string, unknown>;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (value !== null && typeof value === 'object' && 'value' in value) {
    return text((value as { value: unknown }).value);
  }
  return null;
}

/**
 * A title as a reader shows it. RSS titles are HTML-escaped text in practice, and publishers
 * escape once more than XML needs (WordPress writes `&amp;#8211;`, a CDATA title holds
 * `&quot;`), as Atom's `type="html"` titles do by design: after the XML parser the text still
 * holds `&amp;` or `&#8211;`, which the email would print as such. Character references are
 * decoded once more; a bare "&" ("Q&A") has none and stays. Then it is put on one line as an
 * article's title is (singleLine): a control character (JSON's "\b", a `&amp;#8;`) would reach
 * a digest's subject, which refuses it, and with it the whole digest. A title that shows nothing
 * (a zero width space) is none, so the item's page titles it.
 */
function title(value: unknown): string | null {
  const raw = text(value);
  const line = raw === null ? '' : singleLine(decodeEntities(withoutMarkup(raw)));
  return showsNothing(line) ? null : line;
}

/**
 * Inline HTML elements a title may carry: Atom's `type="html"` and `type="xhtml"` titles and
 * RSS titles in practice hold `<em>`, `<b>`, `<span>` or a wrapping `<div>`. Only these names
 * are dropped, so a literal "Array<T>" in a title stays.
 */
const TITLE_MARKUP =
  /<\/?(?:a|abbr|b|bdi|bdo|br|cite|code|del|dfn|div|em|font|i|img|ins|kbd|mark|p|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)(?:\s[^<>]*)?\/?>/gi;

function withoutMarkup(raw: string): string {
  return raw.replace(TITLE_MARKUP, (tag) => (/^<\/?(?:br|div|p)\b/i.test(tag) ? ' ' : ''));
}

/**
 * An absolute http(s) URL, resolved against the feed's own URL, that an email may link to
 * (articleUrlProblem: no user name or password); anything else is dropped.
 */
function webUrl(value: unknown, base: string): string | null {
  const raw = text(value);
  if (raw === null || !URL.canParse(raw, base)) return null;
  const url = new URL(raw, base).href;
  return articleUrlProblem(url) === undefined ? url : null;
}

/** RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) or W3CDTF (RDF) to ISO; null when unreadable. */
function isoDate(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const parse = (date: string) => Date.parse(inUtcWhenZoneless(withZoneOffset(date)));
  let time = parse(raw);
  const english = Number.isNaN(time) ? inEnglish(raw) : null;
  if (english !== null) time = parse(english);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The months of an RFC 822 date a CMS wrote in the site's language (`Di, 01 Dez 2026`, `mar., 01
 * déc. 2026`), by the start of their name without accents: German, French, Spanish, Italian,
 * Dutch and Portuguese. A name two months share a start with is read by its first four letters
 * (juin, juil).
 */
const MONTH_STEMS: Readonly<Record<string, string>> = {
  jan: 'Jan',
  janv: 'Jan',
  gen: 'Jan',
  ene: 'Jan',
  feb: 'Feb',
  fev: 'Feb',
  mar: 'Mar',
  mrz: 'Mar',
  mrt: 'Mar',
  apr: 'Apr',
  abr: 'Apr',
  avr: 'Apr',
  mai: 'May',
  may: 'May',
  mag: 'May',
  mei: 'May',
  jun: 'Jun',
  juin: 'Jun',
  giu: 'Jun',
  jul: 'Jul',
  juil: 'Jul',
  lug: 'Jul',
  aug: 'Aug',
  ago: 'Aug',
  aou: 'Aug',
  sep: 'Sep',
  set: 'Sep',
  oct: 'Oct',
  okt: 'Oct',
  ott: 'Oct',
  out: 'Oct',
  nov: 'Nov',
  dec: 'Dec',
  dez: 'Dec',
  dic: 'Dec',
};

/** An RFC 822 date: a weekday of any language, then day, month name, and year with the rest. */
const RFC822_PARTS = /^(?:[^\d,]{1,20},\s*)?(\d{1,2})\.?\s+([^\s\d]{3,12})\s+(\d{2,4}\b.*)$/su;

/** The date with its month name in English and no weekday; null when it names no known month. */
function inEnglish(date: string): string | null {
  const parts = RFC822_PARTS.exec(date);
  if (!parts) return null;
  const [, day, name = '', rest] = parts;
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const month = MONTH_STEMS[plain.slice(0, 4)] ?? MONTH_STEMS[plain.slice(0, 3)];
  return month ? `${day} ${month} ${rest}` : null;
}

/**
 * Zone names feeds write after an RFC 822 date although the RFC knows only UT, GMT and the US
 * zones (which Date.parse reads): "Mon, 30 Nov 2026 09:00:00 CEST". Only names that mean one
 * offset; IST (India, Ireland, Israel) or AST stay unreadable rather than guessed.
 */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  CET: '+0100',
  MET: '+0100',
  CEST: '+0200',
  MEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  MSK: '+0300',
  HKT: '+0800',
  SGT: '+0800',
  AWST: '+0800',
  JST: '+0900',
  KST: '+0900',
  ACST: '+0930',
  ACDT: '+1030',
  AEST: '+1000',
  AEDT: '+1100',
  NZST: '+1200',
  NZDT: '+1300',
  HST: '-1000',
  AKST: '-0900',
  AKDT: '-0800',
  NST: '-0330',
  NDT: '-0230',
};

function withZoneOffset(date: string): string {
  return date.replace(/\b([A-Za-z]{3,4})$/, (name) => ZONE_OFFSETS[name.toUpperCase()] ?? name);
}

/** An ISO 8601 date and time without a zone: `2026-12-01T10:00:00`, `2026-12-01 10:00`. */
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
/** Any other ISO 8601 date: a day alone, or a time with its zone; Date.parse reads it as UTC. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T|$)/;
/**
 * A zone in a date of another shape, as Date.parse reads one: a name (`GMT`, `UT`, `Z`, the US
 * zones; ZONE_OFFSETS has made the others offsets) or an offset after the time (`10:00 +0200`).
 */
const NAMES_A_ZONE = /(?:^|[^a-z])(?:utc?|gmt|z|[ecmp][sd]t)(?![a-z])|:\d{2}(?:\.\d+)?\s*[+-]\d/i;

/**
 * A date written without a zone is read as UTC, as Lambda reads it: Date.parse would take it in
 * the machine's zone, so a local run in New York read `Tue, 01 Dec 2026 10:00:00` (or `December
 * 1, 2026`, `Dec 01, 2026 10:00 AM`) five hours later than AWS and held a fresh item back as
 * dated in the future.
 */
function inUtcWhenZoneless(date: string): string {
  if (ISO_LOCAL.test(date)) return `${date}Z`;
  return ISO_DATE.test(date) || NAMES_A_ZONE.test(date) ? date : `${date} GMT`;
}

/** An item as read, with the addresses of the media it carries (a podcast episode's audio). */
interface ReadItem {
  readonly entry: FeedItem;
  readonly media: readonly string[];
}

/** The addresses of an item's enclosures, enclosure links or attachments, sorted to compare. */
function mediaUrls(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return (list as Loose[]).map((media) => text(media[key]) ?? '').sort();
}

function item(
  base: string,
  fields: {
    id: unknown;
    title: unknown;
    url: unknown;
    published: unknown;
    content: unknown[];
    /** The addresses of its enclosures (RSS), enclosure links (Atom) or attachments (JSON Feed). */
    media: string[];
  },
): ReadItem | null {
  const url = webUrl(fields.url, base);
  const heading = title(fields.title);
  const id = text(fields.id) ?? url ?? heading;
  if (id === null) return null;
  const entry = {
    id,
    title: heading,
    url,
    published: isoDate(fields.published),
    content: fields.content.map(text).find((value) => value !== null) ?? null,
  };
  return { entry, media: fields.media };
}

/**
 * The base a node's relative links resolve against: its `xml:base` (Atom feeds set it on the
 * feed or on an entry, often to a folder other than the feed's own: `xml:base=".../blog/"` with
 * `<link href="posts/night-trains"/>`), itself resolved against the parent's base. A base that
 * is not http(s) is ignored.
 */
function baseOf(node: Loose, parent: string): string {
  const declared = text((node.xml as Loose | undefined)?.base);
  return (declared === null ? null : webUrl(declared, parent)) ?? parent;
}

/** Links that are never the entry's page: its Atom document, its comments, its media, a hub. */
const MACHINE_RELS = new Set([
  'self',
  'edit',
  'edit-media',
  'replies',
  'enclosure',
  'hub',
  'license',
]);
const HTML_LINK_TYPE = /^(?:text\/html|application\/xhtml\+xml)\b/i;

/**
 * The page an Atom entry (or feed) stands for: its alternate link (a link without rel is one),
 * the HTML one when it lists several (a paper's PDF and its page); else a link of another kind
 * that is a page (`related`, `via`), never its own Atom document, edit or comments link.
 */
function atomLink(links: unknown): unknown {
  const list = Array.isArray(links) ? (links as Loose[]) : [];
  const alternates = list.filter((link) => !link.rel || link.rel === 'alternate');
  const page =
    alternates.find((link) => !link.type || HTML_LINK_TYPE.test(String(link.type))) ??
    alternates[0] ??
    list.find((link) => !MACHINE_RELS.has(String(link.rel)));
  return page?.href;
}

/**
 * An RSS guid is the item's permalink unless it says `isPermaLink="false"` (RSS 2.0): an item
 * with a guid but no <link> links there, when the guid is an absolute http(s) URL.
 */
function permalinkOf(guid: unknown): string | undefined {
  const value = text(guid);
  if (value === null || (guid as Loose | null)?.isPermaLink === false) return undefined;
  // A permalink is absolute: a bare "42" or "post-42" guid is an id, not a path on the site.
  return /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * A video's or a clip's description (Media RSS `<media:description>`, on the item or in its
 * `<media:group>`): all the text a YouTube channel feed's entries carry.
 */
function mediaDescription(entry: Loose): unknown {
  const media = entry.media as Loose | undefined;
  const groups = Array.isArray(media?.groups) ? (media.groups as Loose[]) : [];
  return media?.description ?? groups.find((group) => group.description)?.description;
}

/**
 * An RSS item's text, best first: its content:encoded, else the longer of its description and a
 * podcast episode's <itunes:summary> (a show's notes may sit in either, and a short description
 * is often a teaser of the summary), else its Media RSS description.
 */
function rssContent(entry: Loose): unknown[] {
  const summaries = [entry.description, (entry.itunes as Loose | undefined)?.summary];
  const length = (value: unknown) => text(value)?.length ?? 0;
  return [
    (entry.content as Loose | undefined)?.encoded,
    summaries.reduce((longest, value) => (length(value) > length(longest) ? value : longest)),
    mediaDescription(entry),
  ];
}

/**
 * An item's Dublin Core date (`<dc:date>`): the only date an RSS 1.0 (RDF) item has, and the one
 * an RSS 2.0 item without a pubDate often carries. feedsmith lists them (`dc.dates`); the first
 * is taken.
 */
function dcDate(entry: Loose): unknown {
  const dates = (entry.dc as Loose | undefined)?.dates;
  return Array.isArray(dates) ? dates[0] : undefined;
}

function itemsOf(format: string, feed: Loose, base: string): (ReadItem | null)[] {
  const list = (key: string) => (Array.isArray(feed[key]) ? (feed[key] as Loose[]) : []);
  switch (format) {
    case 'rss':
      return list('items').map((entry) =>
        item(baseOf(entry, base), {
          id: entry.guid,
          title: entry.title,
          url: entry.link ?? permalinkOf(entry.guid),
          published: entry.pubDate ?? dcDate(entry),
          content: rssContent(entry),
          media: mediaUrls(entry.enclosures, 'url'),
        }),
      );
    case 'atom':
      return list('entries').map((entry) =>
        item(baseOf(entry, base), {
          id: entry.id,
          title: entry.title,
          url: atomLink(entry.links),
          published: entry.published ?? entry.updated,
          content: [entry.content, entry.summary, mediaDescription(entry)],
          media: mediaUrls(
            Array.isArray(entry.links)
              ? (entry.links as Loose[]).filter((link) => link.rel === 'enclosure')
              : [],
            'href',
          ),
        }),
      );
    case 'json':
      return list('items').map((entry) =>
        item(baseOf(entry, base), {
          id: entry.id,
          title: entry.title,
          url: entry.url ?? entry.external_url,
          published: entry.date_published ?? entry.date_modified,
          content: [entry.content_html, entry.content_text, entry.summary],
          media: mediaUrls(entry.attachments, 'url'),
        }),
      );
    default:
      return list('items').map((entry) =>
        item(baseOf(entry, base), {
          id: entry.link,
          title: entry.title,
          url: entry.link,
          published: dcDate(entry),
          content: rssContent(entry),
          media: [],
        }),
      );
  }
}

/** The site a feed is of: RSS's channel `<link>`, Atom's alternate link, JSON Feed's home_page_url. */
function homePageOf(format: string, feed: Loose, base: string): string | null {
  const home =
    format === 'atom' ? atomLink(feed.links) : format === 'json' ? feed.home_page_url : feed.link;
  return webUrl(home, base);
}

/**
 * A URL as a page: without its fragment or a slash at the end of its path, over https and
 * without `www.`, as a channel's link and its items' often write the home page differently
 * (`http://www.pod.example.com` and `https://pod.example.com/`).
 */
function page(url: string): string {
  const address = new URL(url);
  address.hash = '';
  address.protocol = 'https:';
  address.hostname = address.hostname.replace(/^www\./, '');
  return address.href.replace(/\/$/, '');
}

/**
 * How many posts the items linking to each page are. Items are one post when they share a title
 * (one post listed twice), or when they share their link and their media (none, or the same
 * cover image as Substack encloses) and either their text or their date: a post re-issued under
 * a new title (and a reworded summary) while its first listing is still in the feed. Episodes
 * with audio of their own, anchors of one page and items of other texts and dates stay apart.
 */
function postsPerPage(
  items: readonly ReadItem[],
  pages: readonly (string | null)[],
): Map<string, number> {
  const parent = items.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) {
      // Path halving: a hostile feed of thousands of items on one page stays near linear.
      parent[at] = parent[parent[at] as number] as number;
      at = parent[at] as number;
    }
    return at;
  };
  const firstWith = new Map<string, number>();
  const join = (key: string, index: number) => {
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, index);
    else parent[root(index)] = root(first);
  };
  items.forEach(({ entry, media }, index) => {
    const at = pages[index];
    if (entry.url === null || at == null) return;
    join(JSON.stringify(['title', at, entry.title]), index);
    const words = entry.content?.replace(/\s+/g, ' ').trim();
    if (words) join(JSON.stringify(['text', entry.url, words, media]), index);
    if (entry.published) join(JSON.stringify(['date', entry.url, entry.published, media]), index);
  });
  const posts = new Map<string, Set<number>>();
  pages.forEach((at, index) => {
    if (at !== null) posts.set(at, (posts.get(at) ?? new Set()).add(root(index)));
  });
  return new Map([...posts].map(([url, roots]) => [url, roots.size]));
}

/**
 * Items that share a guid but link to pages of their own are told apart by their links: a site
 * template that writes one guid for every item (`post`, the site's address) made the feed's
 * first item the only one ever new, and the rest were dropped without a word as "listed twice".
 * Items of one page (a podcast repeating an episode, a post re-listed with `www.` or a fragment)
 * keep their guid and are taken once.
 */
function withOwnIds(read: readonly ReadItem[], pages: readonly (string | null)[]): FeedItem[] {
  const pagesOf = new Map<string, Set<string>>();
  read.forEach(({ entry }, index) => {
    const at = pages[index];
    if (at != null) pagesOf.set(entry.id, (pagesOf.get(entry.id) ?? new Set()).add(at));
  });
  return read.map(({ entry }) => {
    if (entry.url === null || (pagesOf.get(entry.id)?.size ?? 0) < 2) return entry;
    return { ...entry, id: entry.url };
  });
}

/**
 * Marks the items that link to no page of their own (`sharedLink`): podcasts and some generated
 * feeds link every item to the site's home page, or all to one page (`/episodes`, anchors of one
 * release notes page). Read there, every item would get that page's text, and the digest would
 * keep one of them as "listed twice" and lose the others. A page the items of one post link to
 * (postsPerPage) stays theirs. Items first get ids of their own (withOwnIds).
 */
function markSharedLinks(read: readonly ReadItem[], home: string | null): FeedItem[] {
  // Each link read as a page once: the guids, the posts and the home page are compared by it.
  const pages = read.map(({ entry }) => (entry.url === null ? null : page(entry.url)));
  const posts = postsPerPage(read, pages);
  const homePage = home === null ? null : page(home);
  return withOwnIds(read, pages).map((entry, index) => {
    const at = pages[index];
    if (entry.url === null || at == null) return entry;
    const shared = at === homePage || (posts.get(at) ?? 0) > 1;
    if (!shared) return entry;
    // Without a guid of its own its link was its id, the same for every item sharing it: the
    // first one sent would make every later one "seen". Its title tells it apart.
    const id = entry.id === entry.url ? (entry.title ?? entry.id) : entry.id;
    return { ...entry, id, sharedLink: true };
  });
}

/**
 * A page's start: an XHTML page's XML declaration, comments, then the doctype or <html>. A
 * comment's text holds no "-->", so each comment ends at its first one; with `[\s\S]*?` a comment
 * could also span the next ones, and a body of many comments and no page made the test try every
 * way to group them (exponential).
 */
const HTML_PAGE =
  /^\s*(?:<\?xml[^<>]*>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*)*(?:<!doctype html|<html[\s>])/i;
const FEED_TYPE = /^application\/(?:rss\+xml|atom\+xml|feed\+json)$/i;

/** An attribute of one tag's source, quoted or not. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/**
 * The reason a web page given instead of its feed is refused, naming the feed the page declares
 * (`<link rel="alternate" type="application/rss+xml" href>`, as blogs do) when it declares one:
 * the usual mistake is giving the blog's address.
 */
function notAFeedButAPage(feedUrl: string, html: string, foundAt: string): string {
  // Up to the page's last '>' only: a tag runs to the next '>', and past the last one each
  // '<link' would read on to the end in vain (minutes for a hostile page of them).
  const tags = html.slice(0, html.lastIndexOf('>') + 1).match(/<link\b[^>]*>/gi);
  for (const tag of tags ?? []) {
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(tag, 'href');
    if (!rel.includes('alternate') || !FEED_TYPE.test(attribute(tag, 'type') ?? '') || !href) {
      continue;
    }
    const feed = webUrl(decodeEntities(href), foundAt);
    if (feed !== null && feed !== feedUrl && feed !== foundAt) {
      return `is not an RSS, Atom or JSON feed but an HTML page; its feed is ${feed}: give that URL`;
    }
  }
  return 'is not an RSS, Atom or JSON feed but an HTML page that names no feed; check the URL points at the feed itself';
}

/**
 * The first external entity a document's DOCTYPE declares (`<!ENTITY notes SYSTEM "file:…">`),
 * as a message shows it. Such an entity is never read (it would make the server fetch a file or
 * another address), so the parser refuses the feed; without this its message said only "Invalid
 * feed format". Declarations are matched one tag at a time (`[^<>]*`), so a body of unclosed ones
 * is read once.
 */
function externalEntity(source: string): string | undefined {
  for (const tag of source.match(/<!ENTITY[^<>]*>/gi) ?? []) {
    const declared = /^<!ENTITY\s+(%\s+)?([^\s<>]+)\s+(SYSTEM|PUBLIC)\b/i.exec(tag);
    if (declared) return `<!ENTITY ${declared[1] ?? ''}${declared[2]} ${declared[3]} …>`;
  }
  return undefined;
}

/** What a JSON value is, as a message names it. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads an RSS 2.0, Atom, RDF or JSON Feed document into the items the digest is made from, in
 * the feed's order. Throws FetchError naming the feed when the document is not a feed. Relative
 * links resolve against `foundAt`, where the feed was read after redirects (a browser's base):
 * the address given may have moved to another host or folder, whose feed links relative to
 * itself. The feed keeps the address given, which its state is remembered by.
 */
export function parseFeed(feedUrl: string, source: string, foundAt = feedUrl): Feed {
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseAnyFeed(source) as { format: string; feed: unknown };
  } catch (error) {
    if (source.trim() === '') {
      // A feed script that failed without a word (a blank page from a PHP error): "not a feed,
      // check the URL" sent the operator after a URL that is right.
      throw new FetchError(
        feedUrl,
        'answered with an empty body, no feed; the server sent nothing to read',
        { cause: error },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    const entity = externalEntity(source);
    if (entity !== undefined) {
      throw new FetchError(
        feedUrl,
        `declares an external entity (${entity}), which is never read (it would fetch a file or another address): the feed must carry its text itself`,
        { cause: error },
      );
    }
    throw new FetchError(
      feedUrl,
      HTML_PAGE.test(source)
        ? notAFeedButAPage(feedUrl, source, foundAt)
        : `is not an RSS, Atom or JSON feed (${reason}); check the URL points at the feed itself`,
      { cause: error },
    );
  }
  const feed = parsed.feed as Loose;
  if (parsed.format === 'json') {
    // feedsmith reads an "items" that is no list as none: the feed would say "nothing new" at
    // every run and never why. The document is looked at as written.
    const items = (JSON.parse(source) as Loose).items;
    if (!Array.isArray(items)) {
      throw new FetchError(
        feedUrl,
        `is a JSON Feed whose "items" is ${kindOf(items)}, not a list of items; its items cannot be read`,
      );
    }
  }
  const base = baseOf(feed, foundAt);
  const items = markSharedLinks(
    itemsOf(parsed.format, feed, base).filter((read): read is ReadItem => read !== null),
    homePageOf(parsed.format, feed, base),
  );
  return { url: feedUrl, title: title(feed.title) ?? new URL(feedUrl).hostname, items };
}
