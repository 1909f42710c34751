/**
 * Composed issues in S3: `issues/<id>/index.html` is the "view in browser" copy, and
 * `issues/<id>/prepared.json` is what every deliver function renders recipients' messages from
 * (its message kit: deliver needs neither mjml, the template compiler nor the article).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { NewsletterError } from '../../core/errors';
import type { IssueArchive } from '../../core/ports';
import { parsePreparedIssue } from '../../core/render/prepared-issue';

export const ISSUES_PREFIX = 'issues/';

export function issueArchiveKeys(issueId: string): { html: string; prepared: string } {
  const folder = `${ISSUES_PREFIX}${issueId}/`;
  return { html: `${folder}index.html`, prepared: `${folder}prepared.json` };
}

export interface S3IssueArchiveOptions {
  readonly client: S3Client;
  readonly bucket: string;
}

export function createS3IssueArchive({ client, bucket }: S3IssueArchiveOptions): IssueArchive {
  return {
    async save(issueId, { prepared, html }) {
      const keys = issueArchiveKeys(issueId);
      // The prepared copy last: deliver only starts from an issue whose prepared copy exists.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys.html,
          Body: html,
          ContentType: 'text/html; charset=utf-8',
        }),
      );
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys.prepared,
          Body: JSON.stringify(prepared),
          ContentType: 'application/json',
        }),
      );
    },

    async loadPrepared(issueId) {
      const key = issueArchiveKeys(issueId).prepared;
      let text: string | undefined;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = await response.Body?.transformToString('utf-8');
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
      const prepared = text === undefined ? undefined : parsePreparedIssue(text);
      if (prepared === undefined) return undefined;
      if (prepared.issueId !== issueId) {
        throw new NewsletterError(
          `s3://${bucket}/${key} is not the prepared copy of issue ${issueId}; compose the issue again`,
        );
      }
      return prepared;
    },
  };
}
