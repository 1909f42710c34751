import { endsInQuestionMark } from '../article/blocks';
import { carriesDateOrTime, FIELD_LABEL, isJunkSentence } from '../article/boilerplate';
import type { Article } from '../article/types';
import { countWords, exceedsWords, SCRIPT_WITHOUT_SPACES } from '../article/words';

/*
 * What makes a sentence unfit to stand alone as a key point in an email: it points back to a
 * sentence the reader has not seen, or it is not article text at all (a byline, a caption, a
 * prompt, a timestamp), or it is not a full sentence of substance.
 */

/**
 * Words that, opening a sentence, point back to the sentence before it. Third-person pronouns
 * and connectives always do; demonstratives do unless they open a time phrase ("This week").
 * The eval (`npm run eval`) counts key points that open with one of these without following
 * the sentence before them in the article, and the extractor avoids choosing such a sentence.
 */
const DEPENDENT_OPENINGS: readonly string[] = [
  // third-person pronouns
  'he',
  'she',
  'it',
  'they',
  'him',
  'her',
  'his',
  'its',
  'their',
  'them',
  // demonstratives and pro-forms
  'this',
  'that',
  'these',
  'those',
  'such',
  'there',
  // connectives
  'but',
  'and',
  'or',
  'so',
  'yet',
  'nor',
  'however',
  'also',
  'still',
  'meanwhile',
  'instead',
  'nevertheless',
  'nonetheless',
  'moreover',
  'furthermore',
  'besides',
  'then',
  'thus',
  'therefore',
  'hence',
  'otherwise',
  'likewise',
  'similarly',
  'additionally',
  'consequently',
  'accordingly',
  'indeed',
  'afterwards',
  'later',
  'now',
  'too',
  'again',
  'even so',
  'in addition',
  'as a result',
  'in fact',
  'for example',
  'for instance',
  'on the other hand',
  'at the same time',
  'the latter',
  'the former',
  'the same',
  'another',
  'both',
  'others',
  'in return',
  // a time named in the sentence before: "Until then, books can be returned to…"
  'until then',
  'by then',
  'since then',
  'even then',
  'after that',
  'before that',
  // French, German and Spanish: personal pronouns that point back, and connectives. "Il" only
  // before a verb of a person (IMPERSONAL_AFTER_IL); never "es" ("Es gibt", "Es ist"), which as
  // often opens an impersonal sentence. "Mais" ("but") not as Portuguese's "more" (MORE_AFTER_MAIS).
  'il',
  'ces',
  'cette',
  'cet',
  'elle',
  'elles',
  'ils',
  'mais',
  'cependant',
  'toutefois',
  'pourtant',
  'néanmoins',
  'en outre',
  'par ailleurs',
  'de plus',
  'ce dernier',
  'cette dernière',
  'er',
  'sie',
  'diese',
  'dieser',
  'dieses',
  'aber',
  'jedoch',
  'allerdings',
  'außerdem',
  'zudem',
  'dennoch',
  'trotzdem',
  'darüber hinaus',
  'dies',
  'dabei',
  'dazu',
  'daher',
  'deshalb',
  'deswegen',
  'darum',
  'dafür',
  'dagegen',
  'danach',
  'estos',
  'estas',
  'ella',
  'ellos',
  'ellas',
  'pero',
  'sin embargo',
  // Dutch and Finnish "but".
  'maar',
  'mutta',
  'además',
  'no obstante',
  // Russian and Ukrainian: "Об этом сообщил…", "Про це повідомив…" ("this was reported by…"), the
  // connectives and the third-person pronouns.
  'об этом',
  'при этом',
  'кроме того',
  'тем не менее',
  'вместе с тем',
  'но',
  'однако',
  'также',
  'он',
  'она',
  'они',
  'про це',
  'крім того',
  'водночас',
  'але',
  'однак',
  'проте',
  'також',
  'він',
  'вона',
  'вони',
  // Portuguese, Italian, Polish, Dutch, Indonesian and Turkish pronouns and connectives (not
  // Polish "on" nor "ale", English's "On Monday", "Ale sales").
  'ele',
  'ela',
  'eles',
  'elas',
  'mas',
  'no entanto',
  'além disso',
  'tuttavia',
  'inoltre',
  'però',
  'jednak',
  'ona',
  'oni',
  'hij',
  'zij',
  'bovendien',
  'namun',
  'mereka',
  'selain itu',
  'ancak',
];

