import { showsNothing } from '../article/words';
import { ValidationError } from '../errors';

/** The longest name a subscriber may give, on the sign-up form or in an imported CSV. */
const MAX_NAME_LENGTH = 100;

/**
 * What a name cannot hold. C0 and C1 controls (CR, LF, VT and NEL among them) and the Unicode
 * line and paragraph separators: a name goes into a header (the subscriber's in To, the list's
 * and the sender's in From) and the text of every issue; refused where it comes in, it cannot
 * make each later message fail. And the invisible format characters (\p{Cf}): the bidi
 * embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 * U+061C) reorder the text around them, so a name could garble `subscribers list` or make
 * "Hi {name}" read as something else; the soft hyphen, word joiner, byte order mark and the like
 * only hide text. Kept: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, which names in
 * Persian and the Indic scripts and emoji sequences need, and U+180E MONGOLIAN VOWEL SEPARATOR,
 * part of the spelling of names in the Mongolian script.
 */
const UNUSABLE_IN_NAME = /[\p{Cc}\u2028\u2029]|(?!\u200C|\u200D|\u180E)\p{Cf}/u;

/**
 * An emoji tag sequence (the flags of England, Scotland and Wales: a black flag, tag letters,
 * a cancel tag): the only place a tag character (\p{Cf}) belongs in a name.
 */
const EMOJI_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

/** How a character nobody can see is named: "U+202E". */
function codePointOf(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What showInvisibleInName escapes, an emoji tag sequence first so that it is kept whole. */
const SHOWN_ESCAPED = new RegExp(`(${EMOJI_TAG_SEQUENCE.source})|${UNUSABLE_IN_NAME.source}`, 'gu');

/**
 * A stored name as a terminal should show it: each character a name cannot hold now
 * (unusableInName) written as `<U+202E>`. Names stored before they were refused may hold bidi
 * controls, which would reorder the rest of a table's line, or invisible characters, which would
 * hide that two names differ. Only for display: exports keep the name as stored.
 */
export function showInvisibleInName(name: string): string {
  return name.replace(SHOWN_ESCAPED, (found, emojiTags: string | undefined) => {
    return emojiTags !== undefined ? found : `<${codePointOf(found)}>`;
  });
}

const UNUSABLE_IN_NAME_RULE =
  'must be one line without control characters or invisible formatting characters such as bidi controls';

/**
 * Why `text` cannot be a name (a subscriber's, the list's, the sender's), naming the first
 * character that cannot be in one, as it is invisible; undefined when it can.
 */
export function unusableInName(text: string): string | undefined {
  const found = UNUSABLE_IN_NAME.exec(text.replace(EMOJI_TAG_SEQUENCE, ''))?.[0];
  if (found === undefined) return undefined;
  return `${UNUSABLE_IN_NAME_RULE}; it holds ${codePointOf(found)}`;
}

/**
 * A subscriber's name as given (the sign-up form's field, a CSV row's column): null when there
 * is none or it shows nothing (a lone joiner, a Hangul filler: every issue would greet "Hi ,"),
 * else with runs of white space made one space. A ValidationError naming `name` when
 * it holds a control or invisible formatting character (unusableInName) or is longer than
 * MAX_NAME_LENGTH.
 */
export function readSubscriberName(given: string | undefined): string | null {
  if (given === undefined) return null;
  const unusable = unusableInName(given);
  if (unusable !== undefined) throw new ValidationError('name', unusable);
  const name = given.replace(/\s+/g, ' ').trim();
  if (name.length > MAX_NAME_LENGTH) {
    throw new ValidationError('name', `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return showsNothing(name) ? null : name;
}
