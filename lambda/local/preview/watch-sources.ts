import path from 'node:path';
import { watch } from 'chokidar';

export interface SourceWatcher {
  /** Watches one more file or folder (an article picked from anywhere). */
  add(target: string): void;
  /** Stops watching what `add` added. */
  remove(target: string): void;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Changes closer together than this are reported once (an editor's save is several events). */
  readonly debounceMs?: number;
}

/** Editors' swap, backup and lock files: saving a template touches them too. */
function isEditorNoise(file: string): boolean {
  const name = path.basename(file);
  return (
    (name.startsWith('.') && name !== '.') ||
    name.endsWith('~') ||
    /\.(swp|swx|tmp)$/.test(name) ||
    name === '4913'
  );
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
  const watcher = watch([...targets], {
    ignoreInitial: true,
    ignored: (file) => isEditorNoise(file),
  });
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, file) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      onChange(files);
    }, options.debounceMs ?? 25);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return {
    add: (target) => {
      watcher.add(target);
    },
    remove: (target) => {
      watcher.unwatch(target);
    },
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
