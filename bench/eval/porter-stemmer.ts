import { stemmer } from 'stemmer';

/**
 * Porter stemming as rouge_score does it: nltk's PorterStemmer in its default NLTK_EXTENSIONS
 * mode. The `stemmer` package implements Porter's original algorithm; nltk departs from it in a
 * handful of rules, and the departures collide stems that ROUGE then counts as matches ("used"
 * and "us", "news" and "new", "ones" and "on"). Each correction below is one nltk rule, applied
 * to the original algorithm's output.
 */

/** nltk's table of irregular forms. */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  Object.entries({
    sky: 'sky',
    skies: 'sky',
    dying: 'die',
    lying: 'lie',
    tying: 'tie',
    news: 'news',
    innings: 'inning',
    inning: 'inning',
    outings: 'outing',
    outing: 'outing',
    cannings: 'canning',
    canning: 'canning',
    howe: 'howe',
    proceed: 'proceed',
    exceed: 'exceed',
    succeed: 'succeed',
  }),
);

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (letter === undefined || 'aeiou'.includes(letter)) return false;
  return letter !== 'y' || index === 0 || !isConsonant(word, index - 1);
}

/** Porter's m: the number of vowel–consonant sequences in a stem. */
function measure(stem: string): number {
  let count = 0;
  for (let index = 1; index < stem.length; index++) {
    if (isConsonant(stem, index) && !isConsonant(stem, index - 1)) count++;
  }
  return count;
}

/** Porter's *o, with nltk's addition that a two-letter vowel–consonant stem also counts. */
function endsConsonantVowelConsonant(stem: string): boolean {
  const n = stem.length;
  if (n === 2) return !isConsonant(stem, 0) && isConsonant(stem, 1);
  return (
    n >= 3 &&
    isConsonant(stem, n - 3) &&
    !isConsonant(stem, n - 2) &&
    isConsonant(stem, n - 1) &&
    !'wxy'.includes(stem.charAt(n - 1))
  );
}

/** Porter's step 5a: a final e goes after a long stem, or a short one that is not *o. */
function dropFinalE(stem: string): string {
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsConsonantVowelConsonant(stem)) ? stem : `${stem}e`;
}

/**
 * nltk applies ALLI → AL first and then step 2 again, so "-tionally" goes on through TIONAL →
 * TION or ATIONAL → ATE, and steps 4 and 5 then strip "-ion" or "-ate" as usual.
 */
function stemTionally(word: string): string | undefined {
  const tional = word.slice(0, -'ly'.length);
  if (tional.endsWith('ational')) {
    const stem = tional.slice(0, -'ational'.length);
    if (measure(stem) === 0) return undefined;
    return measure(stem) > 1 ? stem : dropFinalE(`${stem}at`);
  }
  const stem = tional.slice(0, -'ional'.length);
  if (measure(stem.slice(0, -1)) === 0) return undefined;
  return measure(stem) > 1 ? stem : `${stem}ion`;
}

export function stemLikeNltk(word: string): string {
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return word;
  // "dies" and "died" → "die" where the original algorithm gives "di".
  if (/^[a-z]ie[sd]$/.test(word)) return `${word.charAt(0)}ie`;
  if (word.endsWith('tionally')) {
    const stem = stemTionally(word);
    if (stem !== undefined) return stem;
  }
  let stem = stemmer(word);
  // nltk turns a final y into i only after a consonant: "days" → "day", not "dai".
  const beforeI = stem.slice(0, -1);
  if (stem.endsWith('i') && /[aeiou]$/.test(beforeI) && word.startsWith(`${beforeI}y`)) {
    stem = `${beforeI}y`;
  }
  // ...but after any consonant, even in a vowel-less stem: "trying" → "tri", not "try".
  if (stem.endsWith('y') && beforeI.length > 1 && !/[aeiouy]/.test(beforeI)) {
    stem = `${beforeI}i`;
  }
  // Two-letter stems such as "us" and "ag" keep or regain their e: "used" → "use".
  if (
    /^[aeiou][^aeiou]$/.test(stem) &&
    (word.startsWith(`${stem}e`) || word.startsWith(`${stem}ing`))
  ) {
    stem = `${stem}e`;
  }
  // FULLI → FUL (step 2), FUL → nothing (step 3), then steps 4–5: "peacefully" → "peac".
  if (stem.endsWith('fulli') && measure(stem.slice(0, -5)) > 0) {
    const rest = stem.slice(0, -5);
    // Step 1 must not run twice: "meaningfully" keeps its "-ing".
    return /(?:ing|ed)$/.test(rest) ? rest : stemLikeNltk(rest);
  }
  // nltk measures LOGI → LOG with the l inside the stem: "biology" → "biolog".
  if (stem.endsWith('logi') && measure(stem.slice(0, -3)) > 0) stem = stem.slice(0, -1);
  return stem;
}
