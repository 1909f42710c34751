import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MAX_ARTICLE_BYTES, tooLargeReason } from '../../core/article/decode-article';
import type { ArticleInput } from '../../core/article/types';
import { ArticleError } from '../../core/errors';
import type { ArticleSource } from '../../core/ports';
import { isPermissionDenied } from './file-errors';
import { IS_A_FOLDER, isMissing, unreadableReason } from './missing-file';

async function unreadable(path: string, error: unknown): Promise<ArticleError> {
  const code = (error as NodeJS.ErrnoException).code;
  if ((code === 'ENOENT' || code === 'ENOTDIR') && /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    return new ArticleError(
      path,
      'is a URL, not a file: save the page as .html and pass that file (send and preview take a feed’s URL with --feed)',
      { cause: error },
    );
  }
  if (isMissing(error) || isPermissionDenied(error)) {
    return new ArticleError(path, await unreadableReason(path, error), { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ArticleError(path, `cannot be read: ${reason}`, { cause: error });
}

/**
 * The size of the article file at `path`, or an ArticleError when it is missing or not a regular
 * file (a folder, a device). Messages name `path` as given.
 */
export async function articleFileSize(path: string): Promise<number> {
  // Node refuses such a path in its own words, and the message would carry the raw NUL.
  if (path.includes('\0')) {
    throw new ArticleError(
      path.replaceAll('\0', '\\0'),
      'is not a path: it holds a NUL character (\\0), which no file name can',
    );
  }
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new ArticleError(path, IS_A_FOLDER);
    if (!stats.isFile()) throw new ArticleError(path, 'is not a regular file');
    return stats.size;
  } catch (error) {
    throw error instanceof ArticleError ? error : await unreadable(path, error);
  }
}

/**
 * Reads an article file from disk for parseArticle. The size is checked before reading, so a
 * wrong multi-gigabyte file fails at once instead of filling memory. Messages name `path` as given.
 */
export async function readArticleFile(path: string): Promise<ArticleInput> {
  const size = await articleFileSize(path);
  if (size > MAX_ARTICLE_BYTES) throw new ArticleError(path, tooLargeReason(size));
  try {
    return { name: path, bytes: await readFile(path) };
  } catch (error) {
    throw await unreadable(path, error);
  }
}

/**
 * An ArticleSource over the local file system. Keys are paths; with `root`, relative keys are
 * resolved against it, otherwise used as given (so messages show the path the user typed).
 */
export function createFileArticleSource(root?: string): ArticleSource {
  return { read: (key) => readArticleFile(root === undefined ? key : resolve(root, key)) };
}
