import { isJunkSentence } from '../article/boilerplate';
import { countWords } from '../article/words';
import {
  endsAsQuestion,
  insideQuotation,
  isFitKeyPoint,
  isInterviewQuestion,
  isUnattributedQuotation,
  opensWithDependentWord,
  speakerOf,
} from './sentence-quality';
import { centrality, cosine, type TermVector, weighSentences } from './term-vectors';

/** The knobs of the ranking; `bench/tune-key-points.ts` chose RANK_WEIGHTS (see BENCHMARKS.md). */
export interface RankWeights {
  /** Position prior 1/(p+1)^positionDecay, p the place among the section's article sentences. */
  readonly positionDecay: number;
  /** Weight of centrality: cosine with the rest of the section. */
  readonly centrality: number;
  /** Penalty per unit of |ln(words / idealWords)|: very short or long sentences summarise badly. */
  readonly length: number;
  readonly idealWords: number;
  /** Maximal marginal relevance: a candidate loses this much per unit of similarity to a pick. */
  readonly redundancy: number;
  /** At or above this cosine a candidate repeats a chosen sentence and is never taken. */
  readonly nearDuplicate: number;
}

export const RANK_WEIGHTS: RankWeights = {
  positionDecay: 0.5,
  centrality: 3,
  length: 0.2,
  idealWords: 15,
  redundancy: 0.5,
  nearDuplicate: 0.8,
};

export interface RankOptions {
  /** Which section a sentence belongs to; centrality is measured within a section. Default: one. */
  readonly section?: (index: number) => number;
  /**
   * Which paragraph a sentence belongs to; a quotation is followed across the sentences of one
   * paragraph. Default: each sentence its own, as with no paragraphs a stray mark would run on.
   */
  readonly paragraph?: (index: number) => number;
  readonly weights?: RankWeights;
  /** The article's declared language ("it"), which decides what some opening words mean. */
  readonly language?: string;
}

function groupBy(count: number, key: (index: number) => number): number[][] {
  const members = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const group = key(index);
    const list = members.get(group);
    if (list === undefined) members.set(group, [index]);
    else list.push(index);
  }
  return [...members.values()];
}

/** What ranking knows of each sentence, whatever the weights: measured once per text. */
export interface SentenceFeatures {
  readonly vectors: readonly TermVector[];
  /** Place among the article sentences of its section, from 0; -1 for lines that are not text. */
  readonly position: readonly number[];
  /** Cosine with the rest of its section. */
  readonly centrality: readonly number[];
  readonly words: readonly number[];
  /** Article text at all (not a byline, caption, prompt…). */
  readonly text: readonly boolean[];
  /** Fit to stand as a key point: article text, a full sentence of substance. */
  readonly fit: readonly boolean[];
  /** Opens with a word that points back to the sentence before it. */
  readonly dependent: readonly boolean[];
}

export interface RankedSentences extends SentenceFeatures {
  /** Importance of each sentence before redundancy is considered. */
  readonly scores: readonly number[];
  readonly weights: RankWeights;
}

/**
 * Measures position, centrality and length. Term weights come from the whole text, so words
 * that run through every section do not make a sentence central to its own. Lines that are not
 * article text (a byline before the first sentence) take no place in the order.
 */
export function measureSentences(
  sentences: readonly string[],
  section: (index: number) => number = () => 0,
  paragraph?: (index: number) => number,
  language?: string,
): SentenceFeatures {
  const text = sentences.map((sentence) => !isJunkSentence(sentence));
  const quoted = new Array<boolean>(sentences.length).fill(false);
  const paragraphs = groupBy(sentences.length, paragraph ?? ((index) => index));
  const interviewer = interviewerOf(
    paragraphs.map((members) => members.map((index) => sentences[index] ?? '')),
  );
  for (const members of paragraphs) {
    const inside = insideQuotation(members.map((index) => sentences[index] ?? ''));
    // "Q: You promised 5,000 homes. You have finished fewer than 600. Is the target…?": every
    // sentence of the interviewer's paragraph is the question's, not the article's, and so is
    // every turn of a transcript's interviewer ("HOLLIS: Critics say a sales tax…").
    const first = sentences[members[0] ?? 0] ?? '';
    const asked =
      isInterviewQuestion(first) || (interviewer !== undefined && speakerOf(first) === interviewer);
    members.forEach((index, at) => {
      quoted[index] = asked || (inside[at] ?? false);
    });
  }
  const vectors = weighSentences(sentences.map((sentence, index) => (text[index] ? sentence : '')));
  const position = new Array<number>(sentences.length).fill(-1);
  const central = new Array<number>(sentences.length).fill(0);
  for (const members of groupBy(sentences.length, section)) {
    const kept = members.filter((index) => text[index]);
    const scores = centrality(kept.map((index) => vectors[index] as TermVector));
    kept.forEach((index, at) => {
      position[index] = at;
      central[index] = scores[at] ?? 0;
    });
  }
  return {
    vectors,
    position,
    centrality: central,
    words: sentences.map((sentence) => Math.max(countWords(sentence), 1)),
    text,
    fit: sentences.map(
      (sentence, index) => (text[index] ?? false) && !quoted[index] && isFitKeyPoint(sentence),
    ),
    dependent: sentences.map(
      (sentence, index) =>
        opensWithDependentWord(sentence, language) ||
        (index > 0 && isUnattributedQuotation(sentence)) ||
        (paragraph !== undefined && answersQuestion(sentences, index, paragraph)),
    ),
  };
}