/** Demonstratives opening one of these are time phrases, not references back. */
const TIME_WORDS = new Set(
  `week weekend year month morning afternoon evening season summer winter spring autumn fall
  monday tuesday wednesday thursday friday saturday sunday january february march april may june
  july august september october november december century decade
  semaine année mois matin soir saison été hiver printemps automne dernières derniers
  woche jahr monat sommer winter frühjahr herbst wochenende
  semanas años meses últimos últimas`.split(/\s+/),
);
const DEMONSTRATIVES = new Set([
  ...['this', 'that', 'these', 'those'],
  ...['ces', 'cette', 'cet', 'diese', 'dieser', 'dieses', 'estos', 'estas'],
]);
/**
 * French "il" before these opens an impersonal sentence ("Il y a trois ans", "Il faut", "Il
 * s'agit", "Il est probable que"), not one about a man named before ("Il plaide pour…"). "Il
 * est" is taken as impersonal: "Il est parti" is as likely as "Il est possible que".
 */
const IMPERSONAL_AFTER_IL = new Set(
  `y faut fallait faudra faudrait s'agit s'agissait est était sera serait reste restait restera
  semble semblait paraît paraissait convient fait faisait pleut neige existe existait manque
  suffit importe vaut arrive se`.split(/\s+/),
);

/**
 * Portuguese "mais" is "more": before these it opens "Mais de 100 pessoas…", "Mais um banco…",
 * not French's "but".
 */
const MORE_AFTER_MAIS = new Set('de do da dos das um uma uns umas que'.split(' '));

