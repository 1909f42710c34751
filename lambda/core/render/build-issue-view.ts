import { articleUrlProblem } from '../article/article-url';
import {
  lastWordStart,
  showsNothing,
  singleLine,
  sliceCharacters,
  trimEnds,
} from '../article/words';
import type { NewsletterConfig } from '../config';
import { ValidationError } from '../errors';
import type { KeyPoints } from '../keypoints/types';
import type { IssueView, ListView } from './types';

/** Longer subjects are cut by every inbox anyway; 150 keeps the whole title in most cases. */
export const MAX_SUBJECT_LENGTH = 150;
/** Inboxes show roughly 40–120 characters of preview after the subject. */
export const MAX_PREHEADER_LENGTH = 120;

export interface IssueViewInput {
  readonly issueId: string;
  readonly keyPoints: KeyPoints;
  /** The article's own URL, when it has one: the "Read the full article" link. */
  readonly url?: string | null;
  /** The language the article declares ("fr"), when it declares one. */
  readonly language?: string | null;
  readonly config: Pick<NewsletterConfig, 'archiveUrl'>;
}

/**
 * Cuts at the last word boundary that fits (in Thai or Japanese, between the words ICU finds),
 * with an ellipsis; never inside a character as seen (an emoji sequence, a letter and its marks).
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = sliceCharacters(text, max - 1);
  const word = lastWordStart(cut);
  if (word > max / 2) cut = cut.slice(0, word);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

const PDF = '\u202C';
const PDI = '\u2069';

/**
 * The characters that close what `text` leaves open of explicit embeddings and overrides (closed by
 * PDF) and isolates (closed by PDI), innermost first, as the Unicode bidi algorithm pairs them.
 */
function openDirectionalRuns(text: string): string {
  const open: string[] = [];
  for (const character of text) {
    if (/[\u202A\u202B\u202D\u202E]/.test(character)) open.push(PDF);
    else if (/[\u2066-\u2068]/.test(character)) open.push(PDI);
    else if (character === PDF && open.at(-1) === PDF) open.pop();
    else if (character === PDI && open.includes(PDI)) open.splice(open.lastIndexOf(PDI));
  }
  return open.reverse().join('');
}

/**
 * A subject or preheader: cut as truncateAtWord cuts, with any override or isolate it leaves open
 * closed at its end. An inbox shows both on one row, after the sender, so an open right-to-left
 * override (U+202E) in the title would turn the preheader and the rest of the row around.
 */
export function inboxLine(text: string, max: number): string {
  let cut = truncateAtWord(text, max);
  let closing = openDirectionalRuns(cut);
  if (cut.length + closing.length > max) {
    cut = truncateAtWord(text, max - closing.length);
    closing = openDirectionalRuns(cut);
  }
  return cut + closing;
}

/** Only http(s) links reach the email: anything else (javascript:, data:) is refused. */
function articleUrl(url: string | null | undefined): string | null {
  if (url == null || url.trim() === '') return null;
  const problem = articleUrlProblem(url);
  if (problem !== undefined) throw new ValidationError('article url', problem);
  return new URL(url.trim()).href;
}

/** Scripts written right to left (ISO 15924), as a language's likely script names them. */
const RIGHT_TO_LEFT_SCRIPTS = new Set([
  'Adlm',
  'Arab',
  'Hebr',
  'Mand',
  'Nkoo',
  'Rohg',
  'Samr',
  'Syrc',
  'Thaa',
  'Yezi',
]);

/** True for a language tag written right to left: ar, he, fa-IR, ur, yi, ku-Arab… */
function writtenRightToLeft(language: string | null | undefined): boolean {
  if (!language) return false;
  try {
    const { script } = new Intl.Locale(language).maximize();
    return script !== undefined && RIGHT_TO_LEFT_SCRIPTS.has(script);
  } catch {
    return false;
  }
}

/** A letter of a script written right to left (what the bidi algorithm calls strong R and AL). */
const RIGHT_TO_LEFT_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;
/** A URL written in the text: its Latin letters say nothing of the language around it. */
const WRITTEN_URL = /(?:https?:\/\/|www\.)\S*/giu;

/**
 * Whether an article reads right to left: its declared language says so when it declares one;
 * otherwise its title and lead do, when most of their letters are of a right-to-left script. A
 * majority, not the first letter: an Arabic title may open with "Apple", an English one may
 * quote Arabic words.
 */
