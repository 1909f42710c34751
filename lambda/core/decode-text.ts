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
    return { ok: false, reason: 'looks like a binary file (it contains NUL bytes), not text' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: 'is not valid UTF-8 text — save it as UTF-8' };
  }
  return checkedText(text);
}

/**
 * Decoded text refused when it holds a control character (a binary file read as text), else
 * with its line endings made `\n`.
 */
export function checkedText(text: string): DecodedText {
  const control = CONTROL_CHARACTER.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split('\n').length;
    return {
      ok: false,
      reason: `contains a control character on line ${line} — is it a text file?`,
    };
  }
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

/** The UTF-16 byte order the bytes' byte order mark gives, if they start with one. */
export function utf16MarkOf(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const [first, second] = bytes;
  if (first === 0xff && second === 0xfe) return 'UTF-16LE';
  if (first === 0xfe && second === 0xff) return 'UTF-16BE';
  return undefined;
}
