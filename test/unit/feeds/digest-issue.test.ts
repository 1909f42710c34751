import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import { parseNewsletterConfig } from '../../../lambda/core/config';
import type { DigestEntry } from '../../../lambda/core/feeds/collect-digest';
import {
  digestIssueDraft,
  draftDigest,
  fitDigest,
  prepareDigest,
} from '../../../lambda/core/feeds/digest-issue';
import { CLIP_BUDGET_BYTES, GMAIL_CLIP_BYTES } from '../../../lambda/core/render/gmail-clip';
import { createMessageRenderer } from '../../../lambda/core/render/message-renderer';
import type {
  CompiledTemplate,
  DigestArticleView,
  IssueView,
} from '../../../lambda/core/render/types';
import { previewData } from '../../../templates/digest.preview';

let template: CompiledTemplate;
beforeAll(async () => {
  template = await compileTemplate('digest');
});

const config = parseNewsletterConfig({
  listName: 'Weekly Briefing',
  listId: 'weekly.example.com',
  fromAddress: 'news@example.com',
  postalAddress: '1 Example Street, Springfield',
  publicUrl: 'https://api.example.com',
  archiveUrl: 'https://archive.example.com',
  sendRateCap: 14,
});

function entry(id: string, title: string): DigestEntry {
  return {
    feedTitle: 'Town Gazette',
    item: {
      id,
      title,
      url: `https://news.example.com/${id}`,
      published: '2026-12-03T09:00:00Z',
      content: null,
    },
    article: { source: id, format: 'html', title, sections: [] },
    keyPoints: {
      title,
      lead: `${title} lead.`,
      keyPoints: [{ heading: null, summary: `${title} point.` }],
    },
    from: 'page',
  };
}

/** Five long articles: many sections each, every summary the longest key points get. */
function longArticles(points: number): DigestArticleView[] {
  const summary = previewData.issue.articles[0]?.keyPoints[0]?.summary ?? '';
  return Array.from({ length: 5 }, (_, n) => ({
    title: `Long article ${n + 1}`,
    url: `https://news.example.com/${n}`,
    source: 'Town Gazette · 3 Dec 2026',
    language: null,
    lead: summary,
    keyPoints: Array.from({ length: points }, (_, p) => ({ heading: `Section ${p + 1}`, summary })),
  }));
}

const issue = (articles: DigestArticleView[]): IssueView => ({
  ...previewData.issue,
  articles,
});

const htmlBytes = (view: IssueView) =>
  Buffer.byteLength(
    createMessageRenderer({
      issueId: view.id,
      template,
      list: previewData.list,
      issue: view,
      messages: {
        stencil: { pieces: [] },
        named: { text: [], html: [] },
        anonymous: { text: [], html: [] },
      },
    }).render(previewData.recipient).html,
  );

