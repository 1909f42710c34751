import {
  type ArticleBlock,
  ENDS_PUNCTUATED,
  isQuestionLine,
  isSubheadCandidate,
  type ParsedDocument,
} from './blocks';
import { FIELD_LABEL, isBoilerplate, isSlug, isSummaryBoxLabel } from './boilerplate';

/** Longer single lines are opening paragraphs, not titles. */
const MAX_TITLE_LENGTH = 200;
const BLANK_LINE = /\n[ \t]*\n/;
/** A line going on in lower case continues the sentence above: the text is hard-wrapped. */
const CONTINUED_LINE = /\n[ \t]*\p{Ll}/u;
/**
 * A word broken at the end of a hard-wrapped line and going on in lower case ("infra-" over
 * "structure", "well-" over "known"). The two halves are closed up and the hyphen stays: without
 * a dictionary a syllable break cannot be told from a compound's own hyphen.
 */
const HYPHENATED_LINE_END = /\p{L}-$/u;
const GOES_ON_IN_LOWER_CASE = /^\p{Ll}/u;
/**
 * "- ", "* ", "• ", "1. ", "2) ": the marker of a list item, which goes; and as Chinese and
 * Japanese number one, with no space after it, "1．", "2、", "③" (not "3．5米", a figure).
 */
const LIST_MARKER = /^(?:(?:[-*•]|\d{1,3}[.)])\s+|(?:\d{1,3}[．、](?!\d)|[①-⑳])\s*)/u;
/**
 * "* * *", "---", "•••": a break between parts of the text, not text; and "=====" or "~~~~~"
 * under a line, which underlines it as a title or a heading (as in Markdown and reStructuredText).
 */
const RULE_LINE = /^(?:[-*_•=~]\s*){3,}$/;
/** "-----Original Message-----" (Outlook): the message a reply answers; nothing after it is the article's. */
const ORIGINAL_MESSAGE = /^-{2,} ?Original Message ?-{2,}$[\s\S]*/im;
/**
 * An email's quoted lines ("> …"), the message it replies to, under the line that says whose they
 * are ("On Tue, 4 Nov 2025, Linda Shaw <linda@…> wrote:", which a client may wrap over two lines;
 * "Le mardi … a écrit :", "Am … schrieb …:"). Quoted lines without it are left: a text that
 * quotes a statement that way, or an email forwarded whole, has its article there.
 */
const QUOTED_REPLY =
  /^(?:[^>\n]*\n)?[^>\n]*\b(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef)[ \t]*:[ \t]*\n(?:>[^\n]*(?:\n|$))+/gim;
/**
 * The marks before a quoted line that nobody's "… wrote:" claims ("> We live in a terrace…",
 * ">> Is internal…", "> > …"), as a forum post or a reply quotes what it answers: the quotation
 * stays, its marks are no words of it. A ">" before a number, with or without a space (">50
 * homes", "> 65s travel free"), means "more than": the digit after the marks is captured, and
 * the last mark stays as the number's sign.
 */
const QUOTE_MARKS = /^>+(?:[ \t]+>+)*(?:[ \t]+|$)(?=(\d)?)/gm;
function withoutQuoteMarks(text: string): string {
  return text.replace(QUOTE_MARKS, (marks: string, digit?: string) =>
    digit === undefined ? '' : marks.slice(marks.lastIndexOf('>')),
  );
}
/**
 * A line quoted from the message a reply answers: its marks, then no number (a ">" before one
 * means "more than"). Any spaces after the marks are taken before the digit test, so none is left
 * for it to pass over.
 */
const QUOTED_LINE = /^>+(?:[ \t]+>+)*[ \t]*(?![ \t>\d])/;
/** The words of a paragraph, however its lines were broken or trimmed. */
const wordsOf = (text: string) => text.trim().split(/\s+/).join(' ');

/**
 * The lines of a reply's paragraphs whose every line is quoted ("> How do I reset the router?"),
 * as their words read once the marks go. None when every paragraph is quoted: the text is then
 * the quotation.
 */
function quotedLines(text: string): Set<string> {
  const paragraphs = text.split(BLANK_LINE).filter((paragraph) => paragraph.trim() !== '');
  const quoted = paragraphs.filter((paragraph) =>
    paragraph
      .trim()
      .split('\n')
      .every((line) => QUOTED_LINE.test(line)),
  );
  return quoted.length === paragraphs.length
    ? new Set()
    : new Set(quoted.flatMap((paragraph) => withoutQuoteMarks(paragraph).split('\n').map(wordsOf)));
}

