/**
 * dynalite or the SES emulator in a child process of its own. Like the remote services they stand
 * for, they then share neither the caller's event loop (so its timers and timestamps stay accurate
 * while an emulator parses a message or collects garbage) nor its memory, and their CPU time can
 * be read apart from the caller's. A child exits when its parent goes away, killed or not.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type EmulatorKind = 'dynalite' | 'ses';

export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** CPU time (user + system) the child has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** The child's program: CommonJS, so it needs no TypeScript loader. */
const CHILD_SOURCE = `
const { createRequire } = require('node:module');
const [from, kind] = process.argv.slice(1);
const load = createRequire(from);
process.on('disconnect', () => process.exit(0));
(async () => {
  let server;
  if (kind === 'dynalite') {
    server = load('dynalite')({ createTableMs: 0 });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  } else {
    server = await load('aws-ses-v2-local').default({ host: '127.0.0.1', port: 0 });
  }
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMs: (user + system) / 1000 });
  });
  process.send({ endpoint: 'http://127.0.0.1:' + server.address().port });
})();
`;

/** The emulators are resolved from the project, whatever the working directory. */
const PACKAGE_JSON = fileURLToPath(new URL('../package.json', import.meta.url));

export async function startEmulatorProcess(kind: EmulatorKind): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['-e', CHILD_SOURCE, PACKAGE_JSON, kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const nextMessage = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const exited = (code: number | null) =>
        reject(new Error(`The ${kind} emulator process exited (code ${code})`));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        resolve(message as Record<string, unknown>);
      });
    });
  const { endpoint } = await nextMessage();
  return {
    endpoint: String(endpoint),
    async cpuMs() {
      const answer = nextMessage();
      child.send('cpu');
      return Number((await answer).cpuMs);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
