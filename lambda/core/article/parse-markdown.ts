import matter from 'gray-matter';
import {
  Lexer,
  Marked,
  type Token,
  Tokenizer,
  type TokenizerExtension,
  type Tokens,
  type TokensList,
} from 'marked';
import { ArticleError } from '../errors';
import { articleUrlProblem } from './article-url';
import { type ArticleBlock, boldLedBlocks, type ParsedDocument, TYPED_BULLET } from './blocks';
import { FIELD_LABEL, isBoilerplate, isSummaryBoxLabel } from './boilerplate';
import { decodeEntities } from './decode-entities';
import { languageTag } from './language';
import { htmlBlocks, isNoteMarker } from './parse-html';

/** `[^1]` after a word: a footnote reference (GitHub, Pandoc), no text of the sentence. */
const footnoteReference: TokenizerExtension = {
  name: 'footnoteReference',
  level: 'inline',
  // No start: marked's inline text stops before every "[" already, and a start that searched all
  // the text left, which marked asks at each inline token, made a run of "[" quadratic.
  tokenizer: (src) => {
    const match = /^\[\^[^\]\s]+\]/.exec(src);
    return match === null ? undefined : { type: 'footnoteReference', raw: match[0] };
  },
};

/** `[^1]: Source…` and its indented lines: the footnote itself, not article text. */
const footnoteDefinition: TokenizerExtension = {
  name: 'footnoteDefinition',
  level: 'block',
  // Where a footnote cuts a paragraph short. marked asks with all the text left, paragraph after
  // paragraph (in a list item, line after line), so the search stops at the paragraph's end and
  // is made once per paragraph (BudgetedLexer.footnoteStart): the whole text would be quadratic.
  start(src) {
    return (this.lexer as BudgetedLexer).footnoteStart(src);
  },
  tokenizer: (src) => {
    const match = /^\[\^[^\]\s]+\]:[^\n]*(?:\n(?:[ \t]+[^\n]*)?)*/.exec(src);
    return match === null ? undefined : { type: 'footnoteDefinition', raw: match[0] };
  },
};

/**
 * An Obsidian, Foam or wiki note's link to another note, `[[Harbour Transport Trust]]`,
 * `[[People/Jess Tan|Jess Tan]]`, `[[Ferry history#1990s]]`: its text is the alias, or the
 * note's name without its folder and heading, as the note shows it; an embed, `![[map.png]]`,
 * shows a file, no text. marked read them as the words in their brackets.
 */
