import { isPermissionDenied, permissionAdvice } from './file-errors';

/** What a person is told about a file they named that is not there, or is a folder. */
export const NOT_FOUND = 'was not found — check the path';
export const IS_A_FOLDER = 'is a directory — pass a file';

/**
 * Why the file a person named at `path` could not be read: missing, a folder, not theirs to
 * read (with how to fix that), or else the system's code.
 */
export function unreadableReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return NOT_FOUND;
  if (code === 'EISDIR') return IS_A_FOLDER;
  if (isPermissionDenied(error)) return `cannot be read: ${permissionAdvice(path)}`;
  return `cannot be read (${code})`;
}
