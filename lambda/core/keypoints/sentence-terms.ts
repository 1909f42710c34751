import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stop-words';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * The content terms of a sentence: lower-cased words without stop words or possessive endings,
 * Porter-stemmed so that "meeting" and "meetings" count as one term.
 */
export function sentenceTerms(sentence: string): string[] {
  const terms: string[] = [];
  for (const [match] of sentence.toLowerCase().matchAll(WORD)) {
    const word = match.replace('’', "'").replace(/'(?:s|d|ll|re|ve|m)$/, '');
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    terms.push(stemmer(word));
  }
  return terms;
}
