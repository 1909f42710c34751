import { decodeText } from '../decode-text';
import { ArticleError } from '../errors';
import type { ArticleInput } from './types';

/** Articles are a few hundred kilobytes at most; anything bigger is almost surely a wrong file. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLargeReason(bytes: number): string {
  const limit = formatMegabytes(MAX_ARTICLE_BYTES);
  return `is larger than ${limit} (${formatMegabytes(bytes)}) — is it the right file?`;
}

/**
 * Turns an article's bytes into text with Unix line endings, or says in one line why it cannot:
 * too large, not UTF-8 text (decodeText), empty. A UTF-8 byte order mark is dropped.
 */
export function decodeArticle(input: ArticleInput): string {
  const { name, bytes } = input;
  if (bytes.length > MAX_ARTICLE_BYTES) throw new ArticleError(name, tooLargeReason(bytes.length));
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new ArticleError(name, decoded.reason);
  if (decoded.text.trim() === '') throw new ArticleError(name, 'is empty');
  return decoded.text;
}