/**
 * A transcript's interviewer: the speaker of the first turn ending in a question ("HOLLIS: …
 * Why now?"), when that speaker takes two turns or more. Hosts ask first; their other turns
 * ("HOLLIS: Critics say a sales tax falls hardest on…") put others' words to the guest.
 */
function interviewerOf(paragraphs: readonly (readonly string[])[]): string | undefined {
  const speakers = paragraphs.map((paragraph) => speakerOf(paragraph[0] ?? ''));
  const asking = paragraphs.findIndex(
    (paragraph, at) => speakers[at] !== undefined && endsAsQuestion(paragraph.at(-1) ?? ''),
  );
  const speaker = speakers[asking];
  const turns = speakers.filter((other) => other === speaker).length;
  return speaker !== undefined && turns >= 2 ? speaker : undefined;
}

/**
 * The first sentence of a paragraph that follows a paragraph ending in a question: its answer
 * ("About a third of everything we cooked."), which means little without it. Only with
 * paragraphs: within one, a question and the sentence after it are the writer's own flow.
 */
function answersQuestion(
  sentences: readonly string[],
  index: number,
  paragraph: (index: number) => number,
): boolean {
  return (
    index > 0 &&
    paragraph(index) !== paragraph(index - 1) &&
    endsAsQuestion(sentences[index - 1] ?? '')
  );
}

/** Weighs measured sentences: a position prior, plus centrality, minus a length penalty. */
export function scoreSentences(features: SentenceFeatures, weights: RankWeights): RankedSentences {
  const scores = features.position.map((position, index) =>
    position < 0
      ? Number.NEGATIVE_INFINITY
      : (position + 1) ** -weights.positionDecay +
        weights.centrality * (features.centrality[index] ?? 0) -
        weights.length * Math.abs(Math.log((features.words[index] ?? 1) / weights.idealWords)),
  );
  return { ...features, scores, weights };
}

export function rankSentences(
  sentences: readonly string[],
  options: RankOptions = {},
): RankedSentences {
  return scoreSentences(
    measureSentences(sentences, options.section, options.paragraph, options.language),
    options.weights ?? RANK_WEIGHTS,
  );
}

/**
 * Picks up to `count` of `candidates` (indices) greedily by maximal marginal relevance, skipping
 * near-duplicates of what is already chosen or of what is `shown` anyway (the lead), sentences
 * unfit to be key points, and sentences that open by pointing back until the sentence they follow
 * is chosen. Returns indices in the order they were picked, best first.
 */
export function selectDiverse(
  ranked: RankedSentences,
  candidates: readonly number[],
  count: number,
  shown: readonly number[] = [],
): number[] {
  const { redundancy: redundancyWeight, nearDuplicate } = ranked.weights;
  const similarity = (a: number, b: number) =>
    cosine(ranked.vectors[a] as TermVector, ranked.vectors[b] as TermVector);
  const pool = candidates.filter(
    (index) =>
      ranked.fit[index] && shown.every((other) => similarity(index, other) < nearDuplicate),
  );
  const chosen: number[] = [];
  const remaining = new Set(pool);
  while (chosen.length < count && remaining.size > 0) {
    let best: number | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const index of remaining) {
      if (ranked.dependent[index] && !chosen.includes(index - 1)) continue;
      const redundancy = Math.max(0, ...chosen.map((other) => similarity(index, other)));
      if (redundancy >= nearDuplicate) {
        remaining.delete(index);
        continue;
      }
      const value = (ranked.scores[index] ?? 0) - redundancyWeight * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    }
    if (best === undefined) break;
    chosen.push(best);
    remaining.delete(best);
  }
  return chosen;
}