const wikiLink: TokenizerExtension = {
  name: 'wikiLink',
  level: 'inline',
  // No start, as footnoteReference: marked stops before every "[" and "!" already.
  tokenizer: (src) => {
    const match = /^(!?)\[\[([^[\]\n|]{1,200})(?:\|([^[\]\n]{1,200}))?\]\]/.exec(src);
    if (match === null) return undefined;
    const [raw, embed, target = '', alias] = match;
    const note = target.replace(/[#^].*$/s, '').replace(/^.*\//s, '');
    return { type: 'wikiLink', raw, text: embed === '!' ? '' : (alias ?? note).trim() };
  },
};

/**
 * Pandoc's attributes, `{.underline}`, `{#_Toc123456 .anchor}`, `{width="6.5in"}`: an id, a class
 * or a key and its value in braces, which a Word file converted to Markdown puts on a span, an
 * image or a link. They style the text and are none of it; `{3}` or `{name}` stays.
 */
const PANDOC_ATTRIBUTES = /^\{(?:[#.][\w:.-]|[\w-]+=)[^{}\n]{0,200}\}/;

/** Pandoc's span, `[save £300,000]{.underline}`, `[]{#_Toc123456 .anchor}`: its text alone. */
const pandocSpan: TokenizerExtension = {
  name: 'pandocSpan',
  level: 'inline',
  // No start, as footnoteReference: marked stops before every "[" already.
  tokenizer(src) {
    const match = /^\[([^[\]\n]{0,300})\](?=\{)/.exec(src);
    const attributes = match === null ? null : PANDOC_ATTRIBUTES.exec(src.slice(match[0].length));
    if (match === null || attributes === null) return undefined;
    const text = match[1] ?? '';
    return {
      type: 'pandocSpan',
      raw: match[0] + attributes[0],
      text,
      tokens: this.lexer.inlineTokens(text),
    };
  },
};

/** An Obsidian block id ending a paragraph, ` ^summary-block`, an anchor for links: no text. */
const BLOCK_ID = /\s\^(?=[\w-]{0,63}[A-Za-z])[\w-]{1,64}$/;
/**
 * The attributes kramdown (Jekyll's), Pandoc and Hugo read after a heading, an id or a class
 * first: ` {#next}`, ` {#lanes .title}`. A heading's own braces, "Budget {2026}", are its words.
 */
const HEADING_ATTRIBUTES = /\s\{[#.][^{}]{0,200}\}$/;

const markdown = new Marked({
  extensions: [footnoteReference, footnoteDefinition, wikiLink, pandocSpan],
});

/**
 * How many characters marked may scan reading an article's inline text, all its paragraphs,
 * headings and table cells together. marked's text is quadratic in three ways (marked issue
 * #4099), each counted here:
 * - from each `<!` (`<?`) it may look through the rest of the paragraph (400 kB of `a <!--`:
 *   2.9 s): counted before any text is read, as the paragraph's length for each;
 * - from each `*`, `_`, `!` or `](` inside a word it looks to the word's end, for an email
 *   address's `@` or a link's end (50 kB of `_a` in one word: 2.2 s, 1 MB of `![](a)`: 28 s):
 *   counted before any text is read, as the word's length for each (a `<`, `[`, `` ` `` or `~`,
 *   or any of these between words, is read in linear time);
 * - from each `*`, `_` or `~` that opens emphasis it searches for the mark that closes it, through
 *   the rest of the paragraph when nothing can (25 kB of `*a.`: 6.9 s), a search about thirty times
 *   slower per character: counted as the search goes, character by character, so a paragraph of
 *   marks that each close soon costs about its length, however many it holds.
 * This budget is about a second and a half, and an article of ordinary paragraphs, even 5 MB of
 * them, spends a tenth of it.
 */
const INLINE_SCAN_BUDGET = 1e9;
/**
 * How many characters marked may copy reading list items' paragraphs: it reads one a line at a
 * time and adds each line to the text read so far, which V8 copies whole at each line (an item of
 * 16,000 lines, 650 kB, took 4 s, 5 MB minutes). Counted as the lines are added; about a second,
 * and an item of a thousand lines spends a fiftieth of it.
 */
const ITEM_TEXT_COPY_BUDGET = 1e9;
/**
 * How deep lists and block quotes may nest, and emphasis and links. marked reads each level with
 * the whole rest of the text: a list nested a thousand levels by indentation (1 MB) took 29 s,
 * and 5,000 quote marks, or 5,000 emphases one inside the other, overflowed the stack. Under
 * this limit the cost still grows with the depth: 5 MB of lists nested 32 deep reads in 9–11 s
 * where 5 MB of ordinary paragraphs and lists takes 5 s (at 100 deep it would be some 20 s).
 * Articles and outlines nest a few levels.
 */
const MAX_MARKDOWN_NESTING = 32;
const CLOSING_SEARCH_WEIGHT = 30;
const PARAGRAPH_SCANNING_MARK = /<[!?]/g;
const WORD_BREAKING_MARK = /[*_!]|\]\(/g;
const WORD = /\S+/g;

function countOf(pattern: RegExp, text: string): number {
  let count = 0;
  for (const _ of text.matchAll(pattern)) count += 1;
  return count;
}

/** What marked's scans reading this inline text cost before its emphasis is searched. */
function scanCost(text: string): number {
  let cost = text.length * countOf(PARAGRAPH_SCANNING_MARK, text);
  for (const [word] of text.matchAll(WORD)) cost += word.length * countOf(WORD_BREAKING_MARK, word);
  return cost;
}

/** A search for the marks that close emphasis, telling how many characters each call looked at. */
class CountingRegExp extends RegExp {
  constructor(
    pattern: RegExp,
    private readonly count: (characters: number) => void,
  ) {
    super(pattern.source, pattern.flags);
  }

  override exec(text: string): RegExpExecArray | null {
    const from = this.lastIndex;
    const match = super.exec(text);
    this.count((match === null ? text.length : this.lastIndex) - from);
    return match;
  }
}

/**
 * marked's setext heading pattern, `^(?!…)((?:.|\n(?!…))+?)\n {0,3}(=+|-+)[ \t]*(?:\n+|$)`, looks
 * for an underline from a line to the end of its paragraph: its text crosses a line break where
 * that break's negative lookahead allows (no blank line, list item, fence, quote, heading or rule
 * follows), and any character but `\n`, `\r`, U+2028 and U+2029. Taken from marked's own
 * pattern, so the paragraph's end is where marked's search stops.
 */
function paragraphContinuation(lheading: RegExp): RegExp {
  const body = '((?:.|';
  const tail = '))+?)\\n {0,3}(=+|-+)[ \\t]*(?:\\n+|$)';
  const start = lheading.source.indexOf(body);
  if (start === -1 || !lheading.source.endsWith(tail)) {
    throw new Error("marked's setext heading pattern is not the one BudgetedLexer reads");
  }
  return new RegExp(lheading.source.slice(start + body.length, 1 - tail.length), 'y');
}

/**
 * Where the first footnote of the paragraph opening `src` starts, if it has one (`at`), and where
 * that paragraph ends (`end`).
 */
function footnoteInParagraph(src: string): { at?: number; end: number } {
  const paragraphEnd = src.search(/\n[ \t]*\n/);
  const end = paragraphEnd === -1 ? src.length : paragraphEnd;
  const footnote = /\n\[\^[^\]\s]+\]:/.exec(src.slice(0, end));
  return footnote === null ? { end } : { at: footnote.index + 1, end };
}

const LINE_STOP = /[\n\r\u2028\u2029]/g;

/** Where the text of a setext heading that starts `src` can run to, as marked's search goes. */
function setextSearchEnd(src: string, continuation: RegExp): number {
  for (let from = 0; ; ) {
    LINE_STOP.lastIndex = from;
    const stop = LINE_STOP.exec(src);
    if (stop === null) return src.length;
    continuation.lastIndex = stop.index;
    if (stop[0] !== '\n' || !continuation.test(src)) return stop.index;
    from = stop.index + 1;
  }
}

/** The first 30 characters of a block text, on one line, to quote in a refusal. */
function openingWords(text: string): string {
  return text.slice(0, 30).replace(/\s+/g, ' ').trimEnd();
}

/** marked's lexer, refusing an article whose inline text would exceed INLINE_SCAN_BUDGET. */
class BudgetedLexer extends Lexer {
  private spent = 0;
  /** The inline text that costs most so far, and its cost: the one the refusal names. */
  private worst = { cost: 0, text: '' };
  /** The inline text being costed or read, and its cost so far. */
  private current = { cost: 0, text: '' };
  private depth = 0;
  private itemTextCopied = 0;
  /**
   * For each block text being read, innermost last: its length, and the stretch of it (as places
   * from its start) where a search for a setext heading is known to fail.
   */
  private readonly blocks: {
    length: number;
    from: number;
    to: number;
    /** The stretch where the next footnote found is the same, and where it starts, if any. */
    footnote: { from: number; to: number; at?: number };
  }[] = [];

  constructor(private readonly source: string) {
    super({ ...markdown.defaults, tokenizer: new Tokenizer() });
    const tokenizer = this.options.tokenizer as Tokenizer;
    const lheading = tokenizer.lheading.bind(tokenizer);
    const continuation = paragraphContinuation(tokenizer.rules.block.lheading);
    tokenizer.lheading = (src) => this.setextHeading(src, lheading, continuation);
    const text = tokenizer.text.bind(tokenizer);
    tokenizer.text = (src) => {
      const last = this.state.lastToken;
      if (last?.type === 'text') this.copyItemText(last.raw);
      return text(src);
    };
    const { inline } = tokenizer.rules;
    const count = (characters: number) => this.spend(characters * CLOSING_SEARCH_WEIGHT);
    tokenizer.rules = {
      ...tokenizer.rules,
      inline: {
        ...inline,
        emStrongRDelimAst: new CountingRegExp(inline.emStrongRDelimAst, count),
        emStrongRDelimUnd: new CountingRegExp(inline.emStrongRDelimUnd, count),
        delRDelim: new CountingRegExp(inline.delRDelim, count),
      },
    };
  }

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(
    src: string,
    tokens?: TokensList,
    lastParagraphClipped?: boolean,
  ): TokensList;
  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[] {
    // The outermost block text is the article, not a level of nesting.
    if (this.blocks.length > MAX_MARKDOWN_NESTING) this.refuseNesting('lists or quotes', src);
    this.blocks.push({ length: src.length, from: 1, to: 0, footnote: { from: 1, to: 0 } });
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped);
    } finally {
      this.blocks.pop();
    }
  }

  /**
   * marked's setext heading, looked for once per paragraph. In a list item marked reads a
   * paragraph a line at a time, and from each line its pattern looked to the paragraph's end for
   * an underline (an item of 24,000 lines, 1 MB, took over a minute). Where it fails from one
   * place it fails from each later place its search crossed: the same line breaks, none of them
   * an underline, up to the same end. marked passes what is left of the block text, so a place
   * is the block's length less that.
   */
  private setextHeading(
    src: string,
    lheading: (src: string) => Tokens.Heading | undefined,
    continuation: RegExp,
  ): Tokens.Heading | undefined {
    const block = this.blocks.at(-1);
    if (block === undefined) return lheading(src);
    const at = block.length - src.length;
    if (at >= block.from && at <= block.to) return undefined;
    const heading = lheading(src);
    if (heading === undefined) {
      block.from = at;
      block.to = at + setextSearchEnd(src, continuation);
    }
    return heading;
  }

  /**
   * footnoteDefinition's start, found once per paragraph: from a later place in the paragraph
   * (marked passes what is left of the block text after its first character), the first footnote
   * and the paragraph's end are those found before, while it is not past them.
   */
  footnoteStart(src: string): number | undefined {
    const block = this.blocks.at(-1);
    if (block === undefined) return footnoteInParagraph(src).at;
    const at = block.length - src.length;
    const { footnote } = block;
    if (at < footnote.from || at > footnote.to) {
      const found = footnoteInParagraph(src);
      block.footnote =
        found.at === undefined
          ? { from: at, to: at + found.end }
          : { from: at, to: at + found.at - 1, at: at + found.at };
    }
    return block.footnote.at === undefined ? undefined : block.footnote.at - at;
  }

  /** Called for each block's inline text before any is read: all but the searches are costed first. */
  override inline(src: string, tokens?: Token[]): Token[] {
    this.current = { cost: 0, text: src };
    this.spend(scanCost(src));
    return super.inline(src, tokens);
  }

  /** Each block's inline text as marked reads it (and again the text inside its emphasis). */
  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    if (this.depth === 0) this.current = { cost: 0, text: src };
    if (this.depth > MAX_MARKDOWN_NESTING) this.refuseNesting('emphasis or links', src);
    this.depth += 1;
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.depth -= 1;
    }
  }

  private refuseNesting(what: string, src: string): never {
    throw new ArticleError(
      this.source,
      `could not be read as Markdown: its ${what} nest more than ${MAX_MARKDOWN_NESTING} levels deep, more than an article needs (at "${openingWords(src)}…"); write the deepest at fewer levels`,
    );
  }

  private copyItemText(read: string): void {
    this.itemTextCopied += read.length;
    if (this.itemTextCopied <= ITEM_TEXT_COPY_BUDGET) return;
    throw new ArticleError(
      this.source,
      `has a list item too long to read in time: a paragraph of it, which marked reads a line at a time, passes ${read.length.toLocaleString('en')} characters ("${openingWords(read)}…") — break the item's text into paragraphs with blank lines between them`,
    );
  }

  private spend(cost: number): void {
    this.spent += cost;
    this.current.cost += cost;
    if (this.current.cost > this.worst.cost) this.worst = this.current;
    if (this.spent <= INLINE_SCAN_BUDGET) return;
    const { text } = this.worst;
    const marks = countOf(PARAGRAPH_SCANNING_MARK, text) + countOf(WORD_BREAKING_MARK, text);
    throw new ArticleError(
      this.source,
      `has too many emphasis marks, links or comments for the length of its paragraphs to read in time: one of ${text.length.toLocaleString('en')} characters holds ${marks.toLocaleString('en')} ("${text.slice(0, 20)}…") — break such paragraphs up or take the marks out`,
    );
  }
}

/** gray-matter would eval `---js` front matter; an article file must never run code. */
function refuseCodeFrontMatter(): never {
  throw new Error('only YAML front matter is supported');
}

/** Front matter opened on the first line; its closing line is `---` (or YAML's `...`). */
const OPENS_FRONT_MATTER = /^---[ \t]*\r?\n/;
const CLOSES_FRONT_MATTER = /\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
/** Hugo's and Zola's TOML front matter, between lines of `+++`. */
const OPENS_TOML_FRONT_MATTER = /^\+\+\+[ \t]*\r?\n/;
const CLOSES_TOML_FRONT_MATTER = /\n\+\+\+[ \t]*(?:\r?\n|$)/;

/** A TOML line `key = value`: a bare or quoted key and what follows the `=`. */
const TOML_KEY_VALUE = /^[ \t]*(?:([\w-]+)|"([^"\n]*)"|'([^'\n]*)')[ \t]*=[ \t]*(.*)$/;
/**
 * A TOML string, basic (its escapes JSON's) or literal, where one is expected: sticky, as a search
 * would try again from every quote of an unclosed string (1 MB of `"\\` took minutes).
 */
const TOML_STRING = /"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'/y;
const TOML_ARRAY_SEPARATOR = /[ \t,]*/y;
const TOML_TABLE = /^[ \t]*\[/;

function tomlString(basic: string | undefined, literal: string | undefined): string | undefined {
  if (basic === undefined) return literal;
  try {
    return JSON.parse(`"${basic}"`) as string;
  } catch {
    return undefined;
  }
}

/** The string that starts at `index` of `written`, and where it ends. */
function tomlStringAt(written: string, index: number): { value?: string; end: number } | undefined {
  TOML_STRING.lastIndex = index;
  const match = TOML_STRING.exec(written);
  return match === null
    ? undefined
    : { value: tomlString(match[1], match[2]), end: TOML_STRING.lastIndex };
}

/** A value on the key's line: a string, an array of strings, or a date, number or boolean as written. */
function tomlValue(written: string): unknown {
  if (!written.startsWith('[')) {
    return tomlStringAt(written, 0)?.value ?? /^[^\s#"'[{]+/.exec(written)?.[0];
  }
  const items: (string | undefined)[] = [];
  for (let index = 1; ; ) {
    TOML_ARRAY_SEPARATOR.lastIndex = index;
    TOML_ARRAY_SEPARATOR.exec(written);
    const item = tomlStringAt(written, TOML_ARRAY_SEPARATOR.lastIndex);
    if (item === undefined) return items;
    items.push(item.value);
    index = item.end;
  }
}

/**
 * The top-level keys of TOML front matter, read as far as the article needs them: a value over
 * several lines (an array, a multi-line string) is passed over, and keys under a `[table]` are
 * the table's, not the page's.
 */
function tomlFrontMatter(toml: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const line of toml.split('\n')) {
    if (TOML_TABLE.test(line)) break;
    const match = TOML_KEY_VALUE.exec(line);
    if (match === null) continue;
    const [, bare, basic, literal, value = ''] = match;
    const key = bare ?? tomlString(basic, undefined) ?? literal;
    if (key !== undefined) data[key] = tomlValue(value);
  }
  return data;
}

function readFrontMatter(
  source: string,
  text: string,
): { data: Record<string, unknown>; content: string } {
  if (OPENS_TOML_FRONT_MATTER.test(text)) {
    const close = CLOSES_TOML_FRONT_MATTER.exec(text);
    if (close === null) {
      throw new ArticleError(
        source,
        'opens front matter with +++ on line 1 and never closes it — end the front matter with a line of +++',
      );
    }
    return {
      data: tomlFrontMatter(text.slice(text.indexOf('\n') + 1, close.index)),
      content: text.slice(close.index + close[0].length),
    };
  }
  // Unclosed, gray-matter reads the whole article as YAML and fails somewhere in its text.
  if (OPENS_FRONT_MATTER.test(text) && !CLOSES_FRONT_MATTER.test(text)) {
    throw new ArticleError(
      source,
      'opens front matter with --- on line 1 and never closes it — end the front matter with a line of ---',
    );
  }
  try {
    // Passing options also keeps gray-matter from caching every article it has seen.
    return matter(text, { engines: { javascript: refuseCodeFrontMatter } });
  } catch (error) {
    // js-yaml's reason and 0-based mark count from the opening `---`, which is line 1 of the file.
    const { reason, mark } = error as { reason?: string; mark?: { line: number } };
    const what = reason ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
    const where = mark === undefined ? '' : ` at line ${mark.line + 1}`;
    throw new ArticleError(
      source,
      `has invalid front matter${where}: ${what} — fix the YAML between the --- lines`,
      { cause: error },
    );
  }
}

function frontMatterString(value: unknown): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) {
    const items = value.map(frontMatterString).filter((item) => item !== undefined);
    return items.length > 0 ? items.join(', ') : undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }
  return undefined;
}

/** The front matter's url, which the email links to: an absolute http(s) URL or nothing. */
function frontMatterUrl(source: string, value: unknown): string | undefined {
  const url = frontMatterString(value);
  const problem = url === undefined ? undefined : articleUrlProblem(url);
  if (problem !== undefined) {
    throw new ArticleError(
      source,
      `has a url in its front matter that the email cannot link to: ${problem} — write the whole address (https://…) or remove the url line`,
    );
  }
  return url;
}

/** Front matter's `lang` (or `language`): the writer's, so a value that is no language tag is refused. */
function frontMatterLanguage(source: string, value: unknown): string | undefined {
  const written = frontMatterString(value);
  if (written === undefined) return undefined;
  const tag = languageTag(written);
  if (tag === undefined) {
    throw new ArticleError(
      source,
      `has lang "${written}" in its front matter, which is no language tag — write one like en, fr or pt-BR`,
    );
  }
  return tag;
}

/** The readable text of one inline token: link text, emphasis and code kept; markup and images go. */
function tokenText(token: Token): string {
  switch (token.type) {
    case 'image':
    case 'html':
    case 'checkbox':
    case 'footnoteReference':
      return '';
    case 'br':
      return ' ';
    case 'codespan':
    case 'escape':
      return token.text;
    default:
      if ('tokens' in token && token.tokens) return flattenInline(token.tokens);
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
  }
}

const isHtmlTag = (token: Token, tag: RegExp) => token.type === 'html' && tag.test(token.raw);

/**
 * For each place in `tokens`, where the first `</name>` token at or after it is (-1: none), found
 * in one pass from the end: looking ahead from each opening tag took time quadratic in their
 * number when they are not closed (60,000 `<sup>` took 46 s).
 */
function endTags(tokens: readonly Token[], name: string): Int32Array {
  const end = new RegExp(`^</${name}\\s*>`, 'i');
  const next = new Int32Array(tokens.length + 1).fill(-1);
  for (let at = tokens.length - 1; at >= 0; at -= 1) {
    next[at] = isHtmlTag(tokens[at] as Token, end) ? at : (next[at + 1] as number);
  }
  return next;
}

/** An inline tag that breaks the line where it stands, as a browser shows it: a space. */
const LINE_BREAK_TAG = /^<(?:br|hr)[\s/>]/i;
/** An inline element whose content is code, never text. */
const CODE_ELEMENT = /^<(script|style)[\s>]/i;

/**
 * The readable text of inline tokens. An inline `<sup>1</sup>` (or `<sup>[2]</sup>`) that is a
 * footnote marker goes with its text, as in an HTML page: only its tags would go otherwise,
 * leaving "…purchases.1 Much of it" or a sentence split at "[". An inline `<br>` is a space
 * ("Tuesday<br>after" read "Tuesdayafter"), and a `<script>` or `<style>` goes with its code.
 */
function flattenInline(tokens: readonly Token[] = []): string {
  let text = '';
  const ends = new Map<string, Int32Array>();
  const endOf = (name: string, index: number) => {
    if (!ends.has(name)) ends.set(name, endTags(tokens, name));
    return ends.get(name)?.[index + 1] ?? -1;
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    const code =
      token.type === 'html' ? CODE_ELEMENT.exec(token.raw)?.[1]?.toLowerCase() : undefined;
    const codeEnd = code === undefined ? -1 : endOf(code, index);
    if (codeEnd !== -1) {
      index = codeEnd;
      continue;
    }
    if (isHtmlTag(token, /^<sup[\s>]/i)) {
      const end = endOf('sup', index);
      if (end !== -1) {
        const superscript = flattenInline(tokens.slice(index + 1, end));
        if (!isNoteMarker(superscript, text.slice(-1))) text += superscript;
        index = end;
        continue;
      }
    }
    const previous = tokens[index - 1]?.type;
    const read = isHtmlTag(token, LINE_BREAK_TAG) ? ' ' : tokenText(token);
    // Pandoc's attributes on the image or link before, `![](chart.png){width="6.5in"}`.
    text +=
      token.type === 'text' && (previous === 'image' || previous === 'link')
        ? read.replace(PANDOC_ATTRIBUTES, '')
        : read;
  }
  return text;
}

/**
 * Hugo's shortcodes, `{{< figure … >}}`, `{{% notice info %}}`, and Jekyll's Liquid tags,
 * `{% include signup.html %}`, `{% raw %}`: what the site's generator puts there, no text; the
 * text between two stays, but for a comment's or a code listing's. A walk from each opening to
 * its close: a search from every `{%` that nothing closes would look to the text's end from each.
 */
const TEMPLATE_TAGS = [
  ['{% comment %}', '{% endcomment %}'],
  ['{% highlight ', '{% endhighlight %}'],
  ['{{< highlight ', '{{< /highlight >}}'],
  ['{{<', '>}}'],
  ['{{%', '%}}'],
  ['{%', '%}'],
] as const;

function withoutTemplateTags(text: string): string {
  let result = text;
  for (const [open, close] of TEMPLATE_TAGS) {
    let kept = '';
    let from = 0;
    for (;;) {
      const start = result.indexOf(open, from);
      const end = start === -1 ? -1 : result.indexOf(close, start + open.length);
      if (end === -1) break;
      kept += result.slice(from, start);
      from = end + close.length;
    }
    result = kept + result.slice(from);
  }
  return result;
}

function inlineText(tokens: readonly Token[] | undefined): string {
  return withoutTemplateTags(decodeEntities(flattenInline(tokens)))
    .trim()
    .replace(TYPED_BULLET, '')
    .replace(BLOCK_ID, '');
}

/** A heading's words, without the attributes written after it. */
const headingText = (tokens: readonly Token[] | undefined) =>
  inlineText(tokens).replace(HEADING_ATTRIBUTES, '');

const wordsOf = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));

