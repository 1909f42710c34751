/**
 * `newsletter send --feed` end to end: a real HTTP server on loopback serves the feeds and the
 * article pages; dynalite and the SES emulator stand in for AWS.
 */
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAtomFeed } from 'feedsmith';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../../lambda/adapters/templates/compile-template';
import { runArchive } from '../../../lambda/local/commands/archive';
import { runSendFeeds } from '../../../lambda/local/commands/send-feeds';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { articlePage, type FixtureItem, rssFeed } from '../../support/feed-fixtures';
import { runCli } from '../../support/run-cli';
import { startWebServer, type WebServer } from '../../support/web-server';

const dynamo = useDynalite();
const ses = useSesEmulator();

let work: string;
let web: WebServer;

const ITEMS: FixtureItem[] = [
  { id: 'c', title: 'Bridge repairs start', link: '/bridge', published: '2026-12-03T09:00:00Z' },
  { id: 'b', title: 'Library opens late', link: '/library', published: '2026-12-02T09:00:00Z' },
  { id: 'a', title: 'Market hall reopens', link: '/market', published: '2026-12-01T09:00:00Z' },
];

function serveFeed(route: string, items: readonly FixtureItem[], etag: string) {
  web.routes.set(route, {
    type: 'application/rss+xml',
    body: rssFeed(web.url, 'Town Gazette', items),
    headers: { etag },
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-feeds-'));
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SES', ses.endpoint);
  web = await startWebServer();
  for (const [route, title, topic] of [
    ['/bridge', 'Bridge repairs start', 'bridge'],
    ['/library', 'Library opens late', 'library'],
    ['/market', 'Market hall reopens', 'market'],
    ['/trains', 'Night trains return', 'railway'],
    ['/parks', 'Parks get new benches', 'parks'],
  ] as const) {
    web.routes.set(route, { body: articlePage(title, topic) });
  }
  serveFeed('/feed.xml', ITEMS, '"v1"');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await web?.close();
  await rm(work, { recursive: true, force: true });
});

async function send(feeds: string[], maxArticles = 10): Promise<string> {
  const lines: string[] = [];
  await runSendFeeds({
    feeds: feeds.map((route) => `${web.url}${route}`),
    maxArticles,
    concurrency: 4,
    dataDir: path.join(work, 'data'),
    outbox: path.join(work, 'outbox'),
    fetch: { timeoutMs: 1_500, maxBytes: 64 * 1024 },
    log: (line) => lines.push(line),
  });
  return lines.join('\n');
}

/** The digests in the outbox, oldest first, each with its messages parsed. */
async function digests() {
  const outbox = path.join(work, 'outbox');
  const folders = await readdir(outbox);
  const result = [];
  for (const folder of folders) {
    const files = (await readdir(path.join(outbox, folder))).filter((f) => f.endsWith('.eml'));
    const mails = await Promise.all(
      files.map(async (file) => simpleParser(await readFile(path.join(outbox, folder, file)))),
    );
    result.push({ folder, mails });
  }
  return result;
}

function titlesIn(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/h2>/g)].map(
    (match) => `${match[2]} <${match[1]}>`,
  );
}

