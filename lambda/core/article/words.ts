/**
 * How long a piece of text is, in words, and how to cut it to a number of words: white space
 * separates words in most scripts; in those written without spaces (Chinese, Japanese, Thai, Khmer…) the
 * words are the ones ICU's dictionary finds (`Intl.Segmenter`), so a paragraph of Chinese is not
 * counted as one word.
 */

/**
 * Scripts written without spaces between words: Khmer, Lao and Burmese, like Thai, set one
 * between phrases (a Khmer sentence of three was three words, too few to be a key point).
 */
export const SCRIPT_WITHOUT_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * More characters than this per word is not prose but one long token (a URL, a hash, a pasted
 * blob): a cut to a number of words cuts to this many characters per word too.
 */
const MAX_CHARACTERS_PER_WORD = 12;

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest start of `text` of at most `max` UTF-16 code units that splits no character as a
 * reader sees it (a grapheme cluster): an emoji sequence (👨‍👩‍👧‍👦, a flag), a letter and its
 * marks, an Indic conjunct. Half of one shows as a wrong emoji, a lone box or a misspelt word.
 */
export function sliceCharacters(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  // Whether a character ends at `max` depends on the one after it (two code units at most): the
  // segmenter is given no more, as it prepares all it is given (a 4.9 MB lead took seconds).
  for (const { segment, index } of graphemeSegmenter.segment(text.slice(0, max + 2))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/**
 * Where the last word of `text` starts, for a cut between words: after its last space, or, in a
 * script written without spaces, at the last word ICU's dictionary finds. 0 when there is none.
 */
export function lastWordStart(text: string): number {
  const space = text.lastIndexOf(' ');
  if (space > 0 || !SCRIPT_WITHOUT_SPACES.test(text)) return Math.max(space, 0);
  let start = 0;
  for (const { index, isWordLike } of wordSegmenter.segment(text)) {
    if (isWordLike) start = index;
  }
  return start;
}

/**
 * The first `count` words of `text` as ICU's dictionary finds them (in Thai "โดย|เฉพาะ|การ"); only
 * its start is segmented.
 */
export function firstWords(text: string, count: number): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.slice(0, count * 16))) {
    if (!isWordLike) continue;
    if (words.push(segment) === count) break;
  }
  return words;
}

/** The end (exclusive) of each word, in order. */
function* wordEnds(text: string): Generator<number> {
  if (SCRIPT_WITHOUT_SPACES.test(text)) {
    for (const { segment, index, isWordLike } of wordSegmenter.segment(text)) {
      if (isWordLike) yield index + segment.length;
    }
    return;
  }
  for (const match of text.matchAll(/\S+/g)) yield match.index + match[0].length;
}

export function countWords(text: string): number {
  let count = 0;
  for (const _ of wordEnds(text)) count++;
  return count;
}

/** More than `max` words, or more characters than `max` words of prose would take. */
export function exceedsWords(text: string, max: number): boolean {
  return text.length > max * MAX_CHARACTERS_PER_WORD || countWords(text) > max;
}

/**
 * The text when it has at most `max` words (and MAX_CHARACTERS_PER_WORD × `max` characters);
 * otherwise its first `max` words, trailing punctuation dropped, and an ellipsis.
 */
export function cutToWords(text: string, max: number): string {
  const maxCharacters = max * MAX_CHARACTERS_PER_WORD;
  let words = 0;
  let end = text.length;
  for (const wordEnd of wordEnds(text)) {
    if (++words > max) break;
    end = wordEnd;
  }
  if (words <= max && text.length <= maxCharacters) return text;
  const cut = withoutCutUrl(sliceCharacters(text.slice(0, end), maxCharacters), text);
  return `${cut.replace(/[\s\p{P}]+$/u, '')}…`;
}

/** Where a URL starts (`http://`, `https://`, `www.`): literals, so the search is linear. */
const URL_START = /https?:\/\/|www\./i;
/** A character a URL written in text is made of: printable ASCII, no space. */
const URL_CHARACTER = /[\x21-\x7e]/;

/**
 * `cut` (a start of `text`) without the URL it ends inside, `https:` included: half a URL is an
 * address that goes nowhere. A URL the text starts with stays cut, or nothing would be left.
 */
function withoutCutUrl(cut: string, text: string): string {
  if (!URL_CHARACTER.test(text.charAt(cut.length))) return cut;
  // The run of URL characters the cut ends in, with what could finish "https://" after it.
  let run = cut.length;
  while (run > 0 && URL_CHARACTER.test(cut.charAt(run - 1))) run--;
  const url = run + text.slice(run, cut.length + 'https://'.length).search(URL_START);
  return url < run || url === 0 || url >= cut.length ? cut : cut.slice(0, url);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters become spaces
const BLANKS = /[\s\u0000-\u001f\u007f-\u009f]+/g;

const NO_BREAK_SPACES = /^[\u00A0\u202F]+$/;

/**
 * The text on one line: runs of white space and control characters become one space, but a
 * no-break space stays one (French sets it before its marks: "Grève : le trafic…").
 */
export function singleLine(text: string): string {
  return text.replace(BLANKS, (run) => (NO_BREAK_SPACES.test(run) ? run : ' ')).trim();
}

/**
 * `text` without the characters `edge` matches (tested one at a time) at either end: a loop, not
 * a regex anchored at `$`, so linear however long the runs.
 */
export function trimEnds(text: string, edge: RegExp): string {
  let start = 0;
  let end = text.length;
  while (start < end && edge.test(text.charAt(start))) start++;
  while (end > start && edge.test(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Text made of nothing a reader sees: white space, controls, format characters (a zero width
 * space, bidi marks, a word joiner, a soft hyphen) and the blank letters that fill a name field
 * (the Hangul fillers, the braille blank).
 */
const SHOWS_NOTHING = /^[\s\p{Cc}\p{Cf}\p{Z}\u115F\u1160\u2800\u3164\uFFA0]*$/u;

/** Whether a title (or any text) would show as blank: a subject line of it looks empty. */
export function showsNothing(text: string): boolean {
  return SHOWS_NOTHING.test(text);
}
