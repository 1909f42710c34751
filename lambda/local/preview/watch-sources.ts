import { stat } from 'node:fs/promises';
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
  /**
   * Told what the watcher could not watch (a link that loops, a folder it may not read, too many
   * files open) once it is ready; it goes on watching the rest. @default ignored
   */
  readonly onError?: (error: Error) => void;
}

/** How long chokidar passes over further changes of a file after reporting one. */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

/** What tells one save of a file from the next, or 'missing'. */
async function stampOf(file: string): Promise<string> {
  try {
    const stats = await stat(file);
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return 'missing';
  }
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
  const checks = new Set<NodeJS.Timeout>();
  let closed = false;
  const report = (_event: string, file: string) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 25);
  };
  const flush = async () => {
    const files = [...changed];
    changed = new Set();
    // Taken before the report, so a save after it shows as another stamp.
    const stamps = await Promise.all(files.map(stampOf));
    if (closed) return;
    onChange(files);
    // chokidar passes over a change of a file within 50 ms of the last it reported, so the last
    // of a burst of saves (10 in a second) went unreported and the page kept the one before:
    // once that window is over, a file saved again meanwhile is reported again.
    const check = setTimeout(async () => {
      checks.delete(check);
      const now = await Promise.all(files.map(stampOf));
      for (const [index, file] of files.entries()) {
        if (now[index] !== stamps[index]) report('change', file);
      }
    }, CHOKIDAR_CHANGE_THROTTLE_MS + 10);
    checks.add(check);
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
  const onError = options.onError ?? (() => {});
  const watcher = await ready(watch(parents, { ignoreInitial: true, ignored }), report, onError);
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
        onError,
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
      closed = true;
      clearTimeout(timer);
      for (const check of checks) clearTimeout(check);
      const all = [watcher, ...(await Promise.all(single.values()))];
      single.clear();
      await Promise.all(all.map((each) => each.close()));
    },
  };
}

/**
 * Resolves with the watcher once it reports every change (chokidar's 'ready'); an error before
 * then rejects, each one after goes to `onError`. chokidar emits 'error' for every entry it
 * cannot stat: with no listener left for it, the second such error was thrown and ended the
 * process.
 */
async function ready(
  watcher: FSWatcher,
  report: (event: string, file: string) => void,
  onError: (error: Error) => void,
): Promise<FSWatcher> {
  watcher.on('all', report);
  let failed: (error: Error) => void = () => {};
  watcher.on('error', (error) => failed(error as Error));
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    failed = reject;
  });
  failed = onError;
  return watcher;
}
