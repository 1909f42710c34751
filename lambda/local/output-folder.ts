import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
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
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'is a file (or inside one), not a folder'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'cannot be written (permission denied)'
          : `cannot be made (${code ?? (error as Error).message})`;
    throw new ValidationError(option, `${folder} ${reason} — pass a folder you can write to`, {
      cause: error,
    });
  }
}