/**
 * A paragraph that is mostly links is a list of other pages ("You might also like: [A](…) ·
 * [B](…)", a related-stories item that is one link), not text of the article: at least half its
 * words are link text, over two links or more, or all of them over one.
 */
function isRunOfLinks(tokens: readonly Token[] = []): boolean {
  const links = tokens.filter((token) => token.type === 'link');
  if (links.length === 0) return false;
  const linked = wordsOf(links.map(tokenText).join(' ')).length;
  const all = wordsOf(flattenInline(tokens)).length;
  return links.length >= 2 ? linked * 2 >= all : linked === all;
}

/** A paragraph's blocks, as a bold run at its start tells them (boldLedBlocks). */
function paragraphBlocks(tokens: readonly Token[]): ArticleBlock[] {
  const text = inlineText(tokens);
  const [first, ...rest] = tokens;
  if (first?.type !== 'strong') return boldLedBlocks(text, undefined);
  const next = rest[0];
  return boldLedBlocks(text, {
    head: inlineText([first]),
    body: inlineText(rest),
    lineBreak: next?.type === 'br' || (next?.type === 'text' && next.raw.startsWith('\n')),
  });
}

/**
 * A paragraph of "Label: value" lines ("**Present:** J. Harper…" over "**Apologies:** D.
 * Fraser"), a record's fields, is a paragraph a line, as in plain text: run together, the fields
 * read as one long sentence. Any other paragraph is told by its bold run (paragraphBlocks).
 */