/**
 * "-- " alone on a line (RFC 3676; "--" once a client trims it) and a few lines after it: an
 * email's signature. Only a short tail is one; a longer text after a "--" line is the article's.
 */
const SIGNATURE = /^-- ?\n(?:[^\n]*\n){0,7}[^\n]*$(?![\s\S])/m;
/**
 * The headers an email saved as text opens with ("From: …", "To: …", "Subject: Re: …"), and
 * a memo's fields under its slug ("MEMORANDUM", then "TO: …", "FROM: …", "RE: …").
 */
const MESSAGE_HEADERS =
  /^\s*(?:memo(?:randum)?[ \t]*\n\s*)?(?:(?:From|To|Cc|Date|Sent|Subject|Re):[^\n]*\n)+/i;
/**
 * The subject (a memo's "RE: …"), without the "Re:" and "Fwd:" (Outlook's "RE:", "FW:", German
 * "AW:") of replies.
 */
const SUBJECT = /^(?:Subject|Re):[ \t]*(?:(?:Re|Fwd?|AW|WG)[ \t]*:[ \t]*)*(.+)$/im;

/**
 * The line a mail client sets over a message forwarded whole (Gmail's "---------- Forwarded
 * message ---------", Thunderbird's "-------- Forwarded Message --------", Apple Mail's "Begin
 * forwarded message:", and in German, French, Spanish, Italian and Dutch), with the headers of
 * the message under it.
 */
const FORWARDED_HEADERS =
  /^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht)[ \t]*-{2,}|begin forwarded message:)[ \t]*\n(?:[ \t]*\n)?((?:(?:From|To|Cc|Date|Sent|Subject):[^\n]*\n)+)/im;

/**
 * A forwarded message's headers are the text's own when the text has none above them (at most a
 * note of the sender's): they go to its head, where its subject becomes the title. Under the
 * sender's own headers they go, and the sender's subject ("Fwd: …") is the title.
 */
function withForwardedHeaders(text: string): string {
  const forward = FORWARDED_HEADERS.exec(text);
  if (forward === null) return text;
  const before = text.slice(0, forward.index);
  const after = text.slice(forward.index + forward[0].length);
  return MESSAGE_HEADERS.test(before) ? `${before}${after}` : `${forward[1]}\n${before}${after}`;
}

/** An email's or a memo's headers give way to its subject, on a line of its own: the title line. */
function withSubjectAsTitle(text: string): string {
  const headers = MESSAGE_HEADERS.exec(text)?.[0];
  const subject = headers === undefined ? undefined : SUBJECT.exec(headers)?.[1];
  return headers === undefined || subject === undefined
    ? text
    : `${subject}\n\n${text.slice(headers.length)}`;
}

/** Org-mode's settings at the head of a file, `#+TITLE: …`, `#+AUTHOR: …`, `#+OPTIONS: toc:nil`. */
const ORG_SETTING = /^#\+\w+:/;
const ORG_TITLE = /^#\+title:[ \t]*(\S.*)$/i;
const ORG_HEADLINE = /^\*+[ \t]+(?=\S)/gm;
/** AsciiDoc's title line, `= Title`, over its header: an author, a revision, `:toc:` settings. */
const ASCIIDOC_TITLE = /^=[ \t]+(\S.*)$/;
const ASCIIDOC_SECTION = /^={2,6}[ \t]+(?=\S)/gm;
const ASCIIDOC_ATTRIBUTE = /^:[\w-]+!?:/;

/**
 * An Org-mode or AsciiDoc file saved as text: its title, from `#+TITLE:` or the `= ` line, on a
 * line of its own, with no header or settings under it, and its section marks (`** `, `== `) taken
 * off its subheads. A line of the AsciiDoc header that ends a sentence is text written under the
 * title, and stays.
 */
