import type { DeliveryState, Issue } from '../model';

/** Where an issue stands, as `newsletter status` shows it. */
type IssueReportStatus = 'planned' | 'sending' | 'paused' | 'sent';

export interface IssueReport {
  readonly id: string;
  readonly title: string;
  readonly articleKey: string;
  readonly status: IssueReportStatus;
  /** Why a paused issue is paused. */
  readonly reason?: string;
  /** Active subscribers planned for the issue. */
  readonly recipients: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  /** Planned recipients without an outcome yet. */
  readonly pending: number;
  /** ISO time the issue was planned. */
  readonly startedAt: string;
  /** ISO time the last recipient was done, or null while it is not sent. */
  readonly finishedAt: string | null;
  /**
   * A `sending` issue that made no progress for an hour: when it last did. Its batches are then
   * most likely in the recipients dead-letter queue.
   */
  readonly stalledSince?: string;
}

/**
 * The report of one issue. `ledger` (the delivery ledger's count by state) is the truth for an
 * issue still in flight; a sent issue's counters are final.
 */
export function reportIssue(
  issue: Issue & { readonly pausedReason?: string },
  ledger?: Readonly<Record<DeliveryState, number>>,
  stall?: { readonly now: number; readonly afterMs: number },
): IssueReport {
  const { recipients } = issue.counts;
  const counts = ledger ?? issue.counts;
  const { sent, failed, skipped } = counts;
  const status: IssueReportStatus =
    issue.status === 'composing' ? 'planned' : (issue.status as IssueReportStatus);
  return {
    id: issue.id,
    title: issue.title,
    articleKey: issue.articleKey,
    status,
    ...(issue.pausedReason ? { reason: issue.pausedReason } : {}),
    recipients,
    sent,
    failed,
    skipped,
    pending: Math.max(0, recipients - sent - failed - skipped),
    startedAt: issue.createdAt,
    finishedAt: issue.status === 'sent' ? issue.updatedAt : null,
    ...(stall &&
    issue.status === 'sending' &&
    stall.now - Date.parse(issue.updatedAt) >= stall.afterMs
      ? { stalledSince: issue.updatedAt }
      : {}),
  };
}
