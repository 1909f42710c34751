import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withOutbox } from '../../../lambda/local/outbox';
import { createRecordingMailer } from '../../support/fakes';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const message = (n: number) => ({
  issueId: 'issue-1',
  subscriberId: `s${n}`,
  to: `s${n}@example.com`,
  raw: new TextEncoder().encode(`message ${n}`),
});

describe('the outbox', () => {
  it('passes a number another process took meanwhile instead of overwriting its copy', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    const sending = withOutbox(createRecordingMailer(), dir, (error) => {
      throw error;
    });
    await sending.send(message(1));
    // Another run sending the same issue to this outbox (another --data-dir) wrote 2.eml.
    await writeFile(path.join(dir, 'issue-1', '2.eml'), 'theirs');
    await sending.send(message(2));

    expect((await readdir(path.join(dir, 'issue-1'))).sort()).toEqual(['1.eml', '2.eml', '3.eml']);
    expect(await readFile(path.join(dir, 'issue-1', '2.eml'), 'utf8')).toBe('theirs');
    expect(await readFile(path.join(dir, 'issue-1', '3.eml'), 'utf8')).toBe('message 2');
  });

  it('never fails a send SES accepted when its copy cannot be written, and says so once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    // A file where the outbox folder should be: no copy can be written under it.
    const outbox = path.join(dir, 'outbox');
    await writeFile(outbox, 'not a folder');
    const mailer = createRecordingMailer();
    const failures: Error[] = [];
    const sending = withOutbox(mailer, outbox, (error) => failures.push(error));

    const results = [await sending.send(message(1)), await sending.send(message(2))];

    expect(results).toEqual([{ messageId: 'msg-1' }, { messageId: 'msg-2' }]);
    expect(mailer.sent).toHaveLength(2);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toContain(outbox);
  });
});
