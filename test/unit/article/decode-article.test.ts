import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BYTES } from '../../../lambda/core/article/decode-article';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { ArticleError } from '../../../lambda/core/errors';

const fixtures = join(import.meta.dirname, '../../fixtures/articles');

function parseFixture(file: string) {
  return parseArticle({ name: file, bytes: readFileSync(join(fixtures, file)) });
}

function errorOf(action: () => unknown): ArticleError {
  try {
    action();
  } catch (error) {
    if (error instanceof ArticleError) return error;
    throw error;
  }
  throw new Error('expected an ArticleError');
}

describe('parseArticle on bad input', () => {
  it.each([
    ['empty.txt', 'is empty'],
    ['blank.txt', 'is empty'],
    ['binary.txt', 'looks like a binary file (it contains NUL bytes)'],
    ['latin1.txt', 'is not valid UTF-8 text — save it as UTF-8'],
    ['utf16.txt', 'is UTF-16 encoded — save it as UTF-8'],
    ['control-character.txt', 'contains a control character on line 3'],
    ['no-sentences.txt', 'has no sentences to summarise'],
    ['only-boilerplate.txt', 'contains only boilerplate'],
  ])('rejects %s with a one-line message naming the file and the reason', (file, reason) => {
    const error = errorOf(() => parseFixture(file));
    expect(error.source).toBe(file);
    expect(error.message).toContain(`Article ${file} ${reason}`);
    expect(error.message).not.toContain('\n');
    expect(error.status).toBe(400);
  });

  it.each([
    ['buses.rtf', '{\\rtf1\\ansi Council approves new bus routes.', 'an RTF document'],
    ['report.txt', '%PDF-1.4\n1 0 obj << /Type /Catalog >>', 'a PDF document'],
    [
      'articles/weekly',
      'PK\x03\x04\x14\x00',
      'a ZIP archive (as .docx, .odt, .pages and .epub files are)',
    ],
    ['list.csv', 'email,name\nann@example.com,Ann', 'a .csv file'],
    // A keypoints --jsonl batch passed as the article: it was read as a one-line plain-text title.
    [
      'batch.jsonl',
      '{"id":"a","text":"The council met and agreed the plan today."}',
      'a .jsonl file',
    ],
    [
      'batch.ndjson',
      '{"id":"a","text":"The council met and agreed the plan today."}',
      'a .ndjson file',
    ],
  ])('refuses %s as a format it does not read, saying what to save it as', (name, text, kind) => {
    const error = errorOf(() => parseArticle({ name, bytes: new TextEncoder().encode(text) }));
    expect(error.message).toBe(
      `Article ${name} is ${kind}, not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
    );
  });

  it('rejects an article larger than 5 MB without decoding it', () => {
    const bytes = new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61);
    const error = errorOf(() => parseArticle({ name: 'huge.txt', bytes }));
    expect(error.message).toBe(
      'Article huge.txt is larger than 5.0 MB (5.0 MB) — is it the right file?',
    );
  });

  it('accepts an article of exactly 5 MB', () => {
    const text = 'Title\n\nThe council met and agreed the plan.\n'.padEnd(MAX_ARTICLE_BYTES, ' ');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBe(MAX_ARTICLE_BYTES);
    expect(parseArticle({ name: 'big.txt', bytes }).title).toBe('Title');
  });

  it('accepts a UTF-8 byte order mark and CRLF line endings', () => {
    const text =
      '\uFEFFHarbour reopens after storm\r\n\r\nThe harbour reopened on Tuesday. Boats left first.' +
      '\r\n\r\nWhat was damaged\r\n\r\nThe storm broke two jetties and sank a crane.\r\n';
    const article = parseArticle({ name: 'crlf.txt', bytes: new TextEncoder().encode(text) });
    expect(article.title).toBe('Harbour reopens after storm');
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'What was damaged']);
    expect(article.sections[0]?.paragraphs[0]?.sentences).toEqual([
      'The harbour reopened on Tuesday.',
      'Boats left first.',
    ]);
  });
});
