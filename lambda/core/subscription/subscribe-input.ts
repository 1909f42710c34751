import { ValidationError } from '../errors';
import { isBareAddress, normaliseEmail } from '../subscribers/email-address';
import { readSubscriberName } from '../subscribers/subscriber-name';
import type { BodyFields } from './request-body';
import { HONEYPOT_FIELD } from './sign-up-page';

/** What a sign-up asks for, validated. */
export interface SubscribeInput {
  readonly email: string;
  readonly name: string | null;
  /** Version of the consent text the person saw, when the form says. */
  readonly consentVersion?: string;
  /** Where the sign-up came from (e.g. "homepage-footer"), when the form says. */
  readonly source?: string;
  /** The honeypot field was filled in: a bot, whose sign-up is dropped. */
  readonly trapped: boolean;
}

/**
 * A source or consent version: letters (with their marks) and digits of any script, as a site in
 * Spanish or Japanese names its form (`página-principal`), spaces and . _ : / -; no bidi control
 * or other invisible character, nothing that reorders or hides text where it is shown.
 */
const LABEL = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} _.:/-]*$/u;
/** In UTF-16 units, as the sign-up queue's schema counts them. */
const MAX_LABEL_LENGTH = 64;
/** A UTF-16 surrogate that is not one of a pair (`u` mode reads a pair as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

function optionalString(field: string, values: readonly string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new ValidationError(field, 'is given more than once');
  const single = values[0] as string;
  // A form posted from a page in another encoding (windows-1252) arrives with U+FFFD where its
  // accented letters were, as the form parsers decode UTF-8: refused, or "Zoë" is stored as "Zo�".
  if (single.includes('\uFFFD')) {
    throw new ValidationError(
      field,
      'is not UTF-8 text (a character shows as "\uFFFD"): send the form as UTF-8, e.g. <form accept-charset="utf-8">',
    );
  }
  // Half a surrogate pair: JSON can carry one (a client cut its text inside an emoji), and it
  // has no UTF-8 form, so the name would reach every email as "\uFFFD".
  const lone = LONE_SURROGATE.exec(single)?.[0];
  if (lone !== undefined) {
    throw new ValidationError(
      field,
      `is not valid Unicode text: it holds half of a character (U+${lone.charCodeAt(0).toString(16).toUpperCase()}), as when text is cut inside an emoji`,
    );
  }
  const trimmed = single.trim();
  return trimmed === '' ? undefined : single;
}

function optionalLabel(field: string, value: readonly string[] | undefined): string | undefined {
  const label = optionalString(field, value)?.trim();
  if (label !== undefined && !(label.length <= MAX_LABEL_LENGTH && LABEL.test(label))) {
    throw new ValidationError(
      field,
      `must be up to ${MAX_LABEL_LENGTH} letters, digits, spaces and . _ : / -`,
    );
  }
  return label;
}

/**
 * The sign-up's address. In a urlencoded body a + stands for a space, so a client that does not
 * encode it (`curl -d email=mia+news@example.com`) sends "mia news@example.com": no address holds
 * a space, and one that is an address with + in its place is named, with how to send it.
 */
function readAddress(email: string, urlencoded: boolean): string {
  try {
    return normaliseEmail(email, 'email');
  } catch (error) {
    const plussed = email.trim().replaceAll(' ', '+');
    if (!urlencoded || plussed === email.trim() || !isBareAddress(plussed)) throw error;
    throw new ValidationError(
      'email',
      `holds a space: in a urlencoded form a + stands for a space, so send ${plussed} with its + as %2B`,
      { cause: error },
    );
  }
}

/** A control character, or the "�" that stands for bytes that are not UTF-8. */
const UNREADABLE = /[\p{Cc}\uFFFD]/u;

/** Fields named in a refusal, and the characters of each. */
const NAMED_FIELDS = 5;
const NAME_SHOWN = 40;

/**
 * Why a sign-up has no address: none was typed, or the request names its fields otherwise, as a
 * form copied from another service does (Mailchimp's sends EMAIL): those names are listed.
 */
function missingAddress(names: readonly string[]): string {
  // Bytes that are no text (an upload labelled a form) name no fields worth showing.
  const readable = names.filter((name) => !UNREADABLE.test(name));
  if (readable.length === 0 || names.includes('email')) return 'is required';
  const shown = readable
    .slice(0, NAMED_FIELDS)
    .map((name) => (name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN)}…` : name));
  const rest = readable.length - shown.length;
  const last = rest > 0 ? `${rest} more` : shown.pop();
  const list = shown.length > 0 ? `${shown.join(', ')} and ${last}` : last;
  return `is required, and the request has no field named email (it has ${list}): name the address field email`;
}

/**
 * Validates a sign-up: the address with an RFC 5322 parser (at most 254 characters, no CR/LF),
 * an optional one-line name, optional consent version and source labels, and the honeypot.
 */
export function parseSubscribeInput(field: BodyFields, urlencoded: boolean): SubscribeInput {
  const email = optionalString('email', field('email'));
  if (email === undefined) throw new ValidationError('email', missingAddress(field.names));
  const normalised = readAddress(email, urlencoded);

  const name = readSubscriberName(optionalString('name', field('name')));

  const consentVersion = optionalLabel('consentVersion', field('consentVersion'));
  const source = optionalLabel('source', field('source'));
  const honeypot = field(HONEYPOT_FIELD);
  const trapped = honeypot?.some((value) => value !== '') ?? false;
  return {
    email: normalised,
    name,
    trapped,
    ...(consentVersion === undefined ? {} : { consentVersion }),
    ...(source === undefined ? {} : { source }),
  };
}
