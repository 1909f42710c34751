import { splitSentences } from '../../lambda/core/article/split-sentences';
import { extractKeyPointsFromText } from '../../lambda/core/keypoints/extract-key-points';
import type { EvalRecord } from './read-eval-data';
import { type RougeScores, scoreSummary } from './rouge';

export interface EvaluationResult {
  readonly articles: number;
  readonly maxPoints: number;
  /** Mean F1 × 100 over the articles, for our extractor and for Lead-k. */
  readonly ours: RougeScores;
  readonly lead: RougeScores;
  /** Our extractor's time per article, scoring excluded. */
  readonly msPerArticle: number;
}

function articleSentences(record: EvalRecord): string[] {
  return record.sentences ?? record.text.split(/\n\s*\n/).flatMap(splitSentences);
}

function meanTimes100(all: readonly RougeScores[]): RougeScores {
  const mean = (key: keyof RougeScores) =>
    (100 * all.reduce((sum, scores) => sum + scores[key], 0)) / Math.max(all.length, 1);
  return { rouge1: mean('rouge1'), rouge2: mean('rouge2'), rougeLsum: mean('rougeLsum') };
}

/**
 * Runs our extractor (summaries only, `maxPoints` sentences) and Lead-k (the first `maxPoints`
 * sentences) on every record and scores both against the references.
 */
export function evaluate(records: readonly EvalRecord[], maxPoints: number): EvaluationResult {
  const ours: RougeScores[] = [];
  const lead: RougeScores[] = [];
  let extractMs = 0;
  for (const record of records) {
    const sentences = articleSentences(record);
    const started = performance.now();
    const keyPoints = extractKeyPointsFromText(sentences, { maxPoints });
    extractMs += performance.now() - started;
    ours.push(
      scoreSummary(
        record.reference,
        keyPoints.map((point) => point.summary),
      ),
    );
    lead.push(scoreSummary(record.reference, sentences.slice(0, maxPoints)));
  }
  return {
    articles: records.length,
    maxPoints,
    ours: meanTimes100(ours),
    lead: meanTimes100(lead),
    msPerArticle: extractMs / Math.max(records.length, 1),
  };
}
