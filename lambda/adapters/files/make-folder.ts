import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p`: makes `folder` and any missing folder above it, one at a time. Not Node's
 * `mkdir(…, { recursive: true })`, which retries for ever where a folder that exists refuses a new
 * one with ENOENT (/proc, /sys as root): here that is an error. A folder another process makes
 * meanwhile is fine; a file in the way is EEXIST or ENOTDIR.
 */
export async function makeFolder(folder: string): Promise<void> {
  const target = path.resolve(folder);
  try {
    await mkdir(target);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return existingFolder(target, error);
    const parent = path.dirname(target);
    if (code !== 'ENOENT' || parent === target) throw error;
    // The parent is missing, or the file system refuses: make the parent, then try once more.
    await makeFolder(parent);
  }
  try {
    await mkdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return existingFolder(target, error);
    throw error;
  }
}

/** `target` exists: fine if it is a folder (or a link to one), the EEXIST error if not. */
async function existingFolder(target: string, error: unknown): Promise<void> {
  if (!(await stat(target).catch(() => undefined))?.isDirectory()) throw error;
}
