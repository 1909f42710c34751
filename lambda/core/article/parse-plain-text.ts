import type { ArticleBlock, ParsedDocument } from './blocks';

/** Longer single lines are opening paragraphs, not titles. */
const MAX_TITLE_LENGTH = 200;
const MAX_SUBHEAD_WORDS = 14;
const MAX_SUBHEAD_LENGTH = 100;
/** Sentence, clause or list punctuation at the end, possibly inside closing quotes or brackets. */
const ENDS_PUNCTUATED = /[.!?:;,…]["'’”)\]»]*$/;
const STARTS_LIKE_HEADING = /^[\p{Lu}\p{N}"'‘“]/u;
const BLANK_LINE = /\n[ \t]*\n/;
/** A line going on in lower case continues the sentence above: the text is hard-wrapped. */
const CONTINUED_LINE = /\n[ \t]*\p{Ll}/u;
/** "- ", "* ", "• ", "1. ", "2) ": the marker of a list item, which goes. */
const LIST_MARKER = /^(?:[-*•]|\d{1,3}[.)])\s+/;
/** "* * *", "---", "•••": a break between parts of the text, not text. */
const RULE_LINE = /^(?:[-*_•]\s*){3,}$/;

/** A paragraph or a list item, ready to be told a subhead or not. */
interface Chunk {
  /** Without its list marker. */
  readonly text: string;
  readonly listItem: boolean;
  /** Short and unpunctuated as written: "- Apples" is not, "1. Why it matters" is. */
  readonly subheadShaped: boolean;
}

function isSubheadCandidate(block: string): boolean {
  return (
    !block.includes('\n') &&
    block.length <= MAX_SUBHEAD_LENGTH &&
    block.split(/\s+/).length <= MAX_SUBHEAD_WORDS &&
    STARTS_LIKE_HEADING.test(block) &&
    !ENDS_PUNCTUATED.test(block)
  );
}

/**
 * A paragraph's chunks: the paragraph, or the items of a list written a line each (with any line
 * before the first item); a line without a marker continues the item above it.
 */
function splitListItems(paragraph: string): Chunk[] {
  const lines: { written: string; listItem: boolean }[] = [];
  for (const line of paragraph.split('\n').map((each) => each.trim())) {
    if (RULE_LINE.test(line)) continue;
    const listItem = LIST_MARKER.test(line);
    const previous = lines.at(-1);
    if (previous !== undefined && !listItem) previous.written += `\n${line}`;
    else lines.push({ written: line, listItem });
  }
  return lines.map(({ written, listItem }) => ({
    text: written.replace(LIST_MARKER, ''),
    listItem,
    subheadShaped: isSubheadCandidate(written),
  }));
}

/**
 * Plain text: the first line is the title; blank lines separate paragraphs (lines inside one are
 * joined); a short unpunctuated line followed by a paragraph is a subhead; each line of a list
 * (`-`, `*`, `•`, `1.`) is a paragraph of its own, never a subhead unless it stands alone (a
 * numbered subhead), and its marker goes. Text with no blank
 * line at all and no hard wrap (copied from a browser) has a paragraph per line, and its first
 * line is the title only when it is unpunctuated, as it could as well be the opening paragraph.
 */
export function parsePlainText(text: string): ParsedDocument {
  const linePerParagraph = !BLANK_LINE.test(text) && !CONTINUED_LINE.test(text);
  const chunks = text
    .split(linePerParagraph ? '\n' : BLANK_LINE)
    .flatMap(splitListItems)
    .filter((chunk) => chunk.text !== '');
  const [first, ...rest] = chunks;
  const hasTitle =
    first !== undefined &&
    rest.length > 0 &&
    !first.listItem &&
    !first.text.includes('\n') &&
    first.text.length <= MAX_TITLE_LENGTH &&
    !(linePerParagraph && ENDS_PUNCTUATED.test(first.text));
  const body = hasTitle ? rest : chunks;
  const blocks = body.map((chunk, index): ArticleBlock => {
    const next = body[index + 1];
    const inList = chunk.listItem && (body[index - 1]?.listItem || next?.listItem);
    const heading = chunk.subheadShaped && !inList && next !== undefined && !next.subheadShaped;
    return { kind: heading ? 'heading' : 'paragraph', text: chunk.text };
  });
  return hasTitle && first !== undefined ? { title: first.text, blocks } : { blocks };
}