function withMarkupHeaderAsTitle(text: string): string {
  const lines = text.split('\n');
  const [first = ''] = lines;
  const asciidoc = ASCIIDOC_TITLE.exec(first);
  let end = 1;
  let title = asciidoc?.[1];
  let body: string;
  if (title !== undefined) {
    while (
      end < lines.length &&
      (lines[end] ?? '').trim() !== '' &&
      (ASCIIDOC_ATTRIBUTE.test(lines[end] ?? '') || !ENDS_PUNCTUATED.test(lines[end] ?? ''))
    ) {
      end += 1;
    }
    body = lines.slice(end).join('\n').replace(ASCIIDOC_SECTION, '');
  } else {
    end = 0;
    while (end < lines.length && ORG_SETTING.test(lines[end] ?? '')) {
      title ??= ORG_TITLE.exec(lines[end] ?? '')?.[1];
      end += 1;
    }
    if (title === undefined) return text;
    body = lines.slice(end).join('\n').replace(ORG_HEADLINE, '');
  }
  return `${title.trim()}\n\n${body}`;
}

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
/** "March 5, 2024", "5 March 2024", "2024-03-05", "05/03/2024". */
const DATE = new RegExp(
  `\\b(?:${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})\\b`,
);
/**
 * Two to four capitalised words, perhaps with a family name's particles in small letters between
 * them: "Ana Ruiz", "Jean-Luc O'Neil", "JANE SMITH", "Jeroen de Vries", "Maria dos Santos".
 */
const NAME =
  "\\p{Lu}[\\p{L}'’.-]*(?: (?:(?:de|van|der|den|ter|da|do|dos|das|di|del|della|von|bin|al) ){0,2}\\p{Lu}[\\p{L}'’.-]*){1,3}";
/**
 * "By Jane Smith", "Posted by Jane Smith on…", "By JANE SMITH FOR MAILONLINE", and in other
 * languages "Por Ricardo Mendes", "Di Giulia Ferrari", "Door Jeroen de Vries", "Oleh Budi
 * Santoso", "Na Amina Juma": the shortest name (hence `?`) that ends the line or meets a comma, a
 * bar or for/and/on/in.
 */
const BY_NAME = new RegExp(
  `^(?:(?:Posted |Written )?[Bb]y|Por|Par|Di|Von|Door|Oleh|Na) (${NAME}?)(?: (?:for|FOR|and|AND|on|in)\\b|[,|]|$)`,
  'u',
);
/** "Ana Ruiz, City Hall Reporter", "Jane Smith | Reuters | March 5, 2024". */
const NAME_AND_ROLE = new RegExp(`^(${NAME})\\s*[,|]\\s*(.+)$`, 'u');
const ROLE =
  /\b(?:reporter|correspondent|editor|writer|columnist|contributor|journalist|staff|reuters|associated press|afp|bloomberg)\b/i;

function bylineAuthor(line: string): string | undefined {
  const by = BY_NAME.exec(line);
  if (by !== null) return by[1];
  const named = NAME_AND_ROLE.exec(line);
  const role = named?.[2];
  return role !== undefined && (ROLE.test(role) || DATE.test(role)) ? named?.[1] : undefined;
}

/**
 * A line that is a byline and nothing else: "By Hannah Price", "By Ana Ruiz, City Hall
 * Reporter", "By JANE SMITH | March 5, 2024". Not "By Christmas Day, the wards were", which
 * opens a hard-wrapped sentence.
 */
function isBylineLine(line: string): boolean {
  const by = BY_NAME.exec(line);
  if (by === null || !isSubheadCandidate(line)) return false;
  const rest = line.slice(by[0].length).replace(/^[\s,|]+/, '');
  return rest === '' || ROLE.test(rest) || DATE.test(rest);
}

/** A line with a date and nothing that ends a sentence: "Published 3 December 2026". */
function isDateLine(line: string): boolean {
  return isSubheadCandidate(line) && DATE.test(line);
}

/** A paragraph or a list item, ready to be told a subhead or not. */
interface Chunk {
  /** Without its list marker. */
  readonly text: string;
  readonly listItem: boolean;
  /** Short and unpunctuated as written: "- Apples" is not, "1. Why it matters" is. */
  readonly subheadShaped: boolean;
  /** One of a block of short unpunctuated lines: a list of headlines or links, not prose. */
  readonly shortLine?: boolean;
  /** One of a run of "Label: value" lines, a form's fields: a record, however long, not prose. */
  readonly field?: boolean;
}

