/** One header field of a raw message, unfolded, its encoded words decoded for people to read. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
/** RFC 2047: white space between two adjacent encoded words is not part of the text. */
const BETWEEN_ENCODED_WORDS = /(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?)/g;

function decodeWord(word: string, charset: string, encoding: string, text: string): string {
  const bytes =
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
              String.fromCharCode(Number.parseInt(hex, 16)),
            ),
          'latin1',
        );
  try {
    // RFC 2231 allows a language after the charset: UTF-8*en.
    return new TextDecoder(charset.split('*')[0]).decode(bytes);
  } catch {
    return word;
  }
}

/** A header value with its RFC 2047 encoded words (=?UTF-8?Q?…?=) decoded. */
export function decodeHeaderValue(value: string): string {
  return value.replace(BETWEEN_ENCODED_WORDS, '$1').replace(ENCODED_WORD, decodeWord);
}

/** The raw header block: everything before the first empty line. */
export function headerBlock(raw: Uint8Array): string {
  const message = Buffer.from(raw).toString('latin1');
  const end = message.indexOf('\r\n\r\n');
  return end < 0 ? message : message.slice(0, end);
}

/** The message's header fields in order, unfolded and decoded. */
export function readHeaderFields(raw: Uint8Array): HeaderField[] {
  return headerBlock(raw)
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return {
        name: line.slice(0, colon).trim(),
        value: decodeHeaderValue(line.slice(colon + 1).trim()),
      };
    })
    .filter((field) => field.name !== '');
}

/** The first field with this name (case-insensitive), if any. */
export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === wanted)?.value;
}
