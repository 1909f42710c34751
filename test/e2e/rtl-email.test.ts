/**
 * An Arabic issue in Chromium, in a 320 px window as on a phone: the article's title, lead, key
 * point headings and summaries read right to left and start at the right edge (MJML's own
 * `text-align:left` on every mj-text would pull them to the left), and nothing scrolls sideways.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftDigest } from '../../lambda/core/feeds/digest-issue';
import { buildIssueView } from '../../lambda/core/render/build-issue-view';
import { createMessageRenderer } from '../../lambda/core/render/message-renderer';
import { previewData as digestPreview } from '../../templates/digest.preview';
import { previewData } from '../../templates/newsletter.preview';
import { preparedIssue, preparedView } from '../unit/render/fixtures';
import { type Chromium, launchChromium } from './chromium';

const ARABIC = {
  title: 'مدينة صغيرة تتعلم مشاركة الطاقة الشمسية',
  lead: 'أمضت البلدة ثلاثة فصول شتاء في الجدال حول حقل من الألواح الشمسية قبل أن تشغّله في الربيع الماضي.',
  keyPoints: [{ heading: 'نموذج التعاونية', summary: 'يمكن للسكان شراء أسهم، ولكل سهم صوت واحد.' }],
};

let browser: Chromium;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 740 });
});

afterAll(async () => {
  await browser?.close();
});

describe('an Arabic issue, 320 px wide', () => {
  it("reads right to left from the right edge, in the article's text and nowhere else", async () => {
    const { html } = createMessageRenderer(await preparedIssue(ARABIC)).render(
      previewData.recipient,
    );
    await page.setContent(html);
    // Per element: its direction, and how far its first line's text ends from its right edge.
    const layout = await page.evaluate(`[...document.querySelectorAll('[dir="auto"]')].map((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const line = range.getClientRects()[0];
      return { text: e.textContent, direction: getComputedStyle(e).direction,
        gap: Math.round(e.getBoundingClientRect().right - line.right) };
    })`);
    expect(layout).toEqual(
      [ARABIC.title, ARABIC.lead, ARABIC.keyPoints[0]?.heading, ARABIC.keyPoints[0]?.summary].map(
        (text) => ({ text, direction: 'rtl', gap: 0 }),
      ),
    );
    // The greeting and the footer are the template's English: still left to right.
    expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('ltr');
    expect(
      await page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
  });
});

describe('an issue of an article declared Arabic whose text opens with Latin letters, 320 px wide', () => {
  it('still reads right to left from the right edge', async () => {
    const view = buildIssueView({
      issueId: 'apple-0123456789',
      keyPoints: {
        title: 'Apple تطلق هاتفا جديدا في الأسواق العربية',
        lead: 'iPhone الجديد يصل إلى الأسواق في الربيع المقبل بسعر أقل.',
        keyPoints: [{ heading: 'iOS أولا', summary: 'Apple قالت إن التحديث مجاني.' }],
      },
      language: 'ar',
      config: { archiveUrl: undefined },
    });
    const { html } = createMessageRenderer(await preparedIssue(view)).render(previewData.recipient);
    await page.setContent(html);
    const directions = await page.evaluate(
      `[...document.querySelectorAll('[dir="auto"]')].map((e) => getComputedStyle(e).direction)`,
    );
    expect(directions).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
  });
});

/** An Arabic article as compose makes its view: declared Arabic, or declaring no language. */
const arabicView = (language: string | null) =>
  buildIssueView({
    issueId: 'arabic-0123456789',
    keyPoints: ARABIC,
    url: 'https://news.example.com/arabic',
    language,
    config: { archiveUrl: undefined },
  });

describe('the "Read the full article" button of an Arabic issue', () => {
  it.each([
    [320, 'ar'],
    [600, 'ar'],
    [320, null],
    [600, null],
  ])('starts at the right edge of the text, %i px wide, language %s', async (width, language) => {
    await page.setViewportSize({ width, height: 740 });
    const { html } = createMessageRenderer(await preparedIssue(arabicView(language))).render(
      previewData.recipient,
    );
    await page.setContent(html);
    // How far the button is from the right and the left edge of the title's block, in px.
    const gaps = await page.evaluate(`(() => {
      const text = document.querySelector('h1').getBoundingClientRect();
      const button = [...document.querySelectorAll('a')]
        .find((a) => a.textContent.trim() === 'Read the full article')
        .closest('table').getBoundingClientRect();
      return { right: Math.round(text.right - button.right), left: Math.round(button.left - text.left) };
    })()`);
    expect(gaps).toMatchObject({ right: 0 });
    expect((gaps as { left: number }).left).toBeGreaterThan(0);
    await page.setViewportSize({ width: 320, height: 740 });
  });
});

describe('an Arabic article in a digest, declared Arabic or declaring no language, 320 px wide', () => {
  it.each(['ar', undefined])(
    'has its source line and "Read the article" link at the right edge, the arrow pointing left (language %s)',
    async (language) => {
      const entry = {
        feedTitle: 'أخبار المدينة',
        item: {
          id: 'a',
          title: ARABIC.title,
          url: 'https://news.example.com/a',
          published: '2026-12-03T09:00:00Z',
          content: null,
        },
        article: {
          source: 'a',
          format: 'html' as const,
          title: ARABIC.title,
          sections: [],
          language,
        },
        keyPoints: ARABIC,
        from: 'page' as const,
      };
      const { articles } = draftDigest([entry]);
      const prepared = await preparedView('digest', {
        ...digestPreview,
        issue: { ...digestPreview.issue, articles },
      });
      const { html } = createMessageRenderer(prepared).render(previewData.recipient);
      await page.setContent(html);
      // Gaps from the right edge of the article's title block, and where the arrow is in the link.
      const layout = await page.evaluate(`(() => {
        const title = document.querySelector('h2').getBoundingClientRect();
        const link = [...document.querySelectorAll('a')].find((a) => a.textContent.includes('Read the article'));
        const source = [...document.querySelectorAll('div')].filter((d) => d.textContent.trim().startsWith('أخبار المدينة')).at(-1);
        const range = document.createRange();
        range.selectNodeContents(source);
        const sourceLine = range.getBoundingClientRect();
        const linkBox = link.getBoundingClientRect();
        const arrow = link.textContent.trim().match(/[←→]/)[0];
        const arrowRange = document.createRange();
        const text = link.firstChild;
        arrowRange.setStart(text, text.data.indexOf(arrow));
        arrowRange.setEnd(text, text.data.indexOf(arrow) + 1);
        const arrowBox = arrowRange.getBoundingClientRect();
        return {
          link: Math.round(title.right - linkBox.right),
          source: Math.round(title.right - sourceLine.right),
          arrow,
          arrowFirst: arrowBox.right <= linkBox.left + arrowBox.width + 1,
        };
      })()`);
      expect(layout).toEqual({ link: 0, source: 0, arrow: '←', arrowFirst: true });
    },
  );

  it("leaves an English article's link at the left edge, the arrow pointing right", async () => {
    const prepared = await preparedView('digest', digestPreview);
    const { html } = createMessageRenderer(prepared).render(previewData.recipient);
    await page.setContent(html);
    const gap = await page.evaluate(`(() => {
      const title = document.querySelector('h2').getBoundingClientRect();
      const link = [...document.querySelectorAll('a')].find((a) => a.textContent.includes('Read the article'));
      return { left: Math.round(link.getBoundingClientRect().left - title.left), text: link.textContent.trim() };
    })()`);
    expect(gap).toEqual({ left: 0, text: 'Read the article →' });
  });
});
