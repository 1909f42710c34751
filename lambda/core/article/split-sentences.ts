import { SCRIPT_WITHOUT_SPACES } from './words';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Titles and month names that end in a full stop mid-sentence. Words like "Inc." or "etc." are
 * left out on purpose: they end sentences about as often as they sit inside them.
 */
const ABBREVIATION =
  /(?:^|[\s("'‘“])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Cpl|Pvt|Det|Insp|Supt|Rev|Hon|Pres|St|Mt|Ft|Jr|Sr|No|Nos|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Blvd|approx|dept)\.$/;

/** "U.S.", "D.C.", "a.m." and single initials such as the "A." in "Mark A. Milley". */
const INITIALS = /(?:^|[\s("'‘“])(?:[A-Za-z]\.){1,4}$/;

/**
 * V8's sentence segmenter slows down quadratically on long inputs (a 200 kB paragraph takes
 * seconds), so long text is fed to it in windows of at most this many characters, each cut just
 * after a sentence end; the repairs below then work across the cuts as anywhere else.
 */
const MAX_SEGMENT_WINDOW = 4000;
const SENTENCE_END = /[.!?…]["'’”)\]]*\s+/g;

function* windows(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > MAX_SEGMENT_WINDOW) {
    const half = start + MAX_SEGMENT_WINDOW / 2;
    const limit = start + MAX_SEGMENT_WINDOW;
    let cut = text.lastIndexOf(' ', limit);
    SENTENCE_END.lastIndex = half;
    const end = SENTENCE_END.exec(text);
    if (end !== null && end.index + end[0].length <= limit) cut = end.index + end[0].length;
    if (cut <= start) cut = limit;
    yield text.slice(start, cut);
    start = cut;
  }
  yield text.slice(start);
}

const STARTS_LOWER_CASE = /^["'‘“([]*\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Collapses white space and drops stray sentence marks, such as the second "." in "end. ." */
export function cleanText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([.!?…])(?:\s+[.!?…]+)+(?=\s|$)/g, '$1')
    .trim();
}

/** In scripts written without spaces, each character stands in for a word here. */
const UNSPACED_CHARACTERS = new RegExp(SCRIPT_WITHOUT_SPACES.source, 'gu');

function countWords(sentence: string): number {
  const unspaced = sentence.match(UNSPACED_CHARACTERS)?.length ?? 0;
  return sentence.split(' ').filter((word) => HAS_WORD.test(word)).length + unspaced;
}

function endsInAbbreviation(text: string): boolean {
  return ABBREVIATION.test(text) || INITIALS.test(text);
}

/**
 * True when `piece` is not a sentence of its own but the rest of `previous`. A one-word piece
 * such as "Gen." that is itself an abbreviation starts the next sentence instead.
 */
function continuesSentence(previous: string, piece: string): boolean {
  return (
    endsInAbbreviation(previous) ||
    STARTS_LOWER_CASE.test(piece) ||
    (countWords(piece) < 2 && !endsInAbbreviation(piece))
  );
}

/** Ends a sentence in Chinese and Japanese, which put no space before the next one. */
const FULL_WIDTH_END = /[。！？」』）]$/u;

/** Sentences put back into running text: a space between two, none after a full-width end. */
export function joinSentences(sentences: readonly string[]): string {
  let text = '';
  for (const sentence of sentences) {
    text += text === '' || FULL_WIDTH_END.test(text) ? sentence : ` ${sentence}`;
  }
  return text;
}

/**
 * Splits clean paragraph text into sentences with the Unicode (ICU) sentence segmenter, then
 * repairs what it gets wrong on real articles: breaks after abbreviations and initials, fragments
 * that start in lower case, one-word pieces and pieces that are punctuation only.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const pieces = [...windows(cleanText(text))].flatMap((window) =>
    Array.from(segmenter.segment(window), ({ segment }) => segment.trim()),
  );
  for (const piece of pieces) {
    if (!HAS_WORD.test(piece)) continue;
    const previous = sentences.at(-1);
    if (previous !== undefined && continuesSentence(previous, piece)) {
      sentences[sentences.length - 1] = `${previous} ${piece}`;
    } else {
      sentences.push(piece);
    }
  }
  // A one-word piece left at either end has no sentence to join on its own side.
  const [first, second] = sentences;
  if (first !== undefined && second !== undefined && countWords(first) < 2) {
    sentences.splice(0, 2, `${first} ${second}`);
  }
  const last = sentences.at(-1);
  if (sentences.length > 1 && last !== undefined && countWords(last) < 2) {
    sentences.splice(-2, 2, `${sentences.at(-2)} ${last}`);
  }
  return sentences;
}
