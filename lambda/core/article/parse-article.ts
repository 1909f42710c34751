import { buildSections, type ParsedDocument, titleFromSource } from './blocks';
import { decodeArticle } from './decode-article';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';
import { parsePlainText } from './parse-plain-text';
import type { Article, ArticleFormat, ArticleInput } from './types';

const EXTENSION_FORMATS: Readonly<Record<string, ArticleFormat>> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
};

const LOOKS_LIKE_HTML = /^\s*(?:<!doctype html|<html[\s>])/i;
const LOOKS_LIKE_MARKDOWN = /^(?:---\n|#{1,6} \S)/;

/**
 * The format of an article file. An HTML document is recognised by its opening whatever the
 * name says (saved pages often end in .txt); otherwise the extension decides, and a name without
 * one (an S3 key) falls back to looking for front matter or a Markdown heading.
 */
export function detectArticleFormat(name: string, text: string): ArticleFormat {
  if (LOOKS_LIKE_HTML.test(text)) return 'html';
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byName = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (byName !== undefined) return byName;
  return LOOKS_LIKE_MARKDOWN.test(text.trimStart()) ? 'markdown' : 'text';
}

function parseDocument(format: ArticleFormat, source: string, text: string): ParsedDocument {
  switch (format) {
    case 'html':
      return parseHtml(source, text);
    case 'markdown':
      return parseMarkdown(source, text);
    case 'text':
      return parsePlainText(text);
  }
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
  const title = document.title?.replace(/\s+/g, ' ').trim();
  return {
    source: input.name,
    format,
    title: title === undefined || title === '' ? titleFromSource(input.name) : title,
    ...(document.url === undefined ? {} : { url: document.url }),
    ...(document.date === undefined ? {} : { date: document.date }),
    ...(document.author === undefined ? {} : { author: document.author }),
    sections: buildSections(input.name, document.blocks),
  };
}
