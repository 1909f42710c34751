/**
 * Runs in every test file. Files in one worker share the process (vitest.config.mts:
 * `isolate: false`), so nothing a file changes in it may outlive the file: stubbed environment
 * variables and spied-on functions are put back when each file ends, even if a test forgot to.
 */
import { afterAll, vi } from 'vitest';

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
