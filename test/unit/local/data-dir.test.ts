/** The data folder's secret and lock, on a real temporary folder. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DamagedSecretError,
  type DataDir,
  DataDirInUseError,
  loadOrCreateSecret,
  lockDataDir,
  resolveDataDir,
} from '../../../lambda/local/data-dir';

let dataDir: DataDir;
beforeEach(async () => {
  dataDir = resolveDataDir(await mkdtemp(path.join(tmpdir(), 'data-dir-')));
});
afterEach(async () => {
  await rm(dataDir.root, { recursive: true, force: true });
});

const secretFile = () => path.join(dataDir.root, 'secret');
const lockFile = () => path.join(dataDir.root, 'lock');

const DATA_DIR_MODULE = path.resolve('lambda/local/data-dir.ts');

/**
 * Starts an ES module script with tsx in a child process; resolves with the first line it prints.
 * The process keeps running until `stop()`.
 */
function startScript(source: string): { firstLine: Promise<string>; stop(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('\n')) resolve(output.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`the script exited (${code}) saying ${output}`)));
  });
  return { firstLine, stop: () => child.kill('SIGKILL') };
}

/** A pid no process has: one that has just exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '0']);
  return pid as number;
}

describe('the local secret', () => {
  it('is created once, readable by the owner only, and the same for every caller, even at once', async () => {
    const [a, b, c] = await Promise.all([
      loadOrCreateSecret(dataDir),
      loadOrCreateSecret(dataDir),
      loadOrCreateSecret(dataDir),
    ]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect([b, c]).toEqual([a, a]);
    expect((await stat(secretFile())).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecret(dataDir)).toBe(a);
  });

  it.each([
    ['truncated', (secret: string) => secret.slice(0, 40), '40 hex characters'],
    ['emptied', () => '', 'an empty file'],
    ['edited', (secret: string) => `${secret.slice(0, 63)}Z`, 'not all hex digits'],
  ])('stops with how to recover, and is never replaced, when %s', async (_, damage, found) => {
    const secret = await loadOrCreateSecret(dataDir);
    await writeFile(secretFile(), damage(secret));
    const damaged = await readFile(secretFile(), 'utf8');
    const refusal = loadOrCreateSecret(dataDir);
    await expect(refusal).rejects.toThrow(DamagedSecretError);
    await expect(loadOrCreateSecret(dataDir)).rejects.toThrow(
      new RegExp(
        `is damaged \\(expected 64 hex characters, found [^)]*${found}\\).*restore it from a backup`,
      ),
    );
    expect(await readFile(secretFile(), 'utf8')).toBe(damaged);
  });
});

describe('the local secret, a folder in its place', () => {
  it('is called damaged, with how to recover, and left as it is', async () => {
    await mkdir(secretFile());
    await expect(loadOrCreateSecret(dataDir)).rejects.toThrow(
      `Secret file ${secretFile()} is damaged (expected 64 hex characters, found a folder)`,
    );
    expect((await stat(secretFile())).isDirectory()).toBe(true);
  });
});

describe('the local secret, missing from a store', () => {
  it.each([
    [
      'a table',
      async () => {
        await mkdir(dataDir.dynamodbPath);
        await writeFile(path.join(dataDir.dynamodbPath, 'CURRENT'), 'MANIFEST-000004\n');
      },
      () => `a table in ${dataDir.dynamodbPath}`,
    ],
    [
      'prepared issues',
      async () => {
        await mkdir(dataDir.issuesPath);
        await writeFile(path.join(dataDir.issuesPath, 'an-issue.json'), '{}');
      },
      () => `1 prepared issue(s) in ${dataDir.issuesPath}`,
    ],
  ])(
    'is not made again where the store holds %s (every subscriber would get a second id)',
    async (_, makeStore, holds) => {
      await makeStore();
      await expect(loadOrCreateSecret(dataDir)).rejects.toThrow(
        `Secret file ${secretFile()} is missing, but ${dataDir.root} holds ${holds()}. Every ` +
          'subscriber id and every link already sent depends on it, so no new one is made: restore ' +
          'it from a backup, or, if this is not a newsletter data folder, pass another --data-dir',
      );
      await expect(stat(secretFile())).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});

describe('the data-folder lock', () => {
  it('names --data-dir, in one line, when a file is where the folder should be', async () => {
    const file = path.join(dataDir.root, 'a-file');
    await writeFile(file, 'not a folder');
    await expect(lockDataDir(resolveDataDir(file), 'send')).rejects.toThrow(
      `--data-dir: ${file} is a file (or inside one), not a folder — pass a folder you can write to`,
    );
    await expect(lockDataDir(resolveDataDir(path.join(file, 'store')), 'send')).rejects.toThrow(
      `--data-dir: ${path.join(file, 'store')} is a file (or inside one), not a folder`,
    );
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });

  // No newsletter command makes a folder there; read as a lock it gave "EISDIR: illegal
  // operation on a directory, read", naming nothing.
  it.each([
    ['lock', async () => {}],
    // Met while taking over a dead process's lock.
    [
      'lock.takeover',
      () => writeFile(lockFile(), JSON.stringify({ pid: deadPid(), command: 'send' })),
    ],
  ])(
    'names a folder where its file %s should be, leaving the folder as it is',
    async (name, setUp) => {
      await mkdir(path.join(dataDir.root, name));
      await setUp();
      await expect(lockDataDir(dataDir, 'send')).rejects.toThrow(
        `Lock file ${path.join(dataDir.root, name)} is a folder, which no newsletter command makes: move it out of ${dataDir.root} and run again`,
      );
      expect((await stat(path.join(dataDir.root, name))).isDirectory()).toBe(true);
    },
  );

  it('cannot be taken twice in one process, even at once, until it is released', async () => {
    const [first, second] = await Promise.allSettled([
      lockDataDir(dataDir, 'api'),
      lockDataDir(dataDir, 'send'),
    ]);
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(DataDirInUseError) });
    const lock = (first as PromiseFulfilledResult<{ release(): Promise<void> }>).value;
    await expect(lockDataDir(dataDir, 'send')).rejects.toThrow(/is in use by `newsletter api`/);
    await lock.release();
    const again = await lockDataDir(dataDir, 'send');
    await again.release();
  });

  // Three child processes loading tsx: slow on a busy 2-core machine.
  it('is taken over from a process that died by exactly one of the processes racing for it', {
    timeout: 45_000,
  }, async () => {
    await writeFile(
      lockFile(),
      JSON.stringify({ pid: deadPid(), command: 'send', since: '2026-11-26T12:00:00.000Z' }),
    );
    // Each racer says whether it took the lock; one that did keeps it until it is stopped.
    const racer = [
      `const { lockDataDir, resolveDataDir } = await import(${JSON.stringify(DATA_DIR_MODULE)});`,
      `const dir = resolveDataDir(${JSON.stringify(dataDir.root)});`,
      'try { await lockDataDir(dir, "api"); console.log("took"); setInterval(() => {}, 1000); }',
      'catch (error) { console.log(error.name); setInterval(() => {}, 1000); }',
    ].join('\n');
    const racers = Array.from({ length: 3 }, () => startScript(racer));
    try {
      const outcomes = await Promise.all(racers.map((r) => r.firstLine));
      expect(outcomes.sort()).toEqual(['DataDirInUseError', 'DataDirInUseError', 'took']);
    } finally {
      for (const r of racers) r.stop();
    }
  });

  // No process holds pid 0 or a negative one, but kill(0) and kill(-1) signal a group and
  // succeed: such a lock (damaged, another program's) kept the folder "in use by
  // `newsletter undefined` (pid 0)" for good.
  it.each([
    [{ pid: 0, command: 'send' }],
    [{ pid: -1, command: 'send' }],
    [{ pid: 1.5, command: 'send' }],
    [[process.ppid]],
  ])('takes over a lock that names no process a newsletter command runs in: %j', async (held) => {
    await writeFile(lockFile(), JSON.stringify(held));
    const lock = await lockDataDir(dataDir, 'api');
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ command: 'api' });
    await lock.release();
  });

  it('names a live holder whose lock does not say its command as a newsletter command, not `newsletter undefined`', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: process.ppid }));
    await expect(lockDataDir(dataDir, 'api')).rejects.toThrow(
      `Data folder ${dataDir.root} is in use by a newsletter command (pid ${process.ppid}); wait`,
    );
  });

  it('takes over a lock with this pid that this process does not hold (a container restarted as pid 1)', async () => {
    await writeFile(
      lockFile(),
      JSON.stringify({ pid: process.pid, command: 'send', since: '2026-11-26T12:00:00.000Z' }),
    );
    const lock = await lockDataDir(dataDir, 'api');
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ command: 'api' });
    await lock.release();
  });
});
