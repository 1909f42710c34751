import { ResultType, Sniffer } from 'encoding-sniffer/sniffer';
import {
  checkedText,
  type DecodedText,
  decodeAs,
  decodeText,
  utf8SequenceAt,
  utf16MarkOf,
  withWindows1252Punctuation,
} from '../decode-text';
import { ArticleError } from '../errors';
import { detectArticleFormat, opensAsFeed } from './detect-format';
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
  ['\x89PNG', 'a PNG image'],
  ['\xff\xd8\xff', 'a JPEG image'],
  ['GIF8', 'a GIF image'],
  ['\x1f\x8b', 'a gzip-compressed file (gunzip it first)'],
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

/** Where an HTML or XML document's bytes say what encoding they are in. */
const DECLARED_BY: Partial<Record<ResultType, string>> = {
  [ResultType.META_TAG]: '<meta charset>',
  [ResultType.XML_ENCODING]: 'XML declaration',
  [ResultType.XML_PREFIX]: 'XML declaration',
};

/**
 * The encoding a page declares (`<meta charset>`, `<meta http-equiv="Content-Type">`,
 * `<?xml … encoding?>`), found as a browser prescans for it; anywhere in the file, as a browser
 * reading a late `<meta>` starts again in its encoding. Only a page declares one: Markdown or text
 * showing a `<meta>` as an example does not, though a `<?xml` in UTF-16 is one whatever the name.
 */
function declaredEncoding(
  name: string,
  bytes: Uint8Array,
): { encoding: string; by: string } | undefined {
  const sniffer = new Sniffer({ maxBytes: bytes.length, defaultEncoding: 'UTF-8' });
  sniffer.write(bytes);
  const by = DECLARED_BY[sniffer.resultType];
  if (by === undefined) return undefined;
  const page =
    sniffer.resultType === ResultType.XML_PREFIX ||
    // Tags read the same in every encoding a page can declare but UTF-16.
    detectArticleFormat(name, decodeAs(bytes, 'latin1')) === 'html';
  return page ? { encoding: sniffer.encoding, by } : undefined;
}

/**
 * True when most of the bytes beyond ASCII make valid UTF-8 sequences: UTF-8 text with a few
 * bytes of another encoding pasted in. Text in a one-byte encoding makes such a sequence only
 * by chance ('ß“' is DF 93 in Windows-1252), among many bytes that make none.
 */
function isMostlyUtf8(bytes: Uint8Array): boolean {
  let utf8 = 0;
  let other = 0;
  for (let i = 0; i < bytes.length; ) {
    if ((bytes[i] ?? 0) < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceAt(bytes, i);
    if (length === 0) other++;
    else utf8 += length;
    i += Math.max(length, 1);
  }
  return utf8 > other;
}

/** The text in `encoding`, which the file's `by` names, or why it is not valid in it. */
function decodedAsDeclared(bytes: Uint8Array, encoding: string, by: string): DecodedText {
  try {
    const text = decodeAs(bytes, encoding, { fatal: true });
    // A one-byte encoding gives a character per byte; read so, UTF-8's é would be 'Ã©'.
    if (text.length === bytes.length && isMostlyUtf8(bytes)) {
      return {
        ok: false,
        reason: `is UTF-8 text with bytes of another encoding in it, not the ${encoding} its ${by} says — save it as UTF-8`,
      };
    }
    return checkedText(text);
  } catch {
    return {
      ok: false,
      reason: `is not valid ${encoding} text, though its ${by} says it is — save it as UTF-8`,
    };
  }
}

/**
 * True for ISO-2022-JP (Japanese mail, and pages of its time): seven-bit bytes that switch to
 * JIS X 0208 with ESC $ B (or ESC $ @). No other encoding a file is saved in writes such an
 * escape, so it says the encoding as a byte order mark does, with no `<meta charset>` (a plain
 * text has none, and a page's may name ISO-2022-JP, which the sniffer does not know).
 */
function isIso2022Jp(bytes: Uint8Array): boolean {
  let switchesToJis = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x80) return false;
    const next = bytes[i + 2];
    if (byte === 0x1b && bytes[i + 1] === 0x24 && (next === 0x40 || next === 0x42))
      switchesToJis = true;
  }
  return switchesToJis;
}

/**
 * The article's text: UTF-16 after its byte order mark (Notepad's "Unicode"); UTF-8 when its
 * bytes are valid UTF-8, whatever a stale `<meta charset>` says (text in another encoding is all
 * but never valid UTF-8 as well); else ISO-2022-JP when its escapes say so; else in the encoding
 * the page declares; else the reason from decodeText.
 */
