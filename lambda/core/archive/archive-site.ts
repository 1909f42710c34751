/**
 * The public archive: a web copy of every issue, an index page of all issues and an Atom feed of
 * them. Pure: it returns files, and adapters write them (S3 behind CloudFront, a local folder).
 * Nothing personal is in it: copies are rendered for no recipient, and where a recipient's
 * unsubscribe link would be, the templates show a subscribe link.
 */
import type { NewsletterConfig } from '../config';
import type { IssueArchive } from '../ports';
import { escapeHtml } from '../render/escape-html';
import { createMessageRenderer } from '../render/message-renderer';
import type { PreparedIssue } from '../render/types';

/** One published issue, as the index and the feed list it. */
export interface ArchiveEntry {
  readonly issueId: string;
  readonly title: string;
  /** One or two lines: the issue's preheader; blank (and left out) when it has none. */
  readonly summary: string;
  /** ISO timestamp of when the issue went out. */
  readonly publishedAt: string;
  /** The language the issue's article declares ("fr"), when it declares one. */
  readonly language?: string;
  /**
   * Its feed entry's id, fixed when it was published (a `tag:` URI of the list id): the archive's
   * address may change (a domain of its own), and readers tell entries by id. An entry listed
   * before ids were kept has none, and keeps the id it was read under: its page's address.
   */
  readonly id?: string;
}

/** The list of published issues (a partition of the table). */
export interface ArchiveIndex {
  add(entry: ArchiveEntry): Promise<void>;
  /** Every entry, newest first. */
  list(): Promise<ArchiveEntry[]>;
}

export interface ArchiveFile {
  /** Relative to the archive's root: "index.html", "feed.xml", "<issue id>/index.html". */
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
}

/** Where the archive is and what it links to. */
export interface ArchiveSite {
  readonly listName: string;
  /** The list's stable id (List-Id): its feed entries' ids are made of it, not of baseUrl. */
  readonly listId: string;
  readonly postalAddress: string;
  /** Base URL of the archive (no trailing slash): the feed's links are absolute. */
  readonly baseUrl: string;
  /** The hosted sign-up form. */
  readonly subscribeUrl: string;
  /** The time zone the index dates issues in: the day the list's readers got them. @default UTC */
  readonly timeZone?: string;
}

export function archiveSiteOf(config: NewsletterConfig, baseUrl: string): ArchiveSite {
  return {
    listName: config.listName,
    listId: config.listId,
    postalAddress: config.postalAddress,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    subscribeUrl: `${config.publicUrl}/subscribe`,
    ...(config.timeZone ? { timeZone: config.timeZone } : {}),
  };
}

const HTML_TYPE = 'text/html; charset=utf-8';
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** The archive's page for an address it does not hold: the distribution's error page. */
export const NOT_FOUND_PAGE = '404.html';

function issuePagePath(issueId: string): string {
  return `${encodeURIComponent(issueId)}/index.html`;
}

/** Where an issue's page is served: its feed entry's id and link, and the page's canonical link. */
function issuePageUrl(site: ArchiveSite, issueId: string): string {
  return `${site.baseUrl}/${issuePagePath(issueId)}`;
}

/**
 * The navigation that opens every issue page (with a `lang` when the page is in its article's
 * language): what tells a later build that a folder holds one of the archive's pages.
 */
const ISSUE_PAGE_NAV = /<nav aria-label="Archive"[\s>]/;

/** Whether this HTML is an issue page the archive wrote (in whatever language). */
export function isArchiveIssuePage(html: string): boolean {
  return ISSUE_PAGE_NAV.test(html);
}

/**
 * The entry an issue is listed under. Its id is a tag URI (RFC 4151) of the list id and the day
 * the issue went out, which no move of the archive changes.
 */
function archiveEntryOf(
  prepared: PreparedIssue,
  publishedAt: string,
  site: ArchiveSite,
): ArchiveEntry {
  const day = publishedAt.slice(0, 10);
  return {
    id: `tag:${site.listId},${day}:issue/${encodeURIComponent(prepared.issueId)}`,
    issueId: prepared.issueId,
    title: prepared.issue.title,
    summary: prepared.issue.preheader,
    publishedAt,
    // An issue prepared before issues carried their language has none.
    ...(prepared.issue.language ? { language: prepared.issue.language } : {}),
  };
}

/** Out of sight, still read by screen readers (and found by their heading keys). */
const VISUALLY_HIDDEN =
  'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap';

