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
