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
 * Plain text: the first line is the title; blank lines separate paragraphs (lines inside one are
 * joined); a short unpunctuated line followed by a paragraph is a subhead. Text with no blank
 * line at all and no hard wrap (copied from a browser) has a paragraph per line, and its first
 * line is the title only when it is unpunctuated, as it could as well be the opening paragraph.
 */
export function parsePlainText(text: string): ParsedDocument {
  const linePerParagraph = !BLANK_LINE.test(text) && !CONTINUED_LINE.test(text);
  const chunks = text
    .split(linePerParagraph ? '\n' : BLANK_LINE)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '');
  const [first, ...rest] = chunks;
  const hasTitle =
    first !== undefined &&
    rest.length > 0 &&
    !first.includes('\n') &&
    first.length <= MAX_TITLE_LENGTH &&
    !(linePerParagraph && ENDS_PUNCTUATED.test(first));
  const body = hasTitle ? rest : chunks;
  const blocks = body.map((chunk, index): ArticleBlock => {
    const next = body[index + 1];
    const heading = isSubheadCandidate(chunk) && next !== undefined && !isSubheadCandidate(next);
    return { kind: heading ? 'heading' : 'paragraph', text: chunk };
  });
  return hasTitle && first !== undefined ? { title: first, blocks } : { blocks };
}
