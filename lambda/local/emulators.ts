/**
 * The local stand-ins for AWS, started inside this process on free ports: dynalite speaks the
 * DynamoDB API, aws-ses-v2-local the SES API. Point the SDK at them with `AWS_ENDPOINT_URL_DYNAMODB`
 * / `AWS_ENDPOINT_URL_SES` (or the `endpoint` option of the client builders).
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { isPermissionDenied, permissionAdvice } from '../adapters/files/file-errors';
import { NewsletterError } from '../core/errors';

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Closes the server and every connection to it, so nothing keeps the process alive. */
  stop(): Promise<void>;
}

/** One message as the SES emulator recorded it. Raw-message headers are not kept by it. */
interface EmulatedEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  /** Epoch seconds. */
  readonly at: number;
}

export interface SesEmulator extends RunningEmulator {
  /** Forgets every recorded message (the emulator keeps them in memory until then). */
  clear(): Promise<void>;
  messages(): Promise<EmulatedEmail[]>;
}

// Both packages are CommonJS; require() sees the same exports under tsx, vitest and plain Node,
// where dynamic import() would wrap them differently.
const require = createRequire(import.meta.url);

type Dynalite = (options: { createTableMs: number; path?: string }) => Server;
type SesServer = (config: { host: string; port: number }) => Promise<Server>;

const HOST = '127.0.0.1';

/** DynamoDB API in memory, or in a LevelDB folder at `path` (kept across restarts). */
export async function startDynalite(options: { path?: string } = {}): Promise<RunningEmulator> {
  if (options.path) await checkStoreOpens(options.path);
  const dynalite = require('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  return { endpoint: endpointOf(server), stop: () => stopServer(server) };
}

/**
 * dynalite opens its LevelDB on the first request and throws an open error out of its request
 * handler, which ends the process with a stack. Opened here first, a damaged folder is one line.
 */
async function checkStoreOpens(folder: string): Promise<void> {
  // dynalite's own copy of `level`, so the check opens the folder exactly as dynalite will.
  const { Level } = createRequire(require.resolve('dynalite'))('level') as {
    Level: new (location: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(folder);
  try {
    await db.open();
  } catch (error) {
    throw new NewsletterError(storeOpenProblem(folder, error as Error), { cause: error });
  }
  await db.close();
}

/**
 * Why LevelDB could not open the store in `folder`, and what to do: a folder or file the user
 * may not write is theirs to fix (ownership, mode); anything else is damage, which a backup
 * mends.
 */
export function storeOpenProblem(folder: string, error: Error): string {
  const reason = (error.cause as Error | undefined)?.message ?? error.message;
  const advice = isPermissionDenied(error)
    ? permissionAdvice(`${folder} or the files in it`)
    : 'restore the folder from a backup, or move it aside and run again to start a new store';
  return `The local store in ${folder} cannot be opened (${reason}): ${advice}`;
}

/**
 * SES API (v1 SendRawEmail/SendEmail and the v2 API), with an empty message store. The store is
 * shared by every instance in the process (starting one empties it): run one at a time.
 */
export async function startSesEmulator(): Promise<SesEmulator> {
  const { default: startServer } = require('aws-ses-v2-local') as { default: SesServer };
  const server = await startServer({ host: HOST, port: 0 });
  const endpoint = endpointOf(server);
  const clear = async () => {
    const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    await expectOk(response, 'clear the SES emulator store');
  };
  await clear();
  return {
    endpoint,
    stop: () => stopServer(server),
    clear,
    async messages() {
      const response = await fetch(`${endpoint}/store`);
      await expectOk(response, 'read the SES emulator store');
      const { emails } = (await response.json()) as { emails: EmulatedEmail[] };
      return emails;
    },
  };
}

function endpointOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${HOST}:${port}`;
}

async function stopServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // close() alone waits for keep-alive sockets and for requests the SES emulator never answers.
  server.closeAllConnections();
  await closed;
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (!response.ok) {
    throw new NewsletterError(
      `Could not ${what}: HTTP ${response.status} ${await response.text()}`,
    );
  }
}
