import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { NewsletterError, ValidationError } from '../lambda/core/errors';
import { evaluateFiles } from './eval/evaluate';
import { formatResults, resultsForJson } from './eval/format-results';
import { readEvalData } from './eval/read-eval-data';
import { type EvalSet, subsetsOf } from './eval/subsets';

/** Where the evaluation data sits: `shared/eval` beside the clone, as on the dev machines and CI. */
const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/eval');
const DATA_DIR_VARIABLE = 'NEWSLETTER_EVAL_DATA';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

/** Every `*.jsonl` in the data folder, in name order. */
function listDataFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new ValidationError(
      folder,
      `cannot be read — put the evaluation files there, set ${DATA_DIR_VARIABLE} to their folder, or pass --data FILE…`,
      { cause: error },
    );
  }
  const files = names.filter((name) => name.endsWith('.jsonl')).sort();
  if (files.length === 0) {
    throw new ValidationError(folder, 'has no *.jsonl files — pass --data FILE…');
  }
  return files.map((name) => join(folder, name));
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
    const paths = options.data ?? listDataFiles(process.env[DATA_DIR_VARIABLE] ?? DEFAULT_DATA_DIR);
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
