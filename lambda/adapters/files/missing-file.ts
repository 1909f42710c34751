import { readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPermissionDenied, permissionAdvice } from './file-errors';

/** What a person is told about a file they named that is not there, or is a folder. */
const NOT_FOUND = 'was not found — check the path';
export const IS_A_FOLDER = 'is a directory — pass a file';

export const isThere = () => true;
export const isNotThere = () => false;

/** The link on the way to `at` that leads nowhere (to nothing, or round a loop), if any. */
export async function linkLeadingNowhere(
  file: string,
): Promise<{ readonly at: string; readonly target: string } | undefined> {
  for (let at = path.resolve(file); ; at = path.dirname(at)) {
    const target = await readlink(at).catch(() => undefined);
    if (target !== undefined && !(await stat(at).then(isThere, isNotThere))) {
      return { at, target: path.resolve(path.dirname(at), target) };
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Why the file at `file` is not there to read: a link on its way that leads nowhere (ls lists
 * the link, so "not found" would send the reader to check a path that is right), `-` taken for
 * standard input, or else not found. For ENOENT, ENOTDIR and ELOOP (a loop of links).
 */
export async function missingReason(file: string): Promise<string> {
  // Many tools read standard input for `-`; saying only "not found" left that unsaid.
  if (file === '-') {
    return 'was not found: - is no standard input here, only a file of that name — save the text to a file and pass its path';
  }
  const link = await linkLeadingNowhere(file);
  return link === undefined
    ? NOT_FOUND
    : `cannot be read: ${link.at} is a link to ${link.target}, which leads nowhere (moved, not mounted, or round a loop) — point the link at the file, or pass the file itself`;
}

/** The errors of a file, or a folder on its way, that is not there to read. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

/**
 * Why the file a person named at `path` could not be read: missing (or behind a link that leads
 * nowhere), a folder, not theirs to read (with how to fix that), or else the system's code.
 */
export async function unreadableReason(path: string, error: unknown): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code;
  if (isMissing(error)) return missingReason(path);
  if (code === 'EISDIR') return IS_A_FOLDER;
  if (isPermissionDenied(error)) return `cannot be read: ${permissionAdvice(path)}`;
  return `cannot be read (${code})`;
}
