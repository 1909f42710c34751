import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../adapters/files/is-alive';
import { makeFolder } from '../adapters/files/make-folder';
import { NewsletterError } from '../core/errors';
import { makeOutputFolder } from './output-folder';

/** Where local state lives unless --data-dir says otherwise (git-ignored). */
export const DEFAULT_DATA_DIR = '.newsletter';

export interface DataDir {
  readonly root: string;
  /** dynalite's on-disk store. */
  readonly dynamodbPath: string;
  /** Prepared issues (what deliver renders from). */
  readonly issuesPath: string;
}

export function resolveDataDir(dir: string = DEFAULT_DATA_DIR): DataDir {
  const root = path.resolve(dir);
  return {
    root,
    dynamodbPath: path.join(root, 'dynamodb'),
    issuesPath: path.join(root, 'issues'),
  };
}

/** What the data folder's secret file holds: 32 random bytes in hex. */
const SECRET_PATTERN = /^[0-9a-f]{64}$/;

/** The secret file is there but is not a secret this program wrote (truncated, edited, emptied). */
export class DamagedSecretError extends NewsletterError {
  override name = 'DamagedSecretError';
  constructor(
    readonly file: string,
    found: string,
  ) {
    super(
      `Secret file ${file} is damaged (expected 64 hex characters, found ${found}). Every ` +
        'subscriber id and every link already sent depends on it, so it is not replaced: restore ' +
        `it from a backup, or, if nothing in ${path.dirname(file)} matters, delete that folder to ` +
        'start afresh',
    );
  }
}

/**
 * The store is there but its secret file is not (deleted, or not copied with the folder). A new
 * secret would give every subscriber a second id: the next import would list each address twice,
 * and each would get every issue twice. So none is made.
 */
export class MissingSecretError extends NewsletterError {
  override name = 'MissingSecretError';
  constructor(
    readonly file: string,
    holds: string,
  ) {
    super(
      `Secret file ${file} is missing, but ${path.dirname(file)} holds ${holds}. Every ` +
        'subscriber id and every link already sent depends on it, so no new one is made: restore ' +
        'it from a backup, or, if this is not a newsletter data folder, pass another --data-dir',
    );
  }
}

/** How many prepared issues (`issues/<id>.json`) the data folder holds. */
export async function preparedIssueCount(dataDir: DataDir): Promise<number> {
  const names = await readdir(dataDir.issuesPath).catch(() => []);
  return names.filter((name) => name.endsWith('.json')).length;
}

/**
 * Throws MissingSecretError when the folder has no secret file but holds what only a store
 * writes after it (its table's files, prepared issues).
 */
export async function refuseStoreWithoutSecret(dataDir: DataDir): Promise<void> {
  const table = await readdir(dataDir.dynamodbPath).catch(() => []);
  const issues = await preparedIssueCount(dataDir);
  const holds = [
    ...(table.length > 0 ? [`a table in ${dataDir.dynamodbPath}`] : []),
    ...(issues > 0 ? [`${issues} prepared issue(s) in ${dataDir.issuesPath}`] : []),
  ];
  if (holds.length > 0) {
    throw new MissingSecretError(path.join(dataDir.root, 'secret'), holds.join(' and '));
  }
}

/** Whether a command made a store here already (its secret is the first thing written). */
export function hasLocalStore(dataDir: DataDir): boolean {
  return existsSync(path.join(dataDir.root, 'secret'));
}

/**
 * The secret that signs tokens and keys subscriber ids. In AWS it comes from Secrets Manager;
 * locally it is generated once and kept in the data folder (readable by the owner only). It is
 * written whole or not at all (a temporary file linked into place, which fails if another
 * process got there first), and never replaced: a damaged one stops the command, and so does a
 * missing one in a folder that holds a store.
 */
export async function loadOrCreateSecret(dataDir: DataDir): Promise<string> {
  const file = path.join(dataDir.root, 'secret');
  const existing = await readIfExists(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EISDIR') throw new DamagedSecretError(file, 'a folder');
    throw error;
  });
  if (existing !== undefined) return checkSecret(file, existing);
  await refuseStoreWithoutSecret(dataDir);
  await makeFolder(dataDir.root);
  const secret = randomBytes(32).toString('hex');
  if (await createWhole(file, `${secret}\n`, 0o600)) return secret;
  return checkSecret(file, (await readIfExists(file)) ?? '');
}