function articleText(name: string, bytes: Uint8Array): DecodedText {
  const mark = utf16MarkOf(bytes);
  if (mark !== undefined) return decodedAsDeclared(bytes, mark, 'byte order mark');
  const utf8 = decodeText(bytes);
  if (utf8.ok) return utf8;
  if (isIso2022Jp(bytes)) return decodedAsDeclared(bytes, 'ISO-2022-JP', 'escape ESC $ B');
  const declared = declaredEncoding(name, bytes);
  if (declared === undefined || declared.encoding === 'UTF-8') return utf8;
  return decodedAsDeclared(bytes, declared.encoding, declared.by);
}

/** A line of a message's header: a field, or the folded continuation of the one above. */
const HEADER_LINE = /^(?:[!-9;-~]+:|[ \t])/;
const MIME_VERSION = /^mime-version:/i;
/** Parts (multipart/…) or an encoded body: what no reader of plain text can read. */
const MIME_ENCODED =
  /^content-(?:type:\s*multipart\/|transfer-encoding:\s*(?:base64|quoted-printable))/i;

/**
 * A MIME message: a web archive (Chrome's .mhtml, Word's and Internet Explorer's .mht) or an
 * email saved whole (.eml), whose header says its text is in encoded parts.
 */
function isMimeMessage(text: string): boolean {
  const end = text.indexOf('\n\n');
  const header = (end === -1 ? text : text.slice(0, end)).split('\n');
  return (
    header.every((line) => HEADER_LINE.test(line)) &&
    header.some((line) => MIME_VERSION.test(line)) &&
    header.some((line) => MIME_ENCODED.test(line))
  );
}

/** Whether a text parses as JSON: an object or a list. */
function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON data, whatever the file's name (the extension refuses a .json or .jsonl file): an object or
 * a list that parses whole, or JSON Lines, each line an object (a CMS's export, a batch for
 * keypoints --jsonl). A text opening with "[Updated 3pm]" or "{Draft}" does not parse.
 */
function isJsonData(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  if (parsesAsJson(trimmed)) return true;
  const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
  return (
    lines.length > 1 && lines.every((line) => line.trim().startsWith('{') && parsesAsJson(line))
  );
}

function notAnArticle(name: string, what: string): ArticleError {
  return new ArticleError(
    name,
    `is ${what}, not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
  );
}

const LINE_END = new Set(['\n', '\r', '\u2028', '\u2029']);
const SPACE_IN_LINE = new Set([' ', '\t', '\f', '\v']);

/**
 * `text` with each line of white space alone, a form feed or vertical tab among it, made empty:
 * a page break (pdftotext, a word processor's text export) between paragraphs, which would
 * otherwise run them together. A walk, not `/^[ \t\f\v]+$/gm`: on a 5 MB line of spaces that
 * pattern overflowed V8's stack now and then ("Maximum call stack size exceeded").
 */
function withWhiteSpaceLinesEmptied(text: string): string {
  const parts: string[] = [];
  let lineStart = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (LINE_END.has(c)) {
      if (!blank) parts.push(text.slice(lineStart, i));
      parts.push(c);
      lineStart = i + 1;
      blank = true;
    } else if (!SPACE_IN_LINE.has(c)) {
      blank = false;
    }
  }
  if (!blank) parts.push(text.slice(lineStart));
  return parts.join('');
}

/**
 * Turns an article's bytes into text with Unix line endings, or says in one line why it cannot:
 * too large, a document format we do not read (PDF, Word, RTF…, a MIME web archive, JSON, a feed),
 * neither UTF-8 nor in the encoding its byte order mark or a page declares (articleText), empty. A
 * byte order mark is dropped, C1 controls are read as Windows-1252's punctuation, and a line of
 * white space is made empty.
 */
export function decodeArticle(input: ArticleInput): string {
  const { name, bytes } = input;
  if (bytes.length > MAX_ARTICLE_BYTES) throw new ArticleError(name, tooLargeReason(bytes.length));
  const format = unsupportedFormat(name, bytes);
  if (format !== undefined) throw notAnArticle(name, format);
  const decoded = articleText(name, bytes);
  if (!decoded.ok) throw new ArticleError(name, decoded.reason);
  if (isMimeMessage(decoded.text)) {
    throw notAnArticle(name, 'a MIME message (a web archive, .mht or .mhtml, or a whole email)');
  }
  if (isJsonData(decoded.text)) {
    throw notAnArticle(name, 'JSON data (a batch of texts is read by keypoints --jsonl)');
  }
  // Read as text, its subject was '<?xml version="1.0"…?>' and its lead a line of tags.
  if (opensAsFeed(decoded.text)) {
    throw new ArticleError(
      name,
      'is an RSS or Atom feed, not an article — give its URL as a feed (send --feed <url>, or the feeds setting of a deployed stack)',
    );
  }
  if (decoded.text.trim() === '') throw new ArticleError(name, 'is empty');
  return withWhiteSpaceLinesEmptied(withWindows1252Punctuation(decoded.text));
}
