#!/usr/bin/env node
// The `newsletter` command. The CLI is TypeScript; tsx's loader runs it without a build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `newsletter subscribers list | head -1`: once the reader is gone, what is left to print is
// dropped and the command still finishes what it was doing (a send is not cut off mid-batch).
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});
register();
await (await import('./newsletter-cli.ts')).main();
