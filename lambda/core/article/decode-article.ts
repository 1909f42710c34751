import { ArticleError } from '../errors';
import type { ArticleInput } from './types';

/** Articles are a few hundred kilobytes at most; anything bigger is almost surely a wrong file. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000e-\u001f\u007f]/;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLargeReason(bytes: number): string {
  const limit = formatMegabytes(MAX_ARTICLE_BYTES);
  return `is larger than ${limit} (${formatMegabytes(bytes)}) — is it the right file?`;
}

/**
 * Turns an article's bytes into text with Unix line endings, or says in one line why it cannot:
 * empty, too large, binary, not UTF-8. A UTF-8 byte order mark is dropped.
 */
export function decodeArticle(input: ArticleInput): string {
  const { name, bytes } = input;
  if (bytes.length > MAX_ARTICLE_BYTES) throw new ArticleError(name, tooLargeReason(bytes.length));
  if (startsWithUtf16Mark(bytes)) {
    throw new ArticleError(name, 'is UTF-16 encoded — save it as UTF-8');
  }
  if (bytes.includes(0)) {
    throw new ArticleError(name, 'looks like a binary file (it contains NUL bytes), not text');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new ArticleError(name, 'is not valid UTF-8 text — save it as UTF-8', { cause: error });
  }
  const control = CONTROL_CHARACTER.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new ArticleError(
      name,
      `contains a control character on line ${line} — is it a text file?`,
    );
  }
  if (text.trim() === '') throw new ArticleError(name, 'is empty');
  return text.replace(/\r\n?/g, '\n');
}

function startsWithUtf16Mark(bytes: Uint8Array): boolean {
  const [first, second] = bytes;
  return (first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff);
}
