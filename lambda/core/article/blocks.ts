import { ArticleError } from '../errors';
import {
  CAPTION,
  isBoilerplate,
  isHatnote,
  isJunkSentence,
  isSitesNote,
  isWritersNote,
  MAX_BOILERPLATE_WORDS,
  PHOTO_CREDIT,
} from './boilerplate';
import { cleanText, isMostlyGreek, splitSentences } from './split-sentences';
import type { ArticleSection, Paragraph } from './types';
import { countWords, cutToWords } from './words';

/** A subhead or a paragraph of text, in reading order: what every format parser produces. */
export interface ArticleBlock {
  readonly kind: 'heading' | 'paragraph';
  readonly text: string;
  /** A paragraph quoted from the message a reply answers (Paragraph.quoted). */
  readonly quoted?: boolean;
}

/** What a format parser found; parseArticle turns it into an Article. */
export interface ParsedDocument {
  readonly title?: string;
  readonly url?: string;
  readonly date?: string;
  readonly author?: string;
  /** The language the article declares, as a canonical tag ("fr", "pt-BR"). */
  readonly language?: string;
  readonly blocks: readonly ArticleBlock[];
}

const MAX_SUBHEAD_WORDS = 14;
const MAX_SUBHEAD_LENGTH = 100;
/**
 * Sentence, clause or list punctuation at the end, possibly inside closing quotes or brackets;
 * Chinese's and Japanese's full-width marks and Hindi's danda too ("…と述べた。", "…घोषणा की।"),
 * or a post opening on its time, "23:40　与党は…述べた。", was a line shaped like a subhead; and
 * so the full stops of Armenian (։), Ethiopic (።), Khmer (។), Burmese (။), Urdu (۔) and Tibetan
 * (།), and Arabic's question mark, comma and semicolon (؟ ، ؛): a short sentence ending on one
 * headed the story's next paragraphs.
 */
