import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { decodeText } from '../../core/decode-text';
import { TemplateError, templateErrorAt } from '../../core/errors';
import {
  eachBlockAt,
  eachOverNoListIn,
  type Located,
  normaliseMustache,
  parseHandlebars,
  printedObjectIn,
  spanned,
} from '../../core/render/handlebars-template';
import type { CompiledTemplate } from '../../core/render/types';
import { isEditorNoise } from './editor-noise';

/** The repository's templates/ folder. A Lambda bundle passes the folder it ships instead. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

const PARTIALS_DIR = 'partials';

export interface TemplateOptions {
  /** Absolute path of the folder holding `<name>.mjml`, `<name>.txt.hbs` and `partials/`. */
  readonly templatesDir?: string;
}

const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Names of the templates in the folder: every top-level `*.mjml` (partials are not templates). */
export async function listTemplates(templatesDir = DEFAULT_TEMPLATES_DIR): Promise<string[]> {
  const entries = await readdir(templatesDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjml'))
    .map((entry) => entry.name.slice(0, -'.mjml'.length))
    .sort();
}

async function readSource(templatesDir: string, file: string): Promise<SourceFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.join(templatesDir, file));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new TemplateError(file, reason, undefined, { cause: error });
  }
  // Not read as replacement characters: a footer saved as Windows-1252 would mail "�" to all.
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new TemplateError(file, decoded.reason);
  return { file, source: decoded.text };
}

interface SourceFile {
  /** Relative to the templates folder. */
  readonly file: string;
  readonly source: string;
}

/**
 * What `<mj-include>` reads as text: MJML, and with `type="html"` or `type="css"` HTML and CSS.
 * Anything else under partials/ (an icon, notes) is not a partial: read as one, an image failed
 * every template as "a binary file", and notes showing a `{{` as it must not be written too.
 */
const PARTIAL_FILE = /\.(?:mjml|html?|css)$/i;

/**
 * Every partial under partials/ (see PARTIAL_FILE) but editors' noise, in a stable order (they all
 * count towards the version).
 */
