import { ENDS_PUNCTUATED } from '../article/blocks';
import { isEditorialNote, isJunkSentence } from '../article/boilerplate';
import { ROMANCE_SAMPLE, romanceLanguageOf } from '../article/language';
import { joinSentences, sentenceGap, splitSentences } from '../article/split-sentences';
import type { Article, ArticleSection } from '../article/types';
import { countWords, cutToWords, exceedsWords } from '../article/words';
import { ValidationError } from '../errors';
import { sectionByQuestions } from './question-sections';
import {
  RANK_WEIGHTS,
  type RankedSentences,
  type RankWeights,
  rankSentences,
  selectDiverse,
} from './rank-sentences';
import {
  canOpenLead,
  endsAsQuestion,
  isEpigraph,
  isStandfirstLine,
  isUnattributedQuotation,
  MAX_SENTENCE_WORDS,
  opensWithDependentWord,
  speakerOf,
  withoutSpeakerLabel,
} from './sentence-quality';
import { centrality, sumVectors, type TermVector } from './term-vectors';
import {
  DEFAULT_MAX_POINTS,
  type KeyPoint,
  type KeyPointOptions,
  type KeyPoints,
  MAX_POINTS_LIMIT,
} from './types';

/**
 * The lead is the opening paragraph, cut to its first sentences when it runs long, and to this
 * many words when its first sentence alone is a run-on.
 */
const MAX_LEAD_WORDS = 60;
/** A section's summary takes a second sentence only when a section is long enough to need it... */
const MIN_SENTENCES_FOR_TWO = 3;
/** ...and the two still read as one short paragraph. */
const MAX_SUMMARY_WORDS = 55;
/** Fewer subheads than this do not organise an article into points. */
const MIN_SUBHEADS = 2;

interface ArticleSentence {
  readonly text: string;
  readonly section: number;
  /** Which paragraph of the article, counted across sections. */
  readonly paragraph: number;
  /** Of a paragraph quoted from the message a reply answers (Paragraph.quoted). */
  readonly quoted: boolean;
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
  let paragraphIndex = 0;
  return article.sections.flatMap((section, sectionIndex) =>
    section.paragraphs.flatMap((paragraph) => {
      const at = paragraphIndex++;
      return paragraph.sentences.map((text) => ({
        text,
        section: sectionIndex,
        paragraph: at,
        quoted: paragraph.quoted === true,
      }));
    }),
  );
}

/** The article's opening sentences, as many as romanceLanguageOf reads. */
function sampleOf(sentences: readonly ArticleSentence[]): string {
  let sample = '';
  for (const { text } of sentences) {
    if (sample.length >= ROMANCE_SAMPLE) break;
    sample += ` ${text}`;
  }
  return sample;
}

/**
 * Which sentences make the lead, as indices from `start` to `end` (exclusive): the opening
 * paragraph's first sentence of article text, and more while short. The opening paragraph is the
 * first of the opening section (or, when it has none, of the article) with a sentence that can open
 * a lead and no editor's note at its head, and no epigraph: a table of contents, "8 min read · Nov
 * 2", "Update, 6:45 p.m.: …", a quotation with its source or a line of names before the story are
 * passed over, as are lines that are not article text (a byline with its times, a photo credit)
 * at the start of a paragraph; one further on ends the lead ("… library. Upgrade to paid").
 */
