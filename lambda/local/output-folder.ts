import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../core/errors';

/**
 * Makes the folder a command writes into, or says in one line why it cannot: a file in the way,
 * no permission. Commands call it before they change anything else, so a mistyped `--outbox`
 * leaves no store or example subscribers behind.
 */
export async function makeOutputFolder(option: string, folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw unusableFolder(option, folder, error);
  }
}

/**
 * Says in one line why `folder` could not be made or written, as makeOutputFolder would, but
 * makes nothing: for a command that writes there only later and may still fail before (a
 * configuration error, a data folder in use), leaving no empty folder behind.
 */
export async function checkOutputFolder(option: string, folder: string): Promise<void> {
  // The folder, or else the nearest folder above it that exists: where mkdir would start.
  let existing = path.resolve(folder);
  try {
    for (;;) {
      const stats = await stat(existing).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT' || path.dirname(existing) === existing) throw error;
        return undefined;
      });
      if (stats === undefined) {
        existing = path.dirname(existing);
        continue;
      }
      if (!stats.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      await access(existing, constants.W_OK);
      return;
    }
  } catch (error) {
    throw unusableFolder(option, folder, error);
  }
}

function unusableFolder(option: string, folder: string, error: unknown): ValidationError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'is a file (or inside one), not a folder'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'cannot be written (permission denied)'
        : `cannot be made (${code ?? (error as Error).message})`;
  return new ValidationError(option, `${folder} ${reason} — pass a folder you can write to`, {
    cause: error,
  });
}
