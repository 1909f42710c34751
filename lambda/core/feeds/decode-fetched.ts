import { isUtf8 } from 'node:buffer';
import { getEncoding, ResultType, Sniffer } from 'encoding-sniffer/sniffer';
import { decodeAs } from '../decode-text';
import { FetchError } from '../errors';
import type { WebResponse } from './types';

type Fetched = Extract<WebResponse, { status: 'ok' }>;

/** What the document itself says it is in (a BOM, `<meta charset>`, `<?xml … encoding?>`). */
function declaredEncoding(body: Uint8Array): string | undefined {
  const sniffer = new Sniffer({ defaultEncoding: 'utf-8' });
  sniffer.write(body);
  return sniffer.resultType === ResultType.DEFAULT ? undefined : sniffer.encoding;
}

/**
 * The encoding a browser would pick (the WHATWG encoding sniffing algorithm): a byte order mark,
 * else the Content-Type's charset, else the document's own declaration, else UTF-8. Servers label
 * every file alike, whatever it holds (UTF-8 by default now, ISO-8859-1 on old Apaches): when
 * that label and the document's declaration disagree and one of them is UTF-8, the bytes decide,
 * as feed readers do. Only UTF-8 can be told from bytes; no Latin-1 text reads as valid UTF-8.
 */
function encodingOf(response: Fetched): string {
  const encoding = getEncoding(response.body, {
    ...(response.charset ? { transportLayerEncodingLabel: response.charset } : {}),
    defaultEncoding: 'utf-8',
  });
  const declared = declaredEncoding(response.body);
  if (declared === undefined || declared === encoding) return encoding;
  if (encoding !== 'UTF-8' && declared !== 'UTF-8') return encoding;
  if (isUtf8(response.body)) return 'UTF-8';
  return encoding === 'UTF-8' ? declared : encoding;
}

/**
 * A fetched page's or feed's text, decoded in the encoding it is in (encodingOf). Decoding
 * everything as UTF-8 would turn every accented letter of a Windows-1252 or Shift_JIS page
 * into "�".
 */
export function decodeFetched(response: Fetched): string {
  const encoding = encodingOf(response);
  try {
    return decodeAs(response.body, encoding);
  } catch (error) {
    // An encoding Node.js has no decoder for (x-user-defined): say so rather than guess.
    throw new FetchError(response.url, `is in an encoding that cannot be read (${encoding})`, {
      cause: error,
    });
  }
}
