/**
 * The targets (issue 15: what users feel; issue 6: the preview's live reload) and the check of a
 * run's figures against them. The per-recipient render targets of issue 7 are retired: their
 * figures stay in the report.
 */
export const TARGETS = {
  /** deliver's and the subscription API's cold starts, as a multiple of a bare `node -e 0`. */
  maxColdStartRatio: 3,
  /** CPU the sending process spends per delivered message, ledger writes included. */
  maxSenderCpuMsPerMessage: 2,
  /** Planning an issue for 100,000 active subscribers. */
  maxPlan100kSeconds: 2,
  /** The seed issue's decoded HTML part; Gmail clips messages whose HTML passes 102 KB. */
  maxSeedHtmlBytes: 60 * 1024,
  /** The whole `npm test` on this 2-core machine (measured only with --npm-test). */
  maxNpmTestSeconds: 90,
  /** From saving a template or an article to the open preview page showing it, every edit. */
  maxPreviewEditMs: 1000,
} as const;

export interface TargetFigures {
  readonly nodeBaselineMs: number;
  readonly coldStartWithSdkMs: number;
  readonly apiColdStartMs: number;
  readonly senderCpuMsPerMessage: number;
  /** null when the run planned another number of subscribers. */
  readonly plan100kSeconds: number | null;
  readonly seedHtmlBytes: number;
  /** null when the run did not time `npm test`. */
  readonly npmTestSeconds?: number | null;
  /** The slowest timed preview edit; null when the run left the preview out (--no-preview). */
  readonly previewEditMaxMs?: number | null;
}

export interface TargetResult {
  /** The target as a reader would write it, e.g. "≤ 3 × node -e 0". */
  readonly target: string;
  readonly actual: number;
  readonly pass: boolean;
}

export type TargetName =
  | 'deliverColdStartRatio'
  | 'apiColdStartRatio'
  | 'senderCpuMsPerMessage'
  | 'plan100kSeconds'
  | 'seedHtmlBytes'
  | 'npmTestSeconds'
  | 'previewEditMaxMs';

/** The figure against its limit; undefined when the run has no figure (null or left out). */
function atMost(
  actual: number | null | undefined,
  limit: number,
  target: string,
): TargetResult | undefined {
  if (actual === null || actual === undefined) return undefined;
  return { target, actual: Number(actual.toFixed(2)), pass: actual <= limit };
}

/** Every target the run has a figure for. */
export function checkTargets(figures: TargetFigures): Partial<Record<TargetName, TargetResult>> {
  const ratio = `≤ ${TARGETS.maxColdStartRatio} × node -e 0`;
  const results: Record<TargetName, TargetResult | undefined> = {
    deliverColdStartRatio: atMost(
      figures.coldStartWithSdkMs / figures.nodeBaselineMs,
      TARGETS.maxColdStartRatio,
      ratio,
    ),
    apiColdStartRatio: atMost(
      figures.apiColdStartMs / figures.nodeBaselineMs,
      TARGETS.maxColdStartRatio,
      ratio,
    ),
    senderCpuMsPerMessage: atMost(
      figures.senderCpuMsPerMessage,
      TARGETS.maxSenderCpuMsPerMessage,
      `≤ ${TARGETS.maxSenderCpuMsPerMessage} ms`,
    ),
    plan100kSeconds: atMost(
      figures.plan100kSeconds,
      TARGETS.maxPlan100kSeconds,
      `≤ ${TARGETS.maxPlan100kSeconds} s`,
    ),
    seedHtmlBytes: atMost(
      figures.seedHtmlBytes,
      TARGETS.maxSeedHtmlBytes,
      `≤ ${TARGETS.maxSeedHtmlBytes} B (60 KiB)`,
    ),
    npmTestSeconds: atMost(
      figures.npmTestSeconds,
      TARGETS.maxNpmTestSeconds,
      `≤ ${TARGETS.maxNpmTestSeconds} s`,
    ),
    previewEditMaxMs: atMost(
      figures.previewEditMaxMs,
      TARGETS.maxPreviewEditMs,
      `≤ ${TARGETS.maxPreviewEditMs} ms`,
    ),
  };
  return Object.fromEntries(
    Object.entries(results).filter(([, result]) => result !== undefined),
  ) as Partial<Record<TargetName, TargetResult>>;
}
