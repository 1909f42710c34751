import Handlebars from 'handlebars';
import { TemplateError, templateErrorAt } from '../errors';
import { readsRightToLeft } from './build-issue-view';
import { linkUrls } from './link-urls';
import type { NewsletterView } from './types';

/** Isolated from the global Handlebars: no helper or partial registered elsewhere leaks in. */
const handlebars = Handlebars.create();

/**
 * `{{#each}}` given a value that is no list (a string, a number, true): Handlebars' own shows
 * nothing (or its `{{else}}`) without a word, so `{{#each issue.title}}` would send every issue
 * without the part it was meant to show. What it was given is only known when the data is filled
 * in, so it is refused then, at the block's line (see toTemplateError).
 */
class EachOverNoList extends Error {
  readonly lineNumber: number;
  readonly column: number;
  /** The block as the compiled source writes it (`{{#each issue.title}}`), once known. */
  block?: string;
  constructor(
    readonly given: string,
    at: hbs.AST.SourceLocation,
  ) {
    super(`{{#each}} goes over ${given}`);
    this.lineNumber = at.start.line;
    this.column = at.start.column;
  }
}

const builtInEach = handlebars.helpers.each as Handlebars.HelperDelegate;
handlebars.registerHelper('each', function (this: unknown, list: unknown, options) {
  const kind = typeof list;
  // null, undefined and false are an empty list, as Handlebars has them: `{{else}}` is for them.
  if (kind === 'string' || kind === 'number' || kind === 'bigint' || list === true) {
    const given = kind === 'string' ? 'a string' : kind === 'boolean' ? 'true' : 'a number';
    throw new EachOverNoList(given, (options as { loc: hbs.AST.SourceLocation }).loc);
  }
  return builtInEach.call(this, list, options);
});

/**
 * A `{{ }}` given an object or a list: Handlebars prints "[object Object]", or a list's items
 * joined with commas, into the email of every subscriber without a word. What it is given is only
 * known when the data is filled in, so it is refused then, at the expression's line.
 */
class PrintsNoText extends Error {
  readonly lineNumber: number;
  readonly column: number;
  readonly endLineNumber: number;
  readonly endColumn: number;
  /** The expression as the source writes it, normalised (`{{issue.keyPoints}}`), once known. */
  expression?: string;
  constructor(
    readonly kind: 'list' | 'object',
    /** What Handlebars would have printed, shortened. */
    readonly printed: string,
    /** A key of the object that holds a value to print, for the suggestion. */
    readonly key: string | undefined,
    at: hbs.AST.SourceLocation,
  ) {
    super(`{{ }} prints ${kind === 'list' ? 'a list' : 'an object'}`);
    this.lineNumber = at.start.line;
    this.column = at.start.column;
    this.endLineNumber = at.end.line;
    this.endColumn = at.end.column;
  }

  /** Why, with what to write instead, given the expression as written. */
  reason(expression: string | undefined): string {
    const written = expression ?? '{{ }}';
    // A path (`issue.keyPoints`, `this`, `../issue`) can be suggested as is; a call cannot.
    const path = /^\{\{([\w.@/-]+)\}\}$/.exec(written)?.[1];
    if (this.kind === 'list') {
      return `${written} prints a list, which would show as "${this.printed}": go over it with {{#each ${path ?? '…'}}}…{{/each}}`;
    }
    const value = path && this.key ? ` as in {{${path}.${this.key}}},` : '';
    return `${written} prints an object, which would show as "[object Object]": print one of its values,${value} or go over a list in it with {{#each …}}`;
  }
}

/** Registered under a name no template can call (see HELPERS): checks what a `{{ }}` prints. */
const PRINTED = 'printed value';

/** Whether Handlebars would print `value` as "[object Object]" (an object) or "a,b" (a list). */
function unprintable(value: unknown): 'list' | 'object' | undefined {
  if (Array.isArray(value)) return 'list';
  if (typeof value !== 'object' || value === null) return undefined;
  const { toString: print, toHTML } = value as { toString?: unknown; toHTML?: unknown };
  // A SafeString prints its own text.
  if (typeof toHTML === 'function') return undefined;
  return print === Object.prototype.toString || typeof print !== 'function' ? 'object' : undefined;
}

