/**
 * How long a piece of text is, in words, and how to cut it to a number of words: white space
 * separates words in most scripts; in those written without spaces (Chinese, Japanese, Thai) the
 * words are the ones ICU's dictionary finds (`Intl.Segmenter`), so a paragraph of Chinese is not
 * counted as one word.
 */

/** Scripts written without spaces between words. */
export const SCRIPT_WITHOUT_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * More characters than this per word is not prose but one long token (a URL, a hash, a pasted
 * blob): a cut to a number of words cuts to this many characters per word too.
 */
const MAX_CHARACTERS_PER_WORD = 12;

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

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
  let cut = text.slice(0, Math.min(end, maxCharacters));
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s\p{P}]+$/u, '')}…`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters become spaces
const BLANKS = /[\s\u0000-\u001f\u007f-\u009f]+/g;

/** The text on one line: runs of white space and control characters become one space. */
export function singleLine(text: string): string {
  return text.replace(BLANKS, ' ').trim();
}
