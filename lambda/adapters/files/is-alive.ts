/**
 * Whether the process `pid` runs (the holder of a lock, the writer of a part-written file). A pid
 * of 0 or below signals a group, which would always answer alive: callers pass one above 0.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