function fieldLines(tokens: readonly Token[]): ArticleBlock[] {
  const lines = inlineText(tokens).split('\n');
  return lines.length > 1 && lines.every((line) => FIELD_LABEL.test(line.trim()))
    ? lines.map((line) => ({ kind: 'paragraph', text: line.trim() }))
    : paragraphBlocks(tokens);
}

/** The token at `index` is a heading or paragraph "Key takeaways" (or "TL;DR"…) over a list. */
function labelsSummaryList(tokens: readonly Token[], index: number): boolean {
  const label = tokens[index];
  return (
    (label?.type === 'heading' || label?.type === 'paragraph') &&
    tokens[index + 1]?.type === 'list' &&
    isSummaryBoxLabel(inlineText(label.tokens))
  );
}

/**
 * An Obsidian callout or a GitHub alert, a quote opening with its type, `> [!note] Sources`,
 * `> [!WARNING]-`: a note box beside the story, as a Notion callout's `<aside>` is.
 */
const CALLOUT = /^[ \t]*>[ \t]*\[![A-Za-z][\w-]*\][+-]?(?![^\s])/;

const RELEASE_END_MARK = /^###[ \t]*(?:\n|$)/;

function collectBlocks(source: string, tokens: readonly Token[], blocks: ArticleBlock[]): void {
  for (const [index, token] of tokens.entries()) {
    // "**Key takeaways**" and the list under it: the writer's summary, which the story tells.
    if (labelsSummaryList(tokens, index) || labelsSummaryList(tokens, index - 1)) continue;
    switch (token.type) {
      case 'heading':
        // A line "###" is a press release's end mark, which Markdown reads as an empty heading:
        // kept as the line it is, so the release ends there as in plain text.
        if (RELEASE_END_MARK.test(token.raw)) blocks.push({ kind: 'paragraph', text: '###' });
        // Levels 4–6 are too minor to split an article on.
        else if (token.depth <= 3)
          blocks.push({ kind: 'heading', text: headingText(token.tokens) });
        break;
      case 'paragraph':
      case 'text':
        if (!isRunOfLinks(token.tokens)) blocks.push(...fieldLines(token.tokens ?? []));
        break;
      case 'blockquote':
        if (!CALLOUT.test(token.raw)) collectBlocks(source, token.tokens ?? [], blocks);
        break;
      case 'list':
        for (const item of token.items) collectBlocks(source, item.tokens, blocks);
        break;
      case 'html':
        // A <p> or <div> of text written as HTML is as much the article as a paragraph.
        blocks.push(...htmlBlocks(source, token.text));
        break;
      default:
        // Code, tables, footnotes and rules are not prose to summarise.
        break;
    }
  }
}