/**
 * A short unpunctuated first line over a line more than twice its length is a subhead written
 * straight above its paragraph ("About Acme Health" over the company's description), not the
 * start of a hard-wrapped paragraph, whose lines run to about the same width.
 */
function headsParagraph(first: string, next: string): boolean {
  return isSubheadCandidate(first) && next.length > 2 * first.length;
}

/** An author's note number before an affiliation: "(1) ", "(2) ". */
const AFFILIATION_NUMBER = /^\(\d{1,2}\)\s+/;

/**
 * A paragraph's chunks: the paragraph, or the items of a list written a line each (with any line
 * before the first item); a line without a marker continues the item above it.
 */
function splitListItems(paragraph: string): Chunk[] {
  // Each chunk's lines are joined at the end: a regular expression run on a string built up
  // line by line flattens it every time, quadratic in a paragraph of many lines. Its first line
  // (and the line break after it) is what FIELD_LABEL reads, its last what HYPHENATED_LINE_END does.
  const lines: { parts: string[]; head: string; listItem: boolean; field: boolean }[] = [];
  // Split at each line break and trimmed after: `\s*\n\s*` tries every space of a long run
  // for a line break it never finds, quadratic in the run's length.
  const written = paragraph
    .trim()
    .split(/\n\s*/)
    .map((line) => line.trimEnd());
  written.forEach((line, index) => {
    if (RULE_LINE.test(line)) return;
    const listItem = LIST_MARKER.test(line);
    const previous = lines.at(-1);
    // "When: …" under "Where: …": the fields of a form, a line each, not one sentence, and so the
    // first of a run of them under a line that is none ("Local: Maracanã" under a match's score).
    const nextField =
      FIELD_LABEL.test(line) &&
      (FIELD_LABEL.test(previous?.head ?? '') || FIELD_LABEL.test(written[index + 1] ?? ''));
    const underHeading = index === 1 && headsParagraph(written[0] ?? '', line);
    // "When can I book?" straight above its answer: a FAQ's question, a paragraph of its own.
    const answer = index === 1 && isQuestionLine(written[0] ?? '');
    // A byline written straight above the writer's line or the story is a line of its own.
    const byline = isBylineLine(line) || isBylineLine(written[index - 1] ?? '');
    // "Delivered on 2 December 2026" as the last line of its block, under a title: a short line
    // with a date and no closing mark ends no paragraph of prose.
    const dateLine = index > 0 && index === written.length - 1 && isDateLine(line);
    if (
      previous !== undefined &&
      !listItem &&
      !nextField &&
      !underHeading &&
      !answer &&
      !byline &&
      !dateLine
    ) {
      const brokenWord =
        HYPHENATED_LINE_END.test(previous.parts.at(-1) ?? '') && GOES_ON_IN_LOWER_CASE.test(line);
      if (!brokenWord && previous.parts.length === 1) previous.head += '\n';
      previous.parts.push(brokenWord ? line : `\n${line}`);
    } else {
      if (previous !== undefined && nextField) previous.field = true;
      lines.push({ parts: [line], head: line, listItem, field: nextField });
    }
  });
  // Lines that each look like a heading, none ending like a sentence, are no hard-wrapped
  // paragraph (its last line ends on a full stop) but a list without markers: related
  // headlines under "More from…", a timeline of a match, a byline over its date.
  // A paper's affiliations open with their authors' note numbers: "(1) University of Lisbon".
  const shortLines =
    written.length > 1 &&
    written.every(
      (line) =>
        isSubheadCandidate(line.replace(AFFILIATION_NUMBER, '')) &&
        !LIST_MARKER.test(line) &&
        !FIELD_LABEL.test(line),
    );
  if (shortLines) {
    return written.map((line) => ({
      text: line,
      listItem: false,
      subheadShaped: true,
      shortLine: true,
    }));
  }
  return lines.map(({ parts, listItem, field }) => {
    const written = parts.join('');
    return {
      text: written.replace(LIST_MARKER, ''),
      listItem,
      subheadShaped: isSubheadCandidate(written),
      field,
    };
  });
}

/**
 * Leaves out a "Key takeaways" (or "TL;DR"…) line and the list items under it: the writer's
 * summary, which the story tells in full.
 */
