import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { readArticleFile } from '../../adapters/files/article-file';
import { missingFileReason } from '../../adapters/files/missing-file';
import { parseArticle } from '../../core/article/parse-article';
import { ValidationError } from '../../core/errors';
import {
  extractKeyPoints,
  extractKeyPointsFromText,
} from '../../core/keypoints/extract-key-points';

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

const lineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

/**
 * Streams the file line by line and prints `{id, keyPoints}` per input line, in order. Every
 * line is checked before anything is printed, so a bad line fails the run with its number.
 */
async function printKeyPointsOfLines(file: string, maxPoints: number | undefined): Promise<void> {
  const inputs: z.infer<typeof lineSchema>[] = [];
  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new ValidationError(`${file}:${lineNumber}`, 'is not valid JSON');
      }
      const result = lineSchema.safeParse(parsed);
      if (!result.success) {
        throw new ValidationError(`${file}:${lineNumber}`, 'needs {"id": string, "text": string}');
      }
      inputs.push(result.data);
    }
  } catch (error) {
    const missing = missingFileReason(error);
    if (missing) throw new ValidationError(file, missing);
    throw error;
  }
  const out: string[] = inputs.map(({ id, text }) =>
    JSON.stringify({ id, keyPoints: extractKeyPointsFromText(text, { maxPoints }) }),
  );
  process.stdout.write(out.length > 0 ? `${out.join('\n')}\n` : '');
}