function checkSecret(file: string, content: string): string {
  const secret = content.trim();
  if (SECRET_PATTERN.test(secret)) return secret;
  const found =
    secret === ''
      ? 'an empty file'
      : /^[0-9a-f]*$/.test(secret)
        ? `${secret.length} hex characters`
        : `${secret.length} characters, not all hex digits`;
  throw new DamagedSecretError(file, found);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates `file` with `content`, whole: written to a temporary file first, then hard-linked into
 * place, which fails when `file` exists. So nobody ever reads it half-written, and of two
 * processes racing exactly one creates it. Returns false when it existed.
 */
export async function createWhole(
  file: string,
  content: string | Uint8Array,
  mode = 0o644,
): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

export class DataDirInUseError extends NewsletterError {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    // A server never finishes by itself: waiting for it is no advice.
    const advice =
      holder.command === 'api'
        ? 'it keeps the store open while it runs: stop it (Ctrl-C where it runs) and run this again, or use another --data-dir'
        : 'wait for it to finish, stop it, or use another --data-dir';
    const command =
      typeof holder.command === 'string'
        ? `\`newsletter ${holder.command}\``
        : 'a newsletter command';
    super(`Data folder ${dataDir} is in use by ${command} (pid ${holder.pid}); ${advice}`);
  }
}

export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
}

export interface DataDirLock {
  /** When this process took the lock: claims older than this belong to a dead process. */
  readonly acquiredAt: number;
  release(): Promise<void>;
}

/** The data folders this process holds, so it cannot take one twice. */
const held = new Set<string>();
/** Attempts of this process on each lock file, one at a time. */
const attempts = new Map<string, Promise<unknown>>();

/**
 * One process at a time owns a data folder (dynalite's LevelDB store cannot be opened twice).
 * The lock file is created whole (createWhole), so it is never seen half-written. A lock left by
 * a process that died (SIGKILL, crash) is taken over under a second, short-lived lock, so two
 * processes finding the same dead lock cannot both take it. A lock holding this process's own
 * pid belongs to an earlier process that had the same pid (a container's pid 1), unless this
 * process holds it.
 */
export function lockDataDir(dataDir: DataDir, command: string): Promise<DataDirLock> {
  const file = path.join(dataDir.root, 'lock');
  // Queued before anything is awaited, so this process's attempts are served in call order.
  const attempt = (attempts.get(file) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => acquire(dataDir.root, file, command));
  attempts.set(file, attempt);
  return attempt;
}

async function acquire(root: string, file: string, command: string): Promise<DataDirLock> {
  // A file in the way or a folder that cannot be written is one line naming --data-dir.
  await makeOutputFolder('--data-dir', root);
  const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  while (!(await createWhole(file, JSON.stringify(holder)))) {
    const claim = await readLockFile(file);
    // Released (or taken over) since: try again, removing nothing.
    if (claim === undefined) continue;
    const current = parseLockHolder(claim);
    if (current && isHeld(current, file)) throw new DataDirInUseError(root, current);
    await takeOver(file, claim);
  }
  held.add(file);
  return {
    acquiredAt: Date.now(),
    async release() {
      held.delete(file);
      await rm(file, { force: true });
    },
  };
}

/**
 * A lock file's claim, or undefined when there is none. A folder in its place (no newsletter
 * command makes one) is one line naming it, not a bare EISDIR; it is left for its owner to move.
 */
async function readLockFile(file: string): Promise<string | undefined> {
  return readIfExists(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EISDIR') throw error;
    throw new NewsletterError(
      `Lock file ${file} is a folder, which no newsletter command makes: move it out of ` +
        `${path.dirname(file)} and run again`,
      { cause: error },
    );
  });
}

function isHeld(holder: LockHolder, file: string): boolean {
  return holder.pid === process.pid ? held.has(file) : isAlive(holder.pid);
}

/**
 * Removes the dead holder's lock, if it is still the one that was read, while holding
 * `<lock>.takeover`. Whoever finds the takeover lock taken waits a moment and looks again. Only
 * a lock that is there is compared: one that vanished may be re-created by the winner of the
 * takeover between a read and a removal, and removing it then would let two processes in.
 */
async function takeOver(file: string, deadClaim: string): Promise<void> {
  const guard = `${file}.takeover`;
  if (!(await createWhole(guard, String(process.pid)))) {
    const guardPid = Number((await readLockFile(guard)) ?? '');
    // A takeover lock whose process died mid-takeover (a window of milliseconds) is cleared.
    if (Number.isInteger(guardPid) && guardPid !== process.pid && !isAlive(guardPid)) {
      await rm(guard, { force: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    // Under the takeover lock nobody else removes the dead claim, so nobody re-creates the file.
    if ((await readLockFile(file)) === deadClaim) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}
/**
 * The holder a lock file names; undefined when it is damaged (then it is taken over): no process
 * has a pid that is not a whole number above 0, and kill(0) or kill(-1), which signal a group,
 * would call it alive.
 */
function parseLockHolder(claim: string): LockHolder | undefined {
  let holder: Partial<LockHolder> | null;
  try {
    holder = JSON.parse(claim);
  } catch {
    return undefined;
  }
  const pid = holder?.pid;
  return Number.isSafeInteger(pid) && (pid as number) > 0 ? (holder as LockHolder) : undefined;
}
