import { Command, InvalidArgumentError } from 'commander';
import { NewsletterError } from '../lambda/core/errors';
import { type EvaluationResult, evaluate } from './eval/evaluate';
import { readEvalData } from './eval/read-eval-data';
import type { RougeScores } from './eval/rouge';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function formatTable(data: string, result: EvaluationResult): string {
  const row = (name: string, scores: RougeScores) =>
    `${name.padEnd(22)}${[scores.rouge1, scores.rouge2, scores.rougeLsum]
      .map((score) => score.toFixed(2).padStart(12))
      .join('')}`;
  return [
    `${data}: ${result.articles} articles, ${result.maxPoints} sentences per summary (ROUGE F1 × 100)`,
    `${'system'.padEnd(22)}${['ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum'].map((h) => h.padStart(12)).join('')}`,
    row(`Lead-${result.maxPoints}`, result.lead),
    row('ours (key points)', result.ours),
    `ours: ${result.msPerArticle.toFixed(2)} ms per article`,
  ].join('\n');
}

function roundForJson(data: string, result: EvaluationResult) {
  const round = (scores: RougeScores) => ({
    rouge1: Number(scores.rouge1.toFixed(2)),
    rouge2: Number(scores.rouge2.toFixed(2)),
    rougeLsum: Number(scores.rougeLsum.toFixed(2)),
  });
  return {
    data,
    articles: result.articles,
    maxPoints: result.maxPoints,
    ours: round(result.ours),
    lead: round(result.lead),
    msPerArticle: Number(result.msPerArticle.toFixed(3)),
  };
}

const program = new Command('eval')
  .description(
    'Score our key-point extractor and Lead-k against reference summaries with ROUGE-1/2/Lsum F1 ' +
      '(rouge_score conventions: lower-case, [^a-z0-9] to spaces, Porter stemming of tokens longer ' +
      'than 3 characters, one sentence per line for ROUGE-Lsum).',
  )
  .requiredOption(
    '--data <file>',
    'JSONL lines {id, text, reference: string[], sentences?: string[]}, e.g. ../shared/eval/cnndm-dev.jsonl',
  )
  .option('--max-points <n>', 'sentences per summary, for ours and for Lead-k', positiveInteger, 3)
  .option('--json', 'print one JSON object instead of the table')
  .action(async (options: { data: string; maxPoints: number; json?: boolean }) => {
    const records = await readEvalData(options.data);
    const result = evaluate(records, options.maxPoints);
    console.log(
      options.json
        ? JSON.stringify(roundForJson(options.data, result))
        : formatTable(options.data, result),
    );
  });

program.parseAsync().catch((error: unknown) => {
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
