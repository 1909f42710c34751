import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { isEditorNoise } from '../../adapters/templates/editor-noise';

export interface SourceWatcher {
  /**
   * Watches one more file (an article picked from anywhere), through its folder, so a file that
   * is deleted and written again (an editor's save, a `git checkout`) is still followed. Resolves
   * once an edit of it would be reported.
   */
  add(file: string): Promise<void>;
  /** Stops watching what `add` added. */
  remove(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Changes closer together than this are reported once (an editor's save is several events). */
  readonly debounceMs?: number;
}

/**
 * Watches templates, partials, preview data and articles, and reports the files that changed
 * (added, changed or removed) after a short quiet period. Resolves once the watcher is ready, so
 * an edit made after it returns is never missed.
 */
export async function watchSources(
  targets: readonly string[],
  onChange: (files: string[]) => void,
  options: WatchOptions = {},
): Promise<SourceWatcher> {
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const report = (_event: string, file: string) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      onChange(files);
    }, options.debounceMs ?? 25);
  };
  // chokidar stops following a folder it was given once that folder is removed, and does not
  // pick it up when it comes back (moved away and back, restored from a copy): each folder is
  // watched through its parent instead, whose other entries are ignored.
  const roots = targets.map((target) => path.resolve(target));
  const parents = [...new Set(roots.map((root) => path.dirname(root)))];
  const ignored = (file: string) => {
    // A parent or root is never noise, whatever its name (a checkout under ~/.local/src).
    if (parents.includes(file) || roots.includes(file)) return false;
    const inside = roots.some((root) => file.startsWith(`${root}${path.sep}`));
    return !inside || isEditorNoise(file);
  };
  const watcher = await ready(watch(parents, { ignoreInitial: true, ignored }), report);
  // chokidar stops following a file watched alone once it is unlinked: a file added later is
  // watched through its folder (that folder's other entries ignored), one watcher each.
  const single = new Map<string, Promise<FSWatcher>>();
  return {
    async add(file) {
      const absolute = path.resolve(file);
      if (single.has(absolute)) return;
      const folder = path.dirname(absolute);
      const watching = ready(
        watch(folder, {
          ignoreInitial: true,
          depth: 0,
          ignored: (entry) => entry !== folder && entry !== absolute,
        }),
        report,
      );
      single.set(absolute, watching);
      await watching;
    },
    async remove(file) {
      const absolute = path.resolve(file);
      const watching = single.get(absolute);
      single.delete(absolute);
      await (await watching)?.close();
    },
    async close() {
      clearTimeout(timer);
      const all = [watcher, ...(await Promise.all(single.values()))];
      single.clear();
      await Promise.all(all.map((each) => each.close()));
    },
  };
}

/** Resolves with the watcher once it reports every change (chokidar's 'ready'). */
async function ready(
  watcher: FSWatcher,
  report: (event: string, file: string) => void,
): Promise<FSWatcher> {
  watcher.on('all', report);
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return watcher;
}
