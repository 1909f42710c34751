import { getEncoding } from 'encoding-sniffer/sniffer';
import { decodeAs } from '../decode-text';
import { FetchError } from '../errors';
import type { WebResponse } from './types';

/**
 * A fetched page's or feed's text, decoded as a browser would (the WHATWG encoding sniffing
 * algorithm): a byte order mark, else the Content-Type's charset, else the document's own
 * declaration (`<meta charset>`, `<?xml … encoding?>`), else UTF-8. Decoding everything as UTF-8
 * would turn every accented letter of a Windows-1252 or Shift_JIS page into "�".
 */
export function decodeFetched(response: Extract<WebResponse, { status: 'ok' }>): string {
  const encoding = getEncoding(response.body, {
    ...(response.charset ? { transportLayerEncodingLabel: response.charset } : {}),
    defaultEncoding: 'utf-8',
  });
  try {
    return decodeAs(response.body, encoding);
  } catch (error) {
    // An encoding Node.js has no decoder for (x-user-defined): say so rather than guess.
    throw new FetchError(response.url, `is in an encoding that cannot be read (${encoding})`, {
      cause: error,
    });
  }
}
