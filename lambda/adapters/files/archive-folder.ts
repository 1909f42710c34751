import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveWriter } from '../../core/archive/archive-site';
import { makeFolder } from './make-folder';

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
      const partial = `${target}.${process.pid}.partial`;
      try {
        await writeFile(partial, file.body);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
  };
}
