import { beforeAll, describe, expect, it } from 'vitest';
import { composeIssue, draftIssue } from '../../../lambda/core/issue/compose-issue';
import { fitIssueDraft } from '../../../lambda/core/issue/fit-issue';
import { extractKeyPoints } from '../../../lambda/core/keypoints/extract-key-points';
import type { KeyPoints } from '../../../lambda/core/keypoints/types';
import { encodeQuotedPrintableRun } from '../../../lambda/core/mime/quoted-printable';
import { buildIssueView, listViewOf } from '../../../lambda/core/render/build-issue-view';
import { CLIP_BUDGET_BYTES, GMAIL_CLIP_BYTES } from '../../../lambda/core/render/gmail-clip';
import { compileParts } from '../../../lambda/core/render/message-renderer';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import {
  createFakeClock,
  createMemoryArchive,
  createMemoryIssueStore,
  createMemorySubscriberStore,
  subscriber,
} from '../../support/fakes';
import { testConfig as config, newsletterTemplate } from '../render/fixtures';

const PLACES = ['bridge', 'library', 'market', 'school', 'harbour', 'railway', 'museum', 'clinic'];

/**
 * 50 subheaded sections of town works, past the clip with every point, the first three about
 * something else (a bake sale, a choir, a chess club): those say least about the page, so
 * extraction ranks them low though they come first.
 */
function townWorksArticle() {
  const offTopic = ['bake sale', 'choir', 'chess club'].map(
    (club) =>
      `## The ${club}\n\nThe ${club} met on Sunday afternoon and chose a new secretary by a show of hands.\n`,
  );
  const works = Array.from({ length: 47 }, (_, i) => {
    const place = `${PLACES[i % PLACES.length]} ${i}`;
    const sentences = [0, 1, 2, 3]
      .map(
        (j) =>
          `The council said the works on the ${place} are delayed by ${j + 2} weeks because ` +
          `the contractor asked the council for a larger budget for the works and the repairs.`,
      )
      .join(' ');
    return `## Works on the ${place}\n\n${sentences}\n`;
  });
  const text = `---\ntitle: Town works report\n---\nThe council published its report on the town works this week.\n\n${[...offTopic, ...works].join('\n')}`;
  return { name: 'town-works.md', bytes: new TextEncoder().encode(text) };
}

let template: CompiledTemplate;
beforeAll(async () => {
  template = await newsletterTemplate();
});

const htmlOf = (keyPoints: KeyPoints) =>
  compileParts(template).html({
    list: listViewOf(config),
    issue: buildIssueView({ issueId: 'town-works', keyPoints, config }),
    recipient: { name: null, unsubscribeUrl: `${config.publicUrl}/unsubscribe` },
  });
const htmlBytes = (keyPoints: KeyPoints) => Buffer.byteLength(htmlOf(keyPoints));
/** The HTML part as it is sent: quoted-printable. */
const sentBytes = (keyPoints: KeyPoints) =>
  encodeQuotedPrintableRun(htmlOf(keyPoints), false).length;

