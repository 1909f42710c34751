import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFolder } from '../../../lambda/adapters/files/make-folder';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'make-folder-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('makeFolder', () => {
  it('makes a folder and the missing ones above it; one that is there, or made at once, is fine', async () => {
    const nested = path.join(work, 'a', 'b', 'c');
    await Promise.all([makeFolder(nested), makeFolder(nested), makeFolder(path.dirname(nested))]);
    expect((await stat(nested)).isDirectory()).toBe(true);
    await makeFolder(nested);
  });

  it('fails on a file in the way, above or at the folder', async () => {
    const file = path.join(work, 'a-file');
    await writeFile(file, 'not a folder');
    await expect(makeFolder(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeFolder(path.join(file, 'sub', 'sub'))).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });

  // Node's recursive mkdir retries this for ever.
  it('fails where a folder that exists refuses new ones (/proc)', async () => {
    await expect(makeFolder('/proc/newsletter-test/sub')).rejects.toMatchObject({
      code: expect.stringMatching(/^(ENOENT|EACCES)$/),
    });
  });
});