/**
 * The page's h1 when the email has none: a web page has one (screen readers jump to it, and axe's
 * page-has-heading-one asks for it). The newsletter's email opens with its title as one; a
 * digest's does not (its articles' titles are h2), so its page gets the issue's title, shown to
 * screen readers only: the page stays the email as sent. The email's text is escaped, so any
 * `<h1` in it is the template's.
 */
function titleHeading(html: string, issue: PreparedIssue['issue']): string {
  if (/<h1[\s>]/.test(html)) return '';
  const lang = issue.language ? ` lang="${escapeHtml(issue.language)}"` : '';
  return `\n<h1 dir="auto"${lang} style="${VISUALLY_HIDDEN}">${escapeHtml(issue.title)}</h1>`;
}

/**
 * The issue's web copy: the email as a recipient sees it, with no recipient in it, under a link
 * back to the index (a page reached from a feed or a search has no other way there). The link is
 * in the email's `body-text` class, so the email's dark scheme lightens it as its other links; a
 * list name that is one long word wraps instead of widening the page. Unlike the email, the copy
 * is a web page of its own, so it has landmarks: the link is its navigation and the email its
 * main content, where a screen reader's landmark keys find them.
 */
function renderIssuePage(prepared: PreparedIssue, site: ArchiveSite): ArchiveFile {
  // The page is the browser copy: no "View in browser" link to itself, or to where the archive
  // was when the issue went out (the prepared copy keeps the URL of that day).
  const webCopy = { ...prepared, issue: { ...prepared.issue, archiveUrl: null } };
  const { html } = createMessageRenderer(webCopy).render({ name: null, unsubscribeUrl: '' });
  // Most of the page is the article, so the page is in its language where it declares one (the
  // <title> is its title); the email keeps lang="en" on its own words, and the link back is
  // marked English too. An article that declares none leaves the email's language.
  const language = prepared.issue.language;
  const navLang = language ? ' lang="en"' : '';
  const feed = `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(prepared.list.name)}" href="../feed.xml">`;
  // One address for search engines, where the page is also served under another (the
  // distribution's own domain beside the archive's, the "View in browser" link of an older issue).
  const canonical = `<link rel="canonical" href="${escapeHtml(issuePageUrl(site, prepared.issueId))}">`;
  const back = `<nav aria-label="Archive"${navLang}><p class="body-text" style="max-width:600px;margin:0 auto;padding:16px 24px 0;overflow-wrap:anywhere;font:14px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"><a href="../index.html">All issues of ${escapeHtml(prepared.list.name)}</a></p></nav>`;
  // Functions, so a `$&` in the list name is text, not a replacement pattern. The article's
  // text is escaped, so the email's only `</body>` is its own.
  const heading = titleHeading(html, prepared.issue);
  const body = html
    .replace(/<html lang="en"/, (tag) => (language ? `<html lang="${escapeHtml(language)}"` : tag))
    // The archive's feed, found from any page by browsers and feed readers (buildArchiveSite
    // and publishIssue always write it, next to the index).
    .replace(/<\/head>/, () => `${canonical}\n${feed}\n</head>`)
    .replace(/<body[^>]*>/, (tag) => `${tag}\n${back}\n<main>${heading}`)
    .replace(/<\/body>/, () => '</main>\n</body>');
  return { path: issuePagePath(prepared.issueId), body, contentType: HTML_TYPE };
}

/** The look of the archive's own pages (the index, the 404 page), light and dark. */
const ARCHIVE_STYLE = `  <style>
    body { font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; margin: 0; background: #f4f4f5; color: #27272a; line-height: 1.6; }
    header, main, footer { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; overflow-wrap: anywhere; }
    h1 { font-size: 1.75rem; margin: 0 0 .5rem; }
    h2 { font-size: 1.2rem; margin: 0; }
    a { color: #1d4ed8; }
    .subscribe { display: inline-block; background: #1d4ed8; color: #fff; padding: .5rem 1rem; border-radius: 6px; text-decoration: none; font-weight: 600; }
    .issues { list-style: none; padding: 0; margin: 0; }
    .issues li { background: #fff; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
    .issues p { margin: .25rem 0 0; }
    .date { color: #52525b; font-size: .9rem; }
    footer { color: #52525b; font-size: .875rem; }
    @media (prefers-color-scheme: dark) {
      body { background: #18181b; color: #e4e4e7; }
      .issues li { background: #27272a; }
      a { color: #93c5fd; }
      .date, footer { color: #d4d4d8; }
    }
  </style>`;

