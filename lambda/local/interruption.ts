/**
 * Runs `work` with a signal the first Ctrl-C (or SIGTERM) aborts, after writing `stopping` to
 * stderr, so a long command can finish what is in flight, record it and say where it stopped. A
 * second Ctrl-C ends the process at once: the handler is gone by then (Node's default).
 */
export async function untilInterrupted<T>(
  stopping: string,
  work: (interrupted: AbortSignal) => Promise<T>,
): Promise<T> {
  const interruption = new AbortController();
  const interrupt = () => {
    process.stderr.write(`\n${stopping} (Ctrl-C again quits at once).\n`);
    interruption.abort('interrupted (Ctrl-C)');
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await work(interruption.signal);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