function leadRange(sentences: readonly ArticleSentence[]): { start: number; end: number } {
  // Joined once per paragraph: joined sentence by sentence, a paragraph of thousands was read
  // again for each.
  const byParagraph: string[][] = [];
  for (const sentence of sentences) {
    byParagraph[sentence.paragraph] ??= [];
    byParagraph[sentence.paragraph]?.push(sentence.text);
  }
  const paragraphs = byParagraph.map(joinSentences);
  const notes = new Set(
    paragraphs
      .map((text, paragraph) => ({ text, paragraph }))
      .filter(
        ({ text, paragraph }) =>
          isEditorialNote(text) || isEpigraph(text, paragraphs[paragraph + 1]),
      )
      .map(({ paragraph }) => paragraph),
  );
  const opens = (sentence: ArticleSentence) =>
    !notes.has(sentence.paragraph) && !sentence.quoted && canOpenLead(sentence.text);
  // A paragraph of one short line without a closing mark is a standfirst under the headline: the
  // story opens after it when a sentence of the opening section can.
  const opensAsStory = (sentence: ArticleSentence) =>
    opens(sentence) &&
    !(byParagraph[sentence.paragraph]?.length === 1 && isStandfirstLine(sentence.text));
  // When the opening section holds nothing but a byline (a share bar taken for a subhead cut it
  // short), the story opens in the first section that has a sentence to open it, past the short
  // lines without a closing mark a list above it holds (a weather warning's "What to expect":
  // "Some injuries from slips and falls on icy surfaces").
  const opening =
    (
      sentences.find((sentence) => sentence.section === 0 && opensAsStory(sentence)) ??
      sentences.find((sentence) => sentence.section === 0 && opens(sentence)) ??
      sentences.find(opensAsStory) ??
      sentences.find(opens)
    )?.paragraph ?? 0;
  const start = sentences.findIndex(
    (sentence) => sentence.paragraph === opening && !isJunkSentence(sentence.text),
  );
  if (start < 0) return { start: 0, end: 0 };
  let words = 0;
  let end = start;
  while (sentences[end]?.paragraph === opening) {
    const text = sentences[end]?.text ?? '';
    words += countWords(text);
    if (end > start && (words > MAX_LEAD_WORDS || isJunkSentence(text))) break;
    end++;
  }
  return { start, end };
}

function joinInOrder(sentences: readonly ArticleSentence[], indices: readonly number[]): string {
  return joinSentences(
    [...indices].sort((a, b) => a - b).map((index) => sentences[index]?.text ?? ''),
  );
}

/**
 * A section's one or two most central sentences, keeping clear of the lead (and of repeats of it)
 * when it can.
 */
function summariseSection(
  ranked: RankedSentences,
  sentences: readonly ArticleSentence[],
  inSection: readonly number[],
  leadIndices: readonly number[],
): string | undefined {
  // A section that holds only the lead (a subhead before the first paragraph) has said it already.
  const afterLead = inSection.filter((index) => index > (leadIndices.at(-1) ?? -1));
  const [best, second] = selectDiverse(ranked, afterLead, 2, leadIndices);
  if (best === undefined) return undefined;
  const pair = second === undefined ? [best] : [best, second];
  const words = pair.reduce((sum, index) => sum + countWords(sentences[index]?.text ?? ''), 0);
  // Two list items without a closing mark ("5+ years of experience", "Strong knowledge of SQL")
  // would read as one run-on sentence: such a section is summarised by its best item alone.
  const firstInOrder = sentences[Math.min(...pair)]?.text ?? '';
  const fitsTwo =
    inSection.length >= MIN_SENTENCES_FOR_TWO &&
    words <= MAX_SUMMARY_WORDS &&
    ENDS_PUNCTUATED.test(firstInOrder);
  return joinInOrder(sentences, fitsTwo ? pair : [best]);
}

/** A speaker who opens this many paragraphs or more is a transcript's ("ANNA LEE: …"). */
const MIN_SPEAKER_TURNS = 2;

/**
 * A lead from a transcript's first turn without the speaker's name before it: "ANNA LEE: The Bank
 * of England has held…" reads as "The Bank of England has held…" in the email and its preview.
 */
function withoutTranscriptSpeaker(opening: string, article: Article): string {
  const speaker = speakerOf(opening);
  if (speaker === undefined) return opening;
  const turns = article.sections
    .flatMap((section) => section.paragraphs)
    .filter((paragraph) => speakerOf(paragraph.text) === speaker).length;
  return turns >= MIN_SPEAKER_TURNS ? withoutSpeakerLabel(opening) : opening;
}

/**
 * What an issue says about an article: its title, a lead from the opening paragraph, and key
 * points. An article with subheads (or with questions heading their answers: a FAQ, an
 * interview) gets one point per subheaded section, headed by the subhead and summarised by that
 * section's one or two most central sentences, and one for its opening section after the lead
 * when there is room. One without gets the `maxPoints` most important sentences (position,
 * centrality, no near-duplicates), in article order. A page with more subheads than `maxPoints`
 * keeps its most important sections; one where fewer than two sections hold a sentence of
 * substance falls back to the best sentences. Sentences are always quoted verbatim (only a
 * run-on lead is cut, with an ellipsis); the lead is never repeated as a point.
 */
