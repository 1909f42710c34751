import { decodeText } from '../decode-text';
import { ArticleError } from '../errors';
import type { ArticleInput } from './types';

/** Articles are a few hundred kilobytes at most; anything bigger is almost surely a wrong file. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLargeReason(bytes: number): string {
  const limit = formatMegabytes(MAX_ARTICLE_BYTES);
  return `is larger than ${limit} (${formatMegabytes(bytes)}) — is it the right file?`;
}

/** What a document starts with, for the formats people save an article in that we do not read. */
const DOCUMENT_SIGNATURES: readonly (readonly [string, string])[] = [
  ['%PDF-', 'a PDF document'],
  ['{\\rtf', 'an RTF document'],
  ['PK\x03\x04', 'a ZIP archive (as .docx, .odt, .pages and .epub files are)'],
  ['\xd0\xcf\x11\xe0', 'an Office 97 document (.doc, .xls)'],
];

/** Extensions of files that are not articles, even when they hold text (a CSV, a JSON file). */
const NOT_ARTICLE_EXTENSIONS = new Set(
  'pdf rtf doc docx odt pages epub zip gz xls xlsx ods ppt pptx csv tsv json jsonl ndjson png jpg jpeg gif webp heic svg mp3 mp4'.split(
    ' ',
  ),
);

/** Why a file is a document of a format we do not read, from its first bytes or its name. */
function unsupportedFormat(name: string, bytes: Uint8Array): string | undefined {
  const start = String.fromCharCode(...bytes.subarray(0, 8));
  const signature = DOCUMENT_SIGNATURES.find(([prefix]) => start.startsWith(prefix));
  if (signature !== undefined) return signature[1];
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return extension !== undefined && NOT_ARTICLE_EXTENSIONS.has(extension)
    ? `a .${extension} file`
    : undefined;
}

/**
 * Turns an article's bytes into text with Unix line endings, or says in one line why it cannot:
 * too large, a document format we do not read (PDF, Word, RTF…), not UTF-8 text (decodeText),
 * empty. A UTF-8 byte order mark is dropped.
 */
export function decodeArticle(input: ArticleInput): string {
  const { name, bytes } = input;
  if (bytes.length > MAX_ARTICLE_BYTES) throw new ArticleError(name, tooLargeReason(bytes.length));
  const format = unsupportedFormat(name, bytes);
  if (format !== undefined) {
    throw new ArticleError(
      name,
      `is ${format}, not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
    );
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new ArticleError(name, decoded.reason);
  if (decoded.text.trim() === '') throw new ArticleError(name, 'is empty');
  return decoded.text;
}
