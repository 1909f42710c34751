import { NewsletterError } from '../../core/errors';
import { type IssueReport, reportIssue } from '../../core/issue/issue-report';
import type { Issue } from '../../core/model';
import { type Target, type TargetOptions, withTarget } from './target';

export interface StatusOptions extends TargetOptions {
  /** Only this issue. */
  readonly issue?: string;
  /** Print `{"issues":[…]}`. */
  readonly json?: boolean;
}

/** The reports of the target's issues, newest first (or of the one asked for). */
export async function readIssueReports(target: Target, issueId?: string): Promise<IssueReport[]> {
  let issues: Issue[];
  if (issueId === undefined) {
    issues = await target.issues.list();
  } else {
    const issue = await target.issues.get(issueId);
    if (!issue) {
      throw new NewsletterError(
        `No issue ${issueId} in ${target.where}; run newsletter status to list the issues`,
      );
    }
    issues = [issue];
  }
  // An issue still in flight is counted from the ledger; a sent one's counters are final.
  return Promise.all(
    issues.map(async (issue) =>
      reportIssue(
        issue,
        issue.status === 'sent' ? undefined : await target.ledger.countByState(issue.id),
      ),
    ),
  );
}

/** `newsletter status [--issue ID] [--json]`: where each issue stands, newest first. */
export async function runStatus(options: StatusOptions): Promise<void> {
  const reports = await withTarget(options, 'status', (target) =>
    readIssueReports(target, options.issue),
  );
  process.stdout.write(
    options.json ? `${JSON.stringify({ issues: reports }, null, 2)}\n` : formatReports(reports),
  );
}

/** A table: one line per issue, then the reason of each paused one. */
export function formatReports(reports: readonly IssueReport[]): string {
  if (reports.length === 0) return 'No issues yet: newsletter send starts one.\n';
  const header = [
    'ISSUE',
    'STATUS',
    'RECIPIENTS',
    'SENT',
    'FAILED',
    'SKIPPED',
    'PENDING',
    'STARTED',
    'FINISHED',
    'TITLE',
  ];
  const rows = reports.map((r) => [
    r.id,
    r.status,
    String(r.recipients),
    String(r.sent),
    String(r.failed),
    String(r.skipped),
    String(r.pending),
    minutes(r.startedAt),
    r.finishedAt ? minutes(r.finishedAt) : '-',
    r.title,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}\n`;
  const paused = reports
    .filter((r) => r.status === 'paused')
    .map((r) => `${r.id} is paused: ${r.reason ?? 'no reason recorded'}\n`);
  return [line(header), ...rows.map(line), ...paused].join('');
}

/** `2026-05-04 09:00 UTC`-style time, short enough for a table. */
function minutes(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
