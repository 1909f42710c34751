import { type Issue, isUnfinished } from '../model';
import type { DeliveryLedger, IssueStore } from '../ports';

export interface FinishDeps {
  readonly issues: IssueStore;
  readonly ledger: Pick<DeliveryLedger, 'countByState'>;
}

/**
 * Marks a `sending` or `paused` issue `sent` once every planned recipient has an outcome (sent,
 * failed or skipped) in the delivery ledger. The issue's counters only say when to look: deliver
 * adds them after each batch, and a batch redelivered after a crash counts again the outcomes an
 * earlier attempt may not have counted, so they can run ahead of the ledger but never stay
 * behind it. When they reach the number of recipients, the ledger is counted and decides; the
 * issue is marked sent with the ledger's figures. Compose (after planning) and deliver (after
 * each batch) both call this after their own write, so whichever finishes last sees the end.
 * `known` is the issue as just read or written, to save a read. Returns `marked` when this call
 * marked the issue sent, `earlier` when it was sent already (another call marked it, perhaps a
 * moment before), and false while someone is still pending: an issue finishes once, and only the
 * call that marked it says so (deliver's IssuesSent, its 'Issue sent' line).
 */
export async function finishIssueIfDelivered(
  deps: FinishDeps,
  issueId: string,
  known?: Issue,
): Promise<'marked' | 'earlier' | false> {
  const issue = known ?? (await deps.issues.get(issueId));
  if (!issue) return false;
  if (issue.status === 'sent') return 'earlier';
  if (!isUnfinished(issue.status)) return false;
  const { recipients, sent, failed, skipped } = issue.counts;
  if (sent + failed + skipped < recipients) return false;
  const ledger = await deps.ledger.countByState(issueId);
  if (ledger.sent + ledger.failed + ledger.skipped < recipients) return false;
  const changed = await deps.issues.changeStatus(issueId, {
    from: ['sending', 'paused'],
    to: 'sent',
    counts: { sent: ledger.sent, failed: ledger.failed, skipped: ledger.skipped },
  });
  if (changed) return 'marked';
  return (await deps.issues.get(issueId))?.status === 'sent' ? 'earlier' : false;
}