export function extractKeyPoints(input: Article, options: KeyPointOptions = {}): KeyPoints {
  const maxPoints = resolveMaxPoints(options);
  const article = sectionByQuestions(input);
  const sentences = flattenSentences(article);
  const leadAt = leadRange(sentences);
  // An opening sentence past MAX_SENTENCE_WORDS lost its ends (no punctuation): cut, not quoted.
  const opening = joinSentences(
    sentences.slice(leadAt.start, leadAt.end).map((sentence) => sentence.text),
  );
  const lead = exceedsWords(opening, MAX_SENTENCE_WORDS)
    ? cutToWords(opening, MAX_LEAD_WORDS)
    : withoutTranscriptSpeaker(opening, article);
  // A point from an answer carries its question, even where questions do not organise the page.
  const questionOf = (index: number) => {
    const heading = article.sections[sentences[index]?.section ?? 0]?.heading ?? null;
    return heading !== null && endsAsQuestion(heading) ? heading : null;
  };
  // A text that declares no language is told French, Italian or Portuguese by its words, which
  // decides what "Il" and "Mais" opening a sentence mean.
  const language = article.language ?? romanceLanguageOf(sampleOf(sentences));
  const measured = rankSentences(
    sentences.map((sentence) => sentence.text),
    {
      section: (index) => sentences[index]?.section ?? 0,
      paragraph: (index) => sentences[index]?.paragraph ?? 0,
      language,
    },
  );
  // An answer's first sentence points back to its question ("It takes five minutes online.",
  // "They will."), and the question heads its point: it waits for no sentence before it.
  const ranked = {
    ...measured,
    // A quoted paragraph gives the context of a reply, not its points.
    fit: measured.fit.map((fit, index) => fit && sentences[index]?.quoted !== true),
    dependent: measured.dependent.map(
      (dependent, index) =>
        dependent &&
        (questionOf(index) === null || sentences[index - 1]?.section === sentences[index]?.section),
    ),
  };
  const indices = sentences.map((_, index) => index);
  const leadIndices = indices.slice(leadAt.start, leadAt.end);
  const bestSentences = () =>
    groupInOrder(
      sentences.map((sentence) => sentence.text),
      selectDiverse(ranked, indices.slice(leadAt.end), maxPoints, leadIndices),
      language,
      questionOf,
    );

  if (!organisedBySubheads(article)) {
    return { title: article.title, lead, keyPoints: bestSentences() };
  }

  // Gathered in one pass: filtered from every sentence once per section, a page of 200,000
  // subheads was read 200,000 times over.
  const bySection = article.sections.map((): number[] => []);
  for (const index of indices) bySection[sentences[index]?.section ?? 0]?.push(index);
  const summaries: { section: number; point: KeyPoint }[] = [];
  article.sections.forEach((section, sectionIndex) => {
    const inSection = bySection[sectionIndex] ?? [];
    const summary = summariseSection(ranked, sentences, inSection, leadIndices);
    if (summary !== undefined) {
      summaries.push({ section: sectionIndex, point: { heading: section.heading, summary } });
    }
  });
  const headed = summaries.filter((summary) => summary.point.heading !== null);
  const kept = mostImportantSections(
    ranked,
    bySection,
    headed.map((summary) => summary.section),
    maxPoints,
  );
  // The opening section (no subhead) gives a point too when the subheads leave room: the lead is
  // only its first sentences, and a story often gives the rest of its news (the numbers, the
  // cause) before its first subhead. A subhead's section comes first, as nothing else quotes it.
  const keyPoints = summaries
    .filter((summary) =>
      summary.point.heading === null ? kept.size < maxPoints : kept.has(summary.section),
    )
    .map((summary) => summary.point);
  // Subheads over lists and one-liners (a link page, a changelog, a podcast's show notes above its
  // transcript) that leave one section to summarise: the best sentences instead of one point.
  return {
    title: article.title,
    lead,
    keyPoints: headed.length >= MIN_SUBHEADS ? keyPoints : bestSentences(),
  };
}

