import { defineConfig } from 'vitest/config';

/**
 * The rehearsal suites (`npm run test:aws`): the bundled functions of cdk.out over moto_server,
 * dynalite and the SES emulator. Each file starts its own rehearsal; one file at a time, since a
 * rehearsal already keeps both cores of a small machine busy.
 */
export default defineConfig({
  test: {
    include: ['test/aws/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