export function readsRightToLeft(article: {
  readonly language?: string | null;
  readonly title: string;
  readonly lead: string;
}): boolean {
  if (article.language) return writtenRightToLeft(article.language);
  let letters = 0;
  let rightToLeft = 0;
  const text = `${article.title} ${article.lead}`.replace(WRITTEN_URL, ' ');
  for (const [letter] of text.matchAll(/\p{L}/gu)) {
    letters++;
    if (RIGHT_TO_LEFT_LETTER.test(letter)) rightToLeft++;
  }
  return rightToLeft * 2 > letters;
}

const RLM = '\u200F';

/**
 * The article's text as `dir="auto"` and plain-text readers take it: they go by its first strong
 * character, so an Arabic title that opens with "Apple" or "iPhone" would read left to right. In
 * an article that reads right to left (readsRightToLeft), a right-to-left mark first settles it.
 */
function startingRightToLeft(text: string): string {
  return text === '' || text.startsWith(RLM) ? text : `${RLM}${text}`;
}

/**
 * White space and the invisible characters a CMS leaves around a title, or a mailer's preview
 * filler around a lead (an article that was itself an email): soft hyphen, combining grapheme
 * joiner, zero width space and joiners, word joiner, BOM. Not the direction marks: a title that
 * reads right to left starts with one on purpose.
 */
const INVISIBLE_EDGE = /[\s\u00AD\u200B-\u200D\u2060\uFEFF]|\u034F/u;

/**
 * A text's words alone, to compare two texts: its letters and digits, in small letters; the text
 * itself when it has none (a title of emoji).
 */
function wordsOf(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, '').toLocaleLowerCase() || text;
}

/**
 * The preheader's text: the first of the lead and the summaries that shows something and is not
 * the title again (an inbox shows the preheader right after the subject); blank when none is, so
 * the subject is not shown twice.
 */
function previewText(title: string, candidates: readonly string[]): string {
  const titleWords = wordsOf(title);
  for (const candidate of candidates) {
    const line = trimEnds(singleLine(candidate), INVISIBLE_EDGE);
    if (!showsNothing(line) && wordsOf(line) !== titleWords) return line;
  }
  return '';
}

/**
 * What the template shows about an issue, the same for every recipient: the subject (the title
 * on one line), the preheader (the lead, cut at a word, or what stands in for it), the links, and the key points.
 */
export function buildIssueView(input: IssueViewInput): IssueView {
  const { issueId, config } = input;
  const rightToLeft = readsRightToLeft({ ...input.keyPoints, language: input.language });
  const keyPoints = rightToLeft ? startRightToLeft(input.keyPoints) : input.keyPoints;
  const title = trimEnds(singleLine(keyPoints.title), INVISIBLE_EDGE);
  if (showsNothing(title)) {
    throw new ValidationError('article title', 'is empty: the subject line is made from it');
  }
  const lead = keyPoints.lead.trim();
  const preview = previewText(title, [lead, ...keyPoints.keyPoints.map((point) => point.summary)]);
  return {
    id: issueId,
    subject: inboxLine(title, MAX_SUBJECT_LENGTH),
    preheader: inboxLine(preview, MAX_PREHEADER_LENGTH),
    title,
    lead,
    url: articleUrl(input.url),
    language: input.language ?? null,
    archiveUrl: config.archiveUrl
      ? `${config.archiveUrl}/${encodeURIComponent(issueId)}/index.html`
      : null,
    keyPoints: keyPoints.keyPoints,
  };
}

/** The text of an article that reads right to left starting with U+200F (see above). */
export function startRightToLeft(keyPoints: KeyPoints): KeyPoints {
  return {
    title: startingRightToLeft(keyPoints.title.trim()),
    lead: startingRightToLeft(keyPoints.lead.trim()),
    keyPoints: keyPoints.keyPoints.map((point) => ({
      ...point,
      heading: point.heading === null ? null : startingRightToLeft(point.heading),
      summary: startingRightToLeft(point.summary),
    })),
  };
}

/** The list as templates see it. */
export function listViewOf(config: NewsletterConfig): ListView {
  return {
    name: config.listName,
    postalAddress: config.postalAddress,
    publicUrl: config.publicUrl,
  };
}
