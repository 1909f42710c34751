/** What a person is told about a file they named that is not there, or is a folder. */
export const NOT_FOUND = 'was not found — check the path';
export const IS_A_FOLDER = 'is a directory — pass a file';

/** The reason for a read that failed because the file is missing or a folder; else undefined. */
export function missingFileReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return NOT_FOUND;
  if (code === 'EISDIR') return IS_A_FOLDER;
  return undefined;
}
