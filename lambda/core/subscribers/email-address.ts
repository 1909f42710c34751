/**
 * The one address validator: the API, the import and the mailer all run it before anything is
 * written or sent, so an address accepted in one place is never refused later in another.
 *
 * It accepts RFC 5321's practical subset: a dot-atom local part of printable ASCII (no quoted
 * strings, comments, spaces or control characters) and a domain of DNS labels. Internationalised
 * domains are accepted and stored in their ASCII (punycode) form; a non-ASCII local part is
 * refused on purpose, because it needs SMTPUTF8, which Amazon SES does not offer.
 */
import { domainToASCII } from 'node:url';
import { trimEnds } from '../article/words';
import { ValidationError } from '../errors';

/** RFC 5321's limit on a forward path; longer addresses cannot be delivered. */
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** RFC 5322 atext, joined by single dots (dot-atom). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/**
 * An ASCII character no domain name holds. The domain is read by the URL standard's host parser,
 * which ends a host at '/', '?', '#' or '\\' and decodes '%XX', so `ada@example.com/x` read as
 * `example.com` and `exa%6dple.com` as `example.com`: another address than the one given.
 * Other characters are IDNA's to map or refuse.
 */
const NOT_IN_DOMAIN = /[^A-Za-z0-9.\-\u0080-\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Whitespace, and the invisible formatting characters (Unicode's Cf: direction marks and
 * isolates, zero width space, soft hyphen, word joiner) that an address copied from a page, a
 * chat or a right-to-left text brings along. None can be part of a mailbox's name.
 */
const INVISIBLE = /^[\s\p{Cf}]$/u;
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** The fullwidth forms of ASCII's printable characters (U+FF01–U+FF5E), `＠` among them. */
const FULLWIDTH = /[\uff01-\uff5e]/g;
const FULLWIDTH_OFFSET = 0xfee0;

/**
 * `text` with fullwidth letters, digits and signs as the ASCII they stand for: a Japanese or
 * Chinese input method left in fullwidth mode types `ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ`. IDNA maps a
 * domain's so already; the local part and the @ need it too.
 */
function asciiOfFullwidth(text: string): string {
  return text.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - FULLWIDTH_OFFSET));
}

/**
 * Checks a bare address and returns it normalised: trimmed, domain lower-cased and in ASCII (the
 * local part is case-sensitive by the standard, so it is kept) without a root dot at its end,
 * fullwidth ASCII read as ASCII.
 * Invisible formatting characters are dropped around the address and before the @ (the domain's
 * are IDNA's to decide: a zero width non-joiner spells another name in Persian). `where` names
 * the field or CSV line in the error message.
 */
