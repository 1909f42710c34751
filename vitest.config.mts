import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/cdk/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Test files share a worker's module cache: loading the AWS SDK, mjml and CDK once per worker
    // instead of once per file halves the run on a 2-core machine. Files still run one at a time
    // per worker, and each file starts its own emulators. What they could share, and how it is
    // kept to one file: environment stubs and spies are undone after every file
    // (restore-globals.ts); a handler's cold-start state lives in its module, so a test of the
    // exported handler loads a fresh copy (vi.resetModules); the SES emulator's store is global to
    // its package, so starting an emulator empties it; core modules keep no mutable state.
    isolate: false,
    setupFiles: ['test/support/restore-globals.ts'],
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
