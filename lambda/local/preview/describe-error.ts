import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ArticleError, NewsletterError, TemplateError } from '../../core/errors';

/** A few source lines around the one an error points at. */
interface SourceExcerpt {
  readonly file: string;
  readonly lines: readonly { readonly number: number; readonly text: string }[];
  readonly line: number;
  /** From 1, when the error knows it: the page marks it under the line. */
  readonly column?: number;
}

/** What the page shows instead of the email when rendering fails. */
export interface PreviewError {
  readonly kind: 'template' | 'article' | 'input' | 'unexpected';
  /** One line, as the CLI would print it: "Template newsletter.mjml:12: …". */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly excerpt?: SourceExcerpt;
}

const CONTEXT_LINES = 3;

async function readExcerpt(
  templatesDir: string,
  file: string,
  line: number,
  column: number | undefined,
): Promise<SourceExcerpt | undefined> {
  const absolute = path.resolve(templatesDir, file);
  // Only files of the templates folder ("… (compiled HTML)" has no file of its own).
  if (path.relative(templatesDir, absolute).startsWith('..')) return undefined;
  let source: string;
  try {
    source = await readFile(absolute, 'utf8');
  } catch {
    return undefined;
  }
  // Lines as the templates are read (decodeText): CRLF and a lone CR (classic Mac) end one too.
  const all = source.split(/\r\n?|\n/);
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(all.length, line + CONTEXT_LINES);
  const lines = all.slice(first - 1, last).map((text, index) => ({ number: first + index, text }));
  return { file, line, lines, ...(column === undefined ? {} : { column }) };
}

/** Turns a render failure into what the page shows: the message, file and line, and the source. */
export async function describeError(error: unknown, templatesDir: string): Promise<PreviewError> {
  if (error instanceof TemplateError) {
    const excerpt =
      error.line === undefined
        ? undefined
        : await readExcerpt(templatesDir, error.file, error.line, error.column);
    return {
      kind: 'template',
      message: error.message,
      file: error.file,
      line: error.line,
      column: error.column,
      excerpt,
    };
  }
  if (error instanceof ArticleError) {
    return { kind: 'article', message: error.message, file: error.source };
  }
  if (error instanceof NewsletterError) return { kind: 'input', message: error.message };
  return {
    kind: 'unexpected',
    message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  };
}
