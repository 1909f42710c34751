/**
 * The language an article declares (`<html lang="fr">`, `lang: pt-BR` in front matter), so the
 * email marks its text with it and a screen reader reads it with the right voice. An article that
 * declares none (plain text) is left to the page's own language.
 */

/** A primary language of two or three letters, then subtags: "fr", "pt-BR", "zh-Hant-TW". */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z\d]{1,8})*$/i;

/**
 * The canonical form of a language tag ("en_us" → "en-US"), or undefined when the value is not
 * one ("english", "fr!").
 */
export function languageTag(value: string | null | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, '-');
  if (tag === undefined || !LANGUAGE_TAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Words that French, Italian or Portuguese write and the other two do not: "les", "della", "não".
 * French "il" and "mais" are Italian's "the" and Portuguese's "more", and so count for none: a
 * short French text opening its sentences on "Il" was read as Italian.
 */
const ROMANCE_WORDS: readonly (readonly [string, ReadonlySet<string>])[] = [
  [
    'fr',
    new Set('les des du est une dans pour pas et avec aux sont ont cette été leur'.split(' ')),
  ],
  [
    'it',
    new Set('della delle degli dello nel nella alla alle che per sono gli è anche dei'.split(' ')),
  ],
  ['pt', new Set('não uma para com dos das pelo pela são foi também ao em os'.split(' '))],
];
/** Enough of a text to tell the three apart, and fewer hits than this tell nothing. */
export const ROMANCE_SAMPLE = 20_000;
const MIN_ROMANCE_WORDS = 3;

/**
 * French, Italian or Portuguese, for a text that declares no language (plain text, Markdown
 * without front matter), by the words only one of them writes; undefined when it reads as none.
 */
export function romanceLanguageOf(text: string): string | undefined {
  const counts = ROMANCE_WORDS.map(() => 0);
  for (const [word] of text
    .slice(0, ROMANCE_SAMPLE)
    .toLowerCase()
    .matchAll(/\p{L}+/gu)) {
    ROMANCE_WORDS.forEach(([, words], at) => {
      if (words.has(word)) counts[at] = (counts[at] ?? 0) + 1;
    });
  }
  const most = Math.max(...counts);
  const at = counts.indexOf(most);
  const tied = counts.filter((count) => count === most).length > 1;
  return most < MIN_ROMANCE_WORDS || tied ? undefined : ROMANCE_WORDS[at]?.[0];
}
