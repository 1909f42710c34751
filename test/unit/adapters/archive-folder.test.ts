import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderArchiveWriter } from '../../../lambda/adapters/files/archive-folder';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'archive-folder-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Above Linux's largest process id (2^22): no process has it. */
const ENDED_PROCESS = 99_999_999;

describe('the folder archive writer', () => {
  it("takes away the part-written copy a build that was killed left beside a file it writes, and no one else's", async () => {
    const site = path.join(work, 'site');
    await mkdir(path.join(site, 'issue-0123456789'), { recursive: true });
    const leftovers = [
      `feed.xml.${ENDED_PROCESS}.partial`,
      `issue-0123456789/index.html.${ENDED_PROCESS}.partial`,
    ];
    const kept = [
      // Another build that is still writing (its process is alive), and files of the user's own.
      `feed.xml.${process.ppid}.partial`,
      'notes.partial',
      `index.html.${ENDED_PROCESS}.partial.txt`,
    ];
    for (const name of [...leftovers, ...kept]) await writeFile(path.join(site, name), '<feed');
    const writer = createFolderArchiveWriter(site);
    for (const file of ['feed.xml', 'issue-0123456789/index.html']) {
      await writer.write({ path: file, body: 'whole', contentType: 'text/plain' });
    }
    expect((await readdir(site, { recursive: true })).sort()).toEqual(
      ['feed.xml', 'issue-0123456789', 'issue-0123456789/index.html', ...kept].sort(),
    );
  });
});