/**
 * An HTML comment standing alone ("<!-- markdownlint-disable MD013 -->", "<!-- TODO: add the
 * chart -->"): a note to the editor or a tool, no text of the article. Each comment ends at its
 * first "-->": with `[\s\S]*?` a comment could span the next ones, and a line of many comments
 * followed by text made the test try every way to group them (1,000 comments: over a minute).
 */
const COMMENTS_ALONE = /^\s*(?:<!--(?:[^-]|-(?!->))*-->\s*)+$/;
const isComment = (token: Token) => token.type === 'html' && COMMENTS_ALONE.test(token.raw);

/**
 * The blocks of Obsidian's comments, from a paragraph opening with `%%` to the one that ends with
 * `%%` (the same paragraph, or one further on): the writer's notes to self, hidden when the note
 * is read. A `%%` inside a paragraph's text stays, and so does a `%%` that nothing closes.
 */
function withoutObsidianComments(tokens: readonly Token[]): Token[] {
  const kept: Token[] = [];
  let comment: Token[] = [];
  for (const token of tokens) {
    const raw = token.raw.trim();
    if (comment.length === 0 && !(token.type === 'paragraph' && raw.startsWith('%%'))) {
      kept.push(token);
      continue;
    }
    comment.push(token);
    const closed = raw.endsWith('%%') && (comment.length > 1 || raw.length >= 4);
    if (closed) comment = [];
  }
  return [...kept, ...comment];
}