/**
 * Whether the subheads organise the article: at least two of them, over at least half of its
 * sentences. One subhead, or a late "Background" after the story, leaves most of the text
 * outside any section, and a point per section would pass over it.
 */
function organisedBySubheads(article: Article): boolean {
  const sentencesOf = (sections: readonly ArticleSection[]) =>
    sections.flatMap((section) => section.paragraphs).flatMap((paragraph) => paragraph.sentences)
      .length;
  const headed = article.sections.filter((section) => section.heading !== null);
  return headed.length >= MIN_SUBHEADS && sentencesOf(headed) * 2 >= sentencesOf(article.sections);
}

/**
 * When a page has more subheads than points allowed, the sections that say most about the
 * page as a whole: the cosine of each section's terms with the rest of the page's, plus a
 * small prior for coming early (1/(k+2) for the k-th subhead), as pages put first what matters.
 */
function mostImportantSections(
  ranked: RankedSentences,
  bySection: readonly (readonly number[])[],
  sections: readonly number[],
  maxPoints: number,
): Set<number> {
  if (sections.length <= maxPoints) return new Set(sections);
  // Each section against the rest of the page from the page's total: a copy of the total per
  // section made a page of 20,000 subheads take minutes.
  const values = centrality(
    sections.map((section) =>
      sumVectors((bySection[section] ?? []).map((index) => ranked.vectors[index] as TermVector)),
    ),
    sumVectors(ranked.vectors),
  );
  const importance = sections.map((section, order) => ({
    section,
    value: (values[order] ?? 0) + 1 / (order + 2),
  }));
  importance.sort((a, b) => b.value - a.value || a.section - b.section);
  return new Set(importance.slice(0, maxPoints).map((entry) => entry.section));
}

/**
 * Chosen sentences in article order, one point each, except that a sentence opening with a
 * word that points back, or a quotation going on without its speaker, joins the point of the
 * sentence it follows. Each point is headed by `headingOf` its first sentence: a sentence never
 * joins a point under another heading (an answer's "It…" points back to its own question), and
 * the sentences under one heading make one point.
 */
function groupInOrder(
  sentences: readonly string[],
  chosen: readonly number[],
  language?: string,
  headingOf: (index: number) => string | null = () => null,
): KeyPoint[] {
  const points: { last: number; heading: string | null; summary: string }[] = [];
  for (const index of [...chosen].sort((a, b) => a - b)) {
    const text = sentences[index] ?? '';
    const heading = headingOf(index);
    const previous = points.at(-1);
    const goesOn =
      previous?.last === index - 1 &&
      (opensWithDependentWord(text, language) || isUnattributedQuotation(text));
    // Two sentences of one answer make one point under its question, not two under the same one.
    if (previous?.heading === heading && (goesOn || heading !== null)) {
      // Put together as the article had them: no space after a Chinese or Japanese "。" (the
      // point's last sentence is tested, not the summary, which a test of its end would flatten).
      const gap = sentenceGap((sentences[previous.last] ?? '').slice(-1));
      previous.summary = `${previous.summary}${gap}${text}`;
      previous.last = index;
    } else {
      points.push({ last: index, heading, summary: text });
    }
  }
  return points.map(({ heading, summary }) => ({ heading, summary }));
}

/**
 * The indices of a bare text's `maxPoints` key sentences, in the order they were picked:
 * what extractKeyPointsFromText quotes, and what `bench/tune-key-points.ts` tunes the weights on.
 */
function selectKeySentences(
  sentences: readonly string[],
  maxPoints: number,
  weights: RankWeights = RANK_WEIGHTS,
): number[] {
  const ranked = rankSentences(sentences, { weights });
  const all = sentences.map((_, index) => index);
  const chosen = selectDiverse(ranked, all, maxPoints);
  // A note with no sentence of substance (one short line) is still quoted, but never a byline.
  return chosen.length > 0
    ? chosen
    : selectDiverse({ ...ranked, fit: ranked.text }, all, maxPoints);
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
  return groupInOrder(sentences, selectKeySentences(sentences, maxPoints));
}
