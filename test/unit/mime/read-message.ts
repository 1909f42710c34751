/**
 * A small reader for the messages under test: unfolds headers, decodes RFC 2047 words, splits
 * multipart bodies and decodes quoted-printable parts. Strict on purpose: anything unexpected
 * (a bare LF, a part without a transfer encoding) fails loudly instead of being repaired.
 */
interface MessagePart {
  readonly headers: ReadonlyMap<string, string>;
  /** The body as sent (still encoded). */
  readonly encoded: string;
  /** The body decoded to text. */
  readonly body: string;
}

export interface ReadMessage {
  /** The header block as sent, folded lines included. */
  readonly head: string;
  /** Every header field in order, unfolded, name lower-cased. */
  readonly fields: readonly (readonly [string, string])[];
  header(name: string): string | undefined;
  readonly parts: readonly MessagePart[];
  part(contentType: string): MessagePart;
}

export function decodeQuotedPrintable(encoded: string): string {
  const bytes: number[] = [];
  const text = encoded.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x3d) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) throw new Error(`bad quoted-printable escape "=${hex}"`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      if (char > 0x7e) throw new Error('unencoded 8-bit character in a quoted-printable body');
      bytes.push(char);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes `=?UTF-8?Q?…?=` and `=?UTF-8?B?…?=` words, joining adjacent ones. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(
            text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/g, (m) => m.toUpperCase()),
          ),
    );
}

function splitHead(block: string): { head: string; body: string } {
  const end = block.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('no blank line after the headers');
  return { head: block.slice(0, end), body: block.slice(end + 4) };
}

function parseFields(head: string): [string, string][] {
  return head
    .replace(/\r\n[ \t]/g, ' ')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon < 1) throw new Error(`not a header field: ${JSON.stringify(line)}`);
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
}

function readPart(block: string): MessagePart {
  const { head, body } = splitHead(block);
  const headers = new Map(parseFields(head));
  const encoding = headers.get('content-transfer-encoding');
  if (encoding !== 'quoted-printable') throw new Error(`unexpected transfer encoding ${encoding}`);
  return { headers, encoded: body, body: decodeQuotedPrintable(body) };
}

export function readMessage(raw: Uint8Array): ReadMessage {
  const message = Buffer.from(raw).toString('latin1');
  if (/[^\r]\n|\r[^\n]/.test(message)) throw new Error('a line does not end with CRLF');
  const { head, body } = splitHead(message);
  const fields = parseFields(head);
  const header = (name: string) => fields.find(([key]) => key === name.toLowerCase())?.[1];
  const boundary = /boundary="?([^";]+)"?/.exec(header('content-type') ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((block) => readPart(block.replace(/^\r\n/, '').replace(/\r\n$/, '')))
    : [readPart(`${fields.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`)];
  return {
    head,
    fields,
    header,
    parts,
    part(contentType) {
      const found = parts.find((p) => p.headers.get('content-type')?.startsWith(contentType));
      if (!found) throw new Error(`no ${contentType} part`);
      return found;
    },
  };
}
