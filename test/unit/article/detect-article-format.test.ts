import { describe, expect, it } from 'vitest';
import { detectArticleFormat } from '../../../lambda/core/article/detect-format';

describe('detectArticleFormat', () => {
  it.each([
    ['story.txt', 'Title\n\nBody.', 'text'],
    ['story.MD', 'Title\n\nBody.', 'markdown'],
    ['story.markdown', 'Body.', 'markdown'],
    ['page.htm', '<p>Body.</p>', 'html'],
    // The other names Markdown is saved under: with no '# ' heading, plain text would keep its marks.
    ...['mdown', 'mdwn', 'mkd', 'mkdn', 'mkdown', 'mdtxt', 'mdtext'].map(
      (extension) => [`story.${extension}`, 'Title\n=====\n\n**Bold** body.', 'markdown'] as const,
    ),
    ['page.xht', '<p>Body.</p>', 'html'],
    ['page.shtml', '<p>Body.</p>', 'html'],
    ['saved.txt', '<!DOCTYPE html><html><body><p>Body.</p></body></html>', 'html'],
    ['articles/42', '---\ntitle: T\n---\nBody.', 'markdown'],
    ['articles/43', '## Section\n\nBody.', 'markdown'],
    ['articles/44', 'Title\n\nBody with a # sign.', 'text'],
    [
      'saved.txt',
      '<!-- saved from url=(0040)https://example.com/ -->\n<!DOCTYPE html><p>B.</p>',
      'html',
    ],
    ['saved.txt', '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', 'html'],
    ['page', '<head><title>T</title></head><body><p>Body.</p></body>', 'html'],
    ['page', '  <body><p>Body.</p></body>', 'html'],
    ['page', '<meta charset="utf-8"><p>Body.</p>', 'html'],
    ['love.txt', '<3 to everyone who came.\n\nBody.', 'text'],
    ['notes.txt', '<!-- draft -->\nTitle\n\nBody.', 'text'],
    // An HTML fragment saved as text, as a CMS's source view gives it: its tags reached the email.
    ['story.txt', '<h1>Title</h1>\n<p>Body.</p>', 'html'],
    ['story.txt', '<!-- exported -->\n<p class="lead">Body.</p>\n<p>More.</p>', 'html'],
    ['articles/45', '<article><h2>Title</h2><p>Body.</p></article>', 'html'],
    // Text that opens on a tag's name it writes about, with no such element closed, stays text.
    ['html-tips.txt', '<p> is the tag for a paragraph.\n\nBody.', 'text'],
    ['notes.md', '<p>Body.</p>', 'markdown'],
    // Markdown saved as text, opening with a heading or front matter: its marks reached the email.
    ['notes.txt', '# Title\n\nBody with **bold**.', 'markdown'],
    ['notes.TXT', '## Title\n\nBody.', 'markdown'],
    ['notes.txt', '---\ntitle: T\n---\nBody.', 'markdown'],
    ['notes.txt', '+++\ntitle = "T"\n+++\nBody.', 'markdown'],
    // Rules around a title, a hashtag, an Org-mode setting: text.
    ['notes.txt', '---\nCouncil approves\n---\n\nBody.', 'text'],
    ['notes.txt', '#hashtag day\n\nBody.', 'text'],
    ['notes.txt', '#+TITLE: Org\n\nBody.', 'text'],
    // A page's name on plain text with no tag in it: the name is wrong, the text is text.
    ['story.html', 'Title\n=====\n\nBody of the story, 3 < 5.', 'text'],
    ['story.htm', 'Title\n\nBody <3.', 'text'],
  ] as const)('detects %s with content %j as %s', (name, text, format) => {
    expect(detectArticleFormat(name, text)).toBe(format);
  });
});
