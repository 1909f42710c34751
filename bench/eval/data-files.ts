import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../lambda/core/errors';

/** Where the evaluation data sits: `shared/eval` beside the clone, as on the dev machines and CI. */
const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/eval');
export const DATA_DIR_VARIABLE = 'NEWSLETTER_EVAL_DATA';

/** The evaluation data folder: $NEWSLETTER_EVAL_DATA, or else ../shared/eval beside the repository. */
export function evalDataDir(): string {
  return process.env[DATA_DIR_VARIABLE] ?? DEFAULT_DATA_DIR;
}

/** Every `*.jsonl` in the data folder, in name order. */
export function listDataFiles(folder: string = evalDataDir()): string[] {
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
