/**
 * Calls `interrupt` with what came (`Ctrl-C`, or `SIGTERM` from a process manager, `timeout` or
 * `docker stop`) at the first Ctrl-C or SIGTERM, after writing `stopping` to stderr, until the
 * function it returns is called. The listener goes at the first signal, so a second one ends the
 * process at once (Node's default).
 */
function onFirstInterruption(stopping: string, interrupt: (by: string) => void): () => void {
  const listener = (signal: NodeJS.Signals) => {
    remove();
    const by = signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C';
    process.stderr.write(`\n${stopping} (${by} again quits at once).\n`);
    interrupt(by);
  };
  const remove = () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return remove;
}

/**
 * Runs `work` with a signal the first Ctrl-C (or SIGTERM) aborts, after writing `stopping` to
 * stderr, so a long command can finish what is in flight, record it and say where it stopped. A
 * second Ctrl-C ends the process at once. The abort's reason says which it was:
 * `interrupted (Ctrl-C)`, `interrupted (SIGTERM)`.
 */
export async function untilInterrupted<T>(
  stopping: string,
  work: (interrupted: AbortSignal) => Promise<T>,
): Promise<T> {
  const interruption = new AbortController();
  const remove = onFirstInterruption(stopping, (by) => interruption.abort(`interrupted (${by})`));
  try {
    return await work(interruption.signal);
  } finally {
    remove();
  }
}

/**
 * Runs `work`, which a Ctrl-C must not cut short, holding the first Ctrl-C (or SIGTERM) off until
 * it is done, after writing `stopping` to stderr; says whether one came. A second Ctrl-C ends the
 * process at once.
 */
export async function holdingInterruption<T>(
  stopping: string,
  work: () => Promise<T>,
): Promise<{ readonly value: T; readonly interrupted: boolean }> {
  let interrupted = false;
  const remove = onFirstInterruption(stopping, () => {
    interrupted = true;
  });
  try {
    const value = await work();
    return { value, interrupted };
  } finally {
    remove();
  }
}
