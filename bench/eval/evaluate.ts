import { splitSentences } from '../../lambda/core/article/split-sentences';
import { extractKeyPointsFromText } from '../../lambda/core/keypoints/extract-key-points';
import { type Interval, pairedBootstrap } from './bootstrap';
import type { EvalRecord } from './read-eval-data';
import { countReadability, type ReadabilityCounts } from './readability';
import { type RougeScores, scoreSummary } from './rouge';
import type { EvalSet } from './subsets';

const METRICS = ['rouge1', 'rouge2', 'rougeLsum'] as const;

/** One article scored: our key points and Lead-k against the reference. */
export interface ArticleScore {
  readonly ours: RougeScores;
  readonly lead: RougeScores;
  readonly oursReadability: ReadabilityCounts;
  readonly leadReadability: ReadabilityCounts;
  /** Time our extractor took on this article, scoring excluded. */
  readonly extractMs: number;
}

/** Shares of key points, as percentages. */
export interface ReadabilityShares {
  readonly unresolvedDependent: number;
  readonly boilerplate: number;
  /** Articles that got more points than asked for. */
  readonly overMaxPoints: number;
}

export interface SetResult {
  readonly name: string;
  readonly articles: number;
  /** Mean F1 × 100 over the articles. */
  readonly ours: RougeScores;
  readonly lead: RougeScores;
  /** Ours minus Lead-k, × 100, with a 95 % paired-bootstrap interval over articles. */
  readonly difference: Readonly<Record<(typeof METRICS)[number], Interval>>;
  readonly oursReadability: ReadabilityShares;
  readonly leadReadability: ReadabilityShares;
  readonly msPerArticle: number;
}

export function articleSentences(record: EvalRecord): string[] {
  return record.sentences ?? record.text.split(/\n\s*\n/).flatMap(splitSentences);
}

/** Scores our extractor (`maxPoints` points) and Lead-k on every record, article by article. */
export function scoreArticles(records: readonly EvalRecord[], maxPoints: number): ArticleScore[] {
  return records.map((record) => {
    const sentences = articleSentences(record);
    const started = performance.now();
    const points = extractKeyPointsFromText(sentences, { maxPoints }).map((point) => point.summary);
    const extractMs = performance.now() - started;
    const lead = sentences.slice(0, maxPoints);
    return {
      ours: scoreSummary(record.reference, points),
      lead: scoreSummary(record.reference, lead),
      oursReadability: countReadability(points, sentences),
      leadReadability: countReadability(lead, sentences),
      extractMs,
    };
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
}

function meanTimes100(all: readonly RougeScores[]): RougeScores {
  const of = (key: keyof RougeScores) => 100 * mean(all.map((scores) => scores[key]));
  return { rouge1: of('rouge1'), rouge2: of('rouge2'), rougeLsum: of('rougeLsum') };
}

function shares(all: readonly ReadabilityCounts[], maxPoints: number): ReadabilityShares {
  const points = Math.max(
    all.reduce((sum, counts) => sum + counts.points, 0),
    1,
  );
  const total = (key: 'unresolvedDependent' | 'boilerplate') =>
    (100 * all.reduce((sum, counts) => sum + counts[key], 0)) / points;
  return {
    unresolvedDependent: total('unresolvedDependent'),
    boilerplate: total('boilerplate'),
    overMaxPoints: all.filter((counts) => counts.points > maxPoints).length,
  };
}

/** Means, differences with their bootstrap intervals and readability shares of one set. */
export function summariseSet(
  name: string,
  scores: readonly ArticleScore[],
  maxPoints: number,
  samples: number,
): SetResult {
  const difference = (key: (typeof METRICS)[number]) =>
    pairedBootstrap(
      scores.map((score) => 100 * (score.ours[key] - score.lead[key])),
      samples,
    );
  return {
    name,
    articles: scores.length,
    ours: meanTimes100(scores.map((score) => score.ours)),
    lead: meanTimes100(scores.map((score) => score.lead)),
    difference: {
      rouge1: difference('rouge1'),
      rouge2: difference('rouge2'),
      rougeLsum: difference('rougeLsum'),
    },
    oursReadability: shares(
      scores.map((score) => score.oursReadability),
      maxPoints,
    ),
    leadReadability: shares(
      scores.map((score) => score.leadReadability),
      maxPoints,
    ),
    msPerArticle: mean(scores.map((score) => score.extractMs)),
  };
}

/**
 * Scores every file, then each file's subsets, then all files pooled. Each article is scored
 * once; a subset or the pool reuses its scores.
 */
export function evaluateFiles(
  files: readonly EvalSet[],
  subsets: (file: EvalSet) => readonly EvalSet[],
  maxPoints: number,
  samples: number,
): SetResult[] {
  const results: SetResult[] = [];
  const pooled: ArticleScore[] = [];
  for (const file of files) {
    const scores = scoreArticles(file.records, maxPoints);
    const scoreOf = new Map(file.records.map((record, index) => [record, scores[index]]));
    results.push(summariseSet(file.name, scores, maxPoints, samples));
    for (const subset of subsets(file)) {
      const own = subset.records.flatMap((record) => scoreOf.get(record) ?? []);
      results.push(summariseSet(subset.name, own, maxPoints, samples));
    }
    pooled.push(...scores);
  }
  if (files.length > 1) results.push(summariseSet('all files pooled', pooled, maxPoints, samples));
  return results;
}
