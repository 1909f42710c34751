import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { NewsletterError } from '../lambda/core/errors';
import { DATA_DIR_VARIABLE, listDataFiles } from './eval/data-files';
import { evaluateFiles } from './eval/evaluate';
import { formatResults, resultsForJson } from './eval/format-results';
import { readEvalData } from './eval/read-eval-data';
import { type EvalSet, subsetsOf } from './eval/subsets';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

interface EvalOptions {
  readonly data?: string[];
  readonly maxPoints: number;
  readonly samples: number;
  readonly json?: boolean;
}

const program = new Command('eval')
  .description(
    'Score the key-point extractor against Lead-k on every evaluation file, each subset of a ' +
      'file (one per `source`) and all files pooled: ROUGE-1/2/Lsum F1 (rouge_score conventions), ' +
      'the difference to Lead-k with a 95 % paired-bootstrap interval, and the share of points ' +
      'that open with an unresolved dependent word or are boilerplate.',
  )
  .option(
    '--data <files...>',
    `JSONL files of {id, source?, text, reference: string[], sentences?: string[]}; default: every *.jsonl in $${DATA_DIR_VARIABLE} or else in ../shared/eval beside the repository`,
  )
  .option('--max-points <n>', 'sentences per summary, for ours and for Lead-k', positiveInteger, 3)
  .option('--samples <n>', 'bootstrap resamples per interval', positiveInteger, 1000)
  .option('--json', 'print one JSON object instead of the table')
  .action(async (options: EvalOptions) => {
    const paths = options.data ?? listDataFiles();
    const files: EvalSet[] = [];
    for (const path of paths) {
      files.push({ name: basename(path), records: await readEvalData(path) });
    }
    const results = evaluateFiles(
      files,
      (file) => subsetsOf(file.name, file.records),
      options.maxPoints,
      options.samples,
    );
    console.log(
      options.json
        ? JSON.stringify(resultsForJson(options.maxPoints, results))
        : formatResults(options.maxPoints, results),
    );
  });

program.parseAsync().catch((error: unknown) => {
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
