/**
 * The system's refusal for lack of permission: Node's EACCES or EPERM, or a LevelDB IO error,
 * which carries no code but quotes the system's message for them.
 */
export function isPermissionDenied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return true;
  const reason = (error.cause as Error | undefined)?.message ?? error.message;
  return /: (?:Permission denied|Operation not permitted)$/.test(reason);
}

/**
 * How to get past a permission error on `where`: the files are not damaged (restoring a backup
 * would be wrong advice), they belong to another user or their mode keeps this one out.
 */
export function permissionAdvice(where: string): string {
  return `you lack permission on ${where}: check the owner and mode (ls -l), then chown or chmod, or run as the owner`;
}

/**
 * A file system error's message (it names the call and the path: `EACCES: permission denied,
 * open 'outbox/x/1.eml'`), followed by how to fix it when the user lacks permission on the path
 * or a file stands where a folder must be made or entered.
 */
export function fileErrorMessage(error: Error): string {
  const { path, code, syscall } = error as NodeJS.ErrnoException;
  if (path === undefined) return error.message;
  if (isPermissionDenied(error)) return `${error.message}: ${permissionAdvice(path)}`;
  if (code === 'ENOTDIR' || (code === 'EEXIST' && syscall === 'mkdir')) {
    return `${error.message}: a file is in the way of a folder on this path: move it aside and run again`;
  }
  return error.message;
}