describe('fitIssueDraft', () => {
  it("leaves out the lowest-ranked key points of an article past Gmail's clip, keeping article order", () => {
    const article = townWorksArticle();
    const draft = draftIssue(article, { maxPoints: 50 });
    expect(draft.keyPoints.keyPoints).toHaveLength(50);
    expect(htmlBytes(draft.keyPoints)).toBeGreaterThan(GMAIL_CLIP_BYTES);

    const fitted = fitIssueDraft(draft, template, config);
    const kept = fitted.draft.keyPoints.keyPoints;
    expect(sentBytes(fitted.draft.keyPoints)).toBeLessThanOrEqual(CLIP_BUDGET_BYTES);
    expect(fitted.notes).toEqual([
      `${50 - kept.length} of 50 key points left out to fit under Gmail's clip (the lowest-ranked)`,
    ]);
    // As many as fit: what extraction keeps at that count, shown in article order.
    const parsed = draft.article;
    if (!parsed) throw new Error('a drafted article');
    expect(kept).toEqual(extractKeyPoints(parsed, { maxPoints: kept.length }).keyPoints);
    const one = extractKeyPoints(parsed, { maxPoints: kept.length + 1 });
    expect(sentBytes(one)).toBeGreaterThan(CLIP_BUDGET_BYTES);
    const all = draft.keyPoints.keyPoints.map((point) => point.heading);
    const positions = kept.map((point) => all.indexOf(point.heading));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Not the first points of the article: the choir and the chess club, near its top, went.
    expect(kept.map((point) => point.heading)).not.toContain('The choir');
    expect(kept.map((point) => point.heading)).not.toContain('The chess club');
    expect(positions.at(-1)).toBeGreaterThanOrEqual(kept.length);
    expect(fitted.draft.issueId).toBe(draft.issueId);
  });

  // Gmail counts the HTML part as it is sent, quoted-printable escapes included: "=D0=B4" for
  // each byte of a Cyrillic, Greek or CJK letter. A budget of the HTML as written (92 KB) let a
  // Russian issue through at 109 KB as sent, so Gmail clipped it, unsubscribe link included.
  it('measures the HTML part as sent, so an issue in Russian is cut to fit too', () => {
    const places = ['мост', 'библиотека', 'рынок', 'школа', 'гавань', 'вокзал', 'музей'];
    const sections = Array.from({ length: 50 }, (_, i) => {
      const place = `${places[i % places.length]} ${i}`;
      const sentences = [2, 3, 4, 5]
        .map(
          (weeks) =>
            `Совет заявил, что работы на объекте ${place} задерживаются на ${weeks} недели, ` +
            'потому что подрядчик попросил у совета больший бюджет на работы и ремонт.',
        )
        .join(' ');
      return `## Работы: ${place}\n\n${sentences}\n`;
    });
    const text = `---\ntitle: Отчёт о городских работах\n---\nСовет опубликовал отчёт о работах.\n\n${sections.join('\n')}`;
    const article = { name: 'works.md', bytes: new TextEncoder().encode(text) };
    const fitted = fitIssueDraft(draftIssue(article, { maxPoints: 25 }), template, config);
    expect(fitted.notes).toEqual([expect.stringMatching(/^\d+ of \d+ key points left out/)]);
    expect(sentBytes(fitted.draft.keyPoints)).toBeLessThanOrEqual(CLIP_BUDGET_BYTES);
  });

  it('keeps one key point, and says so, when even one does not fit', () => {
    const draft = draftIssue(townWorksArticle(), { maxPoints: 50 });
    const fitted = fitIssueDraft(draft, template, config, 1024);
    expect(fitted.draft.keyPoints.keyPoints).toHaveLength(1);
    expect(fitted.notes).toEqual([
      expect.stringMatching(
        /^Even one key point does not fit under Gmail's clip: the issue keeps one/,
      ),
    ]);
  });

  it('leaves an issue that fits as it is', () => {
    const draft = draftIssue(townWorksArticle(), { maxPoints: 4 });
    expect(fitIssueDraft(draft, template, config)).toEqual({ draft, notes: [] });
  });
});

describe('composeIssue with an article past the clip', () => {
  it('archives and stores the fitted issue and reports what it left out', async () => {
    const deps = {
      issues: createMemoryIssueStore(),
      subscribers: createMemorySubscriberStore([subscriber('s0', 'active')]),
      queue: { enqueue: async () => {} },
      archive: createMemoryArchive(),
      clock: createFakeClock(),
      config,
      template,
    };
    const draft = draftIssue(townWorksArticle(), { maxPoints: 50 });
    const result = await composeIssue(deps, draft);
    if (result.status !== 'planned') throw new Error(`planned, not ${result.status}`);
    expect(result.fitNotes).toEqual([expect.stringMatching(/^\d+ of 50 key points left out/)]);
    const kept = result.keyPoints.keyPoints.length;
    expect(kept).toBeLessThan(50);
    expect(deps.issues.rows.get(draft.issueId)?.keyPoints).toHaveLength(kept);
    const html = deps.archive.html.get(draft.issueId) ?? '';
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(CLIP_BUDGET_BYTES);
  });
});