/** One of the archive's own pages: its head (title and links, escaped by the caller) and body. */
function archivePage(parts: { title: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${parts.title}</title>
${parts.head}
${ARCHIVE_STYLE}
</head>
<body>
${parts.body}
</body>
</html>
`;
}

/** The index page: every issue, newest first, with the sign-up link and the feed. */
function renderArchiveIndex(entries: readonly ArchiveEntry[], site: ArchiveSite): ArchiveFile {
  const name = escapeHtml(site.listName);
  const date = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: site.timeZone ?? 'UTC',
  });
  const items = entries
    .map(
      (entry) => `      <li>
        <article${entry.language ? ` lang="${escapeHtml(entry.language)}"` : ''}>
          <h2 dir="auto"><a href="${escapeHtml(issuePagePath(entry.issueId))}">${escapeHtml(entry.title)}</a></h2>
          <p class="date"${entry.language ? ' lang="en"' : ''}><time datetime="${escapeHtml(entry.publishedAt)}">${date.format(new Date(entry.publishedAt))}</time></p>
${entry.summary === '' ? '' : `          <p dir="auto">${escapeHtml(entry.summary)}</p>\n`}        </article>
      </li>`,
    )
    .join('\n');
  const body =
    entries.length === 0
      ? '    <p>No issues yet.</p>'
      : `    <ol class="issues">\n${items}\n    </ol>`;
  return {
    path: 'index.html',
    contentType: HTML_TYPE,
    body: archivePage({
      title: `${name}: archive`,
      head: `  <link rel="canonical" href="${escapeHtml(`${site.baseUrl}/`)}">
  <link rel="alternate" type="application/atom+xml" title="${name}" href="feed.xml">`,
      body: `  <header>
    <h1>${name}</h1>
    <p>Every issue so far, newest first. <a href="feed.xml">Atom feed</a></p>
    <p><a class="subscribe" href="${escapeHtml(site.subscribeUrl)}">Subscribe by email</a></p>
  </header>
  <main>
${body}
  </main>
  <footer>
    <p>${escapeHtml(site.postalAddress)}</p>
  </footer>`,
    }),
  };
}

/**
 * The page CloudFront answers with for an address the bucket does not hold (an issue taken down,
 * a link cut short), in place of S3's AccessDenied XML. It is served at the address asked for, at
 * any depth, so its links are absolute.
 */
function renderNotFoundPage(site: ArchiveSite): ArchiveFile {
  const name = escapeHtml(site.listName);
  const index = escapeHtml(`${site.baseUrl}/`);
  return {
    path: NOT_FOUND_PAGE,
    contentType: HTML_TYPE,
    body: archivePage({
      title: `Page not found: ${name}`,
      head: '  <meta name="robots" content="noindex">',
      body: `  <main>
    <h1>This page is not in the archive</h1>
    <p>The address may be cut short, or the issue was taken down. Every issue of ${name} is on <a href="${index}">the archive's index</a> and in its <a href="${escapeHtml(`${site.baseUrl}/feed.xml`)}">Atom feed</a>.</p>
    <p><a class="subscribe" href="${escapeHtml(site.subscribeUrl)}">Subscribe by email</a></p>
  </main>
  <footer>
    <p>${escapeHtml(site.postalAddress)}</p>
  </footer>`,
    }),
  };
}

/** What XML 1.0 allows in a document (its Char production): not U+FFFE, U+FFFF or a lone surrogate. */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text for the feed: escaped, and a character XML forbids replaced by U+FFFD, since a feed reader
 * refuses the whole feed for one of them (an article's text may hold a stray U+FFFF).
 */
function xmlText(text: string): string {
  return escapeHtml(text.replace(NOT_XML_CHARACTER, '\uFFFD'));
}

/**
 * The issues the feed carries, newest first: a reader fetches the whole feed every time it polls
 * (hourly, for years), so it holds the latest issues as feeds do, and the index holds them all.
 */
const FEED_ENTRIES = 50;

/** The Atom feed (RFC 4287) of the archive: one entry per recent issue, linking to its web copy. */
function renderArchiveFeed(
  entries: readonly ArchiveEntry[],
  site: ArchiveSite,
  now: string,
): ArchiveFile {
  const updated = entries[0]?.publishedAt ?? now;
  const xmlEntries = entries
    .slice(0, FEED_ENTRIES)
    .map((entry) => {
      const url = issuePageUrl(site, entry.issueId);
      return `  <entry${entry.language ? ` xml:lang="${xmlText(entry.language)}"` : ''}>
    <id>${xmlText(entry.id ?? url)}</id>
    <title>${xmlText(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlText(url)}"/>
    <published>${entry.publishedAt}</published>
    <updated>${entry.publishedAt}</updated>
${entry.summary === '' ? '' : `    <summary>${xmlText(entry.summary)}</summary>\n`}  </entry>`;
    })
    .join('\n');
  return {
    path: 'feed.xml',
    contentType: ATOM_TYPE,
    body: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlText(`${site.baseUrl}/`)}</id>
  <title>${xmlText(site.listName)}</title>
  <updated>${updated}</updated>
  <author><name>${xmlText(site.listName)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlText(`${site.baseUrl}/feed.xml`)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(`${site.baseUrl}/`)}"/>
${xmlEntries}
</feed>
`,
  };
}

/**
 * The order of the deployed index (DynamoDB, descending on `<publishedAt>#<issue id>`): issues
 * sent in the same millisecond are in the same order wherever the site is built, not in the order
 * a folder listing gave them.
 */
function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** The whole site for these issues (newest first): every page, the index and the feed. */
export function buildArchiveSite(
  issues: readonly { readonly prepared: PreparedIssue; readonly publishedAt: string }[],
  site: ArchiveSite,
  now: string,
): ArchiveFile[] {
  const sorted = [...issues].sort((a, b) =>
    newestFirst(`${a.publishedAt}#${a.prepared.issueId}`, `${b.publishedAt}#${b.prepared.issueId}`),
  );
  const entries = sorted.map(({ prepared, publishedAt }) =>
    archiveEntryOf(prepared, publishedAt, site),
  );
  return [
    ...sorted.map(({ prepared }) => renderIssuePage(prepared, site)),
    renderArchiveIndex(entries, site),
    renderArchiveFeed(entries, site, now),
    renderNotFoundPage(site),
  ];
}

/** Writes archive files somewhere (an S3 bucket, a folder). */
export interface ArchiveWriter {
  write(file: ArchiveFile): Promise<void>;
}

export interface PublishDeps {
  readonly index: ArchiveIndex;
  readonly writer: ArchiveWriter;
  readonly site: ArchiveSite;
}

/**
 * Publishes an issue: its web copy first (the emails' "view in browser" links point at it),
 * then its entry, then the index page and the feed rebuilt from every entry, and the 404 page.
 * Publishing the same issue again (a resumed send) rewrites the same files.
 */
export async function publishIssue(
  deps: PublishDeps,
  prepared: PreparedIssue,
  publishedAt: string,
): Promise<void> {
  await deps.writer.write(renderIssuePage(prepared, deps.site));
  await deps.index.add(archiveEntryOf(prepared, publishedAt, deps.site));
  // Two publishes at once (an upload and a digest): the one that listed first may write last,
  // leaving out the other's entry. Each reads the list again after writing and writes again
  // until what it wrote is still the list, so the last write holds every entry.
  let written: ArchiveEntry[] | undefined;
  for (let entries = await deps.index.list(); !sameEntries(entries, written); ) {
    await deps.writer.write(renderArchiveIndex(entries, deps.site));
    await deps.writer.write(renderArchiveFeed(entries, deps.site, publishedAt));
    written = entries;
    entries = await deps.index.list();
  }
  await deps.writer.write(renderNotFoundPage(deps.site));
}

function sameEntries(a: readonly ArchiveEntry[], b: readonly ArchiveEntry[] | undefined): boolean {
  return (
    b !== undefined &&
    a.length === b.length &&
    a.every((entry, i) => entry.issueId === b[i]?.issueId)
  );
}

/** Publishes an issue compose has archived (its prepared copy), under its first date. */
export async function publishArchivedIssue(
  deps: PublishDeps & { readonly archive: Pick<IssueArchive, 'loadPrepared'> },
  issueId: string,
  publishedAt: string,
): Promise<boolean> {
  const prepared = await deps.archive.loadPrepared(issueId);
  if (!prepared) return false;
  await publishIssue(deps, prepared, publishedAt);
  return true;
}
