import { describe, expect, it } from 'vitest';
import { detectArticleFormat } from '../../../lambda/core/article/parse-article';

describe('detectArticleFormat', () => {
  it.each([
    ['story.txt', 'Title\n\nBody.', 'text'],
    ['story.MD', 'Title\n\nBody.', 'markdown'],
    ['story.markdown', 'Body.', 'markdown'],
    ['page.htm', '<p>Body.</p>', 'html'],
    ['saved.txt', '<!DOCTYPE html><html><body><p>Body.</p></body></html>', 'html'],
    ['articles/42', '---\ntitle: T\n---\nBody.', 'markdown'],
    ['articles/43', '## Section\n\nBody.', 'markdown'],
    ['articles/44', 'Title\n\nBody with a # sign.', 'text'],
  ] as const)('detects %s with content %j as %s', (name, text, format) => {
    expect(detectArticleFormat(name, text)).toBe(format);
  });
});
