import { z } from 'zod';
import { readArticleFile } from '../../adapters/files/article-file';
import { readInputFile } from '../../adapters/files/input-file';
import { parseArticle } from '../../core/article/parse-article';
import { decodeText } from '../../core/decode-text';
import { ValidationError } from '../../core/errors';
import {
  extractKeyPoints,
  extractKeyPointsFromText,
} from '../../core/keypoints/extract-key-points';
import { createProgress } from '../progress';

export interface KeypointsOptions {
  readonly article?: string;
  readonly json?: boolean;
  readonly jsonl?: string;
  readonly maxPoints?: number;
}

/** `newsletter keypoints`: one article, or a JSONL file of {id, text} lines (batch mode). */
export async function runKeypoints(options: KeypointsOptions): Promise<void> {
  if (options.jsonl !== undefined) {
    if (options.article !== undefined) {
      throw new ValidationError('keypoints', 'give either an article or --jsonl FILE, not both');
    }
    return printKeyPointsOfLines(options.jsonl, options.maxPoints);
  }
  if (options.article === undefined) {
    throw new ValidationError('keypoints', 'needs an article file (or --jsonl FILE)');
  }
  const article = parseArticle(await readArticleFile(options.article));
  const result = extractKeyPoints(article, { maxPoints: options.maxPoints });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [result.title, '', result.lead, ''];
  for (const point of result.keyPoints) {
    if (point.heading !== null) lines.push(`## ${point.heading}`);
    lines.push(`• ${point.summary}`, '');
  }
  process.stdout.write(lines.join('\n'));
}

/** A batch held in memory at once: 64 MB is ten times the 1,392 articles of the tuning set. */
const MAX_JSONL_BYTES = 64 * 1024 * 1024;

const lineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

/**
 * Reads the file and prints `{id, keyPoints}` per input line, in order. Every line is checked
 * before anything is printed, so a bad line fails the run with its number; a file that is not
 * UTF-8 text is refused whole, as an article is, instead of read as replacement characters, and
 * so is a file with no line to read (empty, or blank lines only). A line with an empty id or
 * text, or an id an earlier line has, is a bad line: its output could not be told apart.
 */
async function printKeyPointsOfLines(file: string, maxPoints: number | undefined): Promise<void> {
  const bytes = await readInputFile(file, {
    maxBytes: MAX_JSONL_BYTES,
    hint: 'split it into smaller batches',
  });
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new ValidationError(file, decoded.reason);
  const inputs: z.infer<typeof lineSchema>[] = [];
  const lineOfId = new Map<string, number>();
  for (const [index, line] of decoded.text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new ValidationError(`${file}:${index + 1}`, 'is not valid JSON');
    }
    const where = `${file}:${index + 1}`;
    const result = lineSchema.safeParse(parsed);
    if (!result.success) {
      throw new ValidationError(where, 'needs {"id": string, "text": string}');
    }
    const { id, text } = result.data;
    if (String(id).trim() === '') throw new ValidationError(where, '"id" is empty');
    if (text.trim() === '') {
      throw new ValidationError(where, '"text" is empty: there is no article to read');
    }
    // Output lines are matched to input lines by id: 7 and "7" print differently, so differ.
    const key = JSON.stringify(id);
    const first = lineOfId.get(key);
    if (first !== undefined) {
      throw new ValidationError(
        where,
        `repeats the id ${key} of line ${first} — each line needs its own id`,
      );
    }
    lineOfId.set(key, index + 1);
    inputs.push(result.data);
  }
  // Printing nothing and exiting 0 would pass for a batch read to the end: an empty file is
  // almost always the wrong one, as an empty article or subscriber CSV is.
  if (inputs.length === 0) {
    throw new ValidationError(file, 'has no {"id", "text"} lines — nothing to read');
  }
  // Printed at the end, once every line is read: a big batch takes a minute, so progress shows.
  const progress = createProgress(process.stderr, {
    label: 'Extracting key points',
    unit: 'articles',
  });
  progress.setTotal(inputs.length);
  const out: string[] = [];
  try {
    for (const { id, text } of inputs) {
      out.push(JSON.stringify({ id, keyPoints: extractKeyPointsFromText(text, { maxPoints }) }));
      progress.update(out.length, {});
    }
  } finally {
    progress.stop();
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