/**
 * MDX's import and export blocks (`import { Chart } from './chart'`, `export const meta = {…}`),
 * which run to their paragraph's end, its self-closing components (`<Chart data={…} />`) and its
 * comments:
 * code, no text of the article. A sentence that starts with the word, `export figures rose…`, stays.
 */
const MDX_ESM =
  /^(?:import\s*(?:[\w*{][^\n]*\sfrom\s*["']|["'])|export\s+(?:const|let|var|function|class|async|default)\b|export\s*[{*])/;
const MDX_COMPONENT = /^<[A-Z][\w.]*(?:\s[\s\S]*)?\/>$/;
/** MDX's comment, `{/* check the hours *\/}`, which JSX writes as an expression. */
const MDX_COMMENT = /^\{\/\*[\s\S]*\*\/\}$/;
const isMdxCode = (token: Token) =>
  token.type === 'paragraph' &&
  (MDX_ESM.test(token.raw) ||
    MDX_COMPONENT.test(token.raw.trim()) ||
    MDX_COMMENT.test(token.raw.trim()));

/**
 * A first line wholly in bold and shaped like a heading ("**Allotment waiting list cut by
 * half**"): the title of a writer who uses no `#`, which above the first paragraph would be
 * passed over as a standfirst.
 */
function boldTitle(token: Token | undefined): string | undefined {
  if (token?.type !== 'paragraph') return undefined;
  const [block, ...more] = paragraphBlocks(token.tokens ?? []);
  return block?.kind === 'heading' && more.length === 0 ? block.text : undefined;
}

/**
 * Markdown with optional YAML front matter (title, url, date, author, lang). A leading `#`
 * heading (setext `===` too, or a line wholly in bold) is the title line (after any comments
 * above it): the title when the front matter has none, and dropped when it has one (it repeats
 * it, often in other words); `##` and `###` are subheads.
 */
export function parseMarkdown(source: string, text: string): ParsedDocument {
  const file = readFrontMatter(source, text);
  const mdx = /\.mdx$/i.test(source);
  const tokens = withoutObsidianComments(
    new BudgetedLexer(source)
      .lex(file.content)
      .filter((token) => token.type !== 'space' && !isComment(token) && !(mdx && isMdxCode(token))),
  );
  // A mailer's "[View in browser](…)" or a site's notice above the title is no text of the
  // article, and does not keep the `#` line under it from being the title.
  const above = tokens.findIndex(
    (token) =>
      token.type !== 'paragraph' ||
      !(isRunOfLinks(token.tokens) || isBoilerplate(inlineText(token.tokens ?? []))),
  );
  const [first, ...rest] = above > 0 ? tokens.slice(above) : tokens;
  const heading =
    first?.type === 'heading' && first.depth === 1 ? headingText(first.tokens) : boldTitle(first);
  const blocks: ArticleBlock[] = [];
  collectBlocks(source, heading === undefined ? tokens : rest, blocks);
  // WordPress titles carry character references ("Tips &#038; Tricks"), which its exporters to
  // Jekyll and Hugo copy into the front matter, and Jekyll's pages show as the characters.
  const frontMatterTitle = frontMatterString(file.data.title);
  return {
    title: frontMatterTitle === undefined ? heading : decodeEntities(frontMatterTitle),
    url: frontMatterUrl(source, file.data.url),
    date: frontMatterString(file.data.date),
    author: frontMatterString(file.data.author),
    language: frontMatterLanguage(source, file.data.lang ?? file.data.language),
    blocks,
  };
}