/** What Handlebars would print for a list, shortened to fit in a message. */
function printedList(value: unknown): string {
  let text: string;
  try {
    text = String(value);
  } catch {
    // Items without a toString (Object.create(null)) make String() throw.
    text = '[object Object]';
  }
  return text.length > 40 ? `${text.slice(0, 32)}…` : text;
}

/**
 * `{{linkify issue.lead}}`: the article's text escaped, with the http(s) and `www.` URLs written in
 * it made links (see linkUrls). For the HTML part; the text part shows the URLs as written.
 */
handlebars.registerHelper('linkify', (text: unknown) =>
  typeof text === 'string' ? new handlebars.SafeString(linkUrls(text)) : text,
);

/**
 * `{{#if (rightToLeft issue.language issue.title issue.lead)}}`: whether the article reads right to
 * left (readsRightToLeft: its declared language, else its letters), for what the template lays out
 * itself (the button's `align`, the digest's link) to follow the text. Templates compiled before
 * it took the title and lead pass the language alone.
 */
handlebars.registerHelper('rightToLeft', (...values: unknown[]) => {
  // The last argument is Handlebars' options.
  const [language, title, lead] = values
    .slice(0, -1)
    .map((value) => (typeof value === 'string' ? value : ''));
  return readsRightToLeft({ language, title: title ?? '', lead: lead ?? '' });
});

handlebars.registerHelper(PRINTED, (value: unknown, at: hbs.AST.SourceLocation) => {
  const kind = unprintable(value);
  if (kind === undefined) return value;
  const key = Object.keys(value as object).find((name) => {
    const held = (value as Record<string, unknown>)[name];
    return typeof held === 'string' || typeof held === 'number';
  });
  throw new PrintsNoText(kind, kind === 'list' ? printedList(value) : '[object Object]', key, at);
});

/** The parts of Handlebars' code generator that PrintingCompiler uses (it has no types). */
interface JavaScriptCompiler {
  readonly source: { readonly currentLocation?: hbs.AST.SourceLocation };
  popStack(): unknown;
  push(expression: unknown): unknown;
  append(): void;
  appendEscaped(): void;
}

const BaseCompiler = (handlebars as unknown as { JavaScriptCompiler: new () => JavaScriptCompiler })
  .JavaScriptCompiler;

/**
 * Handlebars' code generator, with every value a `{{ }}` prints (a path, `this`, a helper's
 * result) passed through the PRINTED helper first, with the statement's location.
 */
class PrintingCompiler extends BaseCompiler {
  override append(): void {
    this.checkPrinted();
    super.append();
  }

  override appendEscaped(): void {
    this.checkPrinted();
    super.appendEscaped();
  }

  private checkPrinted(): void {
    const value = this.popStack();
    const at = JSON.stringify(this.source.currentLocation ?? null);
    this.push([`helpers[${JSON.stringify(PRINTED)}](`, value, `, ${at})`]);
  }
}
// Nested programs ({{#each}}'s body) are compiled by `new this.compiler()`.
Object.assign(PrintingCompiler.prototype, { compiler: PrintingCompiler });
Object.assign(handlebars, { JavaScriptCompiler: PrintingCompiler });

/** `{{ issue.keyPoints }}` as `{{issue.keyPoints}}`: braces, `~` and spaces normalised. */
export function normaliseMustache(text: string): string | undefined {
  const inner = /^\{\{~?\s*([\s\S]*?)\s*~?\}\}$/.exec(text)?.[1];
  return inner ? `{{${inner.replace(/\s+/g, ' ')}}}` : undefined;
}

/** The `{{ }}` a fill error says prints an object or a list, as written (normalised). */
export function printedObjectIn(error: TemplateError): string | undefined {
  return error.cause instanceof PrintsNoText ? error.cause.expression : undefined;
}

