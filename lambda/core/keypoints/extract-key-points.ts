import { splitSentences } from '../article/split-sentences';
import type { Article } from '../article/types';
import { ValidationError } from '../errors';
import { countWords, type RankedSentences, rankSentences, selectDiverse } from './rank-sentences';
import type { KeyPoint, KeyPointOptions, KeyPoints } from './types';

const DEFAULT_MAX_POINTS = 4;
const MAX_POINTS_LIMIT = 50;
/** The lead is the opening paragraph, cut to its first sentences when it runs long. */
const MAX_LEAD_WORDS = 60;
/** A section's summary takes a second sentence only when a section is long enough to need it... */
const MIN_SENTENCES_FOR_TWO = 3;
/** ...and the two still read as one short paragraph. */
const MAX_SUMMARY_WORDS = 55;

interface ArticleSentence {
  readonly text: string;
  readonly section: number;
  /** Place within its section. */
  readonly position: number;
}

function resolveMaxPoints(options: KeyPointOptions): number {
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > MAX_POINTS_LIMIT) {
    throw new ValidationError(
      'maxPoints',
      `must be a whole number from 1 to ${MAX_POINTS_LIMIT} (got ${maxPoints})`,
    );
  }
  return maxPoints;
}

function flattenSentences(article: Article): ArticleSentence[] {
  return article.sections.flatMap((section, sectionIndex) =>
    section.paragraphs
      .flatMap((paragraph) => paragraph.sentences)
      .map((text, position) => ({ text, section: sectionIndex, position })),
  );
}

/** How many of the opening paragraph's sentences make the lead: one, or more while short. */
function leadLength(article: Article): number {
  const sentences = article.sections[0]?.paragraphs[0]?.sentences ?? [];
  let words = 0;
  let count = 0;
  for (const sentence of sentences) {
    words += countWords(sentence);
    if (count > 0 && words > MAX_LEAD_WORDS) break;
    count++;
  }
  return count;
}

function joinInOrder(sentences: readonly ArticleSentence[], indices: readonly number[]): string {
  return [...indices]
    .sort((a, b) => a - b)
    .map((index) => sentences[index]?.text)
    .join(' ');
}

/** A section's one or two most central sentences, keeping clear of the lead when it can. */
function summariseSection(
  ranked: RankedSentences,
  sentences: readonly ArticleSentence[],
  inSection: readonly number[],
  leadCount: number,
): string | undefined {
  const afterLead = inSection.filter((index) => index >= leadCount);
  const [best, second] = selectDiverse(ranked, afterLead.length > 0 ? afterLead : inSection, 2);
  if (best === undefined) return undefined;
  const pair = second === undefined ? [best] : [best, second];
  const words = pair.reduce((sum, index) => sum + countWords(sentences[index]?.text ?? ''), 0);
  const fitsTwo = inSection.length >= MIN_SENTENCES_FOR_TWO && words <= MAX_SUMMARY_WORDS;
  return joinInOrder(sentences, fitsTwo ? pair : [best]);
}

/**
 * What an issue says about an article: its title, a lead from the opening paragraph, and key
 * points. An article with subheads gets one point per subheaded section, headed by the subhead
 * and summarised by that section's one or two most central sentences. One without gets the
 * `maxPoints` most important sentences (position, centrality, no near-duplicates), in article
 * order. Sentences are always quoted verbatim; the lead is never repeated as a point.
 */
export function extractKeyPoints(article: Article, options: KeyPointOptions = {}): KeyPoints {
  const maxPoints = resolveMaxPoints(options);
  const sentences = flattenSentences(article);
  const leadCount = leadLength(article);
  const lead = sentences
    .slice(0, leadCount)
    .map((sentence) => sentence.text)
    .join(' ');
  const ranked = rankSentences(
    sentences.map((sentence) => sentence.text),
    {
      position: (index) => sentences[index]?.position ?? index,
      section: (index) => sentences[index]?.section ?? 0,
    },
  );
  const indices = sentences.map((_, index) => index);

  if (article.sections.every((section) => section.heading === null)) {
    const chosen = selectDiverse(ranked, indices.slice(leadCount), maxPoints);
    const keyPoints = chosen
      .sort((a, b) => a - b)
      .map((index) => ({ heading: null, summary: sentences[index]?.text ?? '' }));
    return { title: article.title, lead, keyPoints };
  }

  const keyPoints: KeyPoint[] = [];
  article.sections.forEach((section, sectionIndex) => {
    if (section.heading === null) return;
    const inSection = indices.filter((index) => sentences[index]?.section === sectionIndex);
    const summary = summariseSection(ranked, sentences, inSection, leadCount);
    if (summary !== undefined) keyPoints.push({ heading: section.heading, summary });
  });
  return { title: article.title, lead, keyPoints };
}

/**
 * Key points of a bare text with no title or structure (batch mode, evaluation): its `maxPoints`
 * most important sentences, in order, heading null. Takes the text itself (paragraphs separated
 * by blank lines) or sentences already split.
 */
export function extractKeyPointsFromText(
  text: string | readonly string[],
  options: KeyPointOptions = {},
): KeyPoint[] {
  const maxPoints = resolveMaxPoints(options);
  const sentences =
    typeof text === 'string'
      ? text.split(/\n\s*\n/).flatMap(splitSentences)
      : text.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
  const ranked = rankSentences(sentences);
  return selectDiverse(
    ranked,
    sentences.map((_, index) => index),
    maxPoints,
  )
    .sort((a, b) => a - b)
    .map((index) => ({ heading: null, summary: sentences[index] ?? '' }));
}
