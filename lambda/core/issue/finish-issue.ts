import type { IssueStore } from '../ports';

/**
 * Marks a `sending` issue `sent` once every planned recipient has an outcome (sent, failed or
 * skipped). Both compose (after planning) and deliver (after each batch) call it after their own
 * write, so whichever finishes last sees the final counts and an issue never stays `sending`
 * (which would make the next scheduled run pick its article again). Returns true when the issue
 * is sent.
 */
export async function finishIssueIfDelivered(
  issues: IssueStore,
  issueId: string,
): Promise<boolean> {
  const issue = await issues.get(issueId);
  if (!issue) return false;
  if (issue.status === 'sent') return true;
  if (issue.status !== 'sending') return false;
  const { recipients, sent, failed, skipped } = issue.counts;
  if (sent + failed + skipped < recipients) return false;
  await issues.setStatus(issueId, 'sent');
  return true;
}
