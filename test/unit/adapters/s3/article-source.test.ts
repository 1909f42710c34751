import { describe, expect, it } from 'vitest';
import { createS3ArticleSource, isArticleKey } from '../../../../lambda/adapters/s3/article-source';
import { MAX_ARTICLE_BYTES } from '../../../../lambda/core/article/decode-article';
import { ArticleNotFoundError } from '../../../../lambda/core/errors';
import { createFakeS3 } from '../../../support/aws-fakes';

describe('the S3 article source', () => {
  it('lists the articles oldest upload first with their ETags, across pages, without folders or issues', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('articles/b.md', 'B', new Date('2026-03-02'));
    s3.put('articles/a.md', 'A', new Date('2026-03-03'));
    s3.put('articles/c.md', 'C', new Date('2026-03-01'));
    s3.put('articles/drafts/', '', new Date('2026-01-01'));
    s3.put('articles/same-time-z.md', 'Z', new Date('2026-03-04'));
    s3.put('articles/same-time-y.md', 'Y', new Date('2026-03-04'));
    s3.put('issues/x/index.html', '<html>', new Date('2025-01-01'));

    const listed = await createS3ArticleSource({
      client: s3.client,
      bucket: 'bucket',
    }).listArticles();

    // The fake's ETag, like S3's for a single-part upload, is the MD5 of the body, unquoted here.
    expect(listed[0]).toEqual({ key: 'articles/c.md', etag: '0d61f8370cad1d412f80b84d143e1257' });
    expect(listed.map((article) => article.key)).toEqual([
      'articles/c.md',
      'articles/b.md',
      'articles/a.md',
      'articles/same-time-y.md',
      'articles/same-time-z.md',
    ]);
  });

  it('reads an article as bytes named by its key, so the format is detected from the extension', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('articles/solar.md', '# Solar\n\nText.');

    const input = await createS3ArticleSource({ client: s3.client, bucket: 'bucket' }).read(
      'articles/solar.md',
    );

    expect(input.name).toBe('articles/solar.md');
    expect(input.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(new TextDecoder().decode(input.bytes)).toBe('# Solar\n\nText.');
  });

  it('says which key is missing and how to upload it, as not found (it may come back)', async () => {
    const source = createS3ArticleSource({
      client: createFakeS3('bucket').client,
      bucket: 'bucket',
    });

    const error = await source.read('articles/none.md').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticleNotFoundError);
    expect((error as Error).message).toBe(
      'Article s3://bucket/articles/none.md was not found — upload it first (aws s3 cp <file> s3://bucket/articles/none.md)',
    );
  });

  it('reads a key with spaces, a plus and letters of any script as it is', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('articles/Zürich levy + reaction.md', '# Levy\n\nText.');
    const source = createS3ArticleSource({ client: s3.client, bucket: 'bucket' });

    expect((await source.listArticles()).map((version) => version.key)).toEqual([
      'articles/Zürich levy + reaction.md',
    ]);
    expect((await source.read('articles/Zürich levy + reaction.md')).name).toBe(
      'articles/Zürich levy + reaction.md',
    );
  });

  it('says a missing key given URL-encoded (as an S3 event or a console link has it) to be given as it is', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('articles/Zürich levy + reaction.md', '# Levy\n\nText.');
    const source = createS3ArticleSource({ client: s3.client, bucket: 'bucket' });

    const error = await source
      .read('articles/Z%C3%BCrich+levy+%2B+reaction.md')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArticleNotFoundError);
    expect((error as Error).message).toBe(
      'Article s3://bucket/articles/Z%C3%BCrich+levy+%2B+reaction.md was not found — if the key is URL-encoded, give it as it is: articles/Zürich levy + reaction.md',
    );
  });

  it('refuses an object larger than an article can be without reading it', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('articles/huge.md', new Uint8Array(MAX_ARTICLE_BYTES + 1));

    const error = await createS3ArticleSource({ client: s3.client, bucket: 'bucket' })
      .read('articles/huge.md')
      .catch((e: unknown) => e);

    expect((error as Error).message).toMatch(
      /^Article s3:\/\/bucket\/articles\/huge\.md is larger than 5\.0 MB/,
    );
  });

  it('refuses keys outside articles/ before asking S3', async () => {
    const s3 = createFakeS3('bucket');
    const source = createS3ArticleSource({ client: s3.client, bucket: 'bucket' });

    await expect(source.read('issues/x/prepared.json')).rejects.toThrow(
      'Article s3://bucket/issues/x/prepared.json is not an article: keys start with articles/',
    );
    expect(s3.calls).toEqual([]);
  });

  it('accepts only files under articles/ as article keys', () => {
    expect(isArticleKey('articles/2026/week-1.md')).toBe(true);
    expect(isArticleKey('articles/')).toBe(false);
    expect(isArticleKey('articles/drafts/')).toBe(false);
    expect(isArticleKey('articles/../issues/x')).toBe(false);
    expect(isArticleKey('other/x.md')).toBe(false);
  });
});
