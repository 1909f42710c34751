/** The targets (issue 7) and the check of a run's figures against them. */
export const TARGETS = {
  /** Naive per-recipient render (MJML compile per recipient) ÷ prepareMessage. */
  minSpeedup: 200,
  /** prepareMessage per recipient, median. */
  maxPrepareUs: 50,
  /** The deliver bundle's cold start as a multiple of a bare `node -e 0`. */
  maxColdStartRatio: 2,
  /** The seed issue's decoded HTML part; Gmail clips messages whose HTML passes 102 KB. */
  maxSeedHtmlBytes: 60 * 1024,
} as const;

export interface TargetFigures {
  readonly speedup: number;
  readonly prepareMedianUs: number;
  readonly coldStartMs: number;
  readonly nodeBaselineMs: number;
  readonly seedHtmlBytes: number;
}

export interface TargetResult {
  /** The target as a reader would write it, e.g. "≥ 200". */
  readonly target: string;
  readonly actual: number;
  readonly pass: boolean;
}

export type TargetName = 'speedup' | 'prepareMedianUs' | 'coldStartRatio' | 'seedHtmlBytes';

export function checkTargets(figures: TargetFigures): Record<TargetName, TargetResult> {
  const coldStartRatio = figures.coldStartMs / figures.nodeBaselineMs;
  return {
    speedup: {
      target: `≥ ${TARGETS.minSpeedup} ×`,
      actual: figures.speedup,
      pass: figures.speedup >= TARGETS.minSpeedup,
    },
    prepareMedianUs: {
      target: `≤ ${TARGETS.maxPrepareUs} µs`,
      actual: figures.prepareMedianUs,
      pass: figures.prepareMedianUs <= TARGETS.maxPrepareUs,
    },
    coldStartRatio: {
      target: `≤ ${TARGETS.maxColdStartRatio} × node -e 0`,
      actual: Number(coldStartRatio.toFixed(2)),
      pass: coldStartRatio <= TARGETS.maxColdStartRatio,
    },
    seedHtmlBytes: {
      target: `≤ ${TARGETS.maxSeedHtmlBytes} B (60 KiB)`,
      actual: figures.seedHtmlBytes,
      pass: figures.seedHtmlBytes <= TARGETS.maxSeedHtmlBytes,
    },
  };
}