describe('newsletter send --feed', () => {
  it('sends one digest of a feed of three to every subscriber, in feed order', async () => {
    const summary = await send(['/feed.xml']);
    expect(summary).toMatch(/Sent\s+5\s+skipped 0\s+failed 0/);

    const [digest, ...others] = await digests();
    expect(others).toEqual([]);
    expect(digest?.mails).toHaveLength(5);
    for (const mail of digest?.mails ?? []) {
      expect(titlesIn(String(mail.html))).toEqual([
        `Bridge repairs start <${web.url}/bridge>`,
        `Library opens late <${web.url}/library>`,
        `Market hall reopens <${web.url}/market>`,
      ]);
      expect(String(mail.html)).toContain('Town Gazette · 3 Dec 2026');
      expect(mail.text).toContain('== Library opens late ==');
      expect(mail.text).toMatch(/The bridge project was approved on Monday/);
      expect(mail.subject).toBe('The Example Briefing: Bridge repairs start and 2 more');
    }
    expect(web.requests.find((r) => r.path === '/bridge')?.userAgent).toMatch(
      /^newsletter-digest\/.*\(\+http:\/\/127\.0\.0\.1:8787;/,
    );
  });

  it('sends nothing when the same run comes again, asking the feed with its ETag', async () => {
    const before = (await ses.emulator.messages()).length;
    const summary = await send(['/feed.xml']);
    expect(summary).toContain('Nothing new in 1 feed: no issue, no email.');
    expect((await ses.emulator.messages()).length).toBe(before);
    expect(web.requests.filter((r) => r.path === '/feed.xml').at(-1)?.ifNoneMatch).toBe('"v1"');
  });

  it('sends nothing for an edited, re-ordered feed', async () => {
    const edited = ITEMS.map((item) => ({ ...item, title: `${item.title} (updated)` })).reverse();
    serveFeed('/feed.xml', edited, '"v2"');
    const before = (await ses.emulator.messages()).length;
    expect(await send(['/feed.xml'])).toContain('Nothing new in 1 feed');
    expect((await ses.emulator.messages()).length).toBe(before);
  });

  it('sends a digest of only the new item when a fourth one appears', async () => {
    serveFeed(
      '/feed.xml',
      [
        {
          id: 'd',
          title: 'Night trains return',
          link: '/trains',
          published: '2026-12-04T09:00:00Z',
        },
        ...ITEMS,
      ],
      '"v3"',
    );
    const summary = await send(['/feed.xml']);
    expect(summary).toMatch(/Sent\s+5\s+skipped 0/);
    const all = await digests();
    expect(all).toHaveLength(2);
    const latest = all.find((d) => titlesIn(String(d.mails[0]?.html)).length === 1);
    expect(latest?.mails).toHaveLength(5);
    expect(titlesIn(String(latest?.mails[0]?.html))).toEqual([
      `Night trains return <${web.url}/trains>`,
    ]);
  });

  it('passes over a broken feed and bad items with a clear reason each, harming no other', async () => {
    web.routes.set('/broken.xml', { type: 'application/rss+xml', body: '<rss><channel><item>' });
    web.routes.set('/huge', { body: `<p>${'word '.repeat(20_000)}</p>` });
    web.routes.set('/loop-a', { status: 302, headers: { location: '/loop-b' } });
    web.routes.set('/loop-b', { status: 302, headers: { location: '/loop-a' } });
    web.routes.set('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>never finishes');
    });
    web.routes.set('/report.pdf', { type: 'application/pdf', body: '%PDF-1.7' });
    const at = (day: number) => `2026-12-0${day}T12:00:00Z`;
    serveFeed(
      '/mixed.xml',
      [
        { id: 'm1', title: 'Missing page', link: '/gone', published: at(5) },
        { id: 'm2', title: 'Huge page', link: '/huge', published: at(5) },
        { id: 'm3', title: 'Parks get new benches', link: '/parks', published: at(5) },
        { id: 'm4', title: 'Redirect loop', link: '/loop-a', published: at(5) },
        { id: 'm5', title: 'Slow server', link: '/slow', published: at(5) },
        { id: 'm6', title: 'A PDF', link: '/report.pdf', published: at(5) },
      ],
      '"m1"',
    );
    const summary = await send(['/broken.xml', '/mixed.xml']);

    expect(summary).toMatch(
      new RegExp(`Passed over ${web.url}/broken.xml: is not an RSS, Atom or JSON feed`),
    );
    expect(summary).toContain(`Passed over ${web.url}/gone: answered HTTP 404`);
    expect(summary).toContain(`Passed over ${web.url}/huge: is larger than 64 KiB`);
    expect(summary).toContain(
      `Passed over ${web.url}/loop-a: redirect loop (${web.url}/loop-b → ${web.url}/loop-a)`,
    );
    expect(summary).toContain(`Passed over ${web.url}/slow: timed out after 1.5 s`);
    expect(summary).toContain(
      `Passed over ${web.url}/report.pdf: is not an HTML page (application/pdf)`,
    );
    expect(summary).toContain('has no text of its own in the feed');
    expect(summary).toMatch(/Sent\s+5\s+skipped 0/);

    const latest = (await digests()).find((d) =>
      String(d.mails[0]?.html).includes('Parks get new benches'),
    );
    expect(titlesIn(String(latest?.mails[0]?.html))).toEqual([
      `Parks get new benches <${web.url}/parks>`,
    ]);
  });

  it('fails, sending nothing, when no feed could be read', async () => {
    web.routes.set('/not-a-feed.xml', { type: 'application/rss+xml', body: 'not a feed' });
    await expect(send(['/not-a-feed.xml', '/no-such-feed.xml'])).rejects.toThrow(
      `No feed could be read (each reason is above): nothing was sent. Check ${web.url}/not-a-feed.xml, ${web.url}/no-such-feed.xml and run the same command again.`,
    );
  });

  it('makes no local store when no feed could be read into a data folder that had none', async () => {
    const dataDir = path.join(work, 'never-made');
    const lines: string[] = [];
    await expect(
      runSendFeeds({
        feeds: [`${web.url}/no-such-feed.xml`],
        concurrency: 1,
        dataDir,
        outbox: path.join(work, 'never-made-outbox'),
        fetch: { timeoutMs: 1_500, maxBytes: 64 * 1024 },
        log: (line) => lines.push(line),
      }),
    ).rejects.toThrow(`No feed could be read (each reason is above): nothing was sent.`);
    expect(lines).toEqual([`Passed over ${web.url}/no-such-feed.xml: answered HTTP 404`]);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
    await expect(readdir(path.join(work, 'never-made-outbox'))).rejects.toThrow(/ENOENT/);
  });

  it('makes no local store and sends nothing when the digest template cannot show the digest, into a data folder that had none', async () => {
    const templatesDir = path.join(work, 'broken-digest-templates');
    await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
    const text = path.join(templatesDir, 'digest.txt.hbs');
    await writeFile(text, (await readFile(text, 'utf8')).replace('{{title}}', '{{keyPoints}}'));
    const dataDir = path.join(work, 'never-made-by-digest');
    await expect(
      runSendFeeds({
        feeds: [`${web.url}/feed.xml`],
        concurrency: 1,
        dataDir,
        outbox: path.join(work, 'never-made-by-digest-outbox'),
        templatesDir,
        fetch: { timeoutMs: 1_500, maxBytes: 64 * 1024 },
        log: () => {},
      }),
    ).rejects.toThrow(/^Template digest\.txt\.hbs:\d+: \{\{keyPoints\}\} prints a list/);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a feed that is not an http(s) URL before opening anything', async () => {
    await expect(
      runSendFeeds({
        feeds: ['feeds/local.xml'],
        concurrency: 1,
        dataDir: path.join(work, 'untouched'),
        outbox: path.join(work, 'untouched-outbox'),
      }),
    ).rejects.toThrow('--feed: "feeds/local.xml" is not an http(s) URL (https://…/feed.xml)');
    await expect(readdir(path.join(work, 'untouched'))).rejects.toThrow(/ENOENT/);
  });

  it('writes the archive of every digest sent: index, one page each, a valid Atom feed, no token', async () => {
    const out = path.join(work, 'site');
    const lines: string[] = [];
    await runArchive({
      out,
      dataDir: path.join(work, 'data'),
      baseUrl: 'https://archive.example.com/',
      log: (line) => lines.push(line),
    });
    expect(lines[0]).toMatch(/^Archive {4}3 issues → /);
    const issueIds = (await digests()).map((d) => d.folder).sort();
    const written = (await readdir(out, { recursive: true })).sort();
    expect(written).toEqual(
      [
        '404.html',
        'feed.xml',
        'index.html',
        ...issueIds.flatMap((id) => [id, `${id}/index.html`]),
      ].sort(),
    );
    const feed = parseAtomFeed(await readFile(path.join(out, 'feed.xml'), 'utf8'));
    expect(feed.entries?.map((e) => e.links?.[0]?.href).sort()).toEqual(
      issueIds.map((id) => `https://archive.example.com/${id}/index.html`),
    );
    for (const file of written.filter((f) => /\.(html|xml)$/.test(f))) {
      const body = await readFile(path.join(out, file), 'utf8');
      expect(body).not.toMatch(/token=|Alan Turing|Unsubscribe/);
    }
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="http://127.0.0.1:8787/subscribe"');
  });

  it('writes no page when one of the files cannot be written (a folder where feed.xml goes), and leaves no file half-written', async () => {
    const out = path.join(work, 'site-with-a-folder-in-the-way');
    await mkdir(path.join(out, 'feed.xml'), { recursive: true });
    await expect(
      runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} }),
    ).rejects.toThrow(
      `--out: ${path.join(out, 'feed.xml')} is a folder, where the archive writes feed.xml — move it aside`,
    );
    expect(await readdir(out, { recursive: true })).toEqual(['feed.xml']);

    await rm(path.join(out, 'feed.xml'), { recursive: true });
    await runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} });
    // Each file is written beside its place and moved there whole: nothing else is left.
    const written = await readdir(out, { recursive: true });
    expect(written).toContain('feed.xml');
    expect(
      written.filter((name) => !/^(feed\.xml|index\.html|[^/]+(\/index\.html)?)$/.test(name)),
    ).toEqual([]);
  });

  it('says what is in the way of a file the site writes: a file where a folder goes, a link where a page goes', async () => {
    const [id] = (await digests()).map((d) => d.folder).sort();
    const out = path.join(work, 'site-with-things-in-the-way');
    await mkdir(out);
    await writeFile(path.join(out, id ?? ''), 'notes');
    await symlink(path.join(work, 'elsewhere.xml'), path.join(out, 'feed.xml'));
    const refusal = (at: string, what: string, file: string) =>
      `--out: ${path.join(out, at)} is ${what}, where the archive writes ${file} — move it aside`;
    await expect(
      runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} }),
    ).rejects.toThrow(refusal(id ?? '', 'not a folder', `${id}/index.html`));
    await rm(path.join(out, id ?? ''));
    await expect(
      runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} }),
    ).rejects.toThrow(refusal('feed.xml', 'a link', 'feed.xml'));
    expect(await readdir(out)).toEqual(['feed.xml']);
  });

  it('writes the same bytes when built again, with or without issues', async () => {
    const empty = path.join(work, 'data-empty');
    const imported = await runCli([
      '--data-dir',
      empty,
      'subscribers',
      'import',
      'examples/subscribers.csv',
      '--confirmed',
    ]);
    expect(imported.code).toBe(0);
    for (const dataDir of [path.join(work, 'data'), empty]) {
      const builds: string[] = [];
      for (const name of ['again-1', 'again-2']) {
        const out = path.join(work, name);
        await runArchive({ out, dataDir, baseUrl: 'https://archive.example.com/', log: () => {} });
        builds.push(await readFile(path.join(out, 'feed.xml'), 'utf8'));
        builds.push(await readFile(path.join(out, 'index.html'), 'utf8'));
        await rm(out, { recursive: true });
        // A build in another millisecond.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(builds[2]).toBe(builds[0]);
      expect(builds[3]).toBe(builds[1]);
    }
  });

  it('names the pages a rebuild left of issues no longer archived (an issue moved aside)', async () => {
    const [id, ...others] = (await digests()).map((d) => d.folder).sort();
    const copy = path.join(work, 'data', 'issues', `${id}.json`);
    const aside = path.join(work, `${id}.json.aside`);
    const out = path.join(work, 'site-withdrawn');
    await runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} });
    // A folder of the user's own is not the archive's.
    await writeFile(path.join(out, 'notes.txt'), 'mine');
    await rename(copy, aside);
    try {
      const lines: string[] = [];
      await runArchive({ out, dataDir: path.join(work, 'data'), log: (line) => lines.push(line) });
      expect(lines[0]).toMatch(new RegExp(`^Archive {4}${others.length} issues → `));
      expect(lines).toContain(
        `Left       ${path.join(out, id ?? '')}/ from an earlier build: no issue of this archive now — delete it to take the page down`,
      );
      expect(lines.filter((line) => line.startsWith('Left'))).toHaveLength(1);
    } finally {
      await rename(aside, copy);
    }
  });

  // The outbox holds every message sent, each with its recipient's address, name and unsubscribe
  // link: a site written into it, or into a folder holding it, would publish them all.
  it('refuses an --out that holds sent messages (the outbox, or a folder holding it), writing nothing', async () => {
    const outbox = path.join(work, 'outbox');
    const [id] = (await digests()).map((d) => d.folder).sort();
    const holder = path.join(work, 'published-with-outbox');
    await mkdir(holder);
    await cp(outbox, path.join(holder, 'outbox'), { recursive: true });
    for (const [out, message] of [
      [outbox, path.join(outbox, id ?? '', '1.eml')],
      [holder, path.join(holder, 'outbox', id ?? '', '1.eml')],
    ] as const) {
      const before = (await readdir(out, { recursive: true })).sort();
      await expect(
        runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} }),
      ).rejects.toThrow(
        `--out: ${out} holds sent messages (${message}), each with its recipient's address and unsubscribe link: the site is published as it is, so pass a folder of its own`,
      );
      expect((await readdir(out, { recursive: true })).sort()).toEqual(before);
    }
  });

  it("refuses to archive when a sent issue's prepared copy is damaged, naming it, instead of leaving the issue out", async () => {
    const [id] = (await digests()).map((d) => d.folder).sort();
    const copy = path.join(work, 'data', 'issues', `${id}.json`);
    const kept = await readFile(copy);
    const out = path.join(work, 'site-damaged');
    try {
      await writeFile(copy, '{"issueId": "truncated');
      await expect(
        runArchive({ out, dataDir: path.join(work, 'data'), log: () => {} }),
      ).rejects.toThrow(
        `Issue ${id} went out, but its prepared copy ${copy} is damaged or from another version, so the archive would leave it out: restore the file from a backup (or move it aside to archive without the issue)`,
      );
      await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    } finally {
      await writeFile(copy, kept);
    }
  });

  it.each([
    ['not a url', '--base-url: "not a url" is not an absolute URL'],
    [
      'ftp://archive.example.com/',
      '--base-url: "ftp://archive.example.com/" must be an http(s) or file URL',
    ],
    // The feed's links are the base URL and a path: a query or fragment would end up before it.
    [
      'https://archive.example.com/news?ref=feed',
      '--base-url: "https://archive.example.com/news?ref=feed" must have no query (?…) or fragment (#…)',
    ],
    ['https://archive.example.com/#top', 'must have no query (?…) or fragment (#…)'],
    // A page's address: every link went below it (…/index.html/<issue>/index.html).
    [
      'https://archive.example.com/news/index.html',
      '--base-url: "https://archive.example.com/news/index.html" must be the address of the folder the links go below, not of a page in it such as index.html: leave the page\'s name out',
    ],
    // The feed is public.
    [
      'https://user:secret@archive.example.com/',
      '--base-url: "https://user:secret@archive.example.com/" must have no user name or password',
    ],
  ])('refuses --base-url %j leaving no empty --out folder behind', async (baseUrl, message) => {
    const out = path.join(work, 'site-refused', 'nested');
    await expect(
      runArchive({ out, dataDir: path.join(work, 'data'), baseUrl, log: () => {} }),
    ).rejects.toThrow(message);
    await expect(readdir(path.join(work, 'site-refused'))).rejects.toThrow(/ENOENT/);
  });

  it('builds into a folder named like a page: its file URL is the folder, not a page', async () => {
    const out = path.join(work, 'site.xml');
    const lines: string[] = [];
    await runArchive({ out, dataDir: path.join(work, 'data'), log: (line) => lines.push(line) });
    expect(lines).toContain(`Feed       ${pathToFileURL(out).href}/feed.xml`);
  });

  it('holds back an item dated in the future, saying so', async () => {
    const ahead = {
      id: 'p',
      title: 'Parks get new benches',
      link: '/parks',
      published: '2999-01-01T09:00:00Z',
    };
    const now = {
      id: 't',
      title: 'Night trains return',
      link: '/trains',
      published: '2026-12-04T09:00:00Z',
    };
    serveFeed('/ahead.xml', [ahead, now], '"a1"');
    const outbox = path.join(work, 'outbox');
    const before = new Set(await readdir(outbox));
    const summary = await send(['/ahead.xml']);
    expect(summary).toContain('Article    Night trains return');
    expect(summary).not.toContain('Parks get new benches');
    expect(summary).toMatch(/^Held back {2}1 item dated in the future, for a later run$/m);
    const [digest] = (await digests()).filter(({ folder }) => !before.has(folder));
    expect(titlesIn(String(digest?.mails[0]?.html))).toEqual([
      `Night trains return <${web.url}/trains>`,
    ]);
  });

  it('sends only the newest --max-articles items of a feed read for the first time, saying the older are taken as read', async () => {
    const backlog = [
      {
        id: 'n3',
        title: 'Night trains return',
        link: '/trains',
        published: '2026-12-04T09:00:00Z',
      },
      {
        id: 'n2',
        title: 'Market hall reopens',
        link: '/market',
        published: '2026-11-04T09:00:00Z',
      },
      {
        id: 'n1',
        title: 'Library opens late',
        link: '/library',
        published: '2026-10-04T09:00:00Z',
      },
    ];
    serveFeed('/new.xml', backlog, '"n1"');
    const summary = await send(['/new.xml'], 1);
    expect(summary).toContain('Article    Night trains return');
    expect(summary).not.toContain('Market hall reopens');
    expect(summary).toMatch(
      new RegExp(
        `^Caught up {2}2 older items of ${web.url}/new\\.xml, taken as read: a feed read for the first time sends only its newest --max-articles$`,
        'm',
      ),
    );
    expect(summary).not.toContain('Waiting');
    expect(await send(['/new.xml'])).toContain('Nothing new in 1 feed');
  });

  it('with --article too, sends the article as its own issue first, then the digest', async () => {
    serveFeed('/solo.xml', [ITEMS[0] as FixtureItem], '"s1"');
    const outbox = path.join(work, 'both-outbox');
    const { code, out } = await runCli([
      '--data-dir',
      path.join(work, 'data'),
      'send',
      '--article',
      'examples/articles/night-trains.html',
      '--feed',
      `${web.url}/solo.xml`,
      '--outbox',
      outbox,
    ]);
    expect(code).toBe(0);
    const issues = out.match(/^Issue {6}\S+/gm) ?? [];
    expect(issues).toHaveLength(2);
    expect(out.indexOf('Night trains')).toBeLessThan(out.indexOf('Article    Bridge'));
    expect((await readdir(outbox)).sort()).toEqual(issues.map((line) => line.slice(11)).sort());
  });
});
