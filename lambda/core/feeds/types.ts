/** Feeds as the newsletter's source: what the core needs to know and what it asks for. */

/** Articles per digest unless told otherwise (the `maxArticles` context key, `--max-articles`). */
export const DEFAULT_MAX_ARTICLES = 5;

/** One entry of a feed, whatever its format (RSS 2.0 item, Atom entry, JSON Feed item). */
export interface FeedItem {
  /** guid / id, or the link when the feed gives none: what "seen before" is decided by. */
  readonly id: string;
  readonly title: string | null;
  /** The original article (absolute http(s) URL), when the item links to one. */
  readonly url: string | null;
  /**
   * The link is not the item's own page but one it shares: the site's home page, or a page
   * items of other titles link to as well (a podcast's episodes, anchors of one release notes
   * page). The digest links there; the item's text is its own in the feed.
   */
  readonly sharedLink?: true;
  /** ISO timestamp of publication (or of the last update when that is all there is). */
  readonly published: string | null;
  /** The item's own HTML or text (content:encoded, content, description, summary). */
  readonly content: string | null;
}

export interface Feed {
  /** The URL it was fetched from. */
  readonly url: string;
  /** The feed's title, or its host name when it has none: the articles' source line. */
  readonly title: string;
  /** Items in the order the feed lists them. */
  readonly items: readonly FeedItem[];
}

/** What is remembered about a feed between runs (one DynamoDB item per feed). */
export interface FeedState {
  readonly feedUrl: string;
  /** Validators of the last fetch, sent back so an unchanged feed answers 304. */
  readonly etag?: string;
  readonly lastModified?: string;
  /** Ids of items already taken or passed over, newest first (capped). */
  readonly seen: readonly string[];
  /**
   * The addresses of the articles digests sent from the feed (without campaign parameters or
   * fragment, as https), newest first (capped): one another feed lists later is not sent again.
   */
  readonly links?: readonly string[];
  /** The newest publication date among those items: anything older is not new. */
  readonly newest?: string;
  /** ISO timestamp of the last run that read the feed. */
  readonly checkedAt: string;
}

export interface FeedStateStore {
  get(feedUrl: string): Promise<FeedState | undefined>;
  put(state: FeedState): Promise<void>;
}

/** A fetched resource (the fetcher adapter in lambda/adapters/http implements WebClient). */
export type WebResponse =
  | {
      readonly status: 'ok';
      /** Where the body came from, after redirects. */
      readonly url: string;
      /** Media type, lower case, without parameters ("text/html"); "" when not given. */
      readonly contentType: string;
      /** The Content-Type's charset parameter, when it has one ("ISO-8859-1"). */
      readonly charset?: string;
      readonly body: Uint8Array;
      readonly etag?: string;
      readonly lastModified?: string;
    }
  | { readonly status: 'not-modified'; readonly url: string };

interface WebRequest {
  /** The Accept header. */
  readonly accept: string;
  /** Largest body read for this request (a feed's); the client's own cap (a page's) otherwise. */
  readonly maxBytes?: number;
  readonly etag?: string;
  readonly lastModified?: string;
}

/** GETs a URL safely; throws FetchError (with a short reason) when it cannot. */
export type WebClient = (url: string, request: WebRequest) => Promise<WebResponse>;
