import { writeFile } from 'node:fs/promises';
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
      await writeFile(target, file.body);
    },
  };
}
