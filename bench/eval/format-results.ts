import type { Interval } from './bootstrap';
import type { ReadabilityShares, SetResult } from './evaluate';
import type { RougeScores } from './rouge';

const fixed = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

function scores(value: RougeScores): string {
  return [value.rouge1, value.rouge2, value.rougeLsum].map(fixed).join(' / ');
}

function interval(value: Interval): string {
  return `${signed(value.mean)} [${signed(value.low)}, ${signed(value.high)}]`;
}

function percent(
  lead: ReadabilityShares,
  ours: ReadabilityShares,
  key: 'unresolvedDependent' | 'boilerplate',
): string {
  return `${lead[key].toFixed(1)} % / ${ours[key].toFixed(1)} %`;
}

/** A Markdown table, one row per file, subset and the pool: it pastes into BENCHMARKS.md as is. */
export function formatResults(maxPoints: number, results: readonly SetResult[]): string {
  const lead = `Lead-${maxPoints}`;
  const header = [
    'data',
    'articles',
    `${lead} R-1 / R-2 / R-Lsum`,
    'key points R-1 / R-2 / R-Lsum',
    'Δ R-1 [95 % CI]',
    'Δ R-2 [95 % CI]',
    'Δ R-Lsum [95 % CI]',
    `dependent openings ${lead} / ours`,
    `boilerplate ${lead} / ours`,
    `articles over ${maxPoints} points`,
    'ms per article',
  ];
  const rows = results.map((result) => [
    result.name,
    String(result.articles),
    scores(result.lead),
    scores(result.ours),
    interval(result.difference.rouge1),
    interval(result.difference.rouge2),
    interval(result.difference.rougeLsum),
    percent(result.leadReadability, result.oursReadability, 'unresolvedDependent'),
    percent(result.leadReadability, result.oursReadability, 'boilerplate'),
    String(result.oursReadability.overMaxPoints),
    result.msPerArticle.toFixed(2),
  ]);
  return [header, header.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function round(value: number): number {
  return Number(value.toFixed(3));
}

function roundAll<T extends object>(value: T): { [K in keyof T]: number } {
  return Object.fromEntries(
    Object.entries(value).map(([key, number]) => [key, round(number as number)]),
  ) as { [K in keyof T]: number };
}

/** The `--json` object: every set with its scores, intervals and readability shares. */
export function resultsForJson(maxPoints: number, results: readonly SetResult[]) {
  return {
    maxPoints,
    sets: results.map((result) => ({
      name: result.name,
      articles: result.articles,
      lead: roundAll(result.lead),
      ours: roundAll(result.ours),
      difference: {
        rouge1: roundAll(result.difference.rouge1),
        rouge2: roundAll(result.difference.rouge2),
        rougeLsum: roundAll(result.difference.rougeLsum),
      },
      leadReadability: roundAll(result.leadReadability),
      oursReadability: roundAll(result.oursReadability),
      msPerArticle: round(result.msPerArticle),
    })),
  };
}
