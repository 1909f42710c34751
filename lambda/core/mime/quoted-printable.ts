import { encode, wrap } from 'nodemailer/lib/qp';

const LINE_END = /\r\n|\r|\n/g;
/** "From " opening a line (after a CRLF, or the run's start): only that "F" is encoded. */
const FROM_AT_LINE_START = /^From /gm;

/**
 * Encodes one run of a text body as quoted-printable lines that may be followed by another run:
 * the run's own line ends become CRLF, and unless it ends with one, a soft line break closes it,
 * so the next run starts on a fresh line. Runs encoded this way concatenate into a valid body,
 * which lets the parts shared by every recipient be encoded once per issue.
 *
 * No line starts with "From ": an mbox store writes such a line as ">From " (RFC 2049 §3), and
 * its reader then shows "From Monday, buses…" as ">From Monday, buses…". Its "F" is written
 * "=46", the same letter to every reader; the lines are wrapped two columns short for it.
 */
export function encodeQuotedPrintableRun(text: string, followed: boolean): Buffer {
  // One column is kept free for the closing soft break: no line may exceed 76 (RFC 2045).
  const width = (followed ? 75 : 76) - '=46'.length + 1;
  const encoded = wrap(encode(text.replace(LINE_END, '\r\n')), width).replace(
    FROM_AT_LINE_START,
    '=46rom ',
  );
  const open = followed && encoded !== '' && !encoded.endsWith('\r\n');
  return Buffer.from(open ? `${encoded}=\r\n` : encoded, 'latin1');
}
