import { ValidationError } from '../errors';

/** The longest name a subscriber may give, on the sign-up form or in an imported CSV. */
const MAX_NAME_LENGTH = 100;

/**
 * What a name cannot hold: C0 and C1 controls (CR, LF, VT and NEL among them) and the Unicode
 * line and paragraph separators. A name goes into a header (the subscriber's in To, the list's
 * and the sender's in From) and the text of every issue; refused where it comes in, it cannot
 * make each later message fail.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const UNUSABLE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const UNUSABLE_IN_NAME_REASON = 'must be one line without control characters';

/**
 * A subscriber's name as given (the sign-up form's field, a CSV row's column): null when there
 * is none, else with runs of white space made one space. A ValidationError naming `name` when
 * it holds a control character or is longer than MAX_NAME_LENGTH.
 */
export function readSubscriberName(given: string | undefined): string | null {
  if (given === undefined) return null;
  if (UNUSABLE_IN_NAME.test(given)) throw new ValidationError('name', UNUSABLE_IN_NAME_REASON);
  const name = given.replace(/\s+/g, ' ').trim();
  if (name.length > MAX_NAME_LENGTH) {
    throw new ValidationError('name', `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return name === '' ? null : name;
}
