import { describe, expect, it } from 'vitest';
import {
  fileErrorMessage,
  isPermissionDenied,
  permissionAdvice,
} from '../../../lambda/adapters/files/file-errors';
import { unreadableReason } from '../../../lambda/adapters/files/missing-file';
import { storeOpenProblem } from '../../../lambda/local/emulators';

/** An error as Node's fs gives it. */
function fsError(code: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: denied, open '${path}'`);
  return Object.assign(error, { code, syscall: 'open', path });
}

/** An error as LevelDB (classic-level) gives it when it cannot open its folder. */
function levelError(reason: string): Error {
  const cause = Object.assign(new Error(reason), { code: 'LEVEL_IO_ERROR' });
  return Object.assign(new Error('Database failed to open', { cause }), {
    code: 'LEVEL_DATABASE_NOT_OPEN',
  });
}

describe('a permission error', () => {
  it("is Node's EACCES or EPERM, or LevelDB's IO error quoting either", () => {
    expect(isPermissionDenied(fsError('EACCES', '/d/secret'))).toBe(true);
    expect(isPermissionDenied(fsError('EPERM', '/d/secret'))).toBe(true);
    expect(isPermissionDenied(levelError('IO error: /d/dynamodb/LOCK: Permission denied'))).toBe(
      true,
    );
    expect(
      isPermissionDenied(levelError('IO error: /d/dynamodb/000005.log: Operation not permitted')),
    ).toBe(true);
    expect(isPermissionDenied(fsError('ENOENT', '/d/secret'))).toBe(false);
    expect(
      isPermissionDenied(levelError('Corruption: CURRENT file does not end with newline')),
    ).toBe(false);
    expect(isPermissionDenied(undefined)).toBe(false);
  });

  it('is told as a lack of permission on the path, with how to fix it', () => {
    expect(permissionAdvice('/d/secret')).toBe(
      'you lack permission on /d/secret: check the owner and mode (ls -l), then chown or chmod, or run as the owner',
    );
  });
});

describe('a file system error', () => {
  it('says what was denied on which path, and how to fix it', () => {
    expect(fileErrorMessage(fsError('EACCES', '/d/issues/1.json'))).toBe(
      "EACCES: denied, open '/d/issues/1.json': you lack permission on /d/issues/1.json: check the owner and mode (ls -l), then chown or chmod, or run as the owner",
    );
    expect(fileErrorMessage(fsError('ENOSPC', '/d/issues/1.json'))).toBe(
      "ENOSPC: denied, open '/d/issues/1.json'",
    );
  });

  // A file where send makes the folder in the outbox, or where the data folder's
  // issues/ goes: the bare "EEXIST: file already exists, mkdir '…'" did not say what to do.
  it('says a file is in the way of a folder, and to move it aside', () => {
    expect(
      fileErrorMessage(
        Object.assign(fsError('EEXIST', '/o/issue-1'), {
          syscall: 'mkdir',
          message: "EEXIST: file already exists, mkdir '/o/issue-1'",
        }),
      ),
    ).toBe(
      "EEXIST: file already exists, mkdir '/o/issue-1': a file is in the way of a folder on this path: move it aside and run again",
    );
    expect(fileErrorMessage(fsError('ENOTDIR', '/d/issues/1.json'))).toBe(
      "ENOTDIR: denied, open '/d/issues/1.json': a file is in the way of a folder on this path: move it aside and run again",
    );
  });
});

describe('a file a person named that cannot be read', () => {
  it('is missing, a folder, not theirs to read (and how to fix that), or names the code', async () => {
    await expect(unreadableReason('list.csv', fsError('ENOENT', 'list.csv'))).resolves.toBe(
      'was not found — check the path',
    );
    await expect(unreadableReason('list.csv', fsError('EISDIR', 'list.csv'))).resolves.toBe(
      'is a directory — pass a file',
    );
    await expect(unreadableReason('list.csv', fsError('EACCES', 'list.csv'))).resolves.toBe(
      'cannot be read: you lack permission on list.csv: check the owner and mode (ls -l), then chown or chmod, or run as the owner',
    );
    await expect(unreadableReason('list.csv', fsError('EIO', 'list.csv'))).resolves.toBe(
      'cannot be read (EIO)',
    );
  });
});

describe('a local store that cannot be opened', () => {
  it('for lack of permission says so and how to fix it, not to restore a backup', () => {
    const problem = storeOpenProblem(
      '/d/dynamodb',
      levelError('IO error: /d/dynamodb/LOCK: Permission denied'),
    );
    expect(problem).toBe(
      'The local store in /d/dynamodb cannot be opened (IO error: /d/dynamodb/LOCK: Permission denied): you lack permission on /d/dynamodb or the files in it: check the owner and mode (ls -l), then chown or chmod, or run as the owner',
    );
    expect(problem).not.toContain('backup');
  });

  it('for damage says to restore it or move it aside', () => {
    expect(
      storeOpenProblem(
        '/d/dynamodb',
        levelError('Corruption: CURRENT file does not end with newline'),
      ),
    ).toBe(
      'The local store in /d/dynamodb cannot be opened (Corruption: CURRENT file does not end with newline): restore the folder from a backup, or move it aside and run again to start a new store',
    );
  });
});
