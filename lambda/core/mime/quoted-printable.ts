import { encode, wrap } from 'nodemailer/lib/qp';

const LINE_END = /\r\n|\r|\n/g;

/**
 * Encodes one run of a text body as quoted-printable lines that may be followed by another run:
 * the run's own line ends become CRLF, and unless it ends with one, a soft line break closes it,
 * so the next run starts on a fresh line. Runs encoded this way concatenate into a valid body,
 * which lets the parts shared by every recipient be encoded once per issue.
 */
export function encodeQuotedPrintableRun(text: string, followed: boolean): Buffer {
  // One column is kept free for the closing soft break: no line may exceed 76 (RFC 2045).
  const encoded = wrap(encode(text.replace(LINE_END, '\r\n')), followed ? 75 : 76);
  const open = followed && encoded !== '' && !encoded.endsWith('\r\n');
  return Buffer.from(open ? `${encoded}=\r\n` : encoded, 'latin1');
}
