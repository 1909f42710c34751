import Handlebars from 'handlebars';
import { TemplateError } from '../errors';
import type { NewsletterView } from './types';

/** Isolated from the global Handlebars: no helper or partial registered elsewhere leaks in. */
const handlebars = Handlebars.create();

export type TemplatePart = 'html' | 'text';
/** A compiled part; the newsletter's view by default, another template's (confirmation) when given. */
export type TemplateFunction<View = NewsletterView> = (view: View) => string;

/** A Handlebars error as a one-line TemplateError pointing at `file` and, when known, the line. */
export function toTemplateError(file: string, error: unknown): TemplateError {
  if (!(error instanceof Error)) return new TemplateError(file, String(error));
  const lines = error.message.split('\n');
  const located = error as Error & { lineNumber?: number };
  const line = located.lineNumber ?? Number(/Parse error on line (\d+)/.exec(error.message)?.[1]);
  const reason = lines.length > 1 ? `${lines[0]} ${lines.at(-1)}` : (lines[0] ?? '');
  return new TemplateError(
    file,
    reason.replace(/ - \d+:\d+$/, ''),
    Number.isNaN(line) ? undefined : line,
    {
      cause: error,
    },
  );
}

/**
 * Parses a template. The HTML part must not use `{{{ }}}` or `{{& }}`: everything it shows comes
 * from articles or subscribers and has to be escaped.
 */
export function parseHandlebars(source: string, file: string, part: TemplatePart): hbs.AST.Program {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (error) {
    throw toTemplateError(file, error);
  }
  if (part === 'html') {
    const unescaped: number[] = [];
    const finder = new Handlebars.Visitor();
    finder.MustacheStatement = (node) => {
      if (!node.escaped) unescaped.push(node.loc.start.line);
    };
    finder.accept(program);
    if (unescaped[0] !== undefined) {
      throw new TemplateError(
        file,
        'uses {{{ }}} or {{& }}; use {{ }} so values are escaped',
        unescaped[0],
      );
    }
  }
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
      throw toTemplateError(file, error);
    }
  };
}
