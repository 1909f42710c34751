import cliProgress from 'cli-progress';

export interface Progress {
  /**
   * Sets the total: while the list is still being planned it grows (`final` false, shown as
   * `1200+`), and once planning is done it is final.
   */
  setTotal(total: number, final?: boolean): void;
  tick(outcome: string): void;
  /** Sets how many are done and the count of each outcome (for progress read from elsewhere). */
  update(done: number, outcomes: Readonly<Record<string, number>>): void;
  stop(): void;
}

export interface ProgressLabels {
  /** What is happening, e.g. "Sending". @default "Sending" */
  readonly label?: string;
  /** What is counted, e.g. "rows". @default "recipients" */
  readonly unit?: string;
}

/** Without a final total, a plain-text line every this many recipients. */
const LINE_EVERY = 1_000;

/**
 * A progress bar on a terminal; on anything else (CI logs, pipes) a plain line at each 10 % of
 * the final total (every 1,000 recipients while the list is still being planned), so logs stay
 * readable.
 */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  { label = 'Sending', unit = 'recipients' }: ProgressLabels = {},
): Progress {
  const counts = new Map<string, number>();
  const summary = () =>
    [...counts]
      .filter(([, n]) => n > 0)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ');
  const detail = () => (counts.size > 0 ? ` (${summary()})` : '');
  const setCounts = (outcomes: Readonly<Record<string, number>>) => {
    for (const [outcome, n] of Object.entries(outcomes)) counts.set(outcome, n);
  };
  let done = 0;
  let total = 0;
  let final = false;

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} |{bar}| {value}/{total}{more} ${unit} · {eta_formatted} left · {summary}`,
        // The terminal is left as it was: a process that ends mid-bar (a second Ctrl-C, which
        // quits at once; keypoints --jsonl, which has no Ctrl-C of its own) cannot set it back,
        // and a hidden cursor or line wrapping turned off stayed so at the shell's prompt. The
        // bar is cut to the terminal's width instead of wrapping.
        hideCursor: false,
        linewrap: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, { summary: summary(), more: '+' });
    return {
      setTotal(n, isFinal = true) {
        bar.setTotal(n);
        bar.update({ more: isFinal ? '' : '+' });
      },
      tick(outcome) {
        counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
        bar.increment(1, { summary: summary() });
      },
      update(n, outcomes) {
        setCounts(outcomes);
        bar.update(n, { summary: summary() });
      },
      stop: () => bar.stop(),
    };
  }

  // Whole tenths, so no floating-point sum drifts past a boundary.
  let nextTenth = 1;
  const passTenths = () => {
    while (total > 0 && done * 10 >= nextTenth * total) nextTenth++;
  };
  const report = () => {
    if (!final) {
      if (done % LINE_EVERY === 0) stream.write(`${label}: ${done}/${total}+ ${unit}${detail()}\n`);
    } else if (total > 0 && done * 10 >= nextTenth * total) {
      stream.write(`${label}: ${done}/${total} ${unit}${detail()}\n`);
      passTenths();
    }
  };
  return {
    setTotal(n, isFinal = true) {
      total = n;
      final = isFinal;
      if (final) passTenths();
    },
    tick(outcome) {
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      done++;
      report();
    },
    update(n, outcomes) {
      setCounts(outcomes);
      if (n === done) return;
      done = n;
      report();
    },
    stop() {},
  };
}
