import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
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

  it("reports a partial saved by an editor, not the editor's own files: JetBrains' safe write, Emacs's auto-save", async () => {
    root = await mkdtemp(path.join(tmpdir(), 'watch-sources-'));
    const partials = path.join(root, 'templates', 'partials');
    const file = path.join(partials, 'footer.mjml');
    await mkdir(partials, { recursive: true });
    await writeFile(file, 'save 0');
    let onReport: (files: string[]) => void = () => {};
    watcher = await watchSources([path.dirname(partials)], (files) => onReport(files));
    const reported = new Set<string>();
    const last = path.join(partials, 'header.mjml');
    const lastReported = new Promise<void>((resolve) => {
      onReport = (files) => {
        for (const each of files) reported.add(each);
        if (reported.has(last) && reported.has(file)) resolve();
      };
    });
    // WebStorm writes beside the file and renames the new one over it, keeping the old meanwhile.
    await writeFile(`${file}___jb_tmp___`, 'save 1');
    await rename(file, `${file}___jb_old___`);
    await rename(`${file}___jb_tmp___`, file);
    await rm(`${file}___jb_old___`);
    // Emacs auto-saves an open file every so often as #footer.mjml#, and removes it on save.
    await writeFile(path.join(partials, '#footer.mjml#'), 'typing…');
    await rm(path.join(partials, '#footer.mjml#'));
    // Written last, so every change before it has been reported once it and the partial are.
    await writeFile(last, 'save 1');
    await lastReported;
    expect(reported).toEqual(new Set([file, last]));
  });

  it('reports what it cannot watch and keeps watching: a second error of the watcher (a link that loops) stopped the preview', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'watch-sources-'));
    const templates = path.join(root, 'templates');
    const file = path.join(templates, 'newsletter.mjml');
    await mkdir(path.join(templates, 'partials'), { recursive: true });
    await writeFile(file, 'save 0');
    const errors: string[] = [];
    let onError: () => void = () => {};
    let onReport: (files: string[]) => void = () => {};
    watcher = await watchSources([templates], (files) => onReport(files), {
      onError: (error) => {
        errors.push(error.message);
        onError();
      },
    });
    const within = <T>(what: string, executor: (resolve: (value: T) => void) => void) =>
      new Promise<T>((resolve, reject) => {
        executor(resolve);
        setTimeout(() => reject(new Error(`${what} never came`)), 2_000);
      });
    // chokidar stats every entry it is told of: a link to itself is an ELOOP error each time.
    for (const link of ['loop', 'partials/loop']) {
      const reported = within(`the error of ${link}`, (resolve) => {
        onError = () => resolve(undefined);
      });
      await symlink(path.basename(link), path.join(templates, link));
      await reported;
    }
    expect(errors).toEqual([
      `ELOOP: too many symbolic links encountered, stat '${path.join(templates, 'loop')}'`,
      `ELOOP: too many symbolic links encountered, stat '${path.join(templates, 'partials', 'loop')}'`,
    ]);
    const saved = within<string[]>('the save after them', (resolve) => {
      onReport = resolve;
    });
    await writeFile(file, 'save 1');
    expect(await saved).toEqual([file]);
  });
});
