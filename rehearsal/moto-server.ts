/**
 * moto_server (S3, SQS, Secrets Manager, SSM, CloudFormation) in a child process on a free
 * loopback port. It runs under a small shell that kills it when this process goes away, killed or
 * not (its stdin closes), so no moto outlives a rehearsal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RehearsalError } from './rehearsal-error';

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Where pyenv installs it on the project's machines; otherwise it is looked up on PATH. */
const PYENV_SHIM = '/root/.pyenv/shims/moto_server';
const START_TIMEOUT_MS = 90_000;

/** The moto_server executable: MOTO_SERVER, else PATH, else the pyenv shim. */
function findMotoServer(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.MOTO_SERVER,
    spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout.trim(),
    PYENV_SHIM,
  ];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new RehearsalError(
      'moto_server is not installed: the rehearsal runs S3, SQS, Secrets Manager, SSM and ' +
        'CloudFormation on it. Install it with `pip install "moto[server]"` (or set MOTO_SERVER ' +
        'to its path) and try again.',
    );
  }
  return found;
}

export async function startMotoServer(executable = findMotoServer()): Promise<MotoServer> {
  // `cat` returns when our end of its stdin closes: then moto is killed.
  const script =
    '"$0" -H 127.0.0.1 -p 0 & pid=$!; trap \'kill $pid\' TERM; cat >/dev/null; kill $pid; wait $pid';
  const shell = spawn('sh', ['-c', script, executable], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output: string[] = [];
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new RehearsalError(
          `moto_server did not start within ${START_TIMEOUT_MS / 1000} s: ${output.join('')}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const watch = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    shell.stdout.on('data', watch);
    shell.stderr.on('data', watch);
    shell.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new RehearsalError(
          `moto_server exited (code ${code}) before it started: ${output.join('')}`,
        ),
      );
    });
  });
  // Its request log is not needed once it runs.
  shell.stdout.removeAllListeners('data').resume();
  shell.stderr.removeAllListeners('data').resume();
  return {
    endpoint,
    async stop() {
      if (shell.exitCode !== null || shell.signalCode !== null) return;
      const exited = new Promise((resolve) => shell.once('exit', resolve));
      shell.stdin.end();
      await exited;
    },
  };
}