/** The `{{#each …}}` that opens at this line (from 1) and column of `source`, normalised. */
export function eachBlockAt(source: string, line: number, column: number): string | undefined {
  const text = source.split('\n')[line - 1]?.slice(column) ?? '';
  const value = /^\{\{~?\s*#\s*each\s+([^}~]*?)\s*~?\}\}/.exec(text)?.[1];
  return value ? `{{#each ${value}}}` : undefined;
}

/** The `{{#each …}}` a fill error says was given no list, as written. */
export function eachOverNoListIn(error: TemplateError): string | undefined {
  return error.cause instanceof EachOverNoList ? error.cause.block : undefined;
}

export type TemplatePart = 'html' | 'text';
/** A compiled part; the newsletter's view by default, another template's (confirmation) when given. */
export type TemplateFunction<View = NewsletterView> = (view: View) => string;

/** Where Handlebars says an error is: its first line and column (from 0), and its end. */
export interface Located {
  readonly lineNumber?: number;
  readonly column?: number;
  readonly endLineNumber?: number;
  readonly endColumn?: number;
}

/** The text of `source` that a one-line location spans (the path a strict lookup missed). */
export function spanned(source: string, at: Located): string | undefined {
  if (at.lineNumber === undefined || at.column === undefined || at.endColumn === undefined) {
    return undefined;
  }
  if (at.endLineNumber !== at.lineNumber) return undefined;
  return source.split('\n')[at.lineNumber - 1]?.slice(at.column, at.endColumn) || undefined;
}

/**
 * A Handlebars error as a one-line TemplateError pointing at `file` and, when known, the line.
 * With the source, a value missing from the data also names the expression that asked for it.
 */
function toTemplateError(file: string, error: unknown, source?: string): TemplateError {
  if (!(error instanceof Error)) return new TemplateError(file, String(error));
  if (error instanceof EachOverNoList) {
    // The block as `source` writes it on that line, kept for locateFillError to look for.
    error.block = source && eachBlockAt(source, error.lineNumber, error.column);
    const reason = `${error.block ?? '{{#each}}'} goes over ${error.given}, not a list, so it would show nothing: give #each a list, as in {{#each issue.keyPoints}}`;
    return new TemplateError(file, reason, error.lineNumber, { cause: error });
  }
  if (error instanceof PrintsNoText) {
    // The statement as `source` writes it, kept for locateFillError to look for.
    const written = source && spanned(source, error);
    error.expression = written && normaliseMustache(written);
    return new TemplateError(file, error.reason(error.expression), error.lineNumber, {
      cause: error,
    });
  }
  const lines = error.message.split('\n');
  const located = error as Error & Located;
  const line = located.lineNumber ?? Number(/Parse error on line (\d+)/.exec(error.message)?.[1]);
  const reason = lines.length > 1 ? `${lines[0]} ${lines.at(-1)}` : (lines[0] ?? '');
  // Strict mode names the object it looked in: [object Object], or undefined when what should
  // hold the value is missing too ("url" of {{confirmation.url}} without a confirmation).
  const missing = / not defined in (\[object Object\]|undefined|null)$/;
  const expression =
    source !== undefined && missing.test(reason.replace(/ - \d+:\d+$/, ''))
      ? spanned(source, located)
      : undefined;
  return new TemplateError(
    file,
    reason
      .replace(/ - \d+:\d+$/, '')
      .replace(missing, ' is not in the data')
      .concat(expression ? ` ({{${expression}}})` : ''),
    Number.isNaN(line) ? undefined : line,
    {
      cause: error,
    },
  );
}

/** `{{#name …}}` or `{{^name …}}` (a block opens), `{{/name}}` (one closes); comments are not read. */
const BLOCK_TAG = /\{\{~?\s*([#^/])\s*([^\s}~]+)[^}]*\}\}/g;

/**
 * Handlebars reports a block that is never closed at the end of the file ("Expecting
 * 'OPEN_ENDBLOCK', got 'EOF'", or "Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK',
 * got 'EOF'" for a block with no {{else}} yet), a line with nothing on it. The block left open is
 * the innermost one still open at the end: that is where the error is.
 */
function unclosedBlock(file: string, source: string, error: unknown): TemplateError | undefined {
  const expected = error instanceof Error ? (error.message.split('\n').at(-1) ?? '') : '';
  if (!expected.includes("'OPEN_ENDBLOCK'") || !expected.endsWith("got 'EOF'")) {
    return undefined;
  }
  // Comments keep their line breaks, so lines count as in the file.
  const code = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (comment) =>
    comment.replace(/[^\n]/g, ' '),
  );
  const open: { tag: string; name: string; index: number }[] = [];
  for (const match of code.matchAll(BLOCK_TAG)) {
    const [tag, kind, name = ''] = match;
    if (kind === '/') open.pop();
    // `{{^}}` alone is an {{else}}.
    else if (!(kind === '^' && name === '')) open.push({ tag, name, index: match.index });
  }
  const block = open.at(-1);
  if (!block) return undefined;
  return new TemplateError(
    file,
    `${block.tag} is never closed — add {{/${block.name}}}`,
    code.slice(0, block.index).split('\n').length,
    { cause: error },
  );
}

/**
 * A block closed by another's end tag: Handlebars says "each doesn't match if - 2:5", at the name
 * of the block left open (its column from 0).
 */
function mismatchedBlock(file: string, error: unknown): TemplateError | undefined {
  const located = error as Located;
  const names = /^(\S+) doesn't match (\S+) - \d+:\d+$/.exec((error as Error)?.message ?? '');
  if (!names || located.lineNumber === undefined || located.column === undefined) return undefined;
  const [, open, close] = names;
  return new TemplateError(
    file,
    `{{#${open} …}} is closed by {{/${close}}} — close it first, with {{/${open}}}`,
    located.lineNumber,
    { cause: error, column: located.column + 1 },
  );
}

/** Handlebars' parser, one for every instance: its lexer stops on the token it failed at. */
const parserLexer = (
  handlebars as unknown as { Parser?: { lexer?: { matched?: string; match?: string } } }
).Parser?.lexer;

/** The longest `{{ }}` quoted in a message: a statement left open may run on for a while. */
const MAX_QUOTED = 80;

/**
 * A parse error in words, at the line and column of what to fix, instead of the parser's
 * "Parse error on line 14: Expecting 'CLOSE_RAW_BLOCK', 'CLOSE', … got 'INVALID'" at the line
 * where it gave up: a `{{ }}` not closed (at its `{{`), a quote in one not closed, a `{{/if}}` or
 * `{{else}}` outside any block, a `{{!--` comment not closed. Anything else keeps the parser's
 * expectation, at the place it failed. Undefined when the parser's position is not known.
 */
function unreadableMustache(
  file: string,
  source: string,
  error: unknown,
): TemplateError | undefined {
  const matched = parserLexer?.matched;
  if (!(error instanceof Error) || matched === undefined || !source.startsWith(matched)) {
    return undefined;
  }
  const lexical = error.message.startsWith('Lexical error');
  // Where the token the parser failed at starts; a lexical error is where no token could start.
  const at = lexical ? matched.length : matched.length - (parserLexer?.match?.length ?? 0);
  // Where the statement opens: the first of its braces ('{{{' opens one too).
  let opener = source.lastIndexOf('{{', at);
  while (opener > 0 && source[opener - 1] === '{') opener--;
  const lineEnd = (from: number) => {
    const end = source.indexOf('\n', from);
    return end === -1 ? source.length : end;
  };
  /** The source from `from` to `to`, on its line, shortened. */
  const quote = (from: number, to: number) => {
    const end = Math.min(to, lineEnd(from));
    const text = source.slice(from, Math.min(end, from + MAX_QUOTED)).trimEnd();
    return end - from > MAX_QUOTED ? `${text.slice(0, -1)}…` : text;
  };
  // The statement up to its `}}` when that is on the line where the parser failed.
  const closer = source.indexOf('}}', at);
  const end = closer !== -1 && closer < lineEnd(at) ? closer + 2 : lineEnd(at);
  const written = opener === -1 ? '' : quote(opener, end);
  const expects = error.message.split('\n').at(-1) ?? '';
  const found = /got '(\w+)'$/.exec(expects)?.[1];
  const say = (reason: string, offset: number) =>
    templateErrorAt(file, source, offset, reason, { cause: error });
  if (lexical && source.startsWith('{{!--', opener)) {
    return say('{{!-- is never closed — end the comment with --}}', opener);
  }
  if (found === 'OPEN_ENDBLOCK') {
    const name = /^\{\{~?\/\s*([^\s}~]+)/.exec(source.slice(at))?.[1] ?? '…';
    return say(
      `{{/${name}}} closes no block — remove it, or open the block before it with {{#${name} …}}`,
      at,
    );
  }
  if (found === 'INVERSE' || found === 'OPEN_INVERSE_CHAIN') {
    return say(
      '{{else}} is not inside an {{#if}}, {{#unless}} or {{#each}}, or is the second {{else}} of one — remove it',
      at,
    );
  }
  if (found === 'CLOSE' && expects.includes("'CLOSE_UNESCAPED'")) {
    return say(
      `${written} opens with three braces and closes with two — use two on both sides: {{ }}`,
      opener,
    );
  }
  if (found === 'INVALID' && (source[at] === '"' || source[at] === "'")) {
    return say(
      `${written} opens a quoted text (${source[at]}) that is never closed — end it with ${source[at]}`,
      at,
    );
  }
  if ((found === 'INVALID' || found === 'EOF') && expects.includes("'CLOSE'") && opener !== -1) {
    // The statement as written up to where it went wrong: "{{issue.title}" of '{{issue.title}"'.
    return say(`${quote(opener, at + 1)} is not closed — end it with }}`, opener);
  }
  if (found === undefined || opener === -1) return undefined;
  const wanted = expects.includes("'ID'")
    ? 'a name or a value'
    : expects.replace(/^Expecting /, '').replace(/, got '\w+'$/, '');
  const token = source.slice(at, at + (parserLexer?.match?.length || 1));
  return say(
    `${written} cannot be read: Handlebars found "${token}" where it expects ${wanted}`,
    at,
  );
}

/** The helpers a template may call: Handlebars' built-ins (none is registered on this instance). */
const HELPERS = Object.keys(handlebars.helpers)
  .filter((name) => !name.endsWith('Missing') && name !== PRINTED)
  .sort();

type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** The name of the helper a statement calls, when it has arguments and so calls one. */
function calledHelper(node: Call): string | undefined {
  const called = node.params.length > 0 || node.hash !== undefined;
  return called && node.path.type === 'PathExpression'
    ? (node.path as hbs.AST.PathExpression).original
    : undefined;
}

/**
 * How many values the built-in helpers take, with an example. Given more or fewer, they fail at
 * render time without a location ("#if requires exactly one argument", or a TypeError from
 * lookup), which would point at MJML's output instead of the line that calls them.
 */
const ARITY = new Map([
  ['if', { count: 1, takes: 'one value', example: '{{#if issue.url}}' }],
  ['unless', { count: 1, takes: 'one value', example: '{{#unless issue.url}}' }],
  ['with', { count: 1, takes: 'one value', example: '{{#with issue}}' }],
  ['each', { count: 1, takes: 'one value', example: '{{#each issue.keyPoints}}' }],
  ['lookup', { count: 2, takes: 'two values', example: '{{lookup issue "title"}}' }],
]);

/** The helpers that take a block (`{{#each …}}…{{/each}}`); the others give a value. */
const BLOCK_HELPERS = new Set(['each', 'if', 'unless', 'with']);

/**
 * Why a call of a helper cannot work: a built-in given the wrong number of values, or a helper
 * that gives a value written as a block (`{{#rightToLeft …}}…{{else}}…{{/rightToLeft}}`), which
 * Handlebars fills with the value ("false") instead of either branch, in every email.
 */
function misusedHelper(node: Call): string | undefined {
  if (node.path.type !== 'PathExpression') return undefined;
  const name = (node.path as hbs.AST.PathExpression).original;
  if (node.type === 'BlockStatement' && HELPERS.includes(name) && !BLOCK_HELPERS.has(name)) {
    return `{{#${name}}} gives a value, not a block: Handlebars would print that value in place of the block and its {{else}}; test it with {{#if (${name} …)}}, or print it with {{${name} …}}`;
  }
  const arity = ARITY.get(name);
  if (arity === undefined || node.params.length === arity.count) return undefined;
  const tag = node.type === 'BlockStatement' ? `#${name}` : name;
  return `{{${tag}}} takes exactly ${arity.takes}, as in ${arity.example} (it has ${node.params.length})`;
}

/**
 * Parses a template. The HTML part must not use `{{{ }}}` or `{{& }}`: everything it shows comes
 * from articles or subscribers and has to be escaped. A call of a helper that does not exist
 * (`{{shout issue.title}}`, or `{{issue.title.}}`, which Handlebars reads as `issue.title` called
 * with `.`), a built-in helper given the wrong number of values, a helper that gives a value
 * written as a block, and a Handlebars partial (none is registered: templates share parts with
 * `<mj-include>`) are refused here, on their line, instead of failing every render of the
 * compiled HTML, where they have no line of their own.
 */
export function parseHandlebars(source: string, file: string, part: TemplatePart): hbs.AST.Program {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (error) {
    throw (
      unclosedBlock(file, source, error) ??
      mismatchedBlock(file, error) ??
      unreadableMustache(file, source, error) ??
      toTemplateError(file, error)
    );
  }
  const unescaped: number[] = [];
  const unknown: { name: string; line: number }[] = [];
  const wrong: { reason: string; line: number }[] = [];
  const finder = new Handlebars.Visitor();
  const visit = Handlebars.Visitor.prototype;
  const checkCall = (node: Call) => {
    const name = calledHelper(node);
    if (name !== undefined && !HELPERS.includes(name)) {
      unknown.push({ name, line: node.loc.start.line });
    }
    const misuse = misusedHelper(node);
    if (misuse !== undefined) wrong.push({ reason: misuse, line: node.loc.start.line });
  };
  const refusePartial = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement) => {
    const name = (node.name as hbs.AST.PathExpression).original ?? '…';
    wrong.push({
      reason: `{{> ${name}}} calls a Handlebars partial, which templates do not have: share parts of the MJML with <mj-include path="./partials/….mjml" />`,
      line: node.loc.start.line,
    });
  };
  finder.PartialStatement = refusePartial;
  finder.PartialBlockStatement = refusePartial;
  finder.MustacheStatement = function (node) {
    if (!node.escaped) unescaped.push(node.loc.start.line);
    checkCall(node);
    visit.MustacheStatement.call(this, node);
  };
  finder.BlockStatement = function (node) {
    checkCall(node);
    visit.BlockStatement.call(this, node);
  };
  finder.SubExpression = function (node) {
    checkCall(node);
    visit.SubExpression.call(this, node);
  };
  finder.accept(program);
  if (part === 'html' && unescaped[0] !== undefined) {
    throw new TemplateError(
      file,
      'uses {{{ }}} or {{& }}; use {{ }} so values are escaped',
      unescaped[0],
    );
  }
  const [call] = unknown;
  if (call) {
    throw new TemplateError(
      file,
      `{{${call.name} …}} calls "${call.name}", which is not a helper (the helpers are ${HELPERS.join(', ')})`,
      call.line,
    );
  }
  // In the order they are written: the visitor walks the template from the top.
  const [misuse] = wrong;
  if (misuse) throw new TemplateError(file, misuse.reason, misuse.line);
  return program;
}

/**
 * Compiles a template once. Strict: a missing variable is an error, not a blank. The text part
 * is not HTML, so nothing in it is escaped.
 */
export function compileHandlebars<View = NewsletterView>(
  source: string,
  file: string,
  part: TemplatePart,
): TemplateFunction<View> {
  const template = handlebars.compile<View>(parseHandlebars(source, file, part), {
    strict: true,
    noEscape: part === 'text',
  });
  return (view) => {
    try {
      return template(view);
    } catch (error) {
      throw toTemplateError(file, error, source);
    }
  };
}
