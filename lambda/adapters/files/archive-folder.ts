import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveWriter } from '../../core/archive/archive-site';
import { isAlive } from './is-alive';
import { makeFolder } from './make-folder';

const PARTIAL = '.partial';

/**
 * Takes away the part-written copies of `name` that builds stopped mid-write (kill -9, a crash, a
 * Ctrl-C) left beside it, `<name>.<pid>.partial` of a process that runs no more: the site is
 * published as it is, so they would be too. Another build's, still at work, is left alone.
 */
async function removeAbandonedCopies(folder: string, name: string): Promise<void> {
  const prefix = `${name}.`;
  for (const entry of await readdir(folder)) {
    if (!entry.startsWith(prefix) || !entry.endsWith(PARTIAL)) continue;
    const pid = entry.slice(prefix.length, -PARTIAL.length);
    if (/^[1-9]\d*$/.test(pid) && !isAlive(Number(pid))) {
      await rm(path.join(folder, entry), { force: true });
    }
  }
}

/** Writes the archive's files under a folder (`newsletter archive --out DIR`). */
export function createFolderArchiveWriter(root: string): ArchiveWriter {
  return {
    async write(file) {
      const target = path.resolve(root, ...file.path.split('/').map(decodeURIComponent));
      if (!target.startsWith(path.resolve(root) + path.sep)) {
        throw new Error(`archive file ${file.path} would land outside ${root}`);
      }
      await makeFolder(path.dirname(target));
      // Written beside its place and moved there whole: a build stopped mid-write (Ctrl-C, a
      // full disk) leaves each page as it was or as it is now, never cut short.
      const partial = `${target}.${process.pid}${PARTIAL}`;
      try {
        await writeFile(partial, file.body);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      await removeAbandonedCopies(path.dirname(target), path.basename(target));
    },
  };
}
