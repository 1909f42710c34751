import { parseAtomFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  type ArchiveEntry,
  type ArchiveFile,
  archiveSiteOf,
  buildArchiveSite,
  isArchiveIssuePage,
  publishIssue,
} from '../../../lambda/core/archive/archive-site';
import { previewData as digestPreview } from '../../../templates/digest.preview';
import { preparedIssue, preparedView, testConfig } from '../render/fixtures';

const site = {
  listName: 'Weekly <Briefing>',
  listId: 'weekly.example.com',
  postalAddress: '1 Example Street, Springfield',
  baseUrl: 'https://archive.example.com',
  subscribeUrl: 'https://api.example.com/subscribe',
};

async function issueWithId(id: string) {
  return { ...(await preparedIssue({ id })), issueId: id };
}

async function sampleSite() {
  const first = await issueWithId('first-0123456789');
  const second = await issueWithId('second-0123456789');
  return buildArchiveSite(
    [
      { prepared: first, publishedAt: '2026-11-27T07:00:00.000Z' },
      { prepared: second, publishedAt: '2026-12-04T07:00:00.000Z' },
    ],
    site,
    '2026-12-04T08:00:00.000Z',
  );
}

const file = (files: ArchiveFile[], path: string) => files.find((f) => f.path === path);

describe('the archive site', () => {
  it('has a page per issue, an index and a feed', async () => {
    expect((await sampleSite()).map((f) => [f.path, f.contentType])).toEqual([
      ['second-0123456789/index.html', 'text/html; charset=utf-8'],
      ['first-0123456789/index.html', 'text/html; charset=utf-8'],
      ['index.html', 'text/html; charset=utf-8'],
      ['feed.xml', 'application/atom+xml; charset=utf-8'],
      ['404.html', 'text/html; charset=utf-8'],
    ]);
  });

  it('has a page for an address that is not there, whose links work from any path it is served at', async () => {
    // CloudFront serves it for a taken-down issue or a mistyped address (S3 says 403 AccessDenied
    // in XML otherwise), at the address asked for: a relative link would lead from there.
    const { document } = parseHTML(file(await sampleSite(), '404.html')?.body ?? '');
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('h1')?.textContent).toBe('This page is not in the archive');
    expect(document.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(document.querySelector('main')).not.toBeNull();
    expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://archive.example.com/',
      'https://archive.example.com/feed.xml',
      'https://api.example.com/subscribe',
    ]);
    expect(document.title).toBe('Page not found: Weekly <Briefing>');
  });

  it('puts no personal data in an issue page: no name, no token, a subscribe link', async () => {
    const files = await sampleSite();
    const page = file(files, 'first-0123456789/index.html')?.body ?? '';
    expect(page).not.toMatch(/token=|unsubscribe/i);
    expect(page).not.toContain('Hi Alex');
    expect(page).toContain('<a href="https://news.example.com/subscribe">Subscribe</a>');
  });

  it('has no "View in browser" link on an issue page: the page is the browser copy', async () => {
    const files = await sampleSite();
    const page = file(files, 'first-0123456789/index.html')?.body ?? '';
    expect(page).not.toContain('View in browser');
    expect(page).not.toContain('https://news.example.com/issues');
  });

  it('links an issue page back to the index, first thing in its body, in landmarks', async () => {
    const files = await sampleSite();
    const page = file(files, 'first-0123456789/index.html')?.body ?? '';
    const { document } = parseHTML(page);
    const first = document.body.querySelector('a');
    expect(first?.getAttribute('href')).toBe('../index.html');
    expect(first?.textContent).toBe('All issues of Weekly Briefing');
    // The link is the page's navigation, the email its main content.
    expect(first?.closest('nav')?.getAttribute('aria-label')).toBe('Archive');
    expect(document.querySelectorAll('main > [role="article"]').length).toBe(1);
  });

  it('lists the issues newest first on an accessible index page with the sign-up link', async () => {
    const html = file(await sampleSite(), 'index.html')?.body ?? '';
    const { document } = parseHTML(html);
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('h1')?.textContent).toBe('Weekly <Briefing>');
    expect([...document.querySelectorAll('h2 a')].map((a) => a.getAttribute('href'))).toEqual([
      'second-0123456789/index.html',
      'first-0123456789/index.html',
    ]);
    expect(document.querySelector('a.subscribe')?.getAttribute('href')).toBe(
      'https://api.example.com/subscribe',
    );
    expect(document.querySelector('link[rel=alternate]')?.getAttribute('href')).toBe('feed.xml');
    expect(document.querySelector('time')?.textContent).toBe('4 December 2026');
    // Each title and summary takes the direction of its own text (an Arabic issue reads RTL).
    expect(document.querySelectorAll('article h2[dir=auto]')).toHaveLength(2);
    expect(document.querySelectorAll('article p[dir=auto]')).toHaveLength(2);
  });

  it("dates each issue on the index in the list's time zone, the day its readers got it", async () => {
    // 7:00 on Monday 7 December in Auckland is 18:00 on Sunday in UTC.
    const prepared = await issueWithId('monday-0123456789');
    const dayShown = (timeZone?: string) => {
      const files = buildArchiveSite(
        [{ prepared, publishedAt: '2026-12-06T18:00:00.000Z' }],
        { ...site, ...(timeZone ? { timeZone } : {}) },
        '2026-12-06T19:00:00.000Z',
      );
      return parseHTML(file(files, 'index.html')?.body ?? '').document.querySelector('time')
        ?.textContent;
    };
    expect(dayShown('Pacific/Auckland')).toBe('7 December 2026');
    expect(dayShown()).toBe('6 December 2026');
    expect(
      archiveSiteOf({ ...testConfig, timeZone: 'Pacific/Auckland' }, 'https://a.example.com/'),
    ).toMatchObject({ timeZone: 'Pacific/Auckland', baseUrl: 'https://a.example.com' });
  });

  it('writes no empty summary for an issue with a blank preheader, on the index or in the feed', async () => {
    const prepared = { ...(await preparedIssue({ preheader: '' })), issueId: 'bare-0123456789' };
    const files = buildArchiveSite(
      [{ prepared, publishedAt: '2026-12-04T07:00:00.000Z' }],
      site,
      '2026-12-04T08:00:00.000Z',
    );
    const { document } = parseHTML(file(files, 'index.html')?.body ?? '');
    expect(document.querySelectorAll('article h2')).toHaveLength(1);
    expect(document.querySelectorAll('article p[dir=auto]')).toHaveLength(0);
    expect(file(files, 'feed.xml')?.body).not.toContain('<summary');
  });

  it('lists issues sent at the same moment by id (descending) whatever order it is given them in, as the deployed index does', async () => {
    const issues = [
      { prepared: await issueWithId('alpha-0123456789'), publishedAt: '2026-12-04T07:00:00.000Z' },
      { prepared: await issueWithId('beta-0123456789'), publishedAt: '2026-12-04T07:00:00.000Z' },
    ];
    const built = [issues, [...issues].reverse()].map((given) =>
      buildArchiveSite(given, site, '2026-12-04T08:00:00.000Z').map((f) => [f.path, f.body]),
    );
    expect(built[1]).toEqual(built[0]);
    // The deployed index sorts on `<publishedAt>#<issue id>`, newest first.
    expect(built[0]?.slice(0, 2).map(([path]) => path)).toEqual([
      'beta-0123456789/index.html',
      'alpha-0123456789/index.html',
    ]);
  });

  it('publishes a valid Atom feed of the issues with absolute links', async () => {
    const xml = file(await sampleSite(), 'feed.xml')?.body ?? '';
    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe('https://archive.example.com/');
    expect(feed.title).toEqual({ value: 'Weekly <Briefing>' });
    expect(feed.updated).toBe('2026-12-04T07:00:00.000Z');
    expect(feed.entries?.map((e) => [e.id, e.links?.[0]?.href, e.updated])).toEqual([
      [
        'tag:weekly.example.com,2026-12-04:issue/second-0123456789',
        'https://archive.example.com/second-0123456789/index.html',
        '2026-12-04T07:00:00.000Z',
      ],
      [
        'tag:weekly.example.com,2026-11-27:issue/first-0123456789',
        'https://archive.example.com/first-0123456789/index.html',
        '2026-11-27T07:00:00.000Z',
      ],
    ]);
    for (const entry of feed.entries ?? []) expect(entry.title).toBeTruthy();
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://archive.example.com/feed.xml"/>',
    );
  });

  it('keeps the feed to the 50 newest issues, the index listing every one', async () => {
    // Years of issues: a reader polls the feed every hour, and would fetch them all each time.
    const entries: ArchiveEntry[] = Array.from({ length: 59 }, (_, week) => ({
      issueId: `week-${String(58 - week).padStart(2, '0')}-0123456789`,
      title: `Week ${58 - week}`,
      summary: '',
      publishedAt: new Date(Date.UTC(2026, 0, 5) + (58 - week) * 7 * 86_400_000).toISOString(),
    }));
    const written: ArchiveFile[] = [];
    await publishIssue(
      {
        site,
        writer: { write: async (f) => void written.push(f) },
        index: { add: async (entry) => void entries.unshift(entry), list: async () => entries },
      },
      await issueWithId('new-0123456789'),
      '2027-03-01T07:00:00.000Z',
    );
    const feed = parseAtomFeed(file(written, 'feed.xml')?.body ?? '');
    expect(feed.entries).toHaveLength(50);
    expect(feed.entries?.[0]?.links?.[0]?.href).toBe(
      'https://archive.example.com/new-0123456789/index.html',
    );
    expect(feed.entries?.at(-1)?.title).toEqual({ value: 'Week 10' });
    expect(feed.updated).toBe('2027-03-01T07:00:00.000Z');
    const { document } = parseHTML(file(written, 'index.html')?.body ?? '');
    expect(document.querySelectorAll('article h2 a')).toHaveLength(60);
  });

  it("keeps each entry's id when the archive moves to a domain of its own", async () => {
    // Readers tell entries by id: ids made of the page's address would show every issue again.
    const issue = await issueWithId('first-0123456789');
    const idsAt = (baseUrl: string) => {
      const files = buildArchiveSite(
        [{ prepared: issue, publishedAt: '2026-11-27T07:00:00.000Z' }],
        { ...site, baseUrl },
        '2026-12-04T08:00:00.000Z',
      );
      return parseAtomFeed(file(files, 'feed.xml')?.body ?? '').entries?.map((e) => e.id);
    };
    expect(idsAt('https://d111111abcdef8.cloudfront.net')).toEqual(
      idsAt('https://archive.example.com'),
    );
  });

  it('keeps the feed well-formed XML when a title or summary holds a noncharacter XML forbids (U+FFFE, U+FFFF)', async () => {
    const prepared = {
      ...(await preparedIssue({ title: 'Budget \uFFFF cuts', preheader: 'Cuts \uFFFE again.' })),
      issueId: 'odd-0123456789',
    };
    const files = buildArchiveSite(
      [{ prepared, publishedAt: '2026-12-04T07:00:00.000Z' }],
      site,
      '2026-12-04T08:00:00.000Z',
    );
    const xml = file(files, 'feed.xml')?.body ?? '';
    // XML 1.0's Char production: a feed reader refuses the whole feed for one character outside it.
    expect(xml).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
    expect(parseAtomFeed(xml).entries?.[0]?.title).toEqual({ value: 'Budget \uFFFD cuts' });
  });

  /** The site of a French issue (declared `fr`) and an earlier one that declares no language. */
  async function frenchAndEnglishSite() {
    const french = {
      ...(await preparedIssue({ id: 'venise-0123456789', language: 'fr' })),
      issueId: 'venise-0123456789',
    };
    return buildArchiveSite(
      [
        { prepared: french, publishedAt: '2026-12-04T07:00:00.000Z' },
        {
          prepared: await issueWithId('first-0123456789'),
          publishedAt: '2026-11-27T07:00:00.000Z',
        },
      ],
      site,
      '2026-12-04T08:00:00.000Z',
    );
  }

  it("marks an issue's title and summary with the language its article declares, on the index and in the feed", async () => {
    const files = await frenchAndEnglishSite();
    const index = file(files, 'index.html')?.body ?? '';
    expect(index.match(/<article[^>]*>/g)).toEqual(['<article lang="fr">', '<article>']);
    const feed = file(files, 'feed.xml')?.body ?? '';
    expect(feed.match(/<entry[^>]*>/g)).toEqual(['<entry xml:lang="fr">', '<entry>']);
  });

  it('writes an issue page in the language its article declares, its archive link in English', async () => {
    const files = await frenchAndEnglishSite();
    const page = parseHTML(file(files, 'venise-0123456789/index.html')?.body ?? '').document;
    expect(page.documentElement.getAttribute('lang')).toBe('fr');
    expect(page.querySelector('nav')?.getAttribute('lang')).toBe('en');
    // The email's own words (greeting, buttons, footer) stay marked as English.
    expect(page.querySelector('[role="article"]')?.getAttribute('lang')).toBe('en');
    expect(page.querySelector('h1')?.getAttribute('lang')).toBe('fr');
    // An issue whose article declares no language keeps the email's.
    const english = parseHTML(file(files, 'first-0123456789/index.html')?.body ?? '').document;
    expect(english.documentElement.getAttribute('lang')).toBe('en');
    // On the index, an issue's date is the archive's English words, not its article's.
    const index = parseHTML(file(files, 'index.html')?.body ?? '').document;
    expect(index.documentElement.getAttribute('lang')).toBe('en');
    const date = index.querySelector('article[lang="fr"] .date');
    expect(date?.closest('[lang]')?.getAttribute('lang')).toBe('en');
  });

  it('tells its issue pages, in any language, from the index and other pages', async () => {
    const files = await frenchAndEnglishSite();
    expect(files.filter((f) => isArchiveIssuePage(f.body)).map((f) => f.path)).toEqual([
      'venise-0123456789/index.html',
      'first-0123456789/index.html',
    ]);
    expect(
      isArchiveIssuePage('<nav aria-label="Archives du site"><a href="/">Accueil</a></nav>'),
    ).toBe(false);
  });

  it("gives every issue page one h1, a digest's (whose email has none) its title for screen readers", async () => {
    const digest = await preparedView('digest', digestPreview);
    const files = buildArchiveSite(
      [
        { prepared: digest, publishedAt: '2026-12-04T07:00:00.000Z' },
        {
          prepared: await issueWithId('first-0123456789'),
          publishedAt: '2026-11-27T07:00:00.000Z',
        },
      ],
      site,
      '2026-12-04T08:00:00.000Z',
    );
    const headings = (path: string) =>
      [...parseHTML(file(files, path)?.body ?? '').document.querySelectorAll('h1')].map((h1) => [
        h1.textContent,
        h1.closest('main') !== null,
      ]);
    expect(headings(`${digest.issueId}/index.html`)).toEqual([[digestPreview.issue.title, true]]);
    // The newsletter's email opens with its title as the h1: no second one.
    expect(headings('first-0123456789/index.html')).toEqual([
      ['What Xi and Putin want to gain from their joint meeting', true],
    ]);
  });

  it('gives the index and each issue page a canonical link, the address the feed gives them', async () => {
    const files = await sampleSite();
    const canonical = (path: string) =>
      parseHTML(file(files, path)?.body ?? '')
        .document.querySelector('head link[rel="canonical"]')
        ?.getAttribute('href');
    const feed = parseAtomFeed(file(files, 'feed.xml')?.body ?? '');
    expect(canonical('index.html')).toBe('https://archive.example.com/');
    expect(feed.links?.find((link) => link.rel === 'alternate')?.href).toBe(
      canonical('index.html'),
    );
    expect(canonical('first-0123456789/index.html')).toBe(
      'https://archive.example.com/first-0123456789/index.html',
    );
    expect(feed.entries?.[1]?.links?.[0]?.href).toBe(canonical('first-0123456789/index.html'));
  });

  it('lets a browser or feed reader find the Atom feed from an issue page', async () => {
    const files = await sampleSite();
    const { document } = parseHTML(file(files, 'first-0123456789/index.html')?.body ?? '');
    const links = [...document.querySelectorAll('head link[rel="alternate"]')];
    expect(links.map((link) => [link.getAttribute('type'), link.getAttribute('href')])).toEqual([
      ['application/atom+xml', '../feed.xml'],
    ]);
    expect(links[0]?.getAttribute('title')).toBe('Weekly Briefing');
    expect(files.map((f) => f.path)).toContain('feed.xml');
  });

  /** Publishes a new issue over an index holding one listed before entries kept their id. */
  async function publishOverOldEntry() {
    const written: ArchiveFile[] = [];
    const entries: ArchiveEntry[] = [
      {
        issueId: 'old-0123456789',
        title: 'Old',
        summary: 'Old one',
        publishedAt: '2026-11-01T00:00:00.000Z',
      },
    ];
    await publishIssue(
      {
        site,
        writer: { write: async (f) => void written.push(f) },
        index: {
          add: async (entry) => void entries.unshift(entry),
          list: async () => entries,
        },
      },
      await issueWithId('new-0123456789'),
      '2026-12-04T07:00:00.000Z',
    );
    return { written, entries };
  }

  it('publishes an issue: its page, then the index and feed of every entry', async () => {
    const { written, entries } = await publishOverOldEntry();
    expect(written.map((f) => f.path)).toEqual([
      'new-0123456789/index.html',
      'index.html',
      'feed.xml',
      '404.html',
    ]);
    expect(entries.map((e) => e.issueId)).toEqual(['new-0123456789', 'old-0123456789']);
  });

  it('lists an issue under the id it is published with, and one listed before ids were kept under its page address', async () => {
    const { written, entries } = await publishOverOldEntry();
    expect(entries[0]?.id).toBe('tag:weekly.example.com,2026-12-04:issue/new-0123456789');
    // An entry without one keeps the id its readers have: the feed does not show it again.
    expect(parseAtomFeed(file(written, 'feed.xml')?.body ?? '').entries?.map((e) => e.id)).toEqual([
      'tag:weekly.example.com,2026-12-04:issue/new-0123456789',
      'https://archive.example.com/old-0123456789/index.html',
    ]);
  });

  it('writes the index again when another publish added an entry while it was writing', async () => {
    const indexes: string[] = [];
    const entries: ArchiveEntry[] = [];
    const other: ArchiveEntry = {
      issueId: 'digest-0123456789',
      title: 'The digest',
      summary: 'Published at the same moment',
      publishedAt: '2026-12-04T07:00:01.000Z',
    };
    await publishIssue(
      {
        site,
        writer: {
          write: async (f) => {
            if (f.path !== 'index.html') return;
            indexes.push(f.body);
            // The other publish adds its entry (and writes its index) during this one's write.
            if (!entries.includes(other)) entries.unshift(other);
          },
        },
        index: {
          add: async (entry) => void entries.unshift(entry),
          list: async () => [...entries],
        },
      },
      await issueWithId('upload-0123456789'),
      '2026-12-04T07:00:00.000Z',
    );
    expect(indexes).toHaveLength(2);
    expect(indexes[0]).not.toContain('The digest');
    expect(indexes[1]).toContain('The digest');
  });
});
