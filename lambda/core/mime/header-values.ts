import { encodeWord, quoteString } from 'nodemailer/lib/mime-funcs';
import { ValidationError } from '../errors';
import { addressAsWrittenProblem } from '../subscribers/email-address';

/** A person or role in an address header. `name` is shown by mail clients; it is always encoded. */
export interface Mailbox {
  readonly address: string;
  readonly name?: string | null;
}

/**
 * RFC 5322's hard limit is 998 octets a line; leave room for the field name. Header values are
 * folded at their spaces, so this bounds a run without a space, the most one line must hold.
 */
const MAX_HEADER_RUN_LENGTH = 900;

const LINE_BREAK = /[\r\n]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Refuses a line break (the way to inject a header) or any other control character. */
export function assertHeaderText(where: string, value: string): void {
  if (LINE_BREAK.test(value)) {
    throw new ValidationError(
      where,
      'contains a line break (CR or LF), which is not allowed in a header',
    );
  }
  if (CONTROL.test(value)) throw new ValidationError(where, 'contains a control character');
}

/**
 * Checks a value that goes into a header as given (a URL, the list fields): printable ASCII
 * only, and no run without a space longer than one header line holds.
 */
export function assertAsciiHeaderValue(where: string, value: string): void {
  assertHeaderText(where, value);
  if (!PRINTABLE_ASCII.test(value)) {
    throw new ValidationError(where, 'must be printable ASCII (percent-encode other characters)');
  }
  if (value.split(' ').some((run) => run.length > MAX_HEADER_RUN_LENGTH)) {
    throw new ValidationError(
      where,
      `has more than ${MAX_HEADER_RUN_LENGTH} characters without a space, more than a header line holds`,
    );
  }
}

/**
 * Checks that `address` is one bare address the list can mail (normaliseEmail, the validator the
 * API and the import use too), written as it normalises (an international domain in its xn--
 * form).
 */
function assertAddress(where: string, address: string): void {
  assertHeaderText(where, address);
  const problem = addressAsWrittenProblem(address);
  if (problem !== undefined) throw new ValidationError(where, problem);
}

/** Checks a mailbox: its address, and a display name that cannot break out of its header. */
export function assertMailbox(where: string, mailbox: Mailbox): void {
  assertAddress(`${where} address`, mailbox.address);
  if (mailbox.name != null) assertHeaderText(`${where} name`, mailbox.name);
}

/**
 * Text a mail client reads as an RFC 2047 encoded word (`=?UTF-8?B?…?=`). Clients decode one
 * wherever it stands, in quotes too (which RFC 2047 forbids), and mailparser's libmime across a
 * space as well (`=?utf-8?Q?a b?=`), so a value that only quotes one (an article about email, a
 * name typed that way) is encoded whole to be shown as written. No part holds a `?`, so the
 * search never backtracks.
 */
export const ENCODED_WORD = /=\?[^?]*\?[bq]\?[^?]*\?=/i;

/** RFC 5322 atoms (atext) apart by single spaces: a phrase that needs no quotes. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?: [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The longest run without a space a header value is written with: an encoded word's length,
 * which leaves room for `Reply-To: ` on a 78-character line. A longer run is written as encoded
 * words, which can be cut.
 */
const LONG_RUN = /[^ ]{53}/;

/**
 * Whether header text must go as encoded words whatever its characters: it is shaped like one
 * (a reader would decode it), or it has a run without a space longer than a line can fold.
 */
export function needsEncodedWords(text: string): boolean {
  return ENCODED_WORD.test(text) || LONG_RUN.test(text);
}

/** Space a reader may drop or merge outside an encoded word (RFC 5322 folding white space). */
const LOOSE_SPACE = /^ | $| {2}/;

/** Q when Latin letters outnumber the rest (readable, and shorter), B otherwise (CJK, emoji). */
function textEncodingOf(value: string): 'Q' | 'B' {
  const latin = value.match(/[A-Za-z]/g)?.length ?? 0;
  const other = value.match(/[\u0080-\uffff]/g)?.length ?? 0;
  return other < latin ? 'Q' : 'B';
}

/**
 * A display name as an address field (From, To, Reply-To) or List-Id holds it (an RFC 5322
 * phrase): plain atoms as they are; other printable ASCII as a quoted string; anything else
 * (non-ASCII text, a tab, spaces around it or two in a row, which readers merge outside an encoded
 * word, a run too long for a line, text shaped like an encoded word) as RFC 2047 encoded words of
 * at most 52 characters, apart by spaces, where the field's line is folded.
 */
export function encodePhrase(phrase: string): string {
  if (!(needsEncodedWords(phrase) || LOOSE_SPACE.test(phrase))) {
    if (ATOMS.test(phrase)) return phrase;
    if (PRINTABLE_ASCII.test(phrase)) {
      const quoted = quoteString(phrase);
      if (!LONG_RUN.test(quoted)) return quoted;
    }
  }
  return encodeWord(phrase, textEncodingOf(phrase), 52);
}

/** A mailbox as an address header holds it: `Name <address>`, or the bare address. */
export function formatMailbox(mailbox: Mailbox): string {
  return mailbox.name ? `${encodePhrase(mailbox.name)} <${mailbox.address}>` : mailbox.address;
}
