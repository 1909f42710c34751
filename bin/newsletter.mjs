#!/usr/bin/env node
// The `newsletter` command. The CLI is TypeScript; tsx's loader runs it without a build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `newsletter subscribers list | head -1`, `newsletter send 2>&1 | head`: once the reader is gone,
// what is left to print (the output, the progress lines on stderr) is dropped and the command
// still finishes what it was doing (a send is not cut off mid-batch). Output that cannot be
// written (`subscribers export > file` on a full disk) is dropped the same way, but the file is
// cut short, so the command says so in one line and exits 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') return;
    process.exitCode = 1;
    if (stream === process.stdout) {
      process.stderr.write(
        `newsletter: the output could not be written (${error.message}); what was written is incomplete\n`,
      );
    }
  });
}
register();
const { isPermissionDenied, permissionAdvice } = await import(
  '../lambda/adapters/files/file-errors.ts'
);
// dynalite reads the local store in its request handler and throws the LevelDB error of a damaged
// store (or of a file this user may not read) from a callback, where no caller can catch it: that
// is one line and exit code 1, as any other error is, instead of a stack. Anything else still ends
// the process with its stack.
process.on('uncaughtException', (error) => {
  if (String(error?.code).startsWith('LEVEL_')) {
    const advice = isPermissionDenied(error)
      ? permissionAdvice('the dynamodb folder of --data-dir or the files in it')
      : 'restore its folder from a backup, or move it aside and run again to start a new store';
    process.stderr.write(
      `newsletter: the local store cannot be read (${error.message}): ${advice}\n`,
    );
  } else {
    console.error(error);
  }
  process.exit(1);
});
await (await import('./newsletter-cli.ts')).main();