async function readPartials(templatesDir: string): Promise<SourceFile[]> {
  let files: string[];
  try {
    const entries = await readdir(path.join(templatesDir, PARTIALS_DIR), {
      recursive: true,
      withFileTypes: true,
    });
    // An editor's swap file of the partial open in it is binary, its backup an older copy.
    files = entries
      .filter(
        (entry) => entry.isFile() && PARTIAL_FILE.test(entry.name) && !isEditorNoise(entry.name),
      )
      .map((entry) => path.relative(templatesDir, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(files.map((file) => readSource(templatesDir, file)));
}

interface MjmlError {
  readonly line?: number;
  readonly message?: string;
  readonly tagName?: string;
  readonly formattedMessage?: string;
}

/**
 * MJML reports problems as a list; the first becomes the TemplateError, pointing at the partial
 * it is in when it is in one.
 */
async function toMjmlTemplateError(
  templatesDir: string,
  file: string,
  error: unknown,
): Promise<TemplateError> {
  const first = (error as { errors?: MjmlError[] }).errors?.[0];
  if (!first?.message) {
    const reason = (error as Error).message.split('\n')[0] ?? 'MJML failed';
    return new TemplateError(file, reason, undefined, { cause: error });
  }
  const where = /^Line \d+ of (.+?)(?:, included at | \()/.exec(first.formattedMessage ?? '')?.[1];
  // MJML names the folder, not the file, for errors in the main template: relative is '' then.
  const shown = (where && path.relative(templatesDir, where)) || file;
  const tag = first.tagName ? ` (${first.tagName})` : '';
  // MJML reads a partial itself and counts only LF as a line break: in a partial whose lines end
  // with a lone CR (classic Mac), every line would be line 1. The main template is given to MJML
  // as read here, line breaks made LF, so its lines count right.
  if (shown !== file) {
    const raw = await readFile(path.join(templatesDir, shown), 'utf8').catch(() => '');
    if (/\r(?!\n)/.test(raw)) {
      return new TemplateError(
        shown,
        `${first.message}${tag} — MJML cannot tell the line in a file whose lines end with a lone CR (classic Mac): save ${shown} with LF line breaks to see it`,
        undefined,
        { cause: error },
      );
    }
  }
  return new TemplateError(shown, `${first.message}${tag}`, first.line, { cause: error });
}

/** `<mj-include path="…">`, with the line it starts on. */
const MJ_INCLUDE = /<mj-include\b[^>]*?(?:\bpath\s*=\s*(["'])(.*?)\1[^>]*)?>/g;

/** An `<mj-include>` as written (`target`), the file it includes, and its line. */
interface Include {
  readonly target: string;
  readonly included: string;
  readonly line: number;
}

/**
 * MJML drops an `mj-include` whose file is missing (or outside the including file's folder)
 * without an error, so a template would compile, and send, without its footer. Every include of
 * the template and its partials must name a file beside or below the file that includes it.
 * Returns the real folders of the files included, for MJML's `includePath`: MJML reads an include
 * only inside the real folder of the file that includes it, so a partial (or partials/) linked
 * from a shared folder elsewhere was left out without a word, the footer with its unsubscribe
 * link and postal address too. The links are the templates' owner's own, and followed.
 */
async function checkIncludes(
  templatesDir: string,
  sources: readonly SourceFile[],
): Promise<string[]> {
  const includes = new Map<string, Include[]>();
  const folders = new Set<string>();
  for (const { file, source } of sources) {
    const listed: Include[] = [];
    includes.set(file, listed);
    for (const match of source.matchAll(MJ_INCLUDE)) {
      const line = source.slice(0, match.index).split('\n').length;
      const target = match[2];
      if (!target) {
        throw new TemplateError(file, '<mj-include> needs a path="…" attribute', line);
      }
      const folder = path.dirname(path.join(templatesDir, file));
      const absolute = path.resolve(folder, target);
      if (path.relative(folder, absolute).startsWith('..')) {
        throw new TemplateError(
          file,
          `<mj-include path="${target}"> leaves the folder of ${file}: MJML includes only files beside or below the file that includes them`,
          line,
        );
      }
      const included = path.relative(templatesDir, absolute);
      if (!(await stat(absolute).catch(() => undefined))?.isFile()) {
        throw new TemplateError(
          file,
          `<mj-include path="${target}">: ${included} does not exist — fix the path or add the partial`,
          line,
        );
      }
      // MJML fails on an empty partial with "Cannot read properties of undefined".
      const partial = sources.find((each) => each.file === included);
      if (partial && isBlank(partial.source)) {
        throw new TemplateError(
          file,
          `<mj-include path="${target}">: ${included} is empty — write its MJML or remove the include`,
          line,
        );
      }
      listed.push({ target, included, line });
      folders.add(path.dirname(await realpath(absolute)));
    }
  }
  checkNoIncludeLoop(includes, sources[0]?.file ?? '');
  return [...folders];
}

/**
 * MJML refuses partials that include each other with "Circular inclusion detected on file :
 * /…/partials/footer.mjml", at no line: the include that closes the loop is named at its line,
 * with the loop. Each file is followed once (depth first, from the template).
 */
function checkNoIncludeLoop(
  includes: ReadonlyMap<string, readonly Include[]>,
  template: string,
): void {
  const done = new Set<string>();
  const follow = (file: string, trail: readonly string[]) => {
    for (const { target, included, line } of includes.get(file) ?? []) {
      const at = trail.indexOf(included);
      if (at !== -1) {
        throw new TemplateError(
          file,
          `<mj-include path="${target}"> closes a loop of includes (${[...trail.slice(at), included].join(' → ')}) — remove one of them`,
          line,
        );
      }
      if (!done.has(included)) follow(included, [...trail, included]);
    }
    done.add(file);
  };
  follow(template, [template]);
}

/**
 * MJML's tags whose content is HTML, not MJML (mjml-core's `endingTag` components). MJML takes
 * everything up to the next closing tag of the same name as such a tag's content, so one left
 * open swallows the tags after it: they reach the email as text, or vanish, without an error.
 */
const ENDING_TAGS = new Set([
  'mj-accordion-text',
  'mj-accordion-title',
  'mj-button',
  'mj-navbar-link',
  'mj-preview',
  'mj-raw',
  'mj-social-element',
  'mj-style',
  'mj-table',
  'mj-text',
  'mj-title',
]);

/** An MJML tag (`<mjml>` or `<mj-…>`): `</`?, its name, and `/` when it closes itself. */
const MJ_TAG = /<(\/?)(mjml|mj-[a-z-]+)\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** The source with its comments blanked out, line breaks kept, so lines count as in the file. */
function withoutComments(source: string): string {
  return source.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

/** Nothing but white space and comments: MJML reads no element in it. */
function isBlank(source: string): boolean {
  return withoutComments(source).trim() === '';
}

/** The source with each `{{ }}` blanked out (it may hold quotes), offsets kept. */
function withoutMustaches(code: string): string {
  let blanked = '';
  let from = 0;
  for (let at = code.indexOf('{{'); at !== -1; at = code.indexOf('{{', from)) {
    const end = code.indexOf('}}', at + 2);
    if (end === -1) break;
    blanked += code.slice(from, at) + ' '.repeat(end + 2 - at);
    from = end + 2;
  }
  return blanked + code.slice(from);
}

/**
 * Whether the value from `start` to `end` ran past its end: it holds a `>` or a line break, or
 * ends with the next attribute's name and `=` (`"{{issue.url}} background-color="`). A value
 * closed with no space after it (`href="x"title="y"`) did not: MJML and browsers take it.
 */
function ranOn(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  return /[>\n]/.test(value) || /\s[\w:-]+\s*=\s*$/.test(value.slice(-64));
}

/**
 * A quote left open in a tag (`padding="10px>`, `<a href="https://…>about</a>`) takes everything
 * to the next quote of its kind as the value: MJML then calls the word after that quote an illegal
 * attribute ('Attribute body-text" is illegal', lines away from the cause), and in an `<mj-text>`
 * the link is sent with the text after it read as its address. The sign: a value's closing quote
 * followed at once by a letter, where a space, `/`, `>` or `{{` must come, after a value that ran
 * on (see ranOn), or no closing quote at all. A quote opens a value only after `=`; `{{ }}` are
 * set aside first, as they may hold quotes. Each tag is read once, to its `>`.
 */
function checkQuotesClosed(file: string, code: string): void {
  const text = withoutMustaches(code);
  for (let tag = text.indexOf('<'); tag !== -1; tag = text.indexOf('<', tag + 1)) {
    if (!/[a-z]/i.test(text[tag + 1] ?? '')) continue;
    let at = tag + 1;
    let afterEquals = false;
    while (at < text.length && text[at] !== '>') {
      const char = text[at] as string;
      if (afterEquals && (char === '"' || char === "'")) {
        const end = text.indexOf(char, at + 1);
        if (end === -1 || (/[^\s/>]/.test(text[end + 1] ?? '>') && ranOn(text, at + 1, end))) {
          const attribute = /([^\s=<]+)\s*=\s*$/.exec(text.slice(Math.max(tag, at - 64), at))?.[1];
          throw templateErrorAt(
            file,
            code,
            at,
            `the ${char} that opens the value of ${attribute ?? 'an attribute'}= is not closed where the value ends — add the closing ${char}`,
          );
        }
        at = end + 1;
        afterEquals = false;
        continue;
      }
      if (!/\s/.test(char)) afterEquals = char === '=';
      at++;
    }
    tag = at;
  }
}

/**
 * MJML reads everything after an `<!--` without its `-->` as the comment, and compiles the rest
 * without a word: a comment left open before the footer sent the email without it, unsubscribe
 * link and all. Comments do not nest: one left open before another ends at that one's `-->`, and
 * what is between them is lost the same way, so an `<!--` inside a comment is refused too
 * (Outlook's `<!--[if !mso]><!-->` closes itself).
 */
function checkCommentsClosed(file: string, source: string): void {
  for (let at = source.indexOf('<!--'); at !== -1; ) {
    const end = source.indexOf('-->', at + 4);
    const next = source.indexOf('<!--', at + 4);
    // The '<!--' of Outlook's '<!-->' is the end of the comment, not another one.
    if (end === -1 || (next !== -1 && next + 4 <= end)) {
      throw templateErrorAt(
        file,
        source,
        at,
        end === -1
          ? '<!-- is never closed, so MJML leaves out everything after it — end the comment with -->'
          : `<!-- is not closed before the <!-- of line ${source.slice(0, next).split('\n').length}, so MJML leaves out everything between — end the comment with -->`,
      );
    }
    at = next === -1 ? -1 : source.indexOf('<!--', end + 3);
  }
}

/**
 * Every tag of `ENDING_TAGS` must be closed before the next MJML tag opens or closes, every MJML
 * tag before another of its kind opens inside it, and every one before its file ends. MJML closes
 * a tag its parent's end tag closes (an `<mj-image>` without `/>`), as HTML does, but it also
 * closes whatever is still open at the end of the file without a word: a file cut short (an
 * editor's save half written) would compile, and send, without its second half.
 */
function checkTagsClosed(sources: readonly SourceFile[]): void {
  for (const { file, source } of sources) {
    checkCommentsClosed(file, source);
    const code = withoutComments(source);
    // Counted only for a message: counting for every tag took time quadratic in the file.
    const lineAt = (index: number) => code.slice(0, index).split('\n').length;
    checkQuotesClosed(file, code);
    const open: { name: string; index: number }[] = [];
    for (const match of code.matchAll(MJ_TAG)) {
      const [tag, closing, name = '', selfClosing] = match;
      const innermost = open.at(-1);
      // No MJML tag holds one of its own kind: an <mj-section> opened inside another means the
      // one before was not closed (MJML said "mj-section cannot be used inside mj-section" at
      // the second, a line away from the end tag to add).
      const left =
        innermost && ENDING_TAGS.has(innermost.name) && !(closing && name === innermost.name)
          ? innermost
          : closing || selfClosing
            ? undefined
            : open.findLast((each) => each.name === name);
      if (left) {
        throw new TemplateError(
          file,
          `<${left.name}> is not closed before the ${tag.startsWith('</') ? `</${name}>` : `<${name}>`} of line ${lineAt(match.index)} — add </${left.name}>`,
          lineAt(left.index),
        );
      }
      if (closing) {
        const at = open.findLastIndex((each) => each.name === name);
        if (at !== -1) open.length = at;
      } else if (!selfClosing) {
        open.push({ name, index: match.index });
      }
    }
    const innermost = open.at(-1);
    if (innermost) {
      throw new TemplateError(
        file,
        `<${innermost.name}> is not closed before the file ends at line ${lineAt(code.length)} — add </${innermost.name}> (or was the file saved only in part?)`,
        lineAt(innermost.index),
      );
    }
  }
}

/**
 * Compiles a template once: MJML (validation level strict, partials resolved with mj-include)
 * into the Handlebars source of the HTML part, plus the text part. Every source is parsed as
 * Handlebars first, so a syntax error points at the file and line where it was written.
 * `version` is a hash of every source, partials included.
 */
export async function compileTemplate(
  name: string,
  options: TemplateOptions = {},
): Promise<CompiledTemplate> {
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  if (!TEMPLATE_NAME.test(name)) throw misnamed(name);
  const mjml = await readSource(templatesDir, `${name}.mjml`);
  if (isBlank(mjml.source)) {
    throw new TemplateError(mjml.file, 'is empty — write the email in it, from <mjml> to </mjml>');
  }
  const text = await readSource(templatesDir, `${name}.txt.hbs`).catch((error: TemplateError) => {
    // A template being added: its MJML is there, the text part not yet.
    if ((error.cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
    throw new TemplateError(
      error.file,
      `does not exist — add the text part of ${mjml.file} beside it (every email has one)`,
      undefined,
      { cause: error.cause },
    );
  });
  if (text.source.trim() === '') {
    throw new TemplateError(
      text.file,
      `is empty — write the text part of ${mjml.file} in it (every email has one)`,
    );
  }
  const partials = await readPartials(templatesDir);
  for (const { file, source } of [mjml, ...partials]) parseHandlebars(source, file, 'html');
  parseHandlebars(text.source, text.file, 'text');
  const includePath = await checkIncludes(templatesDir, [mjml, ...partials]);
  checkTagsClosed([mjml, ...partials]);

  let html: string;
  try {
    ({ html } = await mjml2html(mjml.source, {
      validationLevel: 'strict',
      filePath: path.join(templatesDir, mjml.file),
      ignoreIncludes: false,
      includePath,
      keepComments: false,
      // No web fonts: most clients block them, and they cost a request where they do not.
      fonts: {},
    }));
  } catch (error) {
    throw await toMjmlTemplateError(templatesDir, mjml.file, error);
  }
  html = withoutIndentation(html);
  parseHandlebars(html, `${mjml.file} (compiled HTML)`, 'html');

  return { name, version: versionOf([mjml, text, ...partials]), html, text: text.source };
}

/** Where preformatted text opens, whose white space shows as written. */
const PREFORMATTED = /<(pre|textarea)\b/gi;
/** A line break with the indentation and blank lines after it. */
const INDENTATION = /\n[ \t\r\n]+/g;
/**
 * CSS that shows an element's white space as <pre> does (pre, pre-wrap, pre-line, break-spaces;
 * white-space-collapse: preserve, preserve-breaks), on any element: MJML's own HTML sets none.
 */
const SHOWN_WHITE_SPACE = /white-space(?:-collapse)?\s*:\s*(?:pre|break-spaces)/i;

/**
 * The compiled HTML without the indentation and blank lines MJML lays it out with. Each key point
 * is a section of nested tables, and their indentation weighed a fifth of the HTML part as sent,
 * which Gmail's clip counts as it counts the text: an issue lost key points (a digest, articles)
 * to fit under it. A line break stays where there was one, so a browser shows the same (white
 * space between tags and in text collapses to one space); preformatted text keeps its own. A
 * template that shows white space elsewhere (SHOWN_WHITE_SPACE, inline or in its styles) is left
 * as MJML lays it out: which elements a class reaches is not told from the HTML alone.
 */
function withoutIndentation(html: string): string {
  if (SHOWN_WHITE_SPACE.test(html)) return html;
  let kept = '';
  let from = 0;
  for (const open of html.matchAll(PREFORMATTED)) {
    if (open.index < from) continue;
    const close = new RegExp(`</${open[1]}\\s*>`, 'gi');
    close.lastIndex = open.index;
    const end = close.exec(html);
    kept += html.slice(from, open.index).replace(INDENTATION, '\n');
    // Left open, it runs to the end of the page.
    from = end ? end.index + end[0].length : html.length;
    kept += html.slice(open.index, from);
  }
  return kept + html.slice(from).replace(INDENTATION, '\n');
}

/**
 * A template whose name has other characters than TEMPLATE_NAME's, named by its files with the
 * name they could take (lower-case, marks off, anything else a -): the preview lists every
 * `<name>.mjml`, and `Welcome.mjml` was "Template Welcome: is not a template name".
 */
function misnamed(name: string): TemplateError {
  const fixed = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const files = (base: string) => `${base}.mjml, ${base}.txt.hbs and ${base}.preview.ts`;
  const rename = TEMPLATE_NAME.test(fixed)
    ? `rename ${files(name)} as ${files(fixed)}`
    : `rename ${files(name)} with lower-case letters, digits and -`;
  return new TemplateError(
    `${name}.mjml`,
    `${name} is not a template name (lower-case letters, digits and -) — ${rename}`,
  );
}

/** A hash of every source of a template, partials included. */
function versionOf(sources: readonly SourceFile[]): string {
  const hash = createHash('sha256');
  for (const { file, source } of sources) hash.update(`${file}\0${source}\0`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The line of the first node in `source` that `watch` reports, or undefined (also when the
 * source does not parse): `watch` sets the finder's visit of the kind of node it looks for.
 */
function firstLine(
  source: string,
  watch: (finder: Handlebars.Visitor, report: (line: number) => void) => void,
): number | undefined {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch {
    return undefined;
  }
  let found: number | undefined;
  const finder = new Handlebars.Visitor();
  watch(finder, (line) => {
    found ??= line;
  });
  finder.accept(program);
  return found;
}

/** The line of the first `{{ }}` in `source` whose path reads exactly `expression`. */
function findExpression(source: string, expression: string): number | undefined {
  return firstLine(source, (finder, report) => {
    finder.PathExpression = (node) => {
      if (node.original === expression) report(node.loc.start.line);
    };
  });
}

/** The line of the first `{{#each …}}` in `source` written as `block` (see eachBlockAt). */
function findEachBlock(source: string, block: string): number | undefined {
  const visit = Handlebars.Visitor.prototype;
  return firstLine(source, (finder, report) => {
    finder.BlockStatement = function (node) {
      const { line, column } = node.loc.start;
      if (eachBlockAt(source, line, column) === block) report(line);
      visit.BlockStatement.call(this, node);
    };
  });
}

/** The line of the first `{{ }}` in `source` written as `mustache` (see normaliseMustache). */
function findMustache(source: string, mustache: string): number | undefined {
  return firstLine(source, (finder, report) => {
    finder.MustacheStatement = (node) => {
      const { start, end } = node.loc;
      const written = spanned(source, {
        lineNumber: start.line,
        column: start.column,
        endLineNumber: end.line,
        endColumn: end.column,
      });
      if (written && normaliseMustache(written) === mustache) report(start.line);
    };
  });
}

/**
 * A fill of the compiled HTML that fails (strict mode: a value not in the data) points at a line
 * of MJML's output, which nobody wrote and no editor shows. The expression it names is looked up
 * in the template and its partials, and the error is pointed at the first file and line that
 * write it. Anything else, an expression no source writes as such, or a template whose sources
 * have changed since it was compiled, is returned as it was.
 */
export async function locateFillError(
  error: unknown,
  template: CompiledTemplate,
  options: TemplateOptions = {},
): Promise<unknown> {
  const compiled = `${template.name}.mjml (compiled HTML)`;
  if (!(error instanceof TemplateError) || error.file !== compiled) return error;
  const block = eachOverNoListIn(error);
  const printed = printedObjectIn(error);
  const expression = block ?? printed ?? spanned(template.html, (error.cause ?? {}) as Located);
  if (expression === undefined) return error;
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  let sources: SourceFile[];
  try {
    const mjml = await readSource(templatesDir, `${template.name}.mjml`);
    const text = await readSource(templatesDir, `${template.name}.txt.hbs`);
    sources = [mjml, ...(await readPartials(templatesDir))];
    // A template compiled from other sources (a resumed issue's, kept since) has other lines.
    if (versionOf([mjml, text, ...sources.slice(1)]) !== template.version) return error;
  } catch {
    return error;
  }
  for (const { file, source } of sources) {
    const line = block
      ? findEachBlock(source, block)
      : printed
        ? findMustache(source, printed)
        : findExpression(source, expression);
    if (line !== undefined) {
      // The reason names the expression already: "titel" is not in the data ({{issue.titel}}).
      return new TemplateError(file, error.reason, line, { cause: error.cause });
    }
  }
  return error;
}
