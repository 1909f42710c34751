import { firstWords, SCRIPT_WITHOUT_SPACES } from './words';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Titles, month names and common abbreviations (English, German, French, Spanish) that end in a
 * full stop mid-sentence, and the titles before a name of Dutch and Indonesian ("Ir.", "Drs.",
 * "Hj.", "Sdr.", "Bpk."; its street, "Jl. Sudirman"), Swahili ("Mhe.", "Dkt.", "Bw."), Turkish ("Doç."), Vietnamese ("TS.", "PGS."; "TP." before a city, "TP. Hồ Chí Minh") and
 * Greek ("Δρ.", "Καθ."), and those of South Asian, African, Philippine and Commonwealth papers
 * ("Smt.", "Shri.", "Atty.", "Engr.", "Brgy.", "Barr.", "Alh.", "Wg. Cdr.", "Sqn. Ldr.", "Pte.",
 * "Fr.", "Cllr.", "Dy.", "Addl.", "Retd."; a Malaysian company's "Sdn. Bhd."). Words like "Inc."
 * or "etc." are left out on purpose: they end sentences about as often as they sit inside them.
 */
const ABBREVIATION =
  /(?:^|[\s("'‘“«„])(?:Mr|Mrs|Messrs|Ms|Mx|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Cpl|Pvt|Det|Insp|Supt|Rev|Hon|Pres|St|Mt|Ft|Jr|Sr|Sra|Srta|Dra|Dña|Av|Avda|Mme|Mlle|Drs|Ir|Hj|Sdr|Sdri|Bpk|Jl|Mhe|Dkt|Bw|Doç|Yrd|TS|ThS|PGS|GS|TP|Δρ|Καθ|Shri|Smt|Mohd|Atty|Engr|Brgy|Amb|Barr|Alh|Cdr|Wg|Sqn|Ldr|Gp|Brig|Pte|Const|Fr|Msgr|Cllr|Ald|Comm|Mdm|Bro|Sis|Ven|Asst|Rt|Dy|Addl|Retd|Rtd|Sdn|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|janv|févr|avr|juil|déc|Ave|Blvd|approx|dept|ca|bzw|vgl|usw|ggf|inkl|zzgl|evtl|Mio|Mrd|Tel)\.$/;

/**
 * Bangladeshi papers' "Md." (Mohammad) and an American delegate's "Del." before a name: after a
 * city and a comma they are Maryland and Delaware, as American papers write the states ("…based
 * in Bethesda, Md. It employs…", "Wilmington, Del."), which may end a sentence.
 */
const TITLE_OR_STATE = /(?:^|[^,\s]\s|[("'‘“«„])(?:Md|Del)\.$/;

/**
 * A title in brackets after a rank, "Col. (Retd.) R.K. Sharma", "Capt. (Dr.) Musa Bello".
 */
const BRACKETED_TITLE = /\(\p{L}+\.\)$/u;

/**
 * "No. 10", "Nos. 3 and 4", "Nr. 5": an abbreviation of "number" only before one. Before a
 * word it is the answer "No." ("RACHEL OKONJO: No. Our central forecast…", "“No. We will
 * appeal,” she said"), a sentence of its own. So is a law's article before its number, as
 * Portuguese, Spanish, Italian and German cite one: "o art. 5.º da Constituição", "Art. 3 GG".
 */
const NUMBER_ABBREVIATION = /(?:^|[\s("'‘“«„])(?:No|Nos|Nr|[Aa]rt|[Aa]rts)\.$/;
const STARTS_WITH_DIGIT = /^\d/;

/**
 * A German ordinal ("am 3.", "im 2.", "ab dem 1."): a number with a full stop after the little
 * words that come before an ordinal, which no English sentence ends on.
 */
const ORDINAL = /(?:^|\s)(?:am|im|vom|zum|dem|den|der|des|bis|ab|seit)\s\d{1,3}\.$/i;

/**
 * A day's number before a German month ("am Dienstag, 3. Dezember, …"): after a weekday and a
 * comma there is no little word before the ordinal, but the month names it as one.
 */
const DAY_NUMBER = /(?:^|\s)\d{1,2}\.$/;
const STARTS_WITH_GERMAN_MONTH =
  /^(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)(?=[\s,.]|$)/;

/**
 * Titles and street words that other languages write in lower case before a name (Italian
 * "il dott. Bianchi", "sig.", "l'on. Rossi", Polish "ul. Marszałkowska", "prof.", Dutch "dhr.
 * Jansen", "mr. Jansen", "prof. dr. ir. Kok", English "Lt. Gen. (retd.) Hooda", Greek "ο κ. Λέκκας", Russian "напр. Германия",
 * "ул.", Ukrainian "вул."; Czech and Polish "e.g." and "that is", "např.", "np.", "tj.", "tzv."),
 * and Russian "г." ("город") and Ukrainian "м." ("місто") after a word: after a year, "в 2025 г.",
 * or a number of metres, "на 2 м.", it may end the sentence. Italian's "on." only after its
 * article: "and so on." ends an English sentence.
 */
const LOWER_CASE_ABBREVIATION =
  /(?:^|[\s("'‘“«„])(?:prof|dr|dott|sig|avv|ing|dhr|mevr|mr|ir|drs|retd|rtd|ul|κ|напр|ул|вул|проф|им|např|tzv|tzn|tj|resp|np|tzw)\.$|(?:^|\s)l['’]on\.$|(?:^|\p{L}\s)[гм]\.$/u;

/**
 * "U.S.", "D.C.", "a.m." and single initials such as the "A." in "Mark A. Milley", in any script
 * with capitals: Russian "В.В. Путин", "премьер М. Мишустин", Greek "ο Κ. Μαρουσάκης", Polish
 * "Ł. Nowak", which ended a sentence at the initial and left the surname to open the next.
 */
const INITIALS = /(?:^|[\s("'‘“«„])(?:[a-z\p{Lu}]\.){1,4}$/u;
/** A unit of one letter after its number, "a las 10 h." (hours), is no initial. */
const UNIT_AFTER_NUMBER = /\d\s[a-z]\.$/;

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
    const limit = start + MAX_SEGMENT_WINDOW;
    // Looked for in the window (and the character after it) alone: searched in the whole text,
    // a text with no space or sentence end (Chinese, a run of letters) was read to its end for
    // each window, 4.9 MB of it for 18 s.
    const window = text.slice(start, limit + 1);
    let cut = start + window.lastIndexOf(' ');
    SENTENCE_END.lastIndex = MAX_SEGMENT_WINDOW / 2;
    const end = SENTENCE_END.exec(window);
    if (end !== null && end.index + end[0].length <= MAX_SEGMENT_WINDOW) {
      cut = start + end.index + end[0].length;
    }
    if (cut <= start) cut = limit;
    yield text.slice(start, cut);
    start = cut;
  }
  yield text.slice(start);
}

const STARTS_LOWER_CASE = /^["'‘“([]*\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * A numbered citation after a word or a mark, "…calories [1].", "…meals [2, 3]", "…twice.[4–6]",
 * or a run of them, "…seas [2], [3].", "…trade.[3][4]", and an encyclopedia's "[citation
 * needed]": a pointer to the references, not words of the sentence. A reference entry opening
 * "[1] Liu D…" keeps its number, and so does an index written against a word (a[2]).
 */
const CITATION = String.raw`(?:\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\](?:,?\s?\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\])*|\[citation needed\])`;
/** Between an abbreviation's full stop and the sentence's ("…Cairns et al. [3].") it takes one. */
const CITATION_MARKER = new RegExp(
  String.raw`(?<=\.)\s*${CITATION}\.(?=\s|$)|(?:(?<=\S)\s+|(?<=[.,;:!?)"”’]))${CITATION}(?=[\s.,;:!?)]|$)`,
  'g',
);

/**
 * A line break between two Chinese or Japanese characters (or after a full-width mark) is where a
 * hard-wrapped text ran out of line, not a space: those scripts put none between words.
 */
const CJK_LINE_BREAK =
  /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF01-\uFF60])[ \t]*\n\s*(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF01-\uFF60])/gu;

/**
 * Thai puts no space between words and a space between sentences: a line break right between two
 * Thai letters is where a hard-wrapped text ran out of line, and a space the writer typed beside
 * it (a sentence's end) stays one.
 */
const THAI_LINE_BREAK = /(?<=\p{Script=Thai})\r?\n(?=\p{Script=Thai})/gu;

/**
 * French sets a no-break space (U+00A0, or the narrow U+202F) before ; : ! ? and a closing », and
 * after an opening «, so a mark never starts a line: a run of white space made only of them, in
 * those places, is kept as its first.
 */
const NO_BREAK_SPACES = /^[\u00A0\u202F]+$/;
const SPACED_AFTER = /[«‹]/;
const SPACED_BEFORE = /[;:!?»›]/;

function collapseSpace(run: string, at: number, text: string): string {
  const kept =
    NO_BREAK_SPACES.test(run) &&
    (SPACED_AFTER.test(text.charAt(at - 1)) || SPACED_BEFORE.test(text.charAt(at + run.length)));
  return kept ? run.charAt(0) : ' ';
}

/**
 * Each run of white space as one space, but none at a hard wrap in Chinese, Japanese or Thai and
 * French no-break spaces kept around its marks.
 */
export function collapseWhiteSpace(text: string): string {
  return text
    .replace(CJK_LINE_BREAK, '')
    .replace(THAI_LINE_BREAK, '')
    .replace(/\s+/g, collapseSpace);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters become spaces
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * Collapses white space (a hard wrap in Chinese and Japanese to nothing; French no-break spaces
 * around its marks are kept) and drops stray sentence marks, such as the second "." in "end. .",
 * and numbered citations. A control character is a space first, as in singleLine: a page can
 * name one by reference (`&#8;`, `&#x1b;`), and the email's parts must not carry it.
 */
export function cleanText(text: string): string {
  return collapseWhiteSpace(text.replace(CONTROL_CHARACTERS, ' '))
    .replace(CITATION_MARKER, '')
    .replace(/([.!?…])(?:\s+[.!?…]+)+(?=\s|$)/g, '$1')
    .trim();
}

/** In scripts written without spaces, each character stands in for a word here. */
const UNSPACED_CHARACTERS = new RegExp(SCRIPT_WITHOUT_SPACES.source, 'gu');

function countWords(sentence: string): number {
  const unspaced = sentence.match(UNSPACED_CHARACTERS)?.length ?? 0;
  return sentence.split(' ').filter((word) => HAS_WORD.test(word)).length + unspaced;
}

/**
 * A number joined to an abbreviated unit ("the 10-yr. Treasury note", "a 30-min. delay") is a
 * compound modifier, whose noun comes next; the same unit after a space ("in 22 yrs.") may end
 * the sentence, and is left to the segmenter.
 */
const HYPHENATED_UNIT = /\d-[a-z]{1,3}\.$/;

/**
 * A title abbreviated to a letter in a script without case, before a full stop: Arabic "د." (Dr.),
 * one letter and its marks, and Hindi "डॉ." (Dr.). Not any Devanagari letter with its marks: the
 * commonest words that end a Hindi sentence written with "." are as short ("है.", "था.").
 */
const CASELESS_INITIAL = /(?:^|[\s("'‘“«„])(?:\p{Script=Arabic}\p{M}*|डॉ)\.$/u;

function endsInAbbreviation(text: string): boolean {
  return (
    ABBREVIATION.test(text) ||
    TITLE_OR_STATE.test(text) ||
    (BRACKETED_TITLE.test(text) &&
      (ABBREVIATION.test(text.slice(0, -1)) || LOWER_CASE_ABBREVIATION.test(text.slice(0, -1)))) ||
    CASELESS_INITIAL.test(text) ||
    LOWER_CASE_ABBREVIATION.test(text) ||
    (INITIALS.test(text) && !UNIT_AFTER_NUMBER.test(text)) ||
    ORDINAL.test(text) ||
    HYPHENATED_UNIT.test(text)
  );
}

/**
 * A company's legal suffix: "Acme Robotics, Inc. (NYSE: ACME) today announced…" goes on in its
 * brackets, where "…bought by Acme Inc. The deal…" ends a sentence.
 */
const COMPANY_SUFFIX = /(?:^|[\s,])(?:Inc|Corp|Ltd|Co|Plc|PLC|LLC)\.$/;

/**
 * A full-width full stop between Chinese numerals is a decimal point, as Taiwanese papers write
 * one ("百分之三．○一", 3.01 %): the segmenter ends a sentence there, as it does not between
 * digits. Between words it is the full stop some Japanese papers use ("…を述べる．次に…").
 */
const HAN_NUMERAL_BEFORE_POINT = /[〇○零一二三四五六七八九十]．$/u;
const STARTS_WITH_HAN_NUMERAL = /^[〇○零一二三四五六七八九]/u;

/**
 * A time ending on "a.m." or "p.m." after its number ends the sentence before a capital ("Polls
 * close at 8 p.m. Results are expected…"), unless its zone, its day or its date follows it, as AP
 * style writes them ("10.30 a.m. IST", "8 p.m. Friday", "7 p.m. Sept. 4"), or a word in small
 * letters goes on.
 */
const MONTH_NAME = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\p{Ll}*\.?`;
const CLOCK_TIME_END = /\d\s?[ap]\.m\.$/;
const GOES_ON_AFTER_TIME = new RegExp(
  String.raw`^(?:\p{Lu}{2,4}\b|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|${MONTH_NAME}|["'‘“([]*\p{Ll})`,
  'u',
);

/**
 * True when `piece` is not a sentence of its own but the rest of `previous`. A one-word piece
 * such as "Gen." that is itself an abbreviation starts the next sentence instead.
 */
function continuesSentence(previous: string, piece: string): boolean {
  if (CLOCK_TIME_END.test(previous) && !GOES_ON_AFTER_TIME.test(piece)) return false;
  return (
    endsInAbbreviation(previous) ||
    (COMPANY_SUFFIX.test(previous) && piece.startsWith('(')) ||
    (NUMBER_ABBREVIATION.test(previous) && STARTS_WITH_DIGIT.test(piece)) ||
    (DAY_NUMBER.test(previous) && STARTS_WITH_GERMAN_MONTH.test(piece)) ||
    (HAN_NUMERAL_BEFORE_POINT.test(previous) && STARTS_WITH_HAN_NUMERAL.test(piece)) ||
    STARTS_LOWER_CASE.test(piece) ||
    (countWords(piece) < 2 && !endsInAbbreviation(piece) && !NUMBER_ABBREVIATION.test(piece))
  );
}

/**
 * Chinese and Japanese quote whole sentences inside a sentence ("「…。…」と述べた。"), and the
 * segmenter ends one at each full stop inside the marks. A piece that ends on a full-width mark
 * inside a quotation left open goes on, when the quotation closes within the next few pieces (a
 * mark never closed does not swallow the paragraph).
 */
const FULL_WIDTH_STOP = /[。！？]$/u;
const FULL_WIDTH_QUOTES: readonly (readonly [string, string])[] = [
  ['「', '」'],
  ['『', '』'],
  ['“', '”'],
];
const QUOTE_CLOSING_WITHIN = 4;

function count(text: string, mark: string): number {
  return text.split(mark).length - 1;
}

/** The most of a sentence's end that a repair looks at: an abbreviation, an initial, a date. */
const TAIL_LENGTH = 200;

/**
 * A sentence put together from the segmenter's pieces, with its end and how many of each
 * full-width quotation mark it leaves open kept as it grows: testing the whole sentence at each
 * piece took quadratic time (minutes on a paragraph of a hundred thousand one-word pieces). A
 * tail cut short starts with a NUL, which no repair's pattern takes for the sentence's start.
 */
interface Assembly {
  text: string;
  tail: string;
  readonly open: number[];
}

function extend(sentence: Assembly, piece: string): void {
  sentence.text += piece;
  const tail = sentence.tail + piece;
  sentence.tail = tail.length > TAIL_LENGTH ? `\u0000${tail.slice(-TAIL_LENGTH)}` : tail;
  for (const [at, [open, close]] of FULL_WIDTH_QUOTES.entries()) {
    sentence.open[at] = (sentence.open[at] ?? 0) + count(piece, open) - count(piece, close);
  }
}

function assemble(piece: string): Assembly {
  const sentence: Assembly = { text: '', tail: '', open: FULL_WIDTH_QUOTES.map(() => 0) };
  extend(sentence, piece);
  return sentence;
}

function insideFullWidthQuote(sentence: Assembly, next: readonly string[]): boolean {
  if (!FULL_WIDTH_STOP.test(sentence.tail.trim())) return false;
  const ahead = next.join('');
  return FULL_WIDTH_QUOTES.some(
    ([, close], at) => (sentence.open[at] ?? 0) > 0 && ahead.includes(close),
  );
}

/** Ends a sentence in Chinese and Japanese, which put no space before the next one. */
const FULL_WIDTH_END = /[。！？」』）]$/u;

/** What goes between a sentence ending on `end` (its last character) and the next one. */
export function sentenceGap(end: string): string {
  return FULL_WIDTH_END.test(end) ? '' : ' ';
}

/** Sentences put back into running text: a space between two, none after a full-width end. */
export function joinSentences(sentences: readonly string[]): string {
  let text = '';
  // The text's last character, kept: testing the text so far (or slicing it, which flattens the
  // string) went through all of it again for each sentence of a paragraph of thousands.
  let end = '';
  for (const sentence of sentences) {
    const piece = text === '' ? sentence : `${sentenceGap(end)}${sentence}`;
    text += piece;
    if (piece !== '') end = piece.slice(-1);
  }
  return text;
}

/**
 * Closing marks after a space, as French writes them ("… dans le rouge. » Le ministre…"): the
 * segmenter puts them at the start of the next piece, but they end the sentence before.
 */
const LEADING_CLOSING_MARKS = /^[»”’"')\]]+[.!?…]*(?:\s+|$)/u;

/**
 * Thai marks a sentence's end with a space, not punctuation, and the segmenter does not split
 * there; a space between two Thai letters ends a sentence.
 */
const THAI_SENTENCE_BREAK = /(?<=\p{Script=Thai})\s+(?=\p{Script=Thai})/u;

/**
 * Thai also sets a space between clauses, between a name and its surname and between a list's
 * items, so a piece the space break made goes on with the one before when it opens with a
 * connective (ICU's first words: "และ" and, "โดย" by, "เพื่อ" so as to, "ซึ่ง" which, "ได้แก่"
 * namely, "รวม|ถึง" including…), follows one ("เปิดเผยว่า", said that; "กว่า", more than; "ได้แก่"
 * before a list) or an abbreviation's full stop with no space after it ("ครม.อนุมัติ", where the
 * segmenter broke), or when it or the sentence so far is too short to be one (a surname, a
 * province in a list).
 */
const THAI_CONNECTIVES = new Set(
  `และ หรือ แต่ เพื่อ โดย ซึ่ง ได้แก่ คือ เช่น ตลอดจน พร้อม ผ่าน จึง ทำให้ อีกทั้ง เนื่องจาก เพราะ ว่า
  รวมถึง รวมทั้ง ส่งผลให้ ให้แก่`.split(/\s+/),
);
const CONNECTIVE_WORDS = 3;
const STARTS_THAI = /^\p{Script=Thai}/u;
const ENDS_THAI = /\p{Script=Thai}\s*$/u;
const ENDS_THAI_CONNECTIVE = /(?:ว่า|ได้แก่|คือ|เช่น|และ|หรือ)\s*$/u;
const THAI_ABBREVIATION_END = /\p{Script=Thai}\.$/u;
const MIN_THAI_SENTENCE_LETTERS = 15;
const NOT_LETTERS = /[\s\p{P}\p{S}]/gu;

function isShortThai(text: string): boolean {
  return (
    text.length < MIN_THAI_SENTENCE_LETTERS * 3 &&
    text.replace(NOT_LETTERS, '').length < MIN_THAI_SENTENCE_LETTERS
  );
}

function opensWithThaiConnective(piece: string): boolean {
  let opening = '';
  for (const word of firstWords(piece, CONNECTIVE_WORDS)) {
    opening += word;
    if (THAI_CONNECTIVES.has(opening)) return true;
  }
  return false;
}

function continuesThaiSentence(sentence: Assembly, piece: string): boolean {
  if (!STARTS_THAI.test(piece)) return false;
  return (
    THAI_ABBREVIATION_END.test(sentence.tail) ||
    (ENDS_THAI.test(sentence.tail) &&
      (ENDS_THAI_CONNECTIVE.test(sentence.tail) ||
        isShortThai(piece) ||
        isShortThai(sentence.text) ||
        opensWithThaiConnective(piece)))
  );
}

/**
 * Greek writes its question mark as a semicolon (U+037E, which Unicode normalises to ";"), and
 * the segmenter does not end a sentence there: U+037E always ends one, and a semicolon after a
 * Greek letter in a stretch of Greek text (what the segmenter gives as one sentence, so a Greek
 * paragraph that quotes an English sentence still asks its own questions). A sentence in another
 * language that quotes a Greek word ("…the λόγος; Plato later…") keeps its semicolon.
 */
const GREEK_QUESTION_BREAK = /(?<=\u037E|\p{Script=Greek};)\s+/u;
const GREEK_QUESTION_MARK_BREAK = /(?<=\u037E)\s+/u;

const GREEK_SENTENCE_BREAK = new RegExp(
  `${THAI_SENTENCE_BREAK.source}|${GREEK_QUESTION_BREAK.source}`,
  'u',
);
const SCRIPT_SENTENCE_BREAK = new RegExp(
  `${THAI_SENTENCE_BREAK.source}|${GREEK_QUESTION_MARK_BREAK.source}`,
  'u',
);

const GREEK_LETTERS = /\p{Script=Greek}/gu;
const LETTERS = /\p{L}/gu;

/** True when most of the letters of a text are Greek: a Greek sentence, not a quoted Greek word. */
export function isMostlyGreek(text: string): boolean {
  const greek = text.match(GREEK_LETTERS)?.length ?? 0;
  return greek > 0 && greek * 2 > (text.match(LETTERS)?.length ?? 0);
}

/**
 * Splits clean paragraph text into sentences with the Unicode (ICU) sentence segmenter, then
 * repairs what it gets wrong on real articles: breaks after abbreviations and initials, fragments
 * that start in lower case, one-word pieces and pieces that are punctuation only. A repaired
 * sentence is the text as it was, so "example.com/path?a=1" keeps no space the segmenter's break
 * might suggest.
 */
export function splitSentences(text: string): string[] {
  // Pieces keep their trailing space, so that joining two gives back the text between them.
  const sentences: Assembly[] = [];
  const clean = cleanText(text);
  const pieces = [...windows(clean)].flatMap((window) =>
    Array.from(segmenter.segment(window), ({ segment }) => segment).flatMap((segment) =>
      splitAtScriptBreaks(
        segment,
        // Only a semicolon tells the two apart: count the letters of a segment that has one.
        segment.includes(';') && isMostlyGreek(segment)
          ? GREEK_SENTENCE_BREAK
          : SCRIPT_SENTENCE_BREAK,
      ),
    ),
  );
  for (const [index, segment] of pieces.entries()) {
    let piece = segment;
    const closing = LEADING_CLOSING_MARKS.exec(piece)?.[0];
    const last = sentences.at(-1);
    if (closing !== undefined && last !== undefined) {
      extend(last, closing);
      piece = piece.slice(closing.length);
    }
    const trimmed = piece.trim();
    if (!HAS_WORD.test(trimmed)) continue;
    if (
      last !== undefined &&
      (continuesSentence(last.tail.trim(), trimmed) ||
        continuesThaiSentence(last, trimmed) ||
        insideFullWidthQuote(last, pieces.slice(index, index + QUOTE_CLOSING_WITHIN)))
    ) {
      extend(last, piece);
    } else {
      sentences.push(assemble(piece));
    }
  }
  // A one-word piece left standing (at the start, or "No." before a word) is no sentence of its
  // own: it joins the sentence before it, or the first the one after it. Each piece ends on its
  // space, so a sentence's words are the sum of its pieces'.
  const whole: string[] = [];
  let wordsBefore = 0;
  for (const { text: sentence } of sentences) {
    const words = countWords(sentence.trim());
    if (whole.length > 0 && (words < 2 || wordsBefore < 2)) {
      whole[whole.length - 1] += sentence;
      wordsBefore += words;
    } else {
      whole.push(sentence);
      wordsBefore = words;
    }
  }
  return whole.map((sentence) => sentence.trim());
}

/** Splits a segment at Thai and Greek sentence breaks, each piece keeping its trailing space. */
function splitAtScriptBreaks(segment: string, breaks: RegExp): string[] {
  if (!breaks.test(segment)) return [segment];
  const pieces: string[] = [];
  let rest = segment;
  for (let match = breaks.exec(rest); match !== null; match = breaks.exec(rest)) {
    const end = match.index + match[0].length;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return [...pieces, rest];
}
