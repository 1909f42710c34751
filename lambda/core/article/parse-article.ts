import { ArticleError } from '../errors';
import {
  buildSections,
  isWebAddress,
  type ParsedDocument,
  titleFromSource,
  titleFromUrl,
} from './blocks';
import { decodeArticle } from './decode-article';
import { detectArticleFormat } from './detect-format';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';
import { parsePlainText } from './parse-plain-text';
import type { Article, ArticleFormat, ArticleInput, ArticleSection } from './types';
import { showsNothing, singleLine } from './words';

const FORMAT_NAMES: Readonly<Record<ArticleFormat, string>> = {
  html: 'HTML',
  markdown: 'Markdown',
  text: 'text',
};

function parseDocument(format: ArticleFormat, source: string, text: string): ParsedDocument {
  try {
    switch (format) {
      case 'html':
        return parseHtml(source, text);
      case 'markdown':
        return parseMarkdown(source, text);
      case 'text':
        return parsePlainText(text);
    }
  } catch (error) {
    // A stack overflow (markup nested deeper than the parsers' nesting limits foresee) is this
    // file's problem; thrown as it is, it failed every scheduled run.
    if (!(error instanceof RangeError)) throw error;
    throw new ArticleError(
      source,
      `could not be read as ${FORMAT_NAMES[format]}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The title of an article that declares none: a file's comes from its file name, a fetched
 * page's from its address (either from its opening words when the name says nothing).
 */
function fallbackTitle(source: string, sections: readonly ArticleSection[]): string {
  const opening = sections.find((section) => section.paragraphs.length > 0)?.paragraphs[0]?.text;
  return isWebAddress(source) ? titleFromUrl(source, opening) : titleFromSource(source, opening);
}

/**
 * Turns an article file's bytes into a clean Article: format detected, boilerplate removed,
 * subheads found, paragraphs split into sentences. Throws ArticleError naming the file and the
 * problem when the bytes are not a usable article.
 */
export function parseArticle(input: ArticleInput): Article {
  const text = decodeArticle(input);
  const format = detectArticleFormat(input.name, text);
  const document = parseDocument(format, input.name, text);
  // As the subject line shows it: a title of control or invisible characters alone is no title.
  const title = document.title === undefined ? undefined : singleLine(document.title);
  const sections = buildSections(input.name, document.blocks, document.author);
  return {
    source: input.name,
    format,
    title: title === undefined || showsNothing(title) ? fallbackTitle(input.name, sections) : title,
    ...(document.url === undefined ? {} : { url: document.url }),
    ...(document.date === undefined ? {} : { date: document.date }),
    ...(document.author === undefined ? {} : { author: document.author }),
    ...(document.language === undefined ? {} : { language: document.language }),
    sections,
  };
}
