/**
 * Articles in S3: operators drop files under `articles/`; compose reads one by key, or walks them
 * oldest first to find the next one to send.
 */
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MAX_ARTICLE_BYTES, tooLargeReason } from '../../core/article/decode-article';
import type { ArticleInput } from '../../core/article/types';
import { ArticleError, ArticleNotFoundError } from '../../core/errors';
import type { ArticleSource, ArticleVersion } from '../../core/ports';

export const ARTICLES_PREFIX = 'articles/';

export interface S3ArticleSourceOptions {
  readonly client: S3Client;
  readonly bucket: string;
}

export interface S3ArticleSource extends ArticleSource {
  /** Every article under `articles/` with its ETag, oldest upload first (ties in key order). */
  listArticles(): Promise<ArticleVersion[]>;
  /** The article and the ETag of the version read. */
  read(key: string): Promise<ArticleInput & { readonly etag: string }>;
}

/** S3 quotes ETags; the quotes are not part of the value. */
function etagOf(value: string | undefined): string {
  return (value ?? '').replace(/^"|"$/g, '') || 'unknown';
}

/** True for a key compose may read: a file under `articles/`, no folder markers, no `..`. */
export function isArticleKey(key: string): boolean {
  return (
    key.startsWith(ARTICLES_PREFIX) &&
    key.length > ARTICLES_PREFIX.length &&
    !key.endsWith('/') &&
    !key.split('/').includes('..')
  );
}

/**
 * The key a URL-encoded one stands for (S3 event notifications and console links encode keys,
 * a space as `+`), when it is one and differs; undefined otherwise.
 */
function decodedKey(key: string): string | undefined {
  if (!/%[0-9a-f]{2}|\+/i.test(key)) return undefined;
  try {
    const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    return decoded === key ? undefined : decoded;
  } catch {
    return undefined;
  }
}

export function createS3ArticleSource({ client, bucket }: S3ArticleSourceOptions): S3ArticleSource {
  return {
    async listArticles() {
      const objects: { key: string; etag: string; at: number }[] = [];
      const pages = paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: ARTICLES_PREFIX });
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key && isArticleKey(object.Key)) {
            objects.push({
              key: object.Key,
              etag: etagOf(object.ETag),
              at: object.LastModified?.getTime() ?? 0,
            });
          }
        }
      }
      return objects
        .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ key, etag }) => ({ key, etag }));
    },

    async read(key) {
      const where = `s3://${bucket}/${key}`;
      if (!isArticleKey(key)) {
        throw new ArticleError(where, `is not an article: keys start with ${ARTICLES_PREFIX}`);
      }
      let response: GetObjectCommandOutput;
      try {
        response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') {
          const decoded = decodedKey(key);
          throw new ArticleNotFoundError(
            where,
            decoded === undefined
              ? `was not found — upload it first (aws s3 cp <file> ${where})`
              : `was not found — if the key is URL-encoded, give it as it is: ${decoded}`,
            { cause: error },
          );
        }
        throw error;
      }
      const size = response.ContentLength ?? 0;
      if (size > MAX_ARTICLE_BYTES) {
        // Not reading the rest: the stream is dropped and its connection freed.
        (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new ArticleError(where, tooLargeReason(size));
      }
      if (!response.Body) throw new ArticleError(where, 'has no content');
      return {
        name: key,
        bytes: await response.Body.transformToByteArray(),
        etag: etagOf(response.ETag),
      };
    },
  };
}