export function normaliseEmail(raw: string, where = 'email'): string {
  const input = asciiOfFullwidth(trimEnds(raw, INVISIBLE));
  const refuse = (reason: string) => new ValidationError(where, reason);
  if (input === '') throw refuse('is empty');
  if (/[\r\n]/.test(input)) throw refuse('contains a line break');
  if (CONTROL.test(input)) throw refuse('contains a control character');
  if (input.length > MAX_EMAIL_LENGTH) {
    throw refuse(`is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  const at = input.lastIndexOf('@');
  const local = input.slice(0, at).replace(FORMAT_CHARACTERS, '');
  const rawDomain = input.slice(at + 1);
  if (at < 1 || rawDomain === '') {
    throw refuse('is not a valid email address (expected name@example.com)');
  }
  if (rawDomain.startsWith('[')) {
    throw refuse('uses an IP-address domain, which cannot receive newsletters');
  }
  // A space of another script (no-break, ideographic) is refused below as spaces are.
  if (/[^\u0020-\u007e\s]/.test(local)) {
    throw refuse(
      'has non-ASCII characters before the @, which need SMTPUTF8; Amazon SES cannot deliver to it',
    );
  }
  if (!LOCAL_PART.test(local) || local.length > MAX_LOCAL_LENGTH) {
    const unwrapped = unwrapCopiedAddress(input);
    if (unwrapped)
      throw refuse(`is not a valid email address: write the address alone, ${unwrapped}`);
    throw refuse(
      `is not a valid email address: the part before the @ must be up to ${MAX_LOCAL_LENGTH} letters, digits and ! # $ % & ' * + / = ? ^ _ \` { | } ~ - with single dots between them (no quotes, spaces or commas)`,
    );
  }
  // `example.com.` is DNS's absolute form of `example.com` (RFC 1034), the same domain; a mailbox
  // is written without the root's dot (RFC 5321), so one is dropped, and only one.
  const domain = NOT_IN_DOMAIN.test(rawDomain)
    ? ''
    : domainToASCII(rawDomain.toLowerCase()).replace(/\.$/, '');
  const labels = domain.split('.');
  if (
    domain === '' ||
    domain.length > 253 ||
    labels.length < 2 ||
    !labels.every((label) => LABEL.test(label)) ||
    !TOP_LEVEL.test(labels.at(-1) ?? '')
  ) {
    throw refuse(`is not a valid email address: ${rawDomain} is not a domain name`);
  }
  const address = `${local}@${domain}`;
  if (address.length > MAX_EMAIL_LENGTH) {
    throw refuse(`is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  return address;
}

/**
 * How to write an address a mail client copied with what is around it (`Ada <ada@example.com>`,
 * a `mailto:` link's target), or undefined when it is not one such: the address itself is named,
 * as the form's "is not a valid address" alone leaves a person guessing which part is wrong.
 */
function unwrapCopiedAddress(input: string): string | undefined {
  const { address } = unwrapAddress(input);
  if (address === input || !isBareAddress(address)) return undefined;
  return input.endsWith('>')
    ? `without the name and <> around it (${address})`
    : `without mailto: before it (${address})`;
}

/**
 * The address in a cell or field written as mail clients copy one: with a display name in front
 * of it in angle brackets (`Ana Lima <ana@example.com>`), or as a `mailto:` link. The display
 * name is returned for a subscribers CSV's rows without a name. Found by the last `<`, not by a
 * pattern: `(.*?)\s*<` took time quadratic in a run of spaces.
 */
export function unwrapAddress(cell: string): { address: string; displayName?: string } {
  let address = cell.trim();
  let displayName: string | undefined;
  const open = address.lastIndexOf('<');
  if (open >= 0 && address.endsWith('>') && !address.slice(open + 1, -1).includes('>')) {
    displayName =
      address
        .slice(0, open)
        .trim()
        .replace(/^"(.*)"$/s, '$1') || undefined;
    address = address.slice(open + 1, -1).trim();
  }
  address = address.replace(/^mailto:/i, '');
  return displayName === undefined ? { address } : { address, displayName };
}

/** Whether normaliseEmail takes `text`. */
export function isBareAddress(text: string): boolean {
  try {
    normaliseEmail(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why `address` is not one bare address written as normaliseEmail writes it (case aside), or
 * undefined: the check for an address the list mails from or to (the sender, the reply address,
 * a recipient), which must go into a header as given.
 */
export function addressAsWrittenProblem(address: string): string | undefined {
  let normalised: string;
  try {
    normalised = normaliseEmail(address, 'address');
  } catch (error) {
    if (error instanceof ValidationError) return error.reason;
    throw error;
  }
  return normalised.toLowerCase() === address.toLowerCase()
    ? undefined
    : `must be written as ${normalised} (nothing around it, an international domain in its xn-- form)`;
}

/** Providers that ignore dots in the local part, and the domain each one is known by. */
const DOTS_IGNORED: Readonly<Record<string, string>> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
};

/**
 * The mailbox an address delivers to, as far as it can be told from outside: lower-cased, the
 * `+tag` dropped on every domain, and dots dropped where the provider ignores them (Gmail).
 * `J.Doe+1@gmail.com`, `jdoe+2@googlemail.com` and `jdoe@gmail.com` are one mailbox. Used for
 * limits only: the address itself is kept and mailed as it was given.
 */
export function mailboxOf(normalisedEmail: string): string {
  const at = normalisedEmail.lastIndexOf('@');
  const domain = normalisedEmail.slice(at + 1).toLowerCase();
  let local = normalisedEmail.slice(0, at).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const canonical = DOTS_IGNORED[domain];
  if (canonical) return `${local.replaceAll('.', '')}@${canonical}`;
  return `${local}@${domain}`;
}