function withoutSummaryBoxes(chunks: readonly Chunk[]): Chunk[] {
  const kept: Chunk[] = [];
  let inBox = false;
  for (const [index, chunk] of chunks.entries()) {
    const label = !chunk.listItem && isSummaryBoxLabel(chunk.text) && chunks[index + 1]?.listItem;
    inBox = label === true || (inBox && chunk.listItem);
    if (!inBox) kept.push(chunk);
  }
  return kept;
}

/** Fewer lines than this may each end a sentence by chance in a paragraph wrapped by hand. */
const MIN_LINE_PARAGRAPHS = 3;

/** A sentence's closing mark at a line's end, inside closing quotes or brackets too. */
const ENDS_SENTENCE = /[.!?…]["'’”)\]]*[ \t]*$/u;

/**
 * Paragraphs written a line each in a block, or told apart by a tab before their first line, with
 * no blank line between them, as
 * typewriter-style texts are written: a line opening with a tab starts a paragraph when the line
 * above it ends a sentence. Only when every such line of a block does: in a block indented
 * throughout and hard-wrapped, some tabbed lines go on from a line that ends mid-sentence, and
 * the block stays one paragraph.
 */
function withIndentedParagraphs(text: string): string {
  return text
    .split(BLANK_LINE)
    .map((block) => {
      const lines = block.split('\n');
      // Lines that each end a sentence, three or more, are paragraphs pasted a line each (from a
      // browser, under a title typed above them), not a paragraph wrapped by hand, whose lines
      // mostly end mid-sentence.
      if (lines.length >= MIN_LINE_PARAGRAPHS && lines.every((line) => ENDS_SENTENCE.test(line))) {
        return lines.join('\n\n');
      }
      const starts = lines.map((line, at) => at > 0 && line.startsWith('\t'));
      const split =
        starts.some(Boolean) &&
        starts.every((start, at) => !start || ENDS_SENTENCE.test(lines[at - 1] ?? ''));
      return split ? lines.map((line, at) => (starts[at] ? `\n${line}` : line)).join('\n') : block;
    })
    .join('\n\n');
}

/**
 * A footnote's number as a PDF saved as text leaves its superscript, glued to the mark after a
 * word of three letters or more: "…introduced in March.1 Digital loans…", "…up 38 per cent.2"
 * (not "No.1", "2.1"), when a line of the text opens with the same number and a note.
 */
const GLUED_NOTE_NUMBER = /(?<=\p{Ll}{3}[.,;])\d{1,2}(?=\s|$)/gu;
/** A footnote at the foot of a page: its number, a space and a capital ("1 Evening opening…"). */
const FOOTNOTE_LINE = /^(\d{1,2}) \p{Lu}/u;
const FOOTNOTE_LINES = new RegExp(FOOTNOTE_LINE.source, 'gmu');

/** A form's label before the title on its first line: "Job Title: Community Library Assistant". */
const TITLE_LABEL = /^(?:job title|title|position|post|role|vacancy)\s*:\s+(?=\S)/i;

/** An issuer's line: a name, each word capitalised but for a few joining words. */
const NAME_LINE =
  /^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|of|for|and|the|&|de|du|der|für))*$/u;
const MIN_HEADLINE_WORDS = 5;
const wordsIn = (line: string) => line.split(/\s+/).length;

/**
 * How many lines of an issuer's letterhead open the text before its headline: a block of short
 * lines each a name ("University of Northbridge", "Press Office"), with no byline or date among
 * them (a title over its byline keeps its place), over a line shaped like a headline of five words
 * or more, longer than each of them. A press release sets its issuer so; 0 when there is none.
 */
function letterheadLength(chunks: readonly Chunk[]): number {
  const length = chunks.findIndex((chunk) => chunk.shortLine !== true);
  const letterhead = chunks.slice(0, Math.max(length, 0));
  const headline = chunks[length];
  const isLetterhead =
    letterhead.length >= 2 &&
    headline !== undefined &&
    headline.subheadShaped &&
    !headline.listItem &&
    wordsIn(headline.text) >= MIN_HEADLINE_WORDS &&
    letterhead.every(
      (line) =>
        NAME_LINE.test(line.text) &&
        wordsIn(line.text) < wordsIn(headline.text) &&
        bylineAuthor(line.text) === undefined &&
        !DATE.test(line.text),
    );
  return isLetterhead ? length : 0;
}

