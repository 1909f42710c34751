/**
 * A failed invocation in the rehearsal leaves in the function's log the line Lambda's Node.js
 * runtime writes ("Invoke Error" with the error), in the function's log format: the caller gets
 * the error, and whoever reads the log sees it too, as in CloudWatch.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FunctionHost } from '../../../rehearsal/function-host';
import { waitFor } from '../../aws/rehearsal-helpers';

const REQUEST_ID = '8f0d3c1a-5b7e-4c2d-9a6f-1e2b3c4d5e6f';

const HANDLER = `
class ArticleError extends Error {
  name = 'ArticleError';
}
export const handler = async () => {
  throw new ArticleError('s3://bucket/articles/missing.md: was not found');
};
`;

async function failedInvocationLog(logFormat: 'JSON' | 'Text'): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'invoke-error-'));
  writeFileSync(path.join(dir, 'index.mjs'), HANDLER);
  const host = new FunctionHost(
    {
      logicalId: 'Compose',
      name: 'Newsletter-Compose',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:Newsletter-Compose',
      codeDir: dir,
      handler: 'index.handler',
      timeoutSeconds: 30,
      memoryMb: 128,
      environment: {
        PATH: process.env.PATH ?? '',
        LAMBDA_TASK_ROOT: dir,
        _HANDLER: 'index.handler',
        AWS_LAMBDA_LOG_FORMAT: logFormat,
      },
    },
    { logs: { dir } },
  );
  try {
    const result = await host.invoke({ articleKey: 'articles/missing.md' }, REQUEST_ID);
    expect(result).toMatchObject({ ok: false, error: { errorType: 'ArticleError' } });
    const file = path.join(dir, 'Compose.log');
    // The environment's output reaches the file through a pipe, possibly after the result.
    return await waitFor(
      'the error in the function log',
      async () => {
        const log = readFileSync(file, 'utf8');
        return log.includes('missing.md') ? log : undefined;
      },
      10_000,
    );
  } finally {
    await host.stop();
  }
}

describe('a failed invocation in the function log', () => {
  it('JSON log format: one JSON line at level ERROR whose message is the error', async () => {
    const lines = (await failedInvocationLog('JSON')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '');
    expect(entry).toMatchObject({
      level: 'ERROR',
      requestId: REQUEST_ID,
      message: {
        errorType: 'ArticleError',
        errorMessage: 's3://bucket/articles/missing.md: was not found',
      },
    });
    expect(entry.message.stackTrace[0]).toBe(
      'ArticleError: s3://bucket/articles/missing.md: was not found',
    );
  });

  it('text log format: "<time>\\t<request id>\\tERROR\\tInvoke Error \\t<error as JSON>" on one line', async () => {
    const lines = (await failedInvocationLog('Text')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const [time, requestId, level, invokeError, error] = (lines[0] ?? '').split('\t');
    expect(Number.isNaN(Date.parse(time ?? ''))).toBe(false);
    expect([requestId, level, invokeError]).toEqual([REQUEST_ID, 'ERROR', 'Invoke Error ']);
    expect(JSON.parse(error ?? '')).toMatchObject({
      errorType: 'ArticleError',
      errorMessage: 's3://bucket/articles/missing.md: was not found',
      stack: expect.arrayContaining([
        'ArticleError: s3://bucket/articles/missing.md: was not found',
      ]),
    });
  });
});
