import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Command } from 'commander';
import { NewsletterError } from '../lambda/core/errors';
import {
  measureSentences,
  RANK_WEIGHTS,
  type RankWeights,
  type SentenceFeatures,
  scoreSentences,
  selectDiverse,
} from '../lambda/core/keypoints/rank-sentences';
import { pairedBootstrap } from './eval/bootstrap';
import { evalDataDir } from './eval/data-files';
import { articleSentences } from './eval/evaluate';
import { type EvalRecord, readEvalData } from './eval/read-eval-data';
import { type RougeScores, scoreSummary } from './eval/rouge';
import { subsetsOf } from './eval/subsets';

/*
 * How RANK_WEIGHTS were chosen (reproducible: `npx tsx bench/tune-key-points.ts`).
 * 1. cnndm-tune.jsonl is split in two by the SHA-1 of each id: the tuning half and a held-out
 *    half the search never sees. cnndm-dev.jsonl is held out too.
 * 2. Every setting of a coarse grid is scored on the tuning half by its gain over Lead-3 in the
 *    mean of ROUGE-1, -2 and -Lsum F1 (three sentences per article), taken on each source subset
 *    of the half (CNN validation, CNN train, Daily Mail train) and keeping the worst: a setting
 *    must beat Lead-3 on every style of news, not on average.
 * 3. A setting's robust score is the worst score among it and its grid neighbours (one step
 *    along one knob): a point on a plateau beats a lone peak.
 * 4. Of the settings within 0.05 of the best robust score, the simplest wins: fewest knobs
 *    switched on, then the smallest weights.
 * 5. The winner and the current RANK_WEIGHTS are reported on the held-out half and on dev,
 *    against Lead-3, with paired-bootstrap intervals.
 */

const GRID = {
  positionDecay: [0.25, 0.5, 1, 1.5, 2, 3],
  centrality: [0, 0.5, 1, 2, 3, 4],
  length: [0, 0.1, 0.2, 0.4],
  idealWords: [10, 15, 20, 30],
  redundancy: [0, 0.5, 1],
} as const;
type Knob = keyof typeof GRID;
const KNOBS = Object.keys(GRID) as Knob[];
const PLATEAU_TOLERANCE = 0.05;
const POINTS = 3;

interface Prepared {
  readonly record: EvalRecord;
  readonly sentences: readonly string[];
  readonly features: SentenceFeatures;
  /** Scores of each summary tried, by its sorted sentence indices. */
  readonly cache: Map<string, RougeScores>;
}

function prepare(records: readonly EvalRecord[]): Prepared[] {
  return records.map((record) => {
    const sentences = articleSentences(record);
    return { record, sentences, features: measureSentences(sentences), cache: new Map() };
  });
}

function summaryScores(article: Prepared, indices: readonly number[]): RougeScores {
  const key = [...indices].sort((a, b) => a - b).join(',');
  let scores = article.cache.get(key);
  if (scores === undefined) {
    const summary = key === '' ? [] : key.split(',').map((i) => article.sentences[Number(i)] ?? '');
    scores = scoreSummary(article.record.reference, summary);
    article.cache.set(key, scores);
  }
  return scores;
}

const meanOfThree = (scores: RougeScores) =>
  (100 * (scores.rouge1 + scores.rouge2 + scores.rougeLsum)) / 3;

function picks(article: Prepared, weights: RankWeights): number[] {
  const ranked = scoreSentences(article.features, weights);
  return selectDiverse(
    ranked,
    article.sentences.map((_, index) => index),
    POINTS,
  );
}

function leadGain(articles: readonly Prepared[], weights: RankWeights): number {
  let sum = 0;
  for (const article of articles) {
    const lead = article.sentences.slice(0, POINTS).map((_, index) => index);
    sum +=
      meanOfThree(summaryScores(article, picks(article, weights))) -
      meanOfThree(summaryScores(article, lead));
  }
  return sum / articles.length;
}

function objective(subsets: readonly (readonly Prepared[])[], weights: RankWeights): number {
  return Math.min(...subsets.map((articles) => leadGain(articles, weights)));
}

/** The index of each knob's value in GRID, e.g. [2, 3, 2, 1, 1]. */
type Cell = readonly number[];

function weightsOf(cell: Cell): RankWeights {
  const chosen = Object.fromEntries(KNOBS.map((knob, at) => [knob, GRID[knob][cell[at] ?? 0]]));
  return { ...RANK_WEIGHTS, ...chosen };
}

function allCells(): Cell[] {
  let cells: number[][] = [[]];
  for (const knob of KNOBS) {
    cells = cells.flatMap((cell) => GRID[knob].map((_, at) => [...cell, at]));
  }
  return cells;
}

