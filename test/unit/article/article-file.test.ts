import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFileArticleSource,
  readArticleFile,
} from '../../../lambda/adapters/files/article-file';
import { MAX_ARTICLE_BYTES } from '../../../lambda/core/article/decode-article';
import { ArticleError } from '../../../lambda/core/errors';

describe('readArticleFile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'article-file-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the bytes under the path it was given', async () => {
    const path = join(dir, 'story.txt');
    await writeFile(path, 'Title\n\nThe council met.\n');
    const input = await readArticleFile(path);
    expect(input.name).toBe(path);
    expect(new TextDecoder().decode(input.bytes)).toBe('Title\n\nThe council met.\n');
  });

  it('says a missing file was not found', async () => {
    const path = join(dir, 'missing.txt');
    await expect(readArticleFile(path)).rejects.toThrow(
      new ArticleError(path, 'was not found — check the path'),
    );
  });

  it('says a URL given as the article is not a file, and what to do instead', async () => {
    await expect(readArticleFile('https://example.com/story.html')).rejects.toThrow(
      'Article https://example.com/story.html is a URL, not a file: save the page as .html and pass that file (send and preview take a feed’s URL with --feed)',
    );
  });

  it("says a path with a NUL character in it is not a path, without the raw NUL or Node's wording", async () => {
    // A query's ?article=a%00b reached the page as "Article a\0b cannot be read: The argument
    // 'path' must be a string, Uint8Array, or URL without null bytes. Received 'a\x00b'".
    const error = await readArticleFile('story\0.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArticleError);
    expect((error as ArticleError).message).toBe(
      'Article story\\0.txt is not a path: it holds a NUL character (\\0), which no file name can',
    );
  });

  it('refuses a directory', async () => {
    await expect(readArticleFile(dir)).rejects.toThrow(
      `Article ${dir} is a directory — pass a file`,
    );
  });

  it('refuses a file over 5 MB from its size alone', async () => {
    const path = join(dir, 'huge.txt');
    await writeFile(path, '');
    // A sparse file: 6 MB long on paper, nothing written, nothing read.
    await truncate(path, MAX_ARTICLE_BYTES + 1024 * 1024);
    await expect(readArticleFile(path)).rejects.toThrow(
      `Article ${path} is larger than 5.0 MB (6.0 MB) — is it the right file?`,
    );
  });

  it('resolves relative keys against the root of a file article source', async () => {
    await writeFile(join(dir, 'keyed.md'), '# Title\n\nBody.\n');
    const input = await createFileArticleSource(dir).read('keyed.md');
    expect(input.name).toBe(join(dir, 'keyed.md'));
    expect(input.bytes.length).toBe(15);
  });
});
