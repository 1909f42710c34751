import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SourceWatcher, watchSources } from '../../../lambda/local/preview/watch-sources';

let root: string | undefined;
let watcher: SourceWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  if (root) await rm(root, { recursive: true, force: true });
  watcher = undefined;
  root = undefined;
});

describe('watchSources', () => {
  it('reports a save made right after the one before was reported: the last of a burst of saves wins', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'watch-sources-'));
    const templates = path.join(root, 'templates');
    const file = path.join(templates, 'newsletter.mjml');
    await mkdir(templates);
    await writeFile(file, 'save 0');
    let onReport: (files: string[]) => void = () => {};
    watcher = await watchSources([templates], (files) => onReport(files));
    for (let save = 1; save <= 5; save++) {
      const reported = new Promise<string[]>((resolve, reject) => {
        onReport = resolve;
        // Far longer than a report takes: a save never reported fails here, not at the timeout.
        setTimeout(() => reject(new Error(`save ${save} was never reported`)), 2_000);
      });
      await writeFile(file, `save ${save}`);
      // Each save right after the report of the one before: chokidar passes over a change of a
      // file within 50 ms of the last it reported, so the page would keep showing the one before.
      expect(await reported).toEqual([file]);
    }
  });
});
