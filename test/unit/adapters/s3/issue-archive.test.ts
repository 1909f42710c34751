import { describe, expect, it } from 'vitest';
import { createS3IssueArchive } from '../../../../lambda/adapters/s3/issue-archive';
import type { PreparedIssue } from '../../../../lambda/core/render/types';
import { createFakeS3 } from '../../../support/aws-fakes';

const prepared: PreparedIssue = {
  issueId: 'solar-0123456789',
  template: {
    name: 'newsletter',
    version: 'v1',
    html: '<p>{{issue.title}}</p>',
    text: '{{issue.title}}',
  },
  list: { name: 'Weekly', postalAddress: '1 Example Street', publicUrl: 'https://api.example.com' },
  issue: {
    id: 'solar-0123456789',
    subject: 'Solar',
    preheader: 'Solar',
    title: 'Solar',
    lead: 'Lead',
    url: null,
    language: null,
    archiveUrl: null,
    keyPoints: [],
  },
  messages: {
    stencil: { pieces: ['Subject: Solar\r\n', { slot: 'to' }, '\r\n\r\n', { slot: 'text' }] },
    named: { text: ['Hi ', { field: 'name', escaped: false, followed: false }], html: [] },
    anonymous: { text: ['Hi'], html: [] },
  },
};

describe('the S3 issue archive', () => {
  it('keeps the browser copy and the prepared issue under issues/<id>/', async () => {
    const s3 = createFakeS3('bucket');
    const archive = createS3IssueArchive({ client: s3.client, bucket: 'bucket' });

    await archive.save('solar-0123456789', { prepared, html: '<html>Solar</html>' });

    expect(s3.text('issues/solar-0123456789/index.html')).toBe('<html>Solar</html>');
    expect(s3.objects.get('issues/solar-0123456789/index.html')?.contentType).toBe(
      'text/html; charset=utf-8',
    );
    expect(await archive.loadPrepared('solar-0123456789')).toEqual(prepared);
  });

  it('writes the prepared copy last, so deliver never finds it without the browser copy', async () => {
    const s3 = createFakeS3('bucket');
    await createS3IssueArchive({ client: s3.client, bucket: 'bucket' }).save('solar-0123456789', {
      prepared,
      html: '<html></html>',
    });

    expect(s3.calls).toEqual([
      'PutObject issues/solar-0123456789/index.html',
      'PutObject issues/solar-0123456789/prepared.json',
    ]);
  });

  it('answers undefined for an issue that was never archived', async () => {
    const archive = createS3IssueArchive({
      client: createFakeS3('bucket').client,
      bucket: 'bucket',
    });

    expect(await archive.loadPrepared('missing-0123456789')).toBeUndefined();
  });

  it('answers undefined for a copy that is not a complete prepared issue, so compose prepares it again', async () => {
    const s3 = createFakeS3('bucket');
    const archive = createS3IssueArchive({ client: s3.client, bucket: 'bucket' });
    const { messages: _, ...withoutKit } = prepared;
    s3.put('issues/old-0123456789/prepared.json', JSON.stringify(withoutKit));
    s3.put('issues/torn-0123456789/prepared.json', '{"issueId":');

    expect(await archive.loadPrepared('old-0123456789')).toBeUndefined();
    expect(await archive.loadPrepared('torn-0123456789')).toBeUndefined();
  });

  it('refuses a prepared copy that belongs to another issue', async () => {
    const s3 = createFakeS3('bucket');
    s3.put('issues/other-0123456789/prepared.json', JSON.stringify(prepared));

    await expect(
      createS3IssueArchive({ client: s3.client, bucket: 'bucket' }).loadPrepared(
        'other-0123456789',
      ),
    ).rejects.toThrow(
      's3://bucket/issues/other-0123456789/prepared.json is not the prepared copy of issue other-0123456789; compose the issue again',
    );
  });
});
