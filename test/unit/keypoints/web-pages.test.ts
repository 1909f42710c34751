import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { extractKeyPoints } from '../../../lambda/core/keypoints/extract-key-points';

const pages = join(import.meta.dirname, '../../fixtures/pages');
const files = readdirSync(pages).filter((name) => name.endsWith('.html'));

function keyPointsOf(name: string, maxPoints = 4) {
  const article = parseArticle({ name, bytes: readFileSync(join(pages, name)) });
  const text = article.sections
    .flatMap((section) => section.paragraphs.flatMap((paragraph) => paragraph.sentences))
    .join('\n');
  return { article, text, result: extractKeyPoints(article, { maxPoints }) };
}

/** What the issue found among key points of real pages, and what none may be. */
const JUNK = [
  /\d{1,2}:\d{2}\s*(?:AM|PM)/i, // a timestamp
  /^\$?\d+(?:[.,]\d+)?\s*(?:€|\$)?\s*\/\s*(?:month|mes|monat)/i, // a bare price
  /photo\s*credit|Photo :|写真/i, // a photo credit
  /Promoted By/i,
  /^\^/, // a reference-list entry
  /https?:\/\//, // a link
  /^(?:Home|Accueil|Start|Inicio|ホーム)\b/, // a menu
  /Scroll down|Share this|Lire aussi|Teilen/i,
  /Veröffentlicht|Publié le|Updated/,
];

/** A word of each page's language that any sentence of substance in it is likely to hold. */
const LANGUAGE: Record<string, RegExp> = {
  en: /\b(?:the|a|and|of|to|in)\b/i,
  de: /\b(?:der|die|das|und|wir|im|mit)\b/i,
  fr: /\b(?:le|la|les|de|des|et|à)\b/i,
  es: /\b(?:el|la|los|las|de|y|en)\b/i,
  ja: /[\p{Script=Hiragana}\p{Script=Han}]/u,
};

describe('key points of real-shaped web pages', () => {
  it.each(files)('%s: at most --max-points full sentences of the article, no junk', (name) => {
    const { text, result } = keyPointsOf(name);
    const language =
      LANGUAGE[
        name
          .replace(/\.html$/, '')
          .split('-')
          .at(-1) ?? ''
      ];
    expect(language).toBeDefined();
    expect(result.keyPoints.length).toBeGreaterThan(0);
    expect(result.keyPoints.length).toBeLessThanOrEqual(4);
    for (const { summary } of [...result.keyPoints, { summary: result.lead }]) {
      for (const junk of JUNK) expect(summary).not.toMatch(junk);
      expect(summary).toMatch(language as RegExp);
      expect(summary).toMatch(/[.!。]$/u);
      // Sentences follow a space, or nothing after a full-width "。".
      for (const sentence of summary.split(/(?<=[.!])\s+|(?<=。)/u))
        expect(text).toContain(sentence);
    }
  });

  it('keeps the most important sections of a wiki page with ten subheads, in page order', () => {
    const { article, result } = keyPointsOf('wiki-lighthouses-en.html', 3);
    // Ten subheads; "See also" and "External links" hold only links, which are no text.
    expect(article.sections.filter((section) => section.heading !== null).length).toBe(8);
    expect(result.keyPoints).toHaveLength(3);
    const headings = result.keyPoints.map((point) => point.heading);
    const order = (heading: string | null) =>
      article.sections.findIndex((section) => section.heading === heading);
    expect(headings).toEqual(headings.slice().sort((a, b) => order(a) - order(b)));
    expect(headings).toContain('History');
    expect(headings).not.toContain('References');
    expect(headings).not.toContain('See also');
  });

  it('never quotes a caption, a credit or a timestamp as the lead of a news page', () => {
    const { result } = keyPointsOf('news-harbour-en.html');
    expect(result.lead).toMatch(/^The road tunnel under the harbour opened/);
    expect(JSON.stringify(result)).not.toMatch(/northern entrance|\$7\/month|1:39/);
  });

  it('gives a page in a language written without spaces its sentences, one per point', () => {
    const { result } = keyPointsOf('news-library-ja.html');
    expect(result.lead).toMatch(/^市は一日/);
    for (const point of result.keyPoints) expect(point.summary.match(/。/g)).toHaveLength(1);
  });
});

describe('a list of links on a web page, as show notes and posts end with', () => {
  const html = `<html><head><title>Episode 142: Why cities are ripping out motorways | The Urban Hour</title></head><body>
<h1>Episode 142: Why cities are ripping out motorways</h1>
<p>This week we talk to urban planner Ana Costa about the growing movement to tear down urban motorways and replace them with boulevards, parks and housing.</p>
<p>She explains why traffic often does not get worse when a motorway disappears, a phenomenon planners call traffic evaporation, and what the evidence from Seoul shows.</p>
<p>Costa spent a decade studying the restoration of the Cheonggyecheon stream and now advises cities across Europe on <a href="/a">removing roads</a>.</p>
<h2>Links</h2>
<ul>
<li><a href="/b">Ana Costa's book, Roads to Rivers and the future of urban motorways</a></li>
<li><a href="/c">Seoul Metropolitan Government report on the Cheonggyecheon restoration</a></li>
<li><a href="/d">Congress for the New Urbanism: Freeways Without Futures</a></li>
</ul>
</body></html>`;

  it('gives no point from an item that is only a link', () => {
    const article = parseArticle({ name: 'episode.html', bytes: Buffer.from(html) });
    const { keyPoints } = extractKeyPoints(article, { maxPoints: 4 });
    const text = keyPoints.map((point) => point.summary).join('\n');
    expect(text).not.toMatch(/Roads to Rivers|Seoul Metropolitan|Freeways Without Futures/);
    expect(text).toContain('advises cities across Europe on removing roads');
  });
});

describe('a page whose title, cut at its colon, is only the end of its h1', () => {
  it('is titled with the h1', () => {
    const html = `<html><head><title>Tech conference keynote: all the announcements as they happened</title></head><body>
<h1>Keynote live: all the announcements as they happened</h1>
<p>The company announced three new phones, a cheaper tablet and a new subscription bundle, but there was no sign of the rumoured headset.</p>
<p>The cheaper tablet starts at $299 and goes on sale next Friday, with the same chip as last year's premium model.</p>
</body></html>`;
    const article = parseArticle({ name: 'keynote.html', bytes: Buffer.from(html) });
    expect(extractKeyPoints(article, { maxPoints: 4 }).title).toBe(
      'Keynote live: all the announcements as they happened',
    );
  });
});
