import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NewsletterError } from '../core/errors';

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

/**
 * The secret that signs tokens and keys subscriber ids. In AWS it comes from Secrets Manager;
 * locally it is generated once and kept in the data folder (readable by the owner only).
 */
export async function loadOrCreateSecret(dataDir: DataDir): Promise<string> {
  const file = path.join(dataDir.root, 'secret');
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.length >= 32) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir.root, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'w' });
  return secret;
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
    super(
      `Data folder ${dataDir} is in use by \`newsletter ${holder.command}\` (pid ${holder.pid}); ${advice}`,
    );
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

/**
 * One process at a time owns a data folder (dynalite's LevelDB store cannot be opened twice).
 * A lock left by a process that died (SIGKILL, crash) is taken over.
 */
export async function lockDataDir(dataDir: DataDir, command: string): Promise<DataDirLock> {
  await mkdir(dataDir.root, { recursive: true });
  const file = path.join(dataDir.root, 'lock');
  const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  for (;;) {
    try {
      await writeFile(file, JSON.stringify(holder), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = await readLockHolder(file);
      if (current && current.pid !== process.pid && isAlive(current.pid)) {
        throw new DataDirInUseError(dataDir.root, current);
      }
      await rm(file, { force: true });
    }
  }
  return {
    acquiredAt: Date.now(),
    release: () => rm(file, { force: true }),
  };
}

async function readLockHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