/** A dateline such as "LONDON, England (CNN) --" or "(CNN)" comes before the first word. */
const DATELINE = /^(?:[\p{Lu}][\p{Lu}\p{L} .,'-]*)?\((?:CNN|AP|Reuters|AFP)\)\s*(?:--|—|–)?\s*/u;
const LEADING_MARKS = /^[\s"'‘“«([—–-]+/u;

const OPENING_PHRASES = [...DEPENDENT_OPENINGS]
  .filter((phrase) => phrase.includes(' '))
  .sort((a, b) => b.length - a.length);
const OPENING_WORDS = new Set(DEPENDENT_OPENINGS.filter((phrase) => !phrase.includes(' ')));

/**
 * "Some of those teachers", "Three of them": a part of something the sentence before named. So
 * too in French ("L’un d’eux", "Certains d’entre elles"), German ("Einer von ihnen", "Die
 * meisten von diesen") and Spanish ("Uno de ellos", "La mayoría de ellas").
 */
const PART_OF_REFERENCE =
  /^(?:[\p{L}\d-]+\s+){1,2}of (?:them|these|those|which|whom)\b|^(?:[\p{L}\d'’-]+\s+){1,2}d['’](?:entre\s+)?(?:eux|elles)\b|^(?:[\p{L}\d-]+\s+){1,2}von (?:ihnen|diesen|denen)\b|^(?:[\p{L}\d-]+\s+){1,2}de (?:ellos|ellas)\b/u;
/**
 * "Second, fund soil testing…", "Lastly, …": a later step of a list the sentences before began.
 * Only with the comma: "Second-quarter profits…" and "Third parties…" stand alone. Not
 * "Finally,", which in news as often means "at last" ("Finally, after six years, the bridge…").
 */
const LATER_STEP = /^(?:second|secondly|third|thirdly|fourth|fourthly|fifth|lastly),/u;
/**
 * German "das" before a verb is "that", the sentence before ("Das teilte die Bahn am Dienstag
 * mit."); before a noun it is "the" ("Das Unternehmen teilte mit"), so only these verbs count.
 */
const DAS_BEFORE_VERB =
  /^das (?:ist|war|sei|wäre|hat|hatte|habe|wird|würde|gilt|galt|bedeutet|bedeutete|zeigt|zeigte|teilte|teilten|sagte|sagten|erklärte|erklärten|bestätigte|bestätigten|berichtete|berichteten|meldete|meldeten|kündigte|kündigten|betonte|betonten)\b/u;
/**
 * A gerund whose object is "it" or "them" ("Lowering it from 21C to 20C cuts…", "Releasing it
 * with a radiator key takes…"): the thing was named in the sentence before. Not "her" or
 * "this", which as often open "During her tenure", "Starting this week". ("Making it to the
 * final…" is caught too, and then only waits for the sentence before it.) Not a word ending in
 * "thing", which is no gerund: "Everything it touched…", "Nothing them…".
 */
const GERUND_ON_PRONOUN = /^(?!\p{L}*thing )\p{L}{3,}ing (?:it|them)\b/u;
/**
 * The colon after an interview's label, and the full-width one Chinese and Japanese set with no
 * space after it ("问：", "答：").
 */
const LABEL_COLON = String.raw`\s*(?::\s|：\s*)`;
/**
 * An interviewee's answer ("A: We have…", "Answer: …", and in other languages "Respuesta: ",
 * "Antwort: ", "Ответ: ", "תשובה: ", "答："…), which needs its question.
 */
const INTERVIEW_ANSWER = new RegExp(
  `^[*_]*(?:a|answer|réponse|respuesta|resposta|risposta|antwort|antwoord|svar|vastaus|odpowiedź|odpověď|odpoveď|válasz|răspuns|cevap|ответ|відповідь|תשובה|جواب|پاسخ|जवाब|उत्तर|答|回答)${LABEL_COLON}`,
  'iu',
);

/**
 * Chinese and Japanese set no space after a sentence's first word, so theirs are read as its
 * start: the pronouns ("她表示…", she said; not "他国", other countries), "其中" (of them), "此外"
 * (besides), "对此" (to this), "该" (the said), "这" (this), and Japanese "一方、" (meanwhile),
 * "また、" (also), "同氏は" (he). Korean's, Hindi's and Bengali's are the first word: "그는" (he),
 * "그러나" (but), "उन्होंने" (he), "हालांकि" (however), "इसके" (of this), "তিনি" (he), "তবে" (but).
 */
const UNSPACED_DEPENDENT_OPENING =
  /^(?:他們|她們|他们|她们|它们|它們|他(?![国國乡鄉人])|她|它|其中|此外|另外|同时|同時|但是|但|不过|不過|然而|因此|因而|对此|對此|随后|隨後|该|該|这|這|彼ら|彼女|彼は|同氏|また、|一方、|一方で|これに対し|その上で|そのうえで|さらに、|しかし|ただ、|このため|これは|それでも|なお、)/u;
/**
 * Vietnamese "Ông" and "Bà" are "he" and "she" before a verb ("Ông cho rằng…") and "Mr" and "Mrs"
 * before a name ("Ông Nguyễn Hữu Huân…").
 */
const VIETNAMESE_PRONOUN = /^(?:Ông|Bà) \p{Ll}/u;

const FIRST_WORD_DEPENDENT_OPENINGS = new Set(
  `그는 그녀는 그들은 그러나 하지만 또한 또 이에 이는 한편 그러면서 그래서 따라서 아울러 다만 그러므로
  उन्होंने उसने वह वे उनका उनके उनकी इसके इससे हालांकि हालाँकि वहीं लेकिन मगर
  তিনি তাঁরা তারা তাঁর তার তবে এছাড়া এছাড়াও এর কিন্তু`.split(/\s+/),
);

/**
 * True when the sentence opens with a word from DEPENDENT_OPENINGS (in a referring use).
 * `language` is the article's declared language, when it has one: French "il" is Italian's "the"
 * ("Il calendario sarà pubblicato…", "Il sindaco ha detto…") and "mais" Portuguese's "more", so
 * they point back only in an article that is French or does not say.
 */
export function opensWithDependentWord(sentence: string, language?: string): boolean {
  const opening = sentence.replace(DATELINE, '').replace(LEADING_MARKS, '');
  const text = opening.toLowerCase();
  if (
    PART_OF_REFERENCE.test(text) ||
    INTERVIEW_ANSWER.test(text) ||
    LATER_STEP.test(text) ||
    DAS_BEFORE_VERB.test(text) ||
    GERUND_ON_PRONOUN.test(text) ||
    UNSPACED_DEPENDENT_OPENING.test(text) ||
    VIETNAMESE_PRONOUN.test(opening) ||
    FIRST_WORD_DEPENDENT_OPENINGS.has(text.split(/[\s,]/u, 1)[0] ?? '')
  ) {
    return true;
  }
  if (
    OPENING_PHRASES.some((phrase) => text.startsWith(`${phrase} `) || text.startsWith(`${phrase},`))
  ) {
    return true;
  }
  const [written, second] = text.split(/[^\p{L}']+/u);
  // "That's", "It's", "They're", "He'd": a straight apostrophe stays in the word (a curly one
  // splits it), and the pronoun before the contraction points back all the same.
  const first = written?.replace(/'(?:s|re|ll|d|ve)$/u, '');
  if (first === undefined || !OPENING_WORDS.has(first)) return false;
  // "This year's headliner…": a time phrase's possessive with a straight apostrophe, which stays
  // in the word as a curly one does not.
  const time = second?.replace(/'s$/u, '');
  if (DEMONSTRATIVES.has(first) && time !== undefined && TIME_WORDS.has(time)) return false;
  if (first === 'il' && (second === undefined || IMPERSONAL_AFTER_IL.has(second))) return false;
  if (first === 'mais' && second !== undefined && MORE_AFTER_MAIS.has(second)) return false;
  // Both are French only: Italian's "the" ("Il sindaco…"), Portuguese's "more" ("Mais a…").
  const french = language === undefined || /^fr\b/i.test(language);
  if ((first === 'il' || first === 'mais') && !french) return false;
  return true;
}

/** Fewer words (or, in scripts without spaces, characters) than this is not a sentence of substance. */
const MIN_WORDS = 6;
const MIN_CHARACTERS_WITHOUT_SPACES = 15;
/** A line without a sentence's closing mark is a heading or a menu unless it runs this long. */
const MIN_WORDS_UNPUNCTUATED = 8;
/**
 * Longer than this is not one sentence a reader takes in at a glance but text whose sentence
 * ends were lost (a caption run into the story, a transcript without punctuation).
 */
export const MAX_SENTENCE_WORDS = 100;
/**
 * A sentence's closing mark, and the full stops of Armenian (։), Ethiopic (።), Khmer (។), Burmese
 * (။) and Tibetan (།): an Armenian or Amharic story's opening paragraph was taken for a standfirst
 * without its mark, and passed over for the lead.
 */
const ENDS_LIKE_SENTENCE = /[.!。！…।॥۔։።។៕။།]["'’”“»«)\]]*$/u;
const ANNOUNCES_WHAT_FOLLOWS = /[:：]["'’”)\]]*$/u;

/** True when a sentence ends with a question mark (inside closing quotes or brackets too). */
export function endsAsQuestion(sentence: string): boolean {
  return endsInQuestionMark(sentence.trim());
}

/** After a label (FIELD_LABEL), a long line is a captioned sentence that lost its full stop. */
const MAX_FIELD_WORDS = 14;
/** A list, after a label or alone: five items or more, each of three words at most. */
const MIN_LIST_ITEMS = 5;
const MAX_LIST_ITEM_WORDS = 3;

/** Between a list's items: a comma, a semicolon, or "and" before the last ("Wesley, Léo Ortiz e Ayrton Lucas"). */
const LIST_SEPARATOR = /[,;]\s+|\s(?:and|e|y|et|und|en|ve|dan|i|και|và)\s/u;

function isListOfItems(value: string): boolean {
  const items = value.split(LIST_SEPARATOR);
  return (
    items.length >= MIN_LIST_ITEMS &&
    items.every((item) => countWordsOfText(item) <= MAX_LIST_ITEM_WORDS)
  );
}

/**
 * A day heading its entry in a forecast or a schedule ("Monday: Cloudy with outbreaks of rain,
 * heavy at times."): a sentence of its own when it ends like one and says something in six words
 * or more; "Saturday: 10am to 6pm, Millennium Square." is still a listing's field.
 */
const DAY_LABEL =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow|overnight|this (?:morning|afternoon|evening|weekend)):\s/i;
const MIN_DAY_ENTRY_WORDS = 6;

/**
 * Release notes' kind of change over its entry ("NEW: Hourly rain alerts warn you…", "FIXED:
 * Widgets no longer show…", "Improved: Forecasts load…"): a sentence of its own, as a day's
 * forecast is, when it ends like one and says something in six words or more.
 */
const CHANGE_LABEL =
  /^(?:new|added|improved|improvements?|changed|fixed|fix|fixes|removed|deprecated|security|breaking(?: change)?|updated|enhanced|enhancement):\s/i;

/** A day's or a change's entry under its label (DAY_LABEL, CHANGE_LABEL), a sentence of its own. */
function isLabelledEntry(sentence: string, labelPattern: RegExp): boolean {
  const label = labelPattern.exec(sentence);
  return (
    label !== null &&
    /[.!]["'’”)]*$/.test(sentence) &&
    countWordsOfText(sentence.slice(label[0].length)) >= MIN_DAY_ENTRY_WORDS
  );
}

/**
 * "When: Friday, August 9, 5 p.m.", "Keywords: …": a field of a form, not a sentence; and so is
 * a longer one whose value is a list ("Harbour City: Brooks 6, Adeyemi 7, Lund 7, …", a match's
 * line-up or ratings), which has no verb to say anything.
 */
function isField(sentence: string): boolean {
  const label = FIELD_LABEL.exec(sentence);
  return (
    label !== null &&
    !isLabelledEntry(sentence, DAY_LABEL) &&
    !isLabelledEntry(sentence, CHANGE_LABEL) &&
    (countWordsOfText(sentence) <= MAX_FIELD_WORDS ||
      isListOfItems(sentence.slice(label[0].length)))
  );
}

/**
 * An interviewer's line: half of a question, whose answer follows. "Q: ", "Question. ", and in
 * other languages "Pregunta: ", "Frage: ", "Вопрос: ", "שאלה: ", "问："….
 */
const INTERVIEW_QUESTION = new RegExp(
  `^[*_]*(?:Q\\s*\\.\\s|Question\\s*\\.\\s|(?:q|question|pregunta|pergunta|domanda|frage|vraag|fråga|spørsmål|kysymys|pytanie|otázka|kérdés|întrebare|soru|вопрос|запитання|питання|שאלה|سؤال|پرسش|सवाल|प्रश्न|问|問|質問)${LABEL_COLON})`,
  'iu',
);
const OPENS_QUOTE = /^["“‘'«»„]/u;

/** True when a sentence opens an interviewer's line ("Q: You promised…", "Question: …"). */
export function isInterviewQuestion(sentence: string): boolean {
  return INTERVIEW_QUESTION.test(sentence.trim());
}

/**
 * The dash that opens each turn of an interview set as dialogue, as Russian, Ukrainian and Polish
 * papers write one: "— Почему продукты дорожают?" over "— Главная причина…".
 */
const DIALOGUE_DASH = /^[*_]*[—―–]\s+/u;

/**
 * A question or its answer without the "Q:" or "A:" before it, or the dialogue's dash: under its
 * question as a subhead, an answer reads on its own, and the label would only mark it as needing
 * the line above.
 */
export function withoutInterviewLabel(text: string, question = ''): string {
  const answer = DOTTED_QUESTION.test(question.trim()) ? DOTTED_ANSWER : INTERVIEW_ANSWER;
  return text
    .replace(INTERVIEW_QUESTION, '')
    .replace(answer, '')
    .replace(INTERVIEW_ANSWER, '')
    .replace(DIALOGUE_DASH, '');
}

/**
 * "Q. …?" over "A. …", as some papers set an interview, the full stop for the colon: under such a
 * question an answer's "A. " is its label, unless an initial follows ("A. J. Cole closed…").
 */
const DOTTED_QUESTION = /^[*_]*Q\.[*_]*\s/u;
const DOTTED_ANSWER = /^[*_]*A\.[*_]*\s+(?!\p{Lu}\.)/u;

/** A transcript's speaker in capitals before a colon: "HOLLIS: …", "MAYOR ORTEGA: …", "DR. LEE: …". */
const SPEAKER_LABEL = /^[*_]*(\p{Lu}[\p{Lu}'’.-]*(?: \p{Lu}[\p{Lu}'’.-]*){0,2}):[*_]*\s/u;

/** A transcript's turn without the speaker's name that opens it. */
export function withoutSpeakerLabel(text: string): string {
  return text.trim().replace(SPEAKER_LABEL, '');
}

/** The speaker a transcript's turn opens with, in capitals ("HOLLIS"), if any. */
export function speakerOf(sentence: string): string | undefined {
  return SPEAKER_LABEL.exec(sentence.trim())?.[1];
}

/** Words with a letter or a digit: a dash or a bullet standing alone is no word of substance. */
function countWordsOfText(sentence: string): number {
  return sentence.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function hasSubstance(sentence: string): boolean {
  if (SCRIPT_WITHOUT_SPACES.test(sentence)) {
    return sentence.replace(/[\s\p{P}\p{S}]/gu, '').length >= MIN_CHARACTERS_WITHOUT_SPACES;
  }
  // Vowel signs (Devanagari, Bengali, Thai…) are marks, not letters, but they are writing.
  const letters = sentence.replace(/[^\p{L}\p{M}]/gu, '').length;
  return countWordsOfText(sentence) >= MIN_WORDS && letters >= sentence.length / 2;
}

/**
 * Scripts without spaces put none between sentences either, and Thai ends them with a space
 * instead of a mark: a sentence of such a script needs no closing mark to be one.
 */
function endsLikeSentence(sentence: string): boolean {
  if (ENDS_LIKE_SENTENCE.test(sentence) || OPENS_QUOTE.test(sentence)) return true;
  // A line with a date or a time and no closing mark is a byline or a dateline ("By Jo Feld |
  // March 4, 2025 | 6 min read", "Par Claire Dubois — Publié le 14 août 2025 à 08h12"), not a
  // sentence that lost its full stop.
  if (carriesDateOrTime(sentence)) return false;
  // "Ufficio Stampa Trenitalia Tel. +39 06 4410 0000 ufficiostampa@…": a release's contact
  // lines run together, an address or a number to call, not a sentence that lost its full stop.
  if (CONTACT_DETAIL.test(sentence)) return false;
  // "…asks the cache for the matching blob:" announces what follows (a list, code, a table),
  // which a point does not carry.
  if (ANNOUNCES_WHAT_FOLLOWS.test(sentence)) return false;
  // "60ml extra virgin olive oil, plus extra for drizzling": a line of a list of ingredients or
  // materials, which never had the mark.
  if (QUANTITY_FIRST.test(sentence)) return false;
  // "funding for demand-responsive services in villages…": a list's item going on from the line
  // that announced the list, not a sentence, which opens with a capital. "iPhone sales rose…"
  // and "eBay will stop…" open with a brand.
  if (OPENS_LOWER_CASE.test(sentence)) return false;
  // "Free shipping on orders over $50 · 30-day returns", "Remote · Full-time · Engineering": a
  // strip of labels set apart by a dot, a bullet or a bar, not a sentence that lost its mark.
  if (SEPARATED_LABELS.test(sentence)) return false;
  // A long line without the mark is a sentence that lost it.
  return (
    countWordsOfText(sentence) >= MIN_WORDS_UNPUNCTUATED ||
    (SCRIPT_WITHOUT_SPACES.test(sentence) && countWords(sentence) >= MIN_WORDS_UNPUNCTUATED)
  );
}

/** An email address, or a phone number written with its country code or after its label. */
const CONTACT_DETAIL =
  /[\w.+-]@[\w-]{1,64}\.\p{L}|\+\d{1,3}[\s\d().-]{6,20}\d|\b(?:tel|phone|ph|telp|tlf|τηλ)\.?\s?:?\s?\(?\d/iu;

/** Labels set apart on one line: a middle dot, a bullet or a bar between spaces. */
const SEPARATED_LABELS = /\s[·•|]\s/u;

/** A lower-case letter first, not a brand written with its capital second ("iPhone", "eBay"). */
const OPENS_LOWER_CASE = /^\p{Ll}(?!\p{Lu})/u;

/** A quantity and its unit first: "60ml", "2 tbsp", "1½ cups", "500 g", "3 cloves". */
const QUANTITY_FIRST =
  /^[\d½¼¾⅓⅔]+(?:[.,/–-][\d½¼¾⅓⅔]+)?\s*(?:g|kg|mg|ml|cl|dl|l|oz|lbs?|tbsps?|tsps?|cups?|tablespoons?|teaspoons?|grams?|kilograms?|litres?|liters?|millilitres?|milliliters?|ounces?|pounds?|pinch(?:es)?|cloves?|sprigs?|handfuls?|cm|mm|inch(?:es)?)\b/iu;

const count = (text: string, marks: RegExp) => (text.match(marks) ?? []).length;

/**
 * A straight double quotation mark, but not one between two Hebrew letters: there it is an
 * acronym's gershayim typed with the keyboard's mark (מנכ"ל, "CEO"; צה"ל; ארה"ב), which opens no
 * quotation.
 */
const STRAIGHT_QUOTE = /(?<!\p{Script=Hebrew})"|"(?!\p{Script=Hebrew})/gu;

/**
 * How many double quotation marks a sentence opens and closes. German and Polish open with „
 * and close with “ or ”, which English opens with; guillemets point either way (« » in French,
 * » « in German books), so only their numbers are compared.
 */
function doubleQuotes(
  sentence: string,
  opensLow = sentence.includes('„'),
): { opened: number; closed: number } {
  const curly = opensLow
    ? { opened: count(sentence, /„/gu), closed: count(sentence, /[“”]/gu) }
    : { opened: count(sentence, /“/gu), closed: count(sentence, /”/gu) };
  return {
    opened: curly.opened + count(sentence, /«/gu),
    closed: curly.closed + count(sentence, /»/gu),
  };
}

/**
 * For each sentence of a paragraph, whether it starts inside a quotation an earlier sentence
 * opened: the middle of `"Our critics are wrong. The vaccine causes… We have checked," the
 * minister said` is the minister's claim, not the article's, and has no quotation mark to say so.
 * Only double quotation marks count; single ones double as apostrophes.
 */
export function insideQuotation(paragraph: readonly string[]): boolean[] {
  const opensLow = paragraph.some((sentence) => sentence.includes('„'));
  let depth = 0;
  let straightOpen = false;
  return paragraph.map((sentence) => {
    const inside = depth > 0 || straightOpen;
    const { opened, closed } = doubleQuotes(sentence, opensLow);
    depth = Math.max(0, depth + opened - closed);
    if (count(sentence, STRAIGHT_QUOTE) % 2 === 1) straightOpen = !straightOpen;
    return inside;
  });
}

/**
 * One quotation and nothing else: no speaker, no words of the writer's (French spaces inside
 * « »), its full stop inside the closing mark or after it, as Italian, Spanish and Portuguese put
 * it («… solo sui residenti».).
 */
const WHOLE_QUOTATION = /^["“«„]\s?[^"“”«»„]*(?:[.!?…]\s?["”»“]|\s?["”»“][.!?…])$/u;

/**
 * A quotation whose speaker is only a pronoun, and nothing quoted after it: `"You are asking the
 * people who use the least water to pay," she said.` Who "she" is, the sentence before said.
 */
const QUOTATION_BY_PRONOUN =
  /^["“«„][^"“”«»„]*[,.!?…]\s?["”»“]\s+(?:he|she|they)\s+(?:said|says|added|adds|told|tells|explained|wrote|writes|warned|insisted|continued|argued|noted|recalled|replied|admitted|claimed|declared|stated)\b[^"“”«»„]*$/u;

/**
 * And where the pronoun follows its verb, as German, Dutch, French, Russian and Ukrainian put it:
 * `„…“, sagte er am Montag.`, `„…”, zei hij.`, `« … », a-t-il déclaré.`, `«…», — заявил он.`,
 * `«…», – заявив він.` (a comma or a dash after the closing mark, or neither).
 */
const QUOTATION_BY_PRONOUN_AFTER_VERB =
  /^["“«„][^"“”«»„]*["”»“](?:\s?,)?\s?(?:[—–-]\s)?(?:(?:sagte|sagt|erklärte|erklärt|betonte|betont|meinte|meint|ergänzte|warnte|schrieb|fügte|so) (?:er|sie)|(?:zei|zegt|schreef|verklaarde|voegde|aldus) (?:hij|ze|zij)|\p{L}+-t-(?:il|elle|ils|elles)|(?:dit|déclare|affirme|ajoute|explique|estime|souligne|assure|insiste|précise|poursuit|conclut)-(?:il|elle|ils|elles)|(?:заявил|сказал|отметил|добавил|подчеркнул|пояснил|заявила|сказала|отметила|добавила|подчеркнула|пояснила) (?:он|она)|(?:заявили|сказали|отметили) они|(?:заявив|сказав|зазначив|додав|заявила|сказала|зазначила|додала) (?:він|вона))(?![\p{L}-])[^"“”«»„]*$/u;

/**
 * And with no speaker at all, as Spanish, Portuguese and Italian leave the subject out: the
 * verb (and perhaps "ayer", "ontem", "ieri") ends the sentence, `"…", afirmó.`, `«…» —dijo
 * ayer.`, `"…", disse.`, `«…», ha detto.` (`…, ha detto il vicepremier Matteo Salvini.` names one).
 */
const QUOTATION_WITHOUT_SUBJECT =
  /^["“«„][^"“”«»„]*["”»“](?:\s?,)?\s?(?:[—–-]\s?)?(?:(?:ha|han|hanno) )?(?:dijo|afirmó|señaló|añadió|explicó|aseguró|subrayó|indicó|advirtió|destacó|declaró|agregó|apuntó|sostuvo|insistió|concluyó|dicho|afirmado|señalado|añadido|explicado|asegurado|subrayado|indicado|advertido|destacado|declarado|agregado|apuntado|insistido|concluido|disse|afirmou|declarou|acrescentou|explicou|destacou|ressaltou|avaliou|completou|garantiu|disseram|afirmaram|detto|aggiunto|spiegato|dichiarato|affermato|sottolineato|concluso|precisato|ribadito|osservato|commentato|aggiunse|spiegò)(?: (?:ayer|hoy|ontem|hoje|ieri|oggi))?\s?\.$/u;

/**
 * True when a sentence is one quotation with no speaker named: `"Our members will not be
 * replaced by machines."` goes on from a sentence that named who said it.
 */
export function isUnattributedQuotation(sentence: string): boolean {
  const text = sentence.trim();
  return (
    WHOLE_QUOTATION.test(text) ||
    QUOTATION_BY_PRONOUN.test(text) ||
    QUOTATION_BY_PRONOUN_AFTER_VERB.test(text) ||
    QUOTATION_WITHOUT_SUBJECT.test(text)
  );
}

/** A piece of a quotation split across sentences: opened and not closed, or closed and not opened. */
function isQuoteFragment(sentence: string): boolean {
  const { opened, closed } = doubleQuotes(sentence);
  if (opened !== closed || count(sentence, STRAIGHT_QUOTE) % 2 === 1) return true;
  // Single quotes double as apostrophes: only an opening one with no closing one counts.
  if (/^[‘']/u.test(sentence)) return !/[’'](?=[\s,.!?;:]|$)/u.test(sentence.slice(1));
  return /[.!?,][’']$/u.test(sentence) && !/[‘]|(?:^|\s)'/u.test(sentence);
}

/**
 * True when a sentence can stand as a key point on its own terms: article text, a full
 * sentence of substance and not a run-on, not a question to the reader, not a fragment of a
 * quotation.
 * Whether it depends on the sentence before it is judged separately (opensWithDependentWord).
 */
export function isFitKeyPoint(sentence: string): boolean {
  const text = sentence.trim();
  return (
    !isJunkSentence(text) &&
    hasSubstance(text) &&
    !endsInQuestionMark(text) &&
    !INTERVIEW_QUESTION.test(text) &&
    !isField(text) &&
    // A list with no label to make it a field: a match report's ratings under their subhead,
    // "Carter 7, Walsh 6, Mensah 7, …". A sentence says something of its items in a longer part:
    // "Paris, Lyon, Lille, Nantes and Bordeaux will ban the oldest diesel cars…".
    !isListOfItems(text) &&
    endsLikeSentence(text) &&
    !exceedsWords(text, MAX_SENTENCE_WORDS) &&
    !isQuoteFragment(text)
  );
}

/** A quotation's source after a dash: "— Mayor Ellen Drake", "– Leonardo da Vinci". */
const SOURCE = String.raw`[—–―]\s*\p{Lu}[^!?—–―]{0,60}`;
const SOURCE_LINE = new RegExp(`^${SOURCE}$`, 'u');
const QUOTED_WITH_SOURCE = new RegExp(`[.!?…"”»’]\\s*${SOURCE}$`, 'u');
/** An epigraph is a line or two; a longer paragraph before a dashed line is text before a list. */
const MAX_EPIGRAPH_WORDS = 50;

/**
 * Whether a paragraph is an epigraph: a quotation set above the story with its source after a
 * dash, at its end or alone in the paragraph after it ("“If productivity holds, we will make it
 * permanent.” — Mayor Ellen Drake"). It sets the theme; the story starts after it.
 */
export function isEpigraph(paragraph: string, next = ''): boolean {
  const text = paragraph.trim();
  return (
    !exceedsWords(text, MAX_EPIGRAPH_WORDS) &&
    (QUOTED_WITH_SOURCE.test(text) || SOURCE_LINE.test(next.trim()))
  );
}

/** A standfirst's length at most: a line under the headline, not a paragraph that lost its mark. */
const MAX_STANDFIRST_WORDS = 20;

/**
 * True when a line reads as a standfirst under the headline rather than the story's opening: short
 * and without a sentence's closing mark ("Teacher who founded the town's first community choir"
 * over an obituary). Scripts without spaces, whose sentences need no mark, have none.
 */
export function isStandfirstLine(sentence: string): boolean {
  const text = sentence.trim();
  return (
    !ENDS_LIKE_SENTENCE.test(text) &&
    !OPENS_QUOTE.test(text) &&
    !SCRIPT_WITHOUT_SPACES.test(text) &&
    countWordsOfText(text) <= MAX_STANDFIRST_WORDS
  );
}

/**
 * Whether a sentence can open the lead: one that could be a key point, or a question of
 * substance (an article may open by asking; a point may not).
 */
export function canOpenLead(sentence: string): boolean {
  const text = sentence.trim();
  return (
    isFitKeyPoint(text) || (endsInQuestionMark(text) && !isJunkSentence(text) && hasSubstance(text))
  );
}

/**
 * Whether an article has one sentence that could stand as a key point. A draft note ("TODO
 * write this week"), a list of single words or a page of headings has none, and an issue of it
 * would send nothing worth reading.
 */
export function hasFullSentence(article: Article): boolean {
  return article.sections.some((section) =>
    section.paragraphs.some((paragraph) => paragraph.sentences.some(isFitKeyPoint)),
  );
}
