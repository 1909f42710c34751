import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, lstat, mkdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../adapters/files/make-folder';
import { isNotThere, isThere, linkLeadingNowhere } from '../adapters/files/missing-file';
import { ValidationError } from '../core/errors';

/**
 * Makes the folder a command writes into, or says in one line why it cannot: a file in the way,
 * no permission. Output folders are only checked at start (checkOutputFolder) and made when
 * something is written, so a mistyped `--outbox` leaves no store or empty folder behind.
 */
export async function makeOutputFolder(option: string, folder: string): Promise<void> {
  try {
    await makeFolder(folder);
    await access(folder, constants.W_OK);
  } catch (error) {
    throw await unusableFolder(option, folder, error);
  }
}

/**
 * Says in one line why `folder` could not be made or written, as makeOutputFolder would, but
 * makes nothing: for a command that writes there only later and may still fail before (a
 * configuration error, a data folder in use), leaving no empty folder behind.
 */
export async function checkOutputFolder(option: string, folder: string): Promise<void> {
  try {
    // Where mkdir would start: the folder, or else the nearest folder above it that exists.
    const { at, stats } = await nearestExisting(path.resolve(folder));
    if (!stats.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(at, constants.W_OK);
    if (at !== path.resolve(folder)) {
      // A folder whose mode allows writing can still refuse new folders (/proc, /sys as root):
      // one is made there and removed at once, so the refusal comes now, not after the work.
      const probe = path.join(at, `.newsletter-check-${randomBytes(6).toString('hex')}`);
      await mkdir(probe);
      await rmdir(probe);
    }
  } catch (error) {
    throw await unusableFolder(option, folder, error);
  }
}

/**
 * Runs the writes of a command's output files, turning a failure (a disk full, a folder that
 * refuses files) into one line naming the option and the file.
 */
export async function writeOutput<T>(option: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, path: file } = error as NodeJS.ErrnoException;
    if (code === undefined || file === undefined) throw error;
    throw new ValidationError(
      option,
      `${file} could not be written (${code}) — pass a folder you can write to`,
      { cause: error },
    );
  }
}

async function nearestExisting(at: string): Promise<{ at: string; stats: Stats }> {
  try {
    return { at, stats: await stat(at) };
  } catch (error) {
    const parent = path.dirname(at);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw error;
    // A link to nothing is there all the same: no folder can be made in its place.
    if (await lstat(at).then(isThere, isNotThere)) throw error;
    return nearestExisting(parent);
  }
}

async function unusableFolder(
  option: string,
  folder: string,
  error: unknown,
): Promise<ValidationError> {
  const code = (error as NodeJS.ErrnoException).code;
  const link = await linkLeadingNowhere(folder);
  const reason = link
    ? `cannot be made: ${link.at} is a link to ${link.target}, which leads nowhere`
    : code === 'EEXIST' || code === 'ENOTDIR'
      ? 'is a file (or inside one), not a folder'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'cannot be written (permission denied)'
        : `cannot be made (${code ?? (error as Error).message})`;
  return new ValidationError(option, `${folder} ${reason} — pass a folder you can write to`, {
    cause: error,
  });
}
