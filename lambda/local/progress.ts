import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the total once known (planning may still be enumerating subscribers). */
  setTotal(total: number): void;
  tick(outcome: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on anything else (CI logs, pipes) a plain line at each 10 %, so
 * logs stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const counts = new Map<string, number>();
  const summary = () =>
    [...counts].map(([outcome, n]) => `${outcome} ${n}`).join(', ') || 'starting';
  let done = 0;
  let total = 0;

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'Sending |{bar}| {value}/{total} recipients · {eta_formatted} left · {summary}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, { summary: summary() });
    return {
      setTotal(n) {
        total = n;
        bar.setTotal(n);
      },
      tick(outcome) {
        counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
        bar.increment(1, { summary: summary() });
      },
      stop: () => bar.stop(),
    };
  }

  let nextReport = 0.1;
  return {
    setTotal(n) {
      total = n;
    },
    tick(outcome) {
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      done++;
      if (total > 0 && done / total >= nextReport) {
        stream.write(`Sending: ${done}/${total} recipients (${summary()})\n`);
        while (done / total >= nextReport) nextReport += 0.1;
      }
    },
    stop() {},
  };
}
