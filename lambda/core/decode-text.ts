/**
 * Bytes a person hands us as a text file (an article, a template) turned into text, or one
 * reason, fit for a message, why they are not UTF-8 text: a wrong encoding must be refused, not
 * read as replacement characters ("Müller" saved as Windows-1252 would read "M�ller"). A
 * subscriber CSV reads the encodings spreadsheets export (decode-subscriber-csv.ts).
 */

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000e-\u001f\u007f]/;

export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** The text, its UTF-8 byte order mark dropped and its line endings made `\n`. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (utf16MarkOf(bytes) !== undefined) {
    return { ok: false, reason: 'is UTF-16 encoded — save it as UTF-8' };
  }
  if (bytes.includes(0)) {
    return {
      ok: false,
      reason: looksLikeUtf16(bytes)
        ? 'looks like UTF-16 text without a byte order mark — save it as UTF-8'
        : 'looks like a binary file (it contains NUL bytes), not text',
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      reason: `is not valid UTF-8 text (${firstNonUtf8(bytes)}) — save it as UTF-8`,
    };
  }
  return checkedText(text);
}

/** For a UTF-8 lead byte: its sequence's length and the range its second byte must be in. */
function utf8Lead(lead: number): readonly [number, number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf]; // no overlong forms
  if (lead === 0xed) return [3, 0x80, 0x9f]; // no surrogates
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f]; // nothing past U+10FFFF
  return [0, 0, 0];
}

/** How many bytes a valid UTF-8 sequence of two to four starting at `i` has, or 0. */
export function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const [length, low, high] = utf8Lead(bytes[i] ?? 0);
  const second = bytes[i + 1] ?? 0;
  if (length === 0 || second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/** Where the first byte that starts no valid UTF-8 character is: its line and value. */
export function firstNonUtf8(bytes: Uint8Array): string {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    const length = byte < 0x80 ? 1 : utf8SequenceAt(bytes, i);
    if (length === 0) break;
    // A line ends at LF, CR LF or a CR alone.
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
    i += length;
  }
  return `line ${line}: byte 0x${(bytes[i] ?? 0).toString(16).toUpperCase()}`;
}

/**
 * True when the bytes read as UTF-16 without its byte order mark: mostly Latin letters, so a NUL
 * in at least half the pairs of bytes, nearly always on the same side (first in big-endian,
 * second in little-endian), where a binary file has them anywhere.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let first = 0;
  let second = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) first++;
    if (sample[i + 1] === 0) second++;
  }
  const pairs = Math.floor(sample.length / 2);
  const [more, fewer] = first > second ? [first, second] : [second, first];
  return more * 2 >= pairs && fewer * 8 < more;
}

/**
 * Decoded text refused when it holds a control character (a binary file read as text), else
 * with its line endings made `\n`.
 */
export function checkedText(text: string): DecodedText {
  const control = CONTROL_CHARACTER.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split(/\r\n?|\n/).length;
    return {
      ok: false,
      reason: `contains a control character on line ${line} — is it a text file?`,
    };
  }
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

/**
 * What Windows-1252 has at bytes 0x80 to 0x9F (the euro sign, curly quotes as in "O’Brien",
 * dashes), where Latin-1 has C1 controls; the five bytes it leaves undefined stay as those.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const C1_CONTROL = /[\u0080-\u009f]/g;

/**
 * The bytes decoded in `encoding` (any WHATWG label), a byte order mark for it dropped. Throws a
 * RangeError for an encoding there is no decoder for and, when `fatal`, a TypeError for bytes
 * that are not valid in it.
 */
export function decodeAs(
  bytes: Uint8Array,
  encoding: string,
  options: { readonly fatal?: boolean } = {},
): string {
  const decoder = new TextDecoder(encoding, { fatal: options.fatal === true });
  const text = decoder.decode(bytes);
  // Node 20's TextDecoder reads windows-1252 (and the labels meaning it: latin1, iso-8859-1,
  // us-ascii) as Latin-1, giving C1 controls where the page has “curly quotes” and €.
  return decoder.encoding === 'windows-1252' ? withWindows1252Punctuation(text) : text;
}

/**
 * The C1 control characters (U+0080 to U+009F) of a text read as what Windows-1252 has at those
 * bytes: no text means them, and they are what Windows-1252 read as Latin-1 leaves behind (a
 * file converted with `iconv -f latin1`), where “curly quotes”, dashes and € were.
 */
export function withWindows1252Punctuation(text: string): string {
  return text.replace(C1_CONTROL, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/** The UTF-16 byte order the bytes' byte order mark gives, if they start with one. */
export function utf16MarkOf(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const [first, second] = bytes;
  if (first === 0xff && second === 0xfe) return 'UTF-16LE';
  if (first === 0xfe && second === 0xff) return 'UTF-16BE';
  return undefined;
}