function neighbours(cell: Cell): Cell[] {
  return KNOBS.flatMap((knob, at) =>
    [-1, 1]
      .map((step) => cell.map((value, i) => (i === at ? value + step : value)))
      .filter((next) => (next[at] ?? -1) >= 0 && (next[at] ?? 0) < GRID[knob].length),
  );
}

/** Fewer knobs switched on, then smaller weights: what "simplest" means in step 4. */
function complexity(weights: RankWeights): number {
  const on = [weights.centrality, weights.length, weights.redundancy].filter((w) => w > 0).length;
  return (
    on * 100 + weights.centrality + weights.length * 10 + weights.redundancy + weights.positionDecay
  );
}

function inHalf(record: EvalRecord, half: 0 | 1): boolean {
  const first = createHash('sha1').update(record.id).digest()[0] ?? 0;
  return first % 2 === half;
}

function report(name: string, articles: readonly Prepared[], weights: RankWeights): string {
  const ours = articles.map((article) => summaryScores(article, picks(article, weights)));
  const lead = articles.map((article) =>
    summaryScores(
      article,
      article.sentences.slice(0, POINTS).map((_, index) => index),
    ),
  );
  const parts = (['rouge1', 'rouge2', 'rougeLsum'] as const).map((key) => {
    const interval = pairedBootstrap(
      ours.map((score, i) => 100 * (score[key] - (lead[i]?.[key] ?? 0))),
    );
    return `${key} ${interval.mean >= 0 ? '+' : ''}${interval.mean.toFixed(2)} [${interval.low.toFixed(2)}, ${interval.high.toFixed(2)}]`;
  });
  return `  ${name.padEnd(28)} n=${String(articles.length).padStart(4)}  Δ vs Lead-3: ${parts.join('  ')}`;
}

const program = new Command('tune-key-points')
  .description(
    'Grid-search the key-point ranking weights on half of cnndm-tune.jsonl, pick the simplest ' +
      'setting on the plateau, and report it on the held-out half and on cnndm-dev.jsonl.',
  )
  .option('--data-dir <folder>', 'folder with cnndm-tune.jsonl and cnndm-dev.jsonl', evalDataDir())
  .action(async (options: { dataDir: string }) => {
    const tune = await readEvalData(join(options.dataDir, 'cnndm-tune.jsonl'));
    const dev = await readEvalData(join(options.dataDir, 'cnndm-dev.jsonl'));
    const tuning = prepare(tune.filter((record) => inHalf(record, 0)));
    const heldOut = prepare(tune.filter((record) => inHalf(record, 1)));
    const subsets = subsetsOf(
      'tune',
      tuning.map((article) => article.record),
    ).map((subset) => tuning.filter((article) => subset.records.includes(article.record)));
    const cells = allCells();
    const scores = new Map<string, number>();
    for (const cell of cells) scores.set(cell.join(), objective(subsets, weightsOf(cell)));
    const robust = cells.map((cell) => ({
      cell,
      own: scores.get(cell.join()) ?? 0,
      robust: Math.min(
        scores.get(cell.join()) ?? 0,
        ...neighbours(cell).map((next) => scores.get(next.join()) ?? 0),
      ),
    }));
    const bestRobust = Math.max(...robust.map((entry) => entry.robust));
    const plateau = robust
      .filter((entry) => entry.robust >= bestRobust - PLATEAU_TOLERANCE)
      .sort((a, b) => complexity(weightsOf(a.cell)) - complexity(weightsOf(b.cell)));
    const best = robust.reduce((a, b) => (b.own > a.own ? b : a));
    const chosen = plateau[0] ?? best;
    const lines = [
      `tuning half: ${tuning.length} articles; ${cells.length} settings`,
      `worst-subset gain over Lead-3 (mean of R-1/2/Lsum), best single point: ${best.own.toFixed(2)} at ${JSON.stringify(weightsOf(best.cell))}`,
      `best robust score: ${bestRobust.toFixed(2)}; ${plateau.length} settings within ${PLATEAU_TOLERANCE}`,
      `chosen (simplest on the plateau): ${chosen.own.toFixed(2)} (robust ${chosen.robust.toFixed(2)}) at`,
      `  ${JSON.stringify(weightsOf(chosen.cell))}`,
      'held-out check, chosen:',
      report('cnndm-tune held-out half', heldOut, weightsOf(chosen.cell)),
      report('cnndm-dev', prepare(dev), weightsOf(chosen.cell)),
      'held-out check, current RANK_WEIGHTS:',
      report('cnndm-tune held-out half', heldOut, RANK_WEIGHTS),
      report('cnndm-dev', prepare(dev), RANK_WEIGHTS),
    ];
    console.log(lines.join('\n'));
  });

program.parseAsync().catch((error: unknown) => {
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
