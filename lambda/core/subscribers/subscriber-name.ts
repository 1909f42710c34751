import { ValidationError } from '../errors';

/** The longest name a subscriber may give, on the sign-up form or in an imported CSV. */
const MAX_NAME_LENGTH = 100;

/**
 * What a name cannot hold: C0 and C1 controls (CR, LF, VT and NEL among them) and the Unicode
 * line and paragraph separators. A name goes into the To header and the greeting of every
 * issue; refused where it comes in, it cannot make each later message to that subscriber fail.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNUSABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A subscriber's name as given (the sign-up form's field, a CSV row's column): null when there
 * is none, else with runs of white space made one space. A ValidationError naming `name` when
 * it holds a control character or is longer than MAX_NAME_LENGTH.
 */
export function readSubscriberName(given: string | undefined): string | null {
  if (given === undefined) return null;
  if (UNUSABLE.test(given)) {
    throw new ValidationError('name', 'must be one line without control characters');
  }
  const name = given.replace(/\s+/g, ' ').trim();
  if (name.length > MAX_NAME_LENGTH) {
    throw new ValidationError('name', `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return name === '' ? null : name;
}
