/**
 * The public archive's files in their own bucket, which CloudFront serves (origin access
 * control): nothing else is in that bucket, so nothing else can be served.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArchiveWriter } from '../../core/archive/archive-site';

export interface S3ArchiveWriterOptions {
  readonly client: S3Client;
  readonly bucket: string;
}

/** Index and feed change with every issue; an issue's page never does once published. */
const CACHE_CONTROL = { page: 'public, max-age=86400', listing: 'public, max-age=300' };

export function createS3ArchiveWriter({ client, bucket }: S3ArchiveWriterOptions): ArchiveWriter {
  return {
    async write(file) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: file.path,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.path.includes('/') ? CACHE_CONTROL.page : CACHE_CONTROL.listing,
        }),
      );
    },
  };
}
