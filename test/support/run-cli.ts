import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../bin/newsletter-cli';
import { PROJECT_ROOT } from '../../lambda/local/sample';

const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `newsletter …` in this process exactly as bin/newsletter.mjs does (main: every error one
 * line on stderr and exit code 1), capturing standard output and error.
 */
export function runCli(args: readonly string[]): Promise<CliResult> {
  return captureOutput(() => main(['node', 'newsletter', ...args]));
}

/**
 * Runs a command line's entry (`main`, `runStackLocal`) in this process, capturing standard
 * output and error and the exit code it sets.
 */
export async function captureOutput(run: () => Promise<void>): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await run();
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, out, err };
}

/**
 * Runs `newsletter …` in this process as runCli does, pressing Ctrl-C (or sending `signal`) as
 * the first line of progress (`progress`, "Importing: …" unless told) is written: in this
 * process, the signal's listeners are what a real Ctrl-C runs.
 */
export function runCliInterruptedAtFirstProgress(
  args: readonly string[],
  {
    progress = 'Importing: ',
    signal = 'SIGINT',
  }: { progress?: string; signal?: NodeJS.Signals } = {},
): Promise<CliResult> {
  return captureOutput(async () => {
    const write = process.stderr.write;
    let sent = false;
    process.stderr.write = ((chunk: string) => {
      const written = write.call(process.stderr, chunk);
      if (!sent && String(chunk).startsWith(progress)) {
        sent = true;
        process.emit(signal, signal);
      }
      return written;
    }) as typeof process.stderr.write;
    try {
      await main(['node', 'newsletter', ...args]);
    } finally {
      process.stderr.write = write;
    }
  });
}

/** The `newsletter` command as a user runs it. */
export const NEWSLETTER_BIN = path.join(PROJECT_ROOT, 'bin/newsletter.mjs');

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `newsletter` command in a child process in `cwd`, as a user would, with the
 * embedded emulators (no endpoint of a test's own).
 */
export async function runNewsletterProcess(
  args: readonly string[],
  cwd: string,
): Promise<ProcessResult> {
  const childEnv = { ...process.env };
  delete childEnv.AWS_ENDPOINT_URL_SES;
  delete childEnv.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    const { stdout, stderr } = await run(process.execPath, [NEWSLETTER_BIN, ...args], {
      cwd,
      env: childEnv,
      timeout: 60_000,
      // A command that hangs is killed, not asked: SIGTERM is Ctrl-C to `send`, which waits for
      // the work in flight.
      killSignal: 'SIGKILL',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
