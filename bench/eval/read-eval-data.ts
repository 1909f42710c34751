import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ValidationError } from '../../lambda/core/errors';

const EvalRecord = z.object({
  id: z.string().min(1),
  source: z.string().optional(),
  text: z.string(),
  reference: z.array(z.string()).min(1),
  sentences: z.array(z.string()).optional(),
});

/** One article of an evaluation set with its reference summary, one sentence per entry. */
export type EvalRecord = z.infer<typeof EvalRecord>;

/** Reads JSONL `{id, source?, text, reference: string[], sentences?: string[]}`; errors name file:line. */
export async function readEvalData(file: string): Promise<EvalRecord[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : 'cannot be read';
    throw new ValidationError(file, `${reason} — pass the JSONL file with --data`, {
      cause: error,
    });
  }
  const records: EvalRecord[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ValidationError(where, 'is not valid JSON', { cause: error });
    }
    const parsed = EvalRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      throw new ValidationError(where, `${field}: ${issue?.message ?? 'is invalid'}`);
    }
    records.push(parsed.data);
  });
  if (records.length === 0) throw new ValidationError(file, 'has no records');
  return records;
}