describe('a digest', () => {
  it('is one issue of the articles in feed order, with an id that depends only on its items', () => {
    const draft = draftDigest([entry('b', 'Bridge'), entry('l', 'Library')]);
    expect(draft.articles.map((a) => [a.title, a.url, a.source])).toEqual([
      ['Bridge', 'https://news.example.com/b', 'Town Gazette · 3 Dec 2026'],
      ['Library', 'https://news.example.com/l', 'Town Gazette · 3 Dec 2026'],
    ]);
    expect(draft.keyPoints.title).toBe('Bridge and 1 more');
    expect(draft.issueId).toBe(draftDigest([entry('b', 'Bridge'), entry('l', 'Library')]).issueId);
    expect(draft.issueId).not.toBe(draftDigest([entry('b', 'Bridge')]).issueId);
  });

  it('keeps every article and cuts summaries first when five long articles pass the clip', () => {
    const long = issue(longArticles(25));
    expect(htmlBytes(long)).toBeGreaterThan(GMAIL_CLIP_BYTES);
    const fitted = fitDigest(template, previewData.list, long);
    expect(htmlBytes(fitted.issue)).toBeLessThanOrEqual(CLIP_BUDGET_BYTES);
    expect(fitted.issue.articles).toHaveLength(5);
    expect(fitted.notes).toEqual([
      expect.stringMatching(
        /^Summaries cut to fit under Gmail's clip: at most \d+ key points per article$/,
      ),
    ]);
  });

  it('drops articles from the end only when the shortest summaries still do not fit', () => {
    const fitted = fitDigest(template, previewData.list, issue(longArticles(25)), 30 * 1024);
    expect(fitted.issue.articles?.length).toBeLessThan(5);
    expect(fitted.issue.articles?.[0]?.title).toBe('Long article 1');
    expect(fitted.issue.articles?.[0]?.keyPoints).toHaveLength(1);
    expect(fitted.notes[1]).toMatch(/^\d of 5 articles left out: the rest still did not fit$/);
  });

  it('says, once prepared, which entries the email holds: the first, as many as fitted', async () => {
    const entries = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      entry(id, `${id} ${'long '.repeat(4_000)}`),
    );
    const notes: string[] = [];
    const digest = digestIssueDraft(entries, (fitted) => notes.push(...fitted));
    expect(digest.sent()).toEqual(entries);

    await digest.draft.prepare?.(template, config);
    const held = digest.sent().length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(5);
    expect(digest.sent()).toEqual(entries.slice(0, held));
    expect(notes.at(-1)).toMatch(/articles left out|Even one article does not fit/);
  });

  // A digest of many items (`--max-articles 80`) keeps the first ones that fit under the clip:
  // its subject said "… and 79 more" of an email that held 15.
  it('counts in its subject and title only the articles the email holds', async () => {
    const entries = Array.from({ length: 80 }, (_, n) =>
      entry(`a${n}`, `Harbour council approves budget item ${n + 1}`),
    );
    const { prepared, notes } = await prepareDigest(draftDigest(entries), template, config);
    const held = prepared.issue.articles?.length ?? 0;
    expect(notes.at(-1)).toBe(`${80 - held} of 80 articles left out: the rest still did not fit`);
    expect(prepared.issue.title).toBe(
      `Harbour council approves budget item 1 and ${held - 1} more`,
    );
    expect(prepared.issue.subject).toBe(`Weekly Briefing: ${prepared.issue.title}`);
  });

  // A headline of 130 characters is common (the Daily Mail writes them): cut at the end, the
  // subject lost its "and 2 more", the one word that said the email holds more than one story.
  it('keeps "and N more" in a subject cut to fit, cutting the first title instead', async () => {
    const long = `Pictured: ${'the moment a crowd gathered at the harbour '.repeat(3).trim()} on Monday`;
    const { prepared } = await prepareDigest(
      draftDigest([entry('b', long), entry('k', 'Kiosk'), entry('l', 'Library')]),
      template,
      config,
    );
    const { subject } = prepared.issue;
    expect(subject.length).toBeLessThanOrEqual(150);
    expect(subject).toMatch(/^Weekly Briefing: Pictured: the moment a crowd .*… and 2 more$/);
  });

  it('leaves a digest that fits as it is', () => {
    const small = issue(longArticles(2));
    expect(fitDigest(template, previewData.list, small)).toEqual({ issue: small, notes: [] });
  });

  it("previews a one-article digest with the article's lead, not its title a second time", async () => {
    const { prepared } = await prepareDigest(draftDigest([entry('b', 'Bridge')]), template, config);
    expect(prepared.issue.subject).toBe('Weekly Briefing: Bridge');
    expect(prepared.issue.preheader).toBe('Bridge lead.');
    // The subject names the title as a single issue's does: on one line, without invisible ends.
    const padded = await prepareDigest(
      draftDigest([entry('b', '\u200BBridge\u00AD')]),
      template,
      config,
    );
    expect(padded.prepared.issue.subject).toBe('Weekly Briefing: Bridge');
    // An article without a lead: its first key point.
    const bare = entry('b', 'Bridge');
    const noLead = await prepareDigest(
      draftDigest([{ ...bare, keyPoints: { ...bare.keyPoints, lead: '' } }]),
      template,
      config,
    );
    expect(noLead.prepared.issue.preheader).toBe('Bridge point.');
    // Two articles: their titles, which the subject names only the first of.
    const two = await prepareDigest(
      draftDigest([entry('b', 'Bridge'), entry('k', 'Kiosk')]),
      template,
      config,
    );
    expect(two.prepared.issue.preheader).toBe('Bridge · Kiosk');
  });

  it("marks each article's text with the language its page declares", async () => {
    const german = entry('k', 'Kältewelle');
    const english = entry('b', 'Bridge');
    const { prepared } = await prepareDigest(
      draftDigest([{ ...german, article: { ...german.article, language: 'de' } }, english]),
      template,
      config,
    );
    const { html } = createMessageRenderer(prepared).render({
      name: null,
      unsubscribeUrl: 'https://x.example/u',
    });
    // The German article's title, lead and point; nothing of the English one, which declares none.
    expect(html.match(/ lang="de"/g)).toHaveLength(3);
    expect(html).toMatch(/<h2 dir="auto" lang="de"[^>]*><a [^>]*>Kältewelle<\/a><\/h2>/);
    expect(html).toMatch(/<h2 dir="auto" style[^>]*><a [^>]*>Bridge<\/a><\/h2>/);
  });

  it("shows a key point's heading as written, with no full stop added after its own ? or .", async () => {
    const faq = entry('f', 'Bins');
    const keyPoints = {
      ...faq.keyPoints,
      keyPoints: [
        { heading: 'When can I book?', summary: 'Bookings open on Monday.' },
        { heading: '1. They say no early.', summary: 'Declining costs a conversation.' },
      ],
    };
    const { prepared } = await prepareDigest(
      draftDigest([{ ...faq, keyPoints }]),
      template,
      config,
    );
    const { html, text } = createMessageRenderer(prepared).render({
      name: null,
      unsubscribeUrl: 'https://x.example/u',
    });
    for (const part of [html, text]) {
      expect(part).toContain('When can I book?');
      expect(part).toContain('1. They say no early.');
      expect(part).not.toMatch(/\?\.|\.\./);
    }
  });

  it('starts the text of an article declared in a right-to-left language with a right-to-left mark', () => {
    const arabic = entry('a', 'Apple تطلق هاتفا');
    const { articles } = draftDigest([
      { ...arabic, article: { ...arabic.article, language: 'ar' } },
      entry('b', 'Bridge'),
    ]);
    expect(articles.map((article) => article.title)).toEqual(['\u200FApple تطلق هاتفا', 'Bridge']);
    expect(articles[0]?.lead).toBe('\u200FApple تطلق هاتفا lead.');
    expect(articles[0]?.keyPoints[0]?.summary).toBe('\u200FApple تطلق هاتفا point.');
  });

  it('starts the text of an article that declares no language but is written in Arabic or Hebrew with a right-to-left mark', () => {
    const { articles } = draftDigest([entry('a', 'Apple تطلق هاتفا جديدا'), entry('b', 'Bridge')]);
    expect(articles.map((article) => article.title)).toEqual([
      '\u200FApple تطلق هاتفا جديدا',
      'Bridge',
    ]);
    expect(articles[0]?.keyPoints[0]?.summary).toBe('\u200FApple تطلق هاتفا جديدا point.');
  });

  it("writes a right-to-left article's source line and link right to left, the arrow pointing left", async () => {
    const { prepared } = await prepareDigest(
      draftDigest([entry('a', 'Apple تطلق هاتفا جديدا'), entry('b', 'Bridge')]),
      template,
      config,
    );
    const { html } = createMessageRenderer(prepared).render({ name: null, unsubscribeUrl: '' });
    const [arabic, english] = html.split('Bridge</a></h2>');
    expect(arabic).toMatch(/<div dir="rtl"[^>]*>Town Gazette · 3 Dec 2026<\/div>/);
    expect(arabic).toContain('Read the article &larr;');
    expect(english).toMatch(/<div dir="ltr"[^>]*>Town Gazette · 3 Dec 2026<\/div>/);
    expect(english).toContain('Read the article &rarr;');
    expect(english).not.toContain('Read the article &larr;');
  });

  it('closes a right-to-left override its first title leaves open at the end of the subject', async () => {
    const draft = draftDigest([entry('b', 'Bridge \u202Eevil')]);
    const { prepared } = await prepareDigest(draft, template, config);
    expect(prepared.issue.subject).toBe('Weekly Briefing: Bridge \u202Eevil\u202C');
  });

  it('is prepared with the list name in the subject and a view-in-browser link', async () => {
    const { prepared } = await prepareDigest(draftDigest([entry('b', 'Bridge')]), template, config);
    expect(prepared.issue.subject).toBe('Weekly Briefing: Bridge');
    expect(prepared.issue.archiveUrl).toBe(
      `https://archive.example.com/${prepared.issueId}/index.html`,
    );
    const { html, text } = createMessageRenderer(prepared).render({
      name: 'Ada',
      unsubscribeUrl: 'https://api.example.com/unsubscribe?token=t',
    });
    expect(html).toContain('Hi Ada, here is what is new this time.');
    expect(html).toMatch(
      /<h2 dir="auto"[^>]*><a href="https:\/\/news\.example\.com\/b" style="color: inherit; text-decoration: none;">Bridge<\/a><\/h2>/,
    );
    expect(text).toContain('Read the article: https://news.example.com/b');
    expect(text).toContain('Unsubscribe: https://api.example.com/unsubscribe?token=t');
  });
});