export const ENDS_PUNCTUATED = /[.!?:;,…。！？：；，、।॥։።፧។៕။۔།؟،؛]["'’”)\]»」』）]*$/u;
const STARTS_LIKE_HEADING = /^[\p{Lu}\p{N}"'‘“]/u;

/**
 * Whether a line is shaped like a subhead: one short line from a capital or a number, with no
 * punctuation at its end. A sentence, however short, is text.
 */
export function isSubheadCandidate(block: string): boolean {
  return (
    !block.includes('\n') &&
    block.length <= MAX_SUBHEAD_LENGTH &&
    block.split(/\s+/).length <= MAX_SUBHEAD_WORDS &&
    STARTS_LIKE_HEADING.test(block) &&
    !ENDS_PUNCTUATED.test(block.replace(TRAILING_AGENCY, ''))
  );
}

/**
 * A question mark at the end (Greek's too, U+037E, and a semicolon after a Greek letter in Greek
 * text), possibly inside closing quotes or brackets.
 */
const ENDS_AS_QUESTION = /[?？؟\u037E]["'’”“»«)\]]*$/u;
const ENDS_AS_GREEK_QUESTION = /(?<=\p{Script=Greek});["'’”“»«)\]]*$/u;

/** True when a sentence or a line ends as a question does. */
export function endsInQuestionMark(text: string): boolean {
  return ENDS_AS_QUESTION.test(text) || (ENDS_AS_GREEK_QUESTION.test(text) && isMostlyGreek(text));
}
/** Longer than this, a question is an interviewer's argument, no line to head its answer. */
const MAX_QUESTION_WORDS = 30;

/**
 * A question on a line of its own above its answer ("Who can apply?", "Q: Is the grant
 * taxable?"): a FAQ's or an interview's, which reads as a paragraph of its own, not as the
 * start of its answer's ("Is the pool open too? Yes." glued into one sentence).
 */
export function isQuestionLine(line: string): boolean {
  const text = line.trim();
  return !text.includes('\n') && endsInQuestionMark(text) && countWords(text) <= MAX_QUESTION_WORDS;
}

/** A number an item of a list opens with, written out by hand: "1. ", "2) ". */
export const NUMBERED_ITEM = /^\d{1,2}[.)]\s+\S/;

/**
 * A bullet typed before a paragraph's text: Word writes each item of a list as a paragraph
 * opening on "·" (the Symbol font's bullet) and spaces, and writers paste "• " into a CMS or a
 * Markdown file. It is no word of the sentence, which a key point quotes.
 */
export const TYPED_BULLET = /^[•·▪◦‣∙●○■]\s+/u;

/**
 * The run-in labels of a structured abstract ("Background: …", "Methods: …", "Results: …",
 * "Conclusions: …"), as journals print them, each heading its own part.
 */
const ABSTRACT_LABELS =
  '(background|context|introduction|objectives?|aims?|purpose|(?:materials and )?methods(?: and findings)?|design|setting|participants|interventions?|main outcome measures?|results|findings|conclusions?|interpretation|discussion|limitations)';
const ABSTRACT_LABEL = new RegExp(`^${ABSTRACT_LABELS}\\s*:\\s+`, 'i');
/** The same label in bold, where the bold marks it and a colon may follow: "**Objective** To…". */
const BOLD_ABSTRACT_LABEL = new RegExp(`^${ABSTRACT_LABELS}\\s*:?$`, 'i');

/** The most words of a bold run-in label ("Offline sync.") that is no sentence of the item. */
const MAX_RUN_IN_LABEL_WORDS = 4;

/**
 * A bold run-in label over an item's or a paragraph's text, as release notes and guides write
 * them: "**Search.** Search results now show…", "**Offline sync.** The iOS app now…". A few words
 * and a full stop, before a sentence that opens with a capital: no sentence of its own, and a
 * one-word label would run into the sentence after it ("Search. Search results…"). A numbered
 * item's head heads its item instead; a label with a colon (a field, a speaker, "Update:") is left
 * to the rules for those.
 */
export function isRunInLabel(head: string, body: string): boolean {
  return (
    /^\P{N}[^.!?:]*\.$/u.test(head) &&
    head.split(/\s+/).length <= MAX_RUN_IN_LABEL_WORDS &&
    !isShortSentence(head) &&
    /^["'‘“]?\p{Lu}/u.test(body)
  );
}

/**
 * A label names what follows: a phrase ("The big picture."), an instruction ("Go deeper.") or a
 * clause a question word subordinates ("Why it matters.", "What's next."). A subject and its verb
 * after it make a sentence of its own ("Inflation is back.", "Talks collapsed.", "It's
 * official."): a subject pronoun opening the words, or after the first word an auxiliary, a
 * common irregular past or a past in -ed (not "speed", "need"), or a copula of French, German,
 * Spanish, Italian or Portuguese.
 */
const SUBORDINATED =
  /^(?:why|what|how|where|when|who|whom|whose|which|whether|if|because|while)(?:['’]s)?\s/i;
const SUBJECT_PRONOUN =
  /^(?:i|we|you|he|she|it|they|that|there|here)(?:\s|['’](?:s|re|ve|ll|d|m)\s)/i;
const FINITE_VERB_AFTER_SUBJECT =
  /\s(?:is|are|was|were|am|has|have|had|will|would|can|could|may|might|must|shall|should|does|did|(?:is|are|was|were|has|have|had|wo|ca|do|does|did)n['’]t|rose|fell|won|lost|came|went|said|took|made|gave|grew|began|sold|bought|broke|struck|ran|saw|told|kept|held|fled|spoke|wrote|chose|drove|froze|stood|sank|fought|brought|caught|knew|flew|threw|became|\p{L}{2,}[^\se]ed|ist|sind|waren|wird|hat|haben|est|sont|était|sera|ont|es|está|están|fue|è|sono|é|são|foi)(?=[\s.])/iu;

function isShortSentence(head: string): boolean {
  const words = `${head.slice(0, -1)} `;
  return (
    !SUBORDINATED.test(words) &&
    (SUBJECT_PRONOUN.test(words) || FINITE_VERB_AFTER_SUBJECT.test(words))
  );
}

/** A bold run-in subhead names what follows in two words or more: "Where to stay". */
const MIN_RUN_IN_SUBHEAD_WORDS = 2;

/**
 * A bold subhead run in on the line of its text, with no mark after it: "**Where to stay** The
 * university quarter is…", which as one paragraph reads "Where to stay The university…". Shaped
 * like a subhead, of two words or more, before a sentence that opens with a capital: a bold name
 * the sentence goes on from ("**Northwind** said…", "**Maria Chen**, the chief…") is left, and so
 * is an interview's "**Q**".
 */
function isRunInSubhead(head: string, body: string): boolean {
  return (
    isSubheadCandidate(head) &&
    head.split(/\s+/).length >= MIN_RUN_IN_SUBHEAD_WORDS &&
    !/^(?:q|a|question|answer)\b/i.test(head) &&
    /^["'‘“]?\p{Lu}/u.test(body)
  );
}

/** A paragraph's opening bold run: its text, the text after it, and whether a line break follows. */
export interface BoldLead {
  readonly head: string;
  readonly body: string;
  readonly lineBreak: boolean;
}

/**
 * The blocks of a paragraph, as its opening bold run (if any) tells them, in every markup. One
 * wholly in bold and shaped like a subhead ("2. Insulation comes first") is a subhead: writers
 * without a heading style mark their subheads so, or on the line above the paragraph's text ("A
 * lifeline for older residents" and a line break), which would otherwise run into its first
 * sentence. A numbered item's bold run-in head ("1. They break work into pieces." A task that…)
 * heads the item's text as a subhead would, instead of standing in its points with its number. A
 * bold question on the line above its answer is a paragraph of its own, as it would be with a
 * blank line. A structured abstract's bold label ("**Objective** To examine…") heads its part.
 */
export function boldLedBlocks(text: string, bold: BoldLead | undefined): ArticleBlock[] {
  if (bold === undefined) return [{ kind: 'paragraph', text }];
  const { head, body, lineBreak } = bold;
  if (head === text && isSubheadCandidate(text)) return [{ kind: 'heading', text }];
  // A box set in the text as a paragraph, under a bold title that is the page's furniture and a
  // sentence ("Get our morning briefing." over its pitch): the title went as a run-in label and
  // the pitch stayed. A label ("Update:", "Correction:") is left to the rules for those.
  if (
    body !== '' &&
    /[.!]$/.test(head) &&
    isJunkSentence(head) &&
    countWords(body) <= MAX_BOILERPLATE_WORDS
  ) {
    return [];
  }
  if (isRunInLabel(head, body)) return [{ kind: 'paragraph', text: body }];
  const abstractLabel = BOLD_ABSTRACT_LABEL.exec(head)?.[1];
  if (body !== '' && abstractLabel !== undefined) {
    return [
      { kind: 'heading', text: abstractLabel },
      { kind: 'paragraph', text: body },
    ];
  }
  // A bold name over a short line that is no sentence either ("Ruth Abara" and "Eastfield", a
  // letter's signature; a name over its role) heads no text: two lines of their own.
  if (lineBreak && isSubheadCandidate(head) && isSubheadCandidate(body)) {
    return [
      { kind: 'paragraph', text: head },
      { kind: 'paragraph', text: body },
    ];
  }
  if (
    body !== '' &&
    (NUMBERED_ITEM.test(head) ||
      (lineBreak && isSubheadCandidate(head)) ||
      isRunInSubhead(head, body))
  ) {
    return [
      { kind: 'heading', text: head },
      { kind: 'paragraph', text: body },
    ];
  }
  if (body !== '' && lineBreak && isQuestionLine(head)) {
    return [
      { kind: 'paragraph', text: head },
      { kind: 'paragraph', text: body },
    ];
  }
  return [{ kind: 'paragraph', text }];
}

/** How many of the opening's words stand in for the title of an article whose name says nothing. */
const MAX_OPENING_TITLE_WORDS = 8;

/**
 * A name that says what kind of page or file it is, or that it has no title, not what it is
 * about: "index.html", "untitled-3.md", "e-notitle.md" (its single letters and numbers only
 * order it among others).
 */
const NAME_SAYING_NOTHING =
  /^(?:index|default|home|main|untitled|notitle|no title|draft|article|post|story|document|text|copy|new|new text document|new document|untitled document|new file)?$/i;

function saysNothing(words: string): boolean {
  const meaningful = words.split(' ').filter((word) => /\p{L}{2}/u.test(word));
  return NAME_SAYING_NOTHING.test(meaningful.join(' '));
}

/**
 * A date ("2025 03 04 ", "20250304 ") or a zero-padded number ("03 ", "007 ") before a name's
 * words.
 */
const ORDERING_PREFIX =
  /^(?:\d{4} \d{1,2} \d{1,2}|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|0\d*) (?=\p{L})/u;

/**
 * What a file manager, a browser's download or an editor adds at the end of a file's name, read
 * before its dashes become spaces: a copy's number, " (2)"; Windows' " - Copy"; macOS's " copy 2";
 * a version, "-v2", "_v3.1", with "final" or "draft" before it; "FINAL". "cup-final" and
 * "a-perfect-copy" are words of the name.
 */
const MARK_AT_END =
  /(?: \(\d{1,3}\)| - Copy| copy \d{1,3}|[-_ ](?:(?:[Ff]inal|FINAL|[Dd]raft|DRAFT)[-_ ])?[vV]\d{1,3}(?:\.\d{1,3})*|[-_ ](?:FINAL|DRAFT))$/;
/** Google Drive's and older Windows' "Copy of " before a copied file's name. */
const COPY_OF = /^Copy of /;
/** "allotment list - Copy (3)", "allotment_list_FINAL_v3.1": a mark before a mark, no more. */
const MAX_MARKS_AT_END = 3;

/** A file's name without its folder, its extension and the marks of a copy or a version. */
function baseName(source: string): string {
  let name = (source.split(/[\\/]/).at(-1) ?? source).replace(/\.[^.]+$/, '').replace(COPY_OF, '');
  for (let i = 0; i < MAX_MARKS_AT_END; i++) name = name.replace(MARK_AT_END, '');
  return name;
}

/**
 * Words of a name as a title: the first capitalised, the rest as the name writes them. A first
 * word whose capital comes second is a brand that is written so ("iPhone", "eBay").
 */
const capitalise = (words: string) =>
  /^\p{Ll}\p{Lu}/u.test(words) ? words : words.charAt(0).toUpperCase() + words.slice(1);

/**
 * The title of a file that has none in it, made readable from its name:
 * "reports/xi-putin_meeting.txt" → "Xi putin meeting", "2025-03-04-allotments.md" → "Allotments"
 * (a date or a zero-padded number before the name only orders the files; "10-ways-to-save.md"
 * says what it holds; so do the marks of a copy or a version, "Copy of allotments (2).md"), "allotmentWaitingList.md" → "Allotment waiting list" (camel case only
 * in a name of one word, and after two small letters: "iPhone-review" and "iPhoneReview" keep
 * "iPhone"). A name that says nothing
 * ("untitled.md", "e-notitle.md") gives way to the article's opening words, cut at a word, as a
 * page's address that names nothing does.
 */
export function titleFromSource(source: string, opening: string | undefined): string {
  const name = baseName(source)
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .replace(ORDERING_PREFIX, '');
  const words = name.includes(' ')
    ? name
    : name.replace(
        /(\p{Ll}{2})(\p{Lu})/gu,
        (_, lower: string, upper: string) => `${lower} ${upper.toLowerCase()}`,
      );
  if (!saysNothing(words)) return capitalise(words);
  const text = opening?.trim() ?? '';
  return text === '' ? 'Untitled' : cutToWords(text, MAX_OPENING_TITLE_WORDS);
}

const PAGE_EXTENSION = /\.(?:[sx]?html?|php\d?|aspx?|jspx?|cfml?|cgi)$/i;

/** An article fetched from the web is named by its http(s) address. */
export function isWebAddress(source: string): boolean {
  return /^https?:\/\//i.test(source) && URL.canParse(source);
}

/**
 * The title of a web page that declares none, from its address and its text, so a digest heading
 * reads as a title whatever the URL looks like:
 * - the last non-empty segment of the path, decoded, without a page extension, dashes and
 *   underscores as spaces, capitalised: ".../2024/05/night-trains-return.html" → "Night trains
 *   return". The query and the fragment never count ("?p=123" is no title);
 * - when that segment says nothing (none, "index.html", only digits such as an id or a date):
 *   the page's opening words, cut at a word ("The council met on Monday evening to discuss…");
 * - when the page has no text either: its host name without "www." ("example.com").
 */
export function titleFromUrl(url: string, opening: string | undefined): string {
  const address = new URL(url);
  const segment = address.pathname.split('/').findLast((part) => part !== '') ?? '';
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A malformed escape ("%E0%A4%A") is read as it stands.
  }
  const words = decoded
    .replace(PAGE_EXTENSION, '')
    .replace(/[-_\s\p{Cc}]+/gu, ' ')
    .trim();
  if (/\p{L}/u.test(words) && !saysNothing(words)) return capitalise(words);
  const text = opening?.trim() ?? '';
  if (text !== '') return cutToWords(text, MAX_OPENING_TITLE_WORDS);
  return address.hostname.replace(/^www\./i, '');
}

/** Junk patterns judge whole short lines only: a long paragraph that says "share this" is text. */
const MAX_JUNK_LINE_WORDS = 15;

function isJunkLine(text: string): boolean {
  return text.split(/\s+/).length <= MAX_JUNK_LINE_WORDS && isJunkSentence(text);
}

/** A caption ending on its credit is a short paragraph. */
const MAX_CREDITED_CAPTION_WORDS = 60;

/**
 * A figure's caption is no text however long it runs (a heading "Table 1: …" stays a heading),
 * and neither is a short paragraph that ends on a photo credit: "Margaret Ellery aboard the
 * Calypso in 1968. Photograph: Ellery family archive", as captions are copied under an image.
 */
function isCaption(block: ArticleBlock): boolean {
  if (block.kind !== 'paragraph') return false;
  const text = block.text.trim();
  if (CAPTION.test(text)) return true;
  if (text.split(/\s+/).length > MAX_CREDITED_CAPTION_WORDS) return false;
  const sentences = splitSentences(text);
  return sentences.length > 1 && PHOTO_CREDIT.test(sentences.at(-1) ?? '');
}

/**
 * A live blog's time at the head of a post: "16:42 — ", "4.05pm: ", "09:15 GMT - ", and with the
 * word for the hour German, Dutch and Spanish tickers set after it, "12:45 Uhr – ", "12.10 uur - ",
 * "11:32 hs. - ". The story starts after it, with a capital or a quotation mark.
 */
const LEADING_TIMESTAMP =
  /^(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?|\s(?:Uhr|uur|hs?\.?))?|\d{1,2}\s*[ap]\.?m\.?)(?:\s+[A-Z]{2,4})?\s*[—–|:-]\s+(?=[\p{Lu}"“‘«„])/u;
/**
 * The same time with no dash after it, as a post's <time> element leaves it ("9.41am Network
 * Rail says…", "09:02 GMT Roads into…"): only with its minutes and "am"/"pm" or a time zone.
 */
const LEADING_CLOCK_TIME =
  /^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?|\s+(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|AEST|AEDT))\s+(?=[\p{Lu}"“‘«„])/u;

/**
 * A bare 24-hour time, "14:32 ", "13.10 ", as a live blog heads each post (often in bold), and
 * before a letter of a script without case, "23:40　与党は…": a post's time only when two
 * paragraphs or more open so, as a price may open one sentence.
 */
const LEADING_POST_TIME = /^(?:[01]?\d|2[0-3])[:.][0-5]\d\s+(?=[\p{Lu}\p{Lo}"“‘«„「])/u;
/** Nothing matches it: the bare time stays when it heads a single paragraph. */
const NO_MATCH = /(?!)/;

/**
 * A match's live updates head each post with the minute of play, "78' ", "90+4’ ": the update
 * starts after it, with a capital or a quotation mark.
 */
const LEADING_MATCH_MINUTE = /^\d{1,3}(?:\+\d{1,2})?['’′]\s+(?=[\p{Lu}"“‘«„])/u;

/**
 * Show notes head each note with its time in the episode, in brackets: "[00:08:45] ", "(17:30) ".
 */
const LEADING_EPISODE_TIME = /^[[(]\d{1,2}:\d{2}(?::\d{2})?[\])]\s+(?=[\p{Lu}"“‘«„])/u;

/**
 * A wire story's dateline at the head of its paragraph: "LONDON, 29 July 2025 — ", "WASHINGTON
 * (AP) — ", "NEW DELHI, India (CNN) -- ", "ST. LOUIS - ". A place in capitals, then perhaps a
 * region or a date after a comma and an agency in brackets (or a newswire's name between
 * slashes, as PR Newswire puts it: "BOSTON, Sept. 9, 2025 /PRNewswire/ -- "), then a dash.
 * Reuters now often gives only the date: "Oct 14 (Reuters) - ", which needs its agency. The
 * agencies are the world's and Europe's wires: "MADRID, 3 (EUROPA PRESS) - ", "SEOUL (Yonhap) -- ",
 * and the national agencies of the Gulf, South and Southeast Asia and Africa: "ABU DHABI, 7th
 * December, 2026 (WAM) -- ", "KUALA LUMPUR, Dec 7 (Bernama) -- ", "ISLAMABAD, Dec 7 (APP): ", and
 * the Caribbean's: "KINGSTON, Jamaica (CMC) — ".
 * After an agency the dash may be left out, as Sweden's and Norway's write it: "STOCKHOLM (TT) ",
 * "OSLO (NTB) ", or follow a full stop, as EFE's: "Sevilla, 7 dic (EFE).- ".
 */
const AGENCY = String.raw`\((?:AP|Reuters|AFP|CNN|Bloomberg|dpa(?:-AFX)?|UPI|GLOBE NEWSWIRE|KNA|epd|SID|APA|EUROPA PRESS|Europa Press|EFE|ANSA|Adnkronos|AGI|ANP|Belga|PAP|TASS|Xinhua|Kyodo|Yonhap|PTI|IANS|AAP|Lusa|NTB|TT|AA|DHA|İHA|ANTARA|Antara|ČTK|CTK|TASR|MTI|BTA|HINA|ANI|WAM|SPA|QNA|KUNA|BNA|ONA|MENA|SANA|NNA|WAFA|APP|BSS|UNB|UNI|RSS|Bernama|BERNAMA|VNA|PNA|NAN|GNA|CMC|JIS|DPI|भाषा|वार्ता|आईएएनएस|रॉयटर्स|বাসস|ইউএনবি|رويترز|أ ف ب|د ب أ|واس|وام|قنا|كونا|بترا|ایرنا|ایسنا|ایلنا)(?:/[\p{L}-]{2,12}){0,3}\)`;
/**
 * An agency's tag after a paragraph's last sentence, as Indian papers end a wire story: "…for the
 * support. (PTI)", "… (IANS)". It is no part of the sentence, nor does it make the paragraph a
 * subhead by leaving it without a closing mark.
 */
const TRAILING_AGENCY = new RegExp(String.raw`(?<=[.!?]["'’”]?)\s*${AGENCY}$`, 'u');
const NEWSWIRE = String.raw`/[\p{L}][\p{L} -]{1,28}/`;
/**
 * A place as German papers and agencies write it before the story: "Berlin", "Frankfurt am Main",
 * "Frankfurt/Main", "Bad Homburg". With an agency ("Berlin (dpa) - ", "Hamburg (dpa/lno) – ";
 * Reuters too: "London (Reuters) - ") or a day it is a dateline in any language.
 */
const PLACE = String.raw`\p{Lu}\p{Ll}+(?:[/-]\p{Lu}\p{Ll}+)*(?: (?:am|an der|im|ob der|nad|pod|\p{Lu}\p{Ll}+) \p{Lu}\p{Ll}+| \p{Lu}\p{Ll}+)?`;
/**
 * A month's name or its short form in English, German, French, Spanish, Italian, Dutch,
 * Portuguese, Indonesian, Swahili, Turkish or Greek: "December", "Sept.", "Dezember", "dic.",
 * "août", "mrt", "Desember", "Agustus", "Aralık", "Δεκεμβρίου".
 */
const MONTH = String.raw`(?:[Jj](?:an|än|un|ui|ul)|[Ff](?:eb|év|ev)|[Mm](?:är|ar|aa|rt|ay|ai|ag|ei)|[Aa](?:pr|vr|br|ug|oû|ou|go|gu|ra)|[Gg](?:iu|en)|[Ll]ug|[Ss]e[pt]|[Oo](?:ct|kt|tt|ut|ca)|[Nn](?:ov|is)|[Dd](?:ec|ez|éc|ic|es)|[Ee](?:ne|yl|ki)|[Şş]ub|[Hh]az|[Tt]em|[Aa]ğu|[Kk]as|Ιαν|Φεβ|Μαρ|Απρ|Μα[ΐι]|Ιου[νλ]|Αυγ|Σεπ|Οκτ|Νο[εέ]|Δεκ)\p{Ll}*\.?`;
/**
 * A day as a dateline gives it after a place in small letters, "Leipzig, 3. Dezember 2026 – ",
 * "Harbour City, 4 December 2026 - ", "London, Sept. 9, 2025 — ", "Madrid, 9 de enero de 2026 - ": a number and a
 * month, either way round, and perhaps a year, or a day in figures with its year, "Paris, 03/12/2026 - ",
 * as Vietnamese papers write it after "ngày" ("Hà Nội, ngày 3/12/2026 - ") (a list of places,
 * "Paris, Rome and Berlin - ", has none, nor a name and its part, "Ted Lasso, Season 3 - ").
 */
const DAY = String.raw`(?:(?:\d{1,2}\.?\s(?:de\s)?${MONTH}|${MONTH}\s\d{1,2}(?:st|nd|rd|th)?)(?:,?\s(?:de\s)?\d{4})?|\d{1,2}[./]\d{1,2}[./]\d{4}|ngày\s\d{1,2}/\d{1,2}(?:/\d{4})?)`;
/**
 * A place in Arabic script, one or two words ("القاهرة", "تهران"), perhaps with its day after
 * Arabic's comma ("عمّان، 3 كانون الأول"), before its agency in brackets, "القاهرة (رويترز) - ",
 * "عمّان، 3 كانون الأول (بترا) - ", or as Iran's agencies write it, between dashes: "تهران- ایرنا- ".
 */
const ARABIC_PLACE = String.raw`[\p{Script=Arabic}\p{M}]+(?: [\p{Script=Arabic}\p{M}]+)?(?:[،,]\s*\p{Nd}{1,2}\s[\p{Script=Arabic}\p{M}]+(?: [\p{Script=Arabic}\p{M}]+)?)?`;
const PERSIAN_AGENCY = '(?:ایرنا|ایسنا|ایلنا|مهر|تسنیم|فارس|ایبنا)';
/**
 * A place in Devanagari or Bengali, one or two words, perhaps with its day in either digits ("नई
 * दिल्ली, 3 दिसंबर", "ঢাকা, ২২ অক্টোবর"), before an agency in brackets: "नई दिल्ली, 3 दिसंबर (भाषा) ",
 * "मुंबई (आईएएनएस) - ", "ঢাকা, ২২ অক্টোবর (বাসস) : "; with its day, before a dash alone: "ঢাকা, ২২
 * অক্টোবর - " ("ঢাকা - চট্টগ্রাম মহাসড়কে…", a road between two cities, has no day).
 */
const INDIC_LETTERS = String.raw`[\p{Script=Devanagari}\p{Script=Bengali}\p{M}]+`;
const INDIC_DAY = String.raw`,\s*\p{Nd}{1,2}\s${INDIC_LETTERS}`;
const INDIC_PLACE = `${INDIC_LETTERS}(?: ${INDIC_LETTERS})?`;
const LEADING_DATELINE = new RegExp(
  String.raw`^(?:\p{Lu}{2,}\.?(?:[ '’-]+\p{Lu}{2,}\.?)*(?:,\s*[\p{Lu}\d][\p{L}\d.]*(?:,?\s+[\p{Lu}\d][\p{L}\d.]*){0,3})?(?:\s*${AGENCY}|\s*${NEWSWIRE})?|\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}\s*${AGENCY}|(?:${PLACE}\s*)?${AGENCY}|${PLACE},\s*${DAY}(?:\s*${AGENCY})?|${ARABIC_PLACE}\s*(?:${AGENCY}|(?:—|–|-)\s*${PERSIAN_AGENCY})|${INDIC_PLACE}(?:${INDIC_DAY})?\s*${AGENCY}|${INDIC_PLACE}${INDIC_DAY})(?:\.?\s*(?:—|–|--|-)\s+|(?<=\))(?:\s*:)?\s+)(?=[\p{Lu}\p{Lo}"“‘«„])`,
  'u',
);

/**
 * Korean agencies' dateline, the place and the agency in brackets and the reporters before an
 * equals sign: "(서울=연합뉴스) 김민수 기자 = ", "[서울=뉴시스]김민수 기자 = ", "(워싱턴=연합뉴스) 김동현
 * 특파원 = ", "(서울=뉴스1) ".
 */
const LEADING_KOREAN_DATELINE =
  /^[([]\p{Script=Hangul}{1,10}=[\p{L}\d]{1,12}[)\]]\s*(?:(?:\p{Script=Hangul}{2,4}\s?){1,3}(?:기자|특파원|통신원)\s?=\s*)?/u;

/**
 * Russian and Ukrainian agencies name themselves after the place and the day, with a full stop:
 * "МОСКВА, 3 дек — РИА Новости. ", "МОСКВА, 3 декабря. /ТАСС/. ", "КИЇВ, 3 грудня. /Укрінформ/. ",
 * and a site's copy of them in small letters, perhaps with the year, "Москва, 28 октября 2026 — РИА
 * Новости. ", or Interfax's place and day with full stops, "Москва. 5 декабря. INTERFAX.RU - ",
 * before a capital or a quotation mark ("… — РИА Новости. «Зенит» обыграл…").
 */
const LEADING_CYRILLIC_DATELINE =
  /^(?:\p{Lu}{2,}(?:[ -]\p{Lu}{2,})*|\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?)[,.]\s*\d{1,2}\s\p{Ll}{3,9}\.?(?:\s\d{4})?\s*(?:(?:—|–|-)\s*(?:РИА Новости|ТАСС|Интерфакс|Интерфакс-Украина|Інтерфакс-Україна|ПРАЙМ|РБК|УНІАН|Укрінформ)\.|\/[\p{L} -]{2,20}\/\.|(?:INTERFAX\.RU|ИНТЕРФАКС(?:-УКРАИНА)?)\s?(?:—|–|-))\s+(?=[\p{Lu}«„"“])/u;

/**
 * Chinese agencies' dateline, the agency and the place, the day and 电 ("dispatch") before a space
 * or the reporters in brackets: "新华社北京12月9日电 ", "新华社北京12月9日电（记者王磊）", "中新网12月9日电 "
 * ("12月9日电视台" is a television station); Japanese ones' place and agency or reporter in
 * lenticular brackets, "【ワシントン共同】", "【北京＝山田太郎】" (a tag, "【速報】", names neither); Taiwan's
 * and Hong Kong's papers' reporter and place, or their own name, in brackets: "〔記者陳美玲／台北報導〕",
 * "（中央社記者陳美玲台北9日電）", "【明報專訊】" (not the press conference, "（記者會上午十點舉行）").
 */
const LEADING_CJK_DATELINE =
  /^(?:\p{Script=Han}{1,12}\d{1,2}月\d{1,2}日电(?:\s*[（(][^（）()\n]{1,30}[）)]|\s)|【[^【】\n]{1,20}(?:共同|時事|ロイター|＝[^【】\n]{1,12})】|[〔【（(](?:中央社)?[記记]者(?![會会])[^〔〕【】（）()\n]{1,30}(?:報導|报道|電|电)[〕】）)]|【[^【】\n]{1,12}(?:專訊|专讯|報訊|报讯)】)\s*/u;

/**
 * A German paper's dateline with only a full stop, "Berlin. Das Bundeskabinett…", before the
 * article's first paragraph when that paragraph reads German (three of its little words or more):
 * an English paragraph's one-word opening ("Silence. Then…") stays, and so does a German one
 * before a connective ("Stille. Dann kam…"), which goes on from it, or one shaped as no place's
 * name is, an adjective, an adverb, a participle or an interjection ("Endlich. Die Bahn fährt…",
 * "Unfassbar.", "Traurig.", "Geschafft.", "Vorbei."; "Leipzig." is a place).
 */
const GERMAN_EXCLAMATION = String.raw`(?:\p{Lu}\p{Ll}*(?:lich|bar|isch|los|haft|sam|voll|(?<!z)ig)|Ge\p{Ll}+t|Aus|Vorbei|Schluss|Genug|Nein|Ja|Achtung|Immerhin|Wahnsinn|Verloren|Gewonnen)\.`;
const LEADING_GERMAN_PLACE = new RegExp(
  String.raw`^(?!${GERMAN_EXCLAMATION})${PLACE}\.\s+(?!(?:Dann|Doch|Aber|Und|Oder|Denn|Da|Jetzt|Nun|So|Noch|Nicht|Kein|Keine|Nichts)\b)(?=[\p{Lu}"„»])`,
  'u',
);
const GERMAN_FUNCTION_WORDS =
  /(?<![\p{L}])(?:der|das|den|dem|des|und|ist|nicht|mit|für|auf|sich|eine?[mnrs]?|zum|zur|bei|nach|auch|wird|werden|haben|sind|wurde|hatte|noch|über)(?![\p{L}])/giu;

/** A test that a text reads in a language: `least` different ones of its little words or more. */
const readsLanguage = (littleWords: RegExp, least: number) => (text: string) =>
  new Set(text.toLowerCase().match(littleWords)).size >= least;
const readsGerman = readsLanguage(GERMAN_FUNCTION_WORDS, 3);

/**
 * A Czech or Indonesian paper's dateline, the place and a dash, "Praha - Vláda ve středu…",
 * "Hradec Králové – ", "Ambon - Gempa bermagnitudo 6,2…", before the article's first paragraph
 * when that paragraph reads Czech or Indonesian (two of its little words or more). Two
 * names and a number after the dash are a match's score, "Sparta - Slavia 2:1 je…", and an English
 * paragraph's "Brexit - The government…" is a kicker run in.
 */
const LEADING_PLACE_AND_DASH = new RegExp(
  String.raw`^${PLACE}\s(?:-|–|—)\s(?!\p{Lu}\p{L}*(?: \p{Lu}\p{L}*)? \d)(?=\p{Lu})`,
  'u',
);
const CZECH_FUNCTION_WORDS =
  /(?<![\p{L}])(?:se|že|ve|je|jsou|byl|byla|bylo|který|která|které|také|podle|při|až|už|jak|ze|či|nebo|v|s|z|k|o|na|za|pro|od)(?![\p{L}])/giu;
const INDONESIAN_FUNCTION_WORDS =
  /(?<![\p{L}])(?:yang|dan|di|ke|dari|pada|untuk|dengan|ini|itu|tidak|akan|dalam|oleh|telah|sudah|juga|bahwa|karena|atau)(?![\p{L}])/giu;
const readsCzech = readsLanguage(CZECH_FUNCTION_WORDS, 2);
const readsIndonesian = readsLanguage(INDONESIAN_FUNCTION_WORDS, 2);

/**
 * The paper's own name in brackets and a dash before its first paragraph, as Vietnamese papers
 * open the story: "(Dân trí) - ", "(PLO)- ", "(NLĐO) - ".
 */
const LEADING_BRACKETED_SOURCE =
  /^\([\p{L}\d.]{2,16}(?: [\p{L}\d.]{1,16}){0,2}\)\s?(?:-|–|—)\s+(?=\p{Lu})/u;

/**
 * A Khmer paper's place and Khmer's colon before its first paragraph, "ភ្នំពេញ៖ " (Phnom Penh):
 * a word of at most 16 letters, as a place's name is, not a sentence announcing what follows
 * ("លោករដ្ឋមន្ត្រីបានថ្លែងថា៖ …", the minister said:).
 */
const LEADING_KHMER_PLACE = /^(?:(?!៖)\p{Script=Khmer}){2,16}៖\s*(?=\p{Script=Khmer})/u;

/**
 * A paper's place and a colon before its first paragraph, as Indian, Pakistani, Gulf and
 * Singaporean papers open a story, in capitals or not: "NEW DELHI: ", "ISLAMABAD: ", "SINGAPORE: ",
 * "ST. LOUIS: ", "KUALA LUMPUR: ", "KUWAIT CITY: ", NDTV's and the Hindustan Times' "New Delhi: ",
 * "Mumbai: ", or with its day, "LAHORE, Dec 7: ": one word, or more after a word that opens
 * places' names ("NEW", "SAN", "ABU"…) or before "CITY", as a speaker's name ("ANNA LEE: …",
 * "Anna Lee: …") does not. A kicker ("BREAKING: ", "Exclusive: ") and a name of two letters
 * ("UN: ") are none, nor labels that open other paragraphs too: a transcript's speakers, a
 * recipe's "Ingredients:" and "Method:".
 */
/** A word in capitals or capitalised: "SAN", "San". */
const eitherCase = (words: readonly string[]) =>
  `(?:${words.flatMap((word) => [word, word.charAt(0) + word.slice(1).toLowerCase()]).join('|')})`;
const PLACE_PREFIX = eitherCase(
  'NEW SAN SANTA SANTO SAO LOS LAS ST SAINT FORT PORT CAPE MOUNT PALM ABU KUALA HONG TEL ADDIS DAR BANDAR PHNOM BUENOS RIO EL AL LA NAVI NORTH SOUTH EAST WEST GREATER'.split(
    ' ',
  ),
);
const NOT_A_PLACE = eitherCase(
  'BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL CORRECTION CLARIFICATION WARNING NOTE VIDEO PHOTO PHOTOS REVIEW ALERT URGENT FLASH DEVELOPING DISCLAIMER SPONSORED LISTEN INTERVIEW EXPLAINER BACKGROUND CONTEXT SUMMARY HIGHLIGHTS VERDICT SPOILER SPOILERS CAUTION SOURCE SOURCES CREDIT QUESTION ANSWER'.split(
    ' ',
  ),
);
const PLACE_WORD = String.raw`(?:\p{Lu}{2,}|\p{Lu}\p{Ll}+)`;
const LEADING_CAPITALS_COLON = new RegExp(
  String.raw`^(?!${NOT_A_PLACE}:)(?:\p{Lu}(?:\p{Lu}{2,}|\p{Ll}{2,})|${PLACE_PREFIX}\.?(?: ${PLACE_WORD}){1,2}|${PLACE_WORD} (?:CITY|City)|${PLACE_WORD}(?: ${PLACE_WORD}){0,2},\s*${DAY}):\s+(?=[\p{Lu}"“‘])`,
  'u',
);

/**
 * The first paragraph's text without a German paper's "Berlin. ", a Czech or Indonesian one's
 * "Praha - ", "Ambon - ", a Vietnamese one's "(Dân trí) - " or a Khmer one's "ភ្នំពេញ៖ " dateline.
 */
function withoutLeadingPlace(text: string): string {
  for (const [dateline, reads] of [
    [LEADING_GERMAN_PLACE, readsGerman],
    [LEADING_PLACE_AND_DASH, (rest: string) => readsCzech(rest) || readsIndonesian(rest)],
    [LEADING_BRACKETED_SOURCE, () => true],
    [LEADING_KHMER_PLACE, () => true],
  ] as const) {
    const place = dateline.exec(text)?.[0];
    if (place !== undefined && reads(text.slice(place.length))) return text.slice(place.length);
  }
  return text;
}

/** The line a press release ends its text with ("###", "-30-", "- ENDS -"); what follows is notes. */
const END_OF_RELEASE = /^(?:#{3}|# # #|-\s*30\s*-|[-–—]*\s*ends\s*[-–—]*)$/i;
/**
 * The line that opens a page's comments: "14 thoughts on “Why your sourdough is flat”", "3
 * responses to …", "Comments (34)", "Leave a Reply", "Join the discussion". What follows is
 * readers' words, not the article's, when the markup does not mark the box for Readability (a
 * page copied as text or Markdown, a theme's own classes).
 */
const COMMENTS_START =
  /^(?:\d+\s+(?:thoughts?|responses?|comments?|replies|reactions?)\s+(?:on|to)\s+\S.{0,200}|(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?|leave a (?:comment|reply)|join the (?:discussion|conversation))\s*:?$/i;

/**
 * Where the article's text ends: at a press release's end mark, or at the comments after the
 * first paragraph (a "14 Comments" line above the story is the post's meta line).
 */
function articleEnd(blocks: readonly ArticleBlock[]): number {
  const release = blocks.findIndex((block) => END_OF_RELEASE.test(block.text.trim()));
  if (release > 0) return release;
  const firstParagraph = blocks.findIndex((block) => block.kind === 'paragraph');
  const comments = blocks.findIndex(
    (block, index) =>
      firstParagraph >= 0 && index > firstParagraph && COMMENTS_START.test(block.text.trim()),
  );
  return comments > 0 ? comments : blocks.length;
}
/**
 * A section that lists the works cited: its entries ("Liu D, Huang Y, et al. Calorie
 * restriction…") are no article text, wherever it stands (notes often follow it). So are a
 * science news page's boxes under the story, "Story Source:" ("Materials provided by …"),
 * "Journal Reference:" and "Cite This Page:".
 */
const REFERENCE_LIST =
  /^(?:\d+\.?\s+)?(?:references|bibliography|footnotes|endnotes|notes|citations|works cited|sources|further reading|literature cited|références|bibliographie|literatur|quellen|einzelnachweise|referencias|bibliografía|fuentes|(?:journal )?references?|story sources?|cite this (?:page|article|story)|how to cite(?: this (?:page|article))?)\s*:?$/i;

/** A press release's notes for journalists (the paper's DOI, contacts, embargo), not its story. */
const NOTES_TO_EDITORS = /^(?:notes? (?:to|for) (?:the )?editors?|editors['’]? notes?)\s*:?$/i;

/**
 * A listed company's legal disclaimer ("Forward-Looking Statements", "Safe Harbor Statement",
 * "Cautionary Note Regarding Forward-Looking Information", "Use of Non-GAAP Financial Measures"):
 * lawyers' and accountants' text, not the news, and it
 * often comes after the "About …" sections, which then are no longer last.
 */
const LEGAL_DISCLAIMER =
  /^(?:[\p{L} ]{0,40}\bforward[- ]looking (?:statements?|information)|safe harbou?r(?: statements?)?|cautionary (?:note|statement)s?|[\p{L} ]{0,20}\bnon-gaap (?:financial )?(?:measures?|information))\s*:?$/iu;

/**
 * Who is thanked ("Acknowledgements", "Thanks", "Credits", "Contributors"): a paper's, a
 * report's or release notes' credits, wherever they stand, never what the piece says.
 */
const ACKNOWLEDGEMENTS =
  /^(?:\d+\.?\s+)?(?:acknowledge?ments?|(?:special )?thanks|credits|contributors|danksagung|remerciements|agradecimientos)\s*:?$/i;

/**
 * A project's README's rules for those who would contribute and its licence ("Contributing", "How
 * to contribute", "License"), closing a release announced there. Only the last sections: a story
 * that goes on after its "Licence" ("Magistrates revoked the Anchor's licence…") is news.
 */
const README_CLOSING = /^(?:\d+\.?\s+)?(?:contributing|how to contribute|licen[cs]e)\s*:?$/i;

/**
 * A release's boxes for journalists and investors under its story: an earnings release's call
 * ("Conference Call Information", "Webcast Details"), and a science release's facts about its
 * paper as EurekAlert! sets them ("Journal", "DOI", "Method of Research", "Article Publication
 * Date", "COI Statement"). Only the last sections: a story that goes on after a
 * "Conference call" subhead tells of it.
 */
const RELEASE_CLOSING =
  /^(?:(?:conference|earnings|investor) call(?: and webcast)?|(?:live )?webcast)(?: information| details)?\s*:?$|^(?:journal|doi|method of research|subject of research|article title|article publication date|coi statement|competing interests?|conflicts? of interest|funding information)\s*:?$/i;

/**
 * True when a last section's heading is about the writer, a README's contributing or licence, or
 * a release's box for journalists or investors.
 */
function closesTheArticle(heading: string): boolean {
  return isAboutTheWriter(heading) || README_CLOSING.test(heading) || RELEASE_CLOSING.test(heading);
}

/**
 * A show's or a newsletter's sponsors under a subhead of their own, wherever it stands: "Sponsors",
 * "Our sponsors", "This week's sponsor", "Sponsored", "A word from our sponsor", and in German,
 * French and Spanish, "Sponsoren", "Nos sponsors", "Patrocinadores". Their offers ("10% off with
 * code SLEEPER") were points. A heading of news about sponsors, "Sponsors pull out", goes on.
 */
const SPONSORS =
  /^(?:(?:our|this (?:week|episode|issue|month)['’]s|today['’]s) )?(?:sponsors?|sponsored(?: content| links?)?|partner content|paid partnership|a word from (?:our|this week['’]s|today['’]s) sponsors?|sponsoren|gesponsert|nos sponsors|sponsoris[ée]e?|patrocinadores|patrocinado|contenido patrocinado)\s*:?$/i;

/**
 * A box of the site's other stories under a heading naming them, wherever it stands: "Related
 * stories", "More on this story", "Mehr zum Thema", "Sur le même sujet", "Notícias relacionadas",
 * "Похожие новости", "関連記事", "相关阅读", "관련 기사"… Its teasers (a headline and its first
 * sentence) were taken for the story's text: the heading went as a prompt and left them under the
 * section before it. Not a prompt to read one story ("Read more", "Lesen Sie auch", "Leia também"),
 * which a story goes on after, nor a heading that goes on ("Related costs rose by a third").
 */
const RELATED_STORIES =
  /^(?:related(?: (?:stories|articles|links|posts|reading|coverage|content|news))?|more on this (?:story|topic)|you (?:may|might) also like|recommended(?: for you| stories)?|mehr zum thema|das könnte sie auch interessieren|sur le même sujet|noticias relacionadas|te puede interesar|notícias relacionadas|articoli correlati|gerelateerd|похожие новости|関連記事|関連ニュース|相关阅读|相关新闻|延伸阅读|延伸閱讀|相關新聞|相關閱讀|관련 ?기사|berita terkait|tin liên quan|مواضيع ذات صلة|संबंधित खबरें|[iİ]lgili haberler|σχετικά άρθρα|ข่าวที่เกี่ยวข้อง|habari zinazohusiana)\s*[:：]?$/iu;

function holdsArticleText(section: ArticleSection): boolean {
  const heading = section.heading ?? '';
  return (
    section.paragraphs.length > 0 &&
    !RELATED_STORIES.test(heading) &&
    !REFERENCE_LIST.test(heading) &&
    !NOTES_TO_EDITORS.test(heading) &&
    !LEGAL_DISCLAIMER.test(heading) &&
    !ACKNOWLEDGEMENTS.test(heading) &&
    !SPONSORS.test(heading)
  );
}

/**
 * What a writer's line says of the writer after the name: "is a former librarian", "writes
 * about…", and so in Portuguese, Spanish, Italian, French, German, Dutch, Indonesian, Swahili and
 * Greek ("é economista", "è docente", "es periodista", "est chercheuse", "ist Ökonomin", "schrijft
 * over…", "adalah peneliti", "ni mwandishi", "είναι οικονομολόγος").
 */
const ABOUT_THE_NAMED_WRITER =
  /^(?:is|was|writes|has written|covers|reports|é|è|es|est|ist|era|foi|fue|war|adalah|merupakan|ni|είναι|escreve|scrive|escribe|écrit|schreibt|schrijft|menulis|anaandika|γράφει)(?=[\s,])/;
/**
 * A writer's line is a sentence or two. The cap keeps a press release's longer opening paragraph
 * when the company is the page's author ("Acme Corp is pleased to announce …, which …").
 */
const MAX_WRITERS_LINE_WORDS = 40;

/** The writer's title before the name the byline gives: "Dr. Marcus Webb is a professor…". */
const WRITERS_TITLE = /^(?:Dr|Prof|Professor|Rev|Sir|Dame|Mr|Mrs|Ms|Mx)\.? (?=\p{Lu})/u;
/**
 * The writer's line under the byline or closing the piece: "Ruth Adeyemi is a former librarian
 * and a trustee of …", "Sam Patel writes about work and careers. Follow him on Twitter." The
 * first or last paragraph that opens with the full name of the article's own author and says
 * what the writer is or writes about is about the writer, not the story, whatever role it names.
 */
function isWritersLine(block: ArticleBlock | undefined, byline: string | undefined): boolean {
  // The name without the writer's place or paper after a comma or a bar: "Amina Juma, Dar es Salaam".
  const author = byline?.split(/[,|]/)[0]?.trim();
  if (block?.kind !== 'paragraph' || author?.includes(' ') !== true) return false;
  const text = block.text.replace(WRITERS_TITLE, '');
  return (
    text.startsWith(`${author} `) &&
    ABOUT_THE_NAMED_WRITER.test(text.slice(author.length + 1)) &&
    block.text.split(/\s+/).length <= MAX_WRITERS_LINE_WORDS
  );
}

/** Fewer distinct labels than this are a news paragraph's "Results: …", not an abstract. */
const MIN_ABSTRACT_LABELS = 3;

/**
 * A structured abstract's paragraphs, each opening on its label, become a subhead over the text
 * after it: otherwise the label opens the lead and the points ("Methods: We conducted…") and
 * a short part reads as a labelled field and goes. Only when three distinct labels or more open
 * paragraphs, so a story's one "Results: …" stays as it is.
 */
function abstractPartsAsSections(blocks: readonly ArticleBlock[]): readonly ArticleBlock[] {
  const labelOf = (block: ArticleBlock) =>
    block.kind === 'paragraph' ? ABSTRACT_LABEL.exec(block.text) : null;
  const labels = new Set(blocks.map((block) => labelOf(block)?.[1]?.toLowerCase()));
  labels.delete(undefined);
  if (labels.size < MIN_ABSTRACT_LABELS) return blocks;
  return blocks.flatMap((block): ArticleBlock[] => {
    const label = labelOf(block);
    if (label?.[1] === undefined) return [block];
    return [
      { kind: 'heading', text: label[1] },
      { kind: 'paragraph', text: block.text.slice(label[0].length) },
    ];
  });
}

/**
 * A Philippine paper's credit after a paragraph's last sentence, a dash and the writer with the
 * outlet, or those who reported with them: "… this year. — Jane Doe, INQUIRER.net", "… — Ana
 * Reyes, ABS-CBN News", "… —WITH A REPORT FROM JUAN CRUZ". A quotation's speaker ("“…” — Winston
 * Churchill", "… crisis. — Winston Churchill", no outlet) stays.
 */
const STORY_CREDIT =
  /(?<=[.!?])\s?[—–]\s?(?:(?:[Ww]ith (?:an? )?[Rr]eports? [Ff]rom|WITH (?:A )?REPORTS? FROM) [^.!?]{1,80}|\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’.-]*){1,3}, (?:[\p{L}-]+\.(?:net|com|ph|org)|\p{Lu}[\p{Lu}-]{2,}(?: \p{Lu}\p{L}+)?))$/u;

/**
 * GitHub's generated release notes credit each change to its authors and pull request: "Add
 * streaming uploads by @mkovacs in https://github.com/acme/depot/pull/812". Who and where is no
 * part of the change a point quotes. Matched from the start of a run of spaces only, so a long run
 * is not tried again from each of its spaces.
 */
const PULL_REQUEST_CREDIT =
  /(?<!\s)\s+by @[\w.-]+(?:(?:,| and) @[\w.-]+)*\s+in\s+https?:\/\/\S+\s*$/;

/**
 * A block without the page's furniture. A paragraph that opens with it goes whole, with the offer
 * after a newsletter's pitch ("Join 20,000 people who get our newsletter. Get 10% off…"); one that
 * opens with a sentence of its own keeps its sentences and loses only the furniture run on after
 * them, as a paywall cuts a story short: "The council voted on Tuesday to close the library.
 * Subscribe to continue reading." keeps its news. An encyclopedia's hatnote goes whole: its "This
 * article is about the lake." is part of it, and so does the site's note on its reviews ending
 * on its affiliate disclosure (isSitesNote).
 */
function withoutBoilerplate(block: ArticleBlock): ArticleBlock[] {
  if (block.kind === 'paragraph' && isWritersNote(block.text)) return [];
  // Kept to drop its section with it (holdsArticleText).
  if (block.kind === 'heading' && RELATED_STORIES.test(block.text.trim())) return [block];
  if (!isBoilerplate(block.text)) return [block];
  const sentences =
    block.kind === 'paragraph' && !isHatnote(block.text) ? splitSentences(block.text) : [];
  const [first, ...rest] = sentences;
  if (first === undefined || rest.length === 0 || isBoilerplate(first) || isSitesNote(sentences)) {
    return [];
  }
  const kept = [first, ...rest.filter((sentence) => !isBoilerplate(sentence))];
  return [{ ...block, text: kept.join(' ') }];
}

/**
 * A closing section about the company or the author: "About …" (German "Über die …", "Über uns",
 * French "À propos de …", Spanish "Acerca de …"; not "Über 100 Verletzte"; and before a name, or
 * "us", in Portuguese, Italian, Dutch, Indonesian, Swahili, Greek and Turkish: "Sobre a Câmara
 * Municipal de Lisboa", "Chi è Trenitalia", "Over Rabobank", "Tentang Kemenkes", "Kuhusu TMA",
 * "Σχετικά με την ΕΥΔΑΠ", "Şirket Hakkında"; not "Sobre o futuro", "Over twee jaar"), and Medium's
 * box under a post, "Written by Priya Nair" (a name and nothing else: "Written by hand in 1916"
 * heads a story).
 */
const ABOUT_THE_WRITER =
  /^(?:about\s+\S|über (?:die|den|das|uns)\b|à propos (?:de|du|des|d['’])\s?\S|acerca de\s+\S)/i;
/** The name after the word for "about" keeps its capital: matched case-sensitively. */
const ABOUT_THE_ISSUER =
  /^(?:(?:[Ss]obre|[Cc]hi è|[Ii]nformazioni su|[Aa] proposito di|[Oo]ver|[Tt]entang|[Kk]uhusu|[Σσ]χετικά με)(?: (?:a|o|os|as|de|het|la|il|lo|την|τον|το|τη|τις|τους))? \p{Lu}|(?:[Ss]obre nós|[Ss]obre (?:o|a) autora?|[Cc]hi siamo|[Oo]ver ons|[Oo]ver de (?:auteur|schrijver)|[Tt]entang [Kk]ami|[Tt]entang [Pp]enulis|[Kk]uhusu [Ss]isi|[Kk]uhusu [Mm]wandishi)$|\p{Lu}[\p{L}\p{N}.&' -]{0,60} (?:[Hh]akkında|HAKKINDA)$)/u;
const WRITTEN_BY = /^[Ww]ritten [Bb]y\s+\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}$/u;
const isAboutTheWriter = (heading: string) =>
  ABOUT_THE_WRITER.test(heading) || ABOUT_THE_ISSUER.test(heading) || WRITTEN_BY.test(heading);

/**
 * A version's heading in a changelog or release notes: "v3.2.0 — 2026-03-01", "[2.8.0] -
 * 2026-01-10", "Version 4.2", "3.1.2 (2026-02-12)". Not a date ("12.03.2025"), whose last part
 * has four digits.
 */
const VERSION_HEADING = /^\[?(?:(?:v|version |release )\d+(?:\.\d+)*|\d+\.\d+\.\d{1,3}(?!\d))/i;

/**
 * Groups blocks into sections under their subheads. Boilerplate paragraphs and short junk lines
 * (timestamps, photo credits, prompts) go, and so do subheads left with no text under them (a
 * trailing "Related" heading, two headings in a row). A heading before the first paragraph is not a
 * subhead either: under the title it is a standfirst, a kicker, a dateline or a byline, and as a
 * subhead it would head the whole article, making it one key point; but in a changelog (two
 * version headings or more) the newest version's heading heads its own changes. A live blog's time at the head
 * of a post and a wire story's dateline go (the text after them stays). A press release ends at its
 * end mark and a blog post where its comments begin; the last sections "About …" (the companies,
 * the author) go, as do a list of references, acknowledgements, a press release's "Notes to
 * editors" and its "Forward-looking statements" wherever they stand, and so does the writer's
 * line, first or last.
 */
export function buildSections(
  source: string,
  blocks: readonly ArticleBlock[],
  author?: string,
): ArticleSection[] {
  const parts = abstractPartsAsSections(blocks);
  const text = parts
    .slice(0, articleEnd(parts))
    .flatMap(withoutBoilerplate)
    .filter(
      (block) =>
        (block.kind === 'heading' && RELATED_STORIES.test(block.text.trim())) ||
        (!isJunkLine(block.text) && !isCaption(block)),
    );
  const firstParagraph = text.find((block) => block.kind === 'paragraph');
  const kept = text.filter(
    (block) =>
      !((block === firstParagraph || block === text.at(-1)) && isWritersLine(block, author)),
  );
  const changelog =
    kept.filter((block) => block.kind === 'heading' && VERSION_HEADING.test(block.text)).length >=
    2;
  const sections: { heading: string | null; paragraphs: Paragraph[] }[] = [];
  let current: { heading: string | null; paragraphs: Paragraph[] } = {
    heading: null,
    paragraphs: [],
  };
  // The story's first paragraph ends like a sentence: a byline or a time above it does not.
  const opening =
    kept.find((block) => block.kind === 'paragraph' && ENDS_PUNCTUATED.test(block.text)) ??
    kept.find((block) => block.kind === 'paragraph');
  const liveBlog =
    kept.filter((block) => block.kind === 'paragraph' && LEADING_POST_TIME.test(block.text.trim()))
      .length >= 2;
  const postTime = liveBlog ? LEADING_POST_TIME : NO_MATCH;
  const singleCapitalsLabel =
    kept.filter(
      (block) => block.kind === 'paragraph' && LEADING_CAPITALS_COLON.test(block.text.trim()),
    ).length === 1;
  for (const block of kept) {
    const cleaned = cleanText(block.text);
    const text =
      block !== opening
        ? cleaned
        : withoutLeadingPlace(
            singleCapitalsLabel ? cleaned.replace(LEADING_CAPITALS_COLON, '') : cleaned,
          );
    if (block.kind === 'heading') {
      if (holdsArticleText(current)) sections.push(current);
      const beforeFirstParagraph = sections.length === 0 && current.paragraphs.length === 0;
      if (!beforeFirstParagraph || (changelog && VERSION_HEADING.test(text))) {
        current = { heading: text, paragraphs: [] };
      }
      continue;
    }
    const story = text
      .replace(LEADING_TIMESTAMP, '')
      .replace(LEADING_CLOCK_TIME, '')
      .replace(postTime, '')
      .replace(LEADING_MATCH_MINUTE, '')
      .replace(LEADING_EPISODE_TIME, '')
      .replace(LEADING_DATELINE, '')
      .replace(LEADING_CYRILLIC_DATELINE, '')
      .replace(LEADING_CJK_DATELINE, '')
      .replace(LEADING_KOREAN_DATELINE, '')
      .replace(PULL_REQUEST_CREDIT, '')
      .replace(STORY_CREDIT, '')
      .replace(TRAILING_AGENCY, '');
    const sentences = splitSentences(story);
    if (sentences.length > 0) {
      current.paragraphs.push({
        text: story,
        sentences,
        ...(block.quoted === true ? { quoted: true } : {}),
      });
    }
  }
  if (holdsArticleText(current)) sections.push(current);
  // "About Acme Health", "About the author": who wrote it, not what it says. A release by two
  // companies (or a funder and its start-up) ends with one such section for each.
  // A README's "Contributing" and "License" close it so.
  while (sections.length > 1 && closesTheArticle(sections.at(-1)?.heading ?? '')) {
    sections.pop();
  }
  if (sections.length === 0) {
    const onlyBoilerplate = kept.length === 0 && blocks.length > 0;
    throw new ArticleError(
      source,
      onlyBoilerplate
        ? 'contains only boilerplate (copyright, share or sign-up lines), no article text'
        : 'has no sentences to summarise',
    );
  }
  return sections;
}