/**
 * A day in any language, with its place before it as a release gives it: "December 3, 2026",
 * "Lisboa, 3 de dezembro de 2026", "Αθήνα, 3 Δεκεμβρίου 2026", "03.12.2026", and with the word
 * French, Swedish or Polish sets before the day, the place's comma left out as Czech and Swedish
 * may, and the year's abbreviation after it: "Paris, le 3 décembre 2026", "Stockholm den 3 december
 * 2026", "Warszawa, dnia 3 grudnia 2026 r.", "Praha 3. prosince 2026", "Москва, 3 декабря 2026 г.",
 * "Київ, 3 грудня 2026 року".
 */
const PLACE_AND_DAY =
  /^(?:\p{Lu}[\p{L}.' -]{0,30}(?:,\s|\s(?=\d|le\s|den\s|dnia\s)))?(?:(?:le|den|dnia)\s)?(?:\d{1,2}\.?\s(?:de\s)?\p{L}+\.?,?\s(?:de\s)?\d{4}(?:\s(?:r\.|г\.|roku|року|года))?|\p{L}+\.?\s\d{1,2},?\s\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4})$/u;
/** A field's value that says how to reach the issuer or numbers the release: an address, a phone, one token. */
const CONTACT_VALUE = /@\S|\+?\d[\d ().-]{6,}\d|:\s*\S+$/;

/**
 * A line a release sets between its slug and its headline, each line of it its date ("Lisboa, 3 de
 * dezembro de 2026") or a field giving a contact or a number ("Contact: Maria Lopez, (555)
 * 123-4567", "Nomor: 245/HM/XII/2026"), not the headline: "Review: Harbour Robotics beats
 * forecasts" is one.
 */
function isReleaseHeader(text: string): boolean {
  return text
    .split('\n')
    .every(
      (line) =>
        PLACE_AND_DAY.test(line.trim()) || (FIELD_LABEL.test(line) && CONTACT_VALUE.test(line)),
    );
}

/**
 * The lines an issuer's name and the slug under it take before the heading: "HARBOUR CITY COUNCIL"
 * over "PUBLIC NOTICE" over "Temporary closure of Mill Lane", "Northwind Energy" over "FOR
 * IMMEDIATE RELEASE". A headline stands under its slug, so a name over one is the issuer's; 0 when
 * there is none ("Council Approves Mill Lane Closure" over "Advertisement" is the title).
 */
function issuerOverSlug(chunks: readonly Chunk[]): number {
  const [issuer, slug, heading] = chunks;
  return issuer !== undefined &&
    slug !== undefined &&
    heading !== undefined &&
    !issuer.text.includes('\n') &&
    NAME_LINE.test(issuer.text) &&
    isSlug(slug.text)
    ? 2
    : 0;
}

/**
 * Plain text: the first line is the title; blank lines separate paragraphs (lines inside one are
 * joined); a short unpunctuated line followed by a paragraph (or written straight above a line more
 * than twice its length) is a subhead, except before the first paragraph. Each line of a list (`-`,
 * `*`, `•`, `1.`) is a paragraph of its own without its marker, never a subhead unless it stands
 * alone (a numbered subhead). A block of two or more short unpunctuated lines (related headlines, a
 * match's timeline) is no text; under the title it is the preamble. Text with no blank line at all
 * and no hard wrap (copied from a browser) has a paragraph per line, and its first line is the
 * title only when it is unpunctuated, as it could as well be the opening paragraph. An email's
 * or a memo's subject is its title, and its headers, signature and the quoted message it replies
 * to are not its text; a paragraph it quotes without saying whose it is stays, marked quoted.
 */
export function parsePlainText(file: string): ParsedDocument {
  const reply = file.replace(ORIGINAL_MESSAGE, '').replace(QUOTED_REPLY, '');
  const quoted = quotedLines(reply);
  // A paragraph (a question line the parser set apart, too) made of quoted lines only.
  const isQuoted = (chunk: Chunk) =>
    chunk.text.split('\n').every((line) => quoted.has(wordsOf(line)));
  const text = withIndentedParagraphs(
    withSubjectAsTitle(
      withForwardedHeaders(
        withMarkupHeaderAsTitle(withoutQuoteMarks(reply).trimEnd().replace(SIGNATURE, '')),
      ),
    ),
  );
  const linePerParagraph = !BLANK_LINE.test(text) && !CONTINUED_LINE.test(text);
  // A PDF's footnote numbers, glued to the sentences they follow, and the notes they number.
  // Only a number that also opens a note of its own is one ("No.1 seed" is a rank).
  const noteLines = new Set(Array.from(text.matchAll(FOOTNOTE_LINES), (match) => match[1]));
  const notes = new Set(
    Array.from(text.matchAll(GLUED_NOTE_NUMBER), (match) => match[0]).filter((number) =>
      noteLines.has(number),
    ),
  );
  const isFootnote = (chunk: Chunk) => notes.has(FOOTNOTE_LINE.exec(chunk.text)?.[1] ?? '');
  const chunks = withoutSummaryBoxes(
    text
      .replace(GLUED_NOTE_NUMBER, (number) => (notes.has(number) ? '' : number))
      .split(linePerParagraph ? '\n' : BLANK_LINE)
      .flatMap(splitListItems)
      .filter((chunk) => chunk.text !== '' && !isFootnote(chunk)),
  );
  // A line above the headline that is no text ("FOR IMMEDIATE RELEASE") is not the title, nor is
  // the issuer's letterhead above it, nor a release's date and contact under its slug, nor a run
  // of its fields there ("배포일시: 2026. 12. 3." over "담당부서: 환경부 기후전략과").
  const slug = chunks.findIndex((chunk) => isSlug(chunk.text));
  const unlabelled = chunks.findIndex(
    (chunk, index) =>
      !isBoilerplate(chunk.text) &&
      !(slug >= 0 && index > slug && (chunk.field === true || isReleaseHeader(chunk.text))),
  );
  const headline =
    unlabelled < 0
      ? unlabelled
      : unlabelled +
        (issuerOverSlug(chunks.slice(unlabelled)) || letterheadLength(chunks.slice(unlabelled)));
  const [first, ...rest] = headline > 0 ? chunks.slice(headline) : chunks;
  const hasTitle =
    first !== undefined &&
    rest.length > 0 &&
    !first.listItem &&
    !first.text.includes('\n') &&
    first.text.length <= MAX_TITLE_LENGTH &&
    !(linePerParagraph && ENDS_PUNCTUATED.test(first.text));
  const opening = hasTitle ? rest : chunks;
  // Short lines before the first paragraph are what goes under a title: a dateline, a byline,
  // a standfirst. None is a subhead; a date and an author are kept as the article's. So are a
  // notice's or an ad's fields ("Site address: …", "Proposal: Erection of…"), however long.
  const firstParagraph = opening.findIndex(
    (chunk) => (!chunk.subheadShaped || chunk.listItem) && chunk.field !== true,
  );
  const preamble = opening.slice(0, Math.max(firstParagraph, 0)).map((chunk) => chunk.text);
  const date = preamble.map((line) => DATE.exec(line)?.[0]).find((found) => found !== undefined);
  const author = preamble.map(bylineAuthor).find((found) => found !== undefined);
  // Past the preamble, a block of short lines is a list of other stories or a table set as
  // text, whose lines are no sentences of the article (unless the text has nothing else).
  // A PDF saved as text repeats its title at the head of every page: a running head, no subhead.
  const runningHead = hasTitle ? first.text.replace(/\s+/g, ' ') : undefined;
  const afterPreamble = opening
    .slice(preamble.length)
    .filter((chunk) => chunk.text.replace(/\s+/g, ' ') !== runningHead);
  const prose = afterPreamble.filter((chunk) => chunk.shortLine !== true);
  const body = prose.some((chunk) => !chunk.subheadShaped) ? prose : afterPreamble;
  const blocks = body.map((chunk, index): ArticleBlock => {
    const next = body[index + 1];
    const inList = chunk.listItem && (body[index - 1]?.listItem || next?.listItem);
    const heading = chunk.subheadShaped && !inList && next !== undefined && !next.subheadShaped;
    if (heading) return { kind: 'heading', text: chunk.text };
    return isQuoted(chunk)
      ? { kind: 'paragraph', text: chunk.text, quoted: true }
      : { kind: 'paragraph', text: chunk.text };
  });
  return {
    ...(hasTitle ? { title: first.text.replace(TITLE_LABEL, '') } : {}),
    ...(date === undefined ? {} : { date }),
    ...(author === undefined ? {} : { author }),
    blocks,
  };
}
