import { cutToWords } from '../article/words';
import type { NewsletterConfig } from '../config';
import type { IssueDraft } from '../issue/compose-issue';
import { issueIdFor } from '../issue/issue-id';
import type { KeyPoint, KeyPoints } from '../keypoints/types';
import {
  buildIssueView,
  inboxLine,
  listViewOf,
  MAX_SUBJECT_LENGTH,
  readsRightToLeft,
  startRightToLeft,
} from '../render/build-issue-view';
import { type FitNotes, fitsUnderClip } from '../render/gmail-clip';
import { buildMessageKit } from '../render/message-kit';
import type {
  CompiledTemplate,
  DigestArticleView,
  IssueView,
  ListView,
  PreparedIssue,
} from '../render/types';
import type { DigestEntry } from './collect-digest';

/** The template digests are rendered with. */
export const DIGEST_TEMPLATE = 'digest';

/** A digest before it is rendered: its id, what the issue record keeps, and its articles. */
export interface DigestDraft {
  readonly issueId: string;
  /** What the issue record names as its source: "feeds: 3 articles". */
  readonly articleKey: string;
  /** For the issue record and logs: the digest's title, and one point per article. */
  readonly keyPoints: KeyPoints;
  readonly articles: readonly DigestArticleView[];
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function articleView(entry: DigestEntry): DigestArticleView {
  const language = entry.article.language ?? null;
  const given = { ...entry.keyPoints, title: entry.item.title ?? entry.keyPoints.title };
  const { title, lead, keyPoints } = readsRightToLeft({ ...given, language })
    ? startRightToLeft(given)
    : given;
  const date = entry.item.published ? ` · ${DAY.format(new Date(entry.item.published))}` : '';
  return {
    title,
    url: entry.item.url,
    source: `${entry.feedTitle}${date}`,
    language,
    lead,
    keyPoints,
  };
}

/**
 * The digest of the collected articles. Its id comes from the items it holds (feed URL and item
 * id), so a run that is repeated after a failure finds the same issue and sends nothing twice.
 */
export function draftDigest(entries: readonly DigestEntry[]): DigestDraft {
  const articles = entries.map(articleView);
  const identity = JSON.stringify(entries.map((entry) => [entry.item.url, entry.item.id]));
  return {
    issueId: issueIdFor(
      new TextEncoder().encode(identity),
      `digest ${articles[0]?.title ?? NO_TITLE}`,
    ),
    articleKey: `feeds: ${articles.length} article${articles.length === 1 ? '' : 's'}`,
    keyPoints: digestKeyPoints(articles),
    articles,
  };
}

const NO_TITLE = 'New articles';

/** What a digest's title says of the articles after the first: " and 2 more", or nothing. */
function othersOf(articles: readonly DigestArticleView[]): string {
  return articles.length > 1 ? ` and ${articles.length - 1} more` : '';
}

/**
 * The digest of these articles as an issue's key points: "First title and 2 more", one point
 * each.
 */
function digestKeyPoints(articles: readonly DigestArticleView[]): KeyPoints {
  return {
    title: `${articles[0]?.title ?? NO_TITLE}${othersOf(articles)}`,
    lead: articles.map((article) => article.title).join(' · '),
    keyPoints: articles.map((article) => ({
      heading: article.title,
      summary: article.keyPoints[0]?.summary ?? '',
    })),
  };
}

/**
 * The digest of these entries as compose takes an issue: rendered by prepareDigest, which hands
 * what it had to cut to fit under the clip to `onFitted`. `sent()` is what the email holds once
 * planned: the first entries, as many as fitted (all of them when an earlier attempt prepared
 * the issue: sending nothing twice matters more than carrying a cut one over).
 */
export function digestIssueDraft(
  entries: readonly DigestEntry[],
  onFitted: (notes: FitNotes) => void,
): { readonly draft: IssueDraft; sent(): readonly DigestEntry[] } {
  const digest = draftDigest(entries);
  let kept = entries.length;
  return {
    draft: {
      issueId: digest.issueId,
      articleKey: digest.articleKey,
      keyPoints: digest.keyPoints,
      prepare: async (template, config) => {
        const fitted = await prepareDigest(digest, template, config);
        kept = fitted.prepared.issue.articles?.length ?? kept;
        onFitted(fitted.notes);
        return fitted.prepared;
      },
    },
    sent: () => entries.slice(0, kept),
  };
}

function withPoints(articles: readonly DigestArticleView[], points: number, words?: number) {
  return articles.map((article) => ({
    ...article,
    lead: words === undefined ? article.lead : cutToWords(article.lead, words),
    keyPoints: article.keyPoints.slice(0, points).map(
      (point): KeyPoint => ({
        heading: point.heading,
        summary: words === undefined ? point.summary : cutToWords(point.summary, words),
      }),
    ),
  }));
}

/**
 * Keeps the digest's HTML under Gmail's clip: first fewer key points per article, then shorter
 * summaries, and only then fewer articles (from the end). Each step is measured by rendering the
 * template (fitsUnderClip).
 */
export function fitDigest(
  template: CompiledTemplate,
  list: ListView,
  issue: IssueView,
  budget?: number,
): { readonly issue: IssueView; readonly notes: FitNotes } {
  const fits = fitsUnderClip(template, list, budget);
  const articles = issue.articles ?? [];
  if (fits(issue)) return { issue, notes: [] };

  const most = Math.max(1, ...articles.map((article) => article.keyPoints.length));
  const steps: { points: number; words?: number; note: string }[] = [];
  for (let points = most - 1; points >= 1; points--) {
    steps.push({
      points,
      note: `at most ${points} key point${points === 1 ? '' : 's'} per article`,
    });
  }
  for (const words of [40, 25]) {
    steps.push({ points: 1, words, note: `one key point per article, cut to ${words} words` });
  }
  for (const step of steps) {
    const candidate = { ...issue, articles: withPoints(articles, step.points, step.words) };
    if (fits(candidate)) {
      return { issue: candidate, notes: [`Summaries cut to fit under Gmail's clip: ${step.note}`] };
    }
  }
  const shortest = withPoints(articles, 1, 25);
  for (let count = shortest.length - 1; count >= 1; count--) {
    const candidate = { ...issue, articles: shortest.slice(0, count) };
    if (fits(candidate)) {
      return {
        issue: candidate,
        notes: [
          "Summaries cut to fit under Gmail's clip: one key point per article, cut to 25 words",
          `${shortest.length - count} of ${shortest.length} articles left out: the rest still did not fit`,
        ],
      };
    }
  }
  return {
    issue: { ...issue, articles: shortest.slice(0, 1) },
    notes: ["Even one article does not fit under Gmail's clip: the template itself is too large"],
  };
}

/** The view of a digest of these articles, before it is fitted under the clip. */
function digestView(
  issueId: string,
  articles: readonly DigestArticleView[],
  config: NewsletterConfig,
): IssueView {
  const keyPoints = digestKeyPoints(articles);
  // The articles' leads, then their first points, stand in for the preheader where the digest's
  // lead is only its title again (one article); the view's points are the articles themselves.
  const leads = articles.map((article) => ({ heading: null, summary: article.lead }));
  const base = buildIssueView({
    issueId,
    keyPoints: { ...keyPoints, keyPoints: [...leads, ...keyPoints.keyPoints] },
    url: null,
    config,
  });
  // The title as the view has it: on one line, without invisible ends, as a single issue's. Cut
  // to fit, the first article's title is cut, not the "and 2 more" that says there are others.
  const more = othersOf(articles);
  const first =
    more !== '' && base.title.endsWith(more) ? base.title.slice(0, -more.length) : undefined;
  return {
    ...base,
    keyPoints: [],
    subject:
      first === undefined
        ? inboxLine(`${config.listName}: ${base.title}`, MAX_SUBJECT_LENGTH)
        : inboxLine(`${config.listName}: ${first}`, MAX_SUBJECT_LENGTH - more.length) + more,
    articles,
  };
}

/**
 * What every recipient's message of the digest is made from, fitted under the clip: the same
 * prepared issue a single-article issue has, with the articles in its view.
 */
export async function prepareDigest(
  draft: DigestDraft,
  template: CompiledTemplate,
  config: NewsletterConfig,
): Promise<{ readonly prepared: PreparedIssue; readonly notes: FitNotes }> {
  const list = listViewOf(config);
  const fitted = fitDigest(template, list, digestView(draft.issueId, draft.articles, config));
  // Articles left out at the end are not named: the subject counts those the email holds. The
  // view is no larger for it (a shorter title and preheader), so it still fits.
  const held = fitted.issue.articles ?? [];
  const issue =
    held.length < draft.articles.length
      ? {
          ...digestView(draft.issueId, draft.articles.slice(0, held.length), config),
          articles: held,
        }
      : fitted.issue;
  const content = { template, list, issue };
  return {
    prepared: {
      issueId: draft.issueId,
      ...content,
      messages: await buildMessageKit(content, config),
    },
    notes: fitted.notes,
  };
}
