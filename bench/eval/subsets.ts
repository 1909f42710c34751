import type { EvalRecord } from './read-eval-data';

/** A named group of articles that is scored on its own. */
export interface EvalSet {
  readonly name: string;
  readonly records: readonly EvalRecord[];
}

/** "owner/repo@commit:path" → "owner/repo". */
function repositoryOf(source: string): string {
  return source.split(/[@:]/)[0] ?? source;
}

/** "validation-ff5b…" → "validation": the split an id names before its first hyphen. */
function splitOf(records: readonly EvalRecord[]): string {
  const splits = new Set(records.map((record) => record.id.split('-')[0] ?? ''));
  return splits.size === 1 ? [...splits][0] || 'rows' : 'rows';
}

/**
 * A file whose rows were copied from more than one place (its `source` field) is scored per
 * source as well, as each can differ in style (cnndm-tune: the CNN validation rows, the CNN
 * train rows, the train rows with Daily Mail bylines). Subsets keep the file's order.
 */
export function subsetsOf(file: string, records: readonly EvalRecord[]): EvalSet[] {
  const bySource = new Map<string, EvalRecord[]>();
  for (const record of records) {
    const key = record.source ?? '';
    const list = bySource.get(key);
    if (list === undefined) bySource.set(key, [record]);
    else list.push(record);
  }
  if (bySource.size < 2) return [];
  return [...bySource].map(([source, members]) => ({
    name: `${file} · ${splitOf(members)} from ${source === '' ? 'no source' : repositoryOf(source)}`,
    records: members,
  }));
}
