import { NewsletterError, ValidationError } from '../../core/errors';
import { DEFAULT_STALL_MS } from '../../core/issue/compose-run';
import { ISSUE_ID_PATTERN } from '../../core/issue/issue-id';
import { type IssueReport, reportIssue } from '../../core/issue/issue-report';
import type { Issue } from '../../core/model';
import { PASSED_OVER_RETENTION_DAYS, type PassedOverArticle } from '../../core/ports';
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
        // Only a stack's: there a stalled issue needs the operator; a local send says so itself.
        target.stack ? { now: Date.now(), afterMs: DEFAULT_STALL_MS } : undefined,
      ),
    ),
  );
}

/**
 * `newsletter status [--issue ID] [--json]`: where each issue stands, newest first, then the
 * uploads compose passed over (only a deployed stack runs compose; `send` checks a local article
 * before it starts).
 */
export async function runStatus(options: StatusOptions): Promise<void> {
  if (options.issue !== undefined && !ISSUE_ID_PATTERN.test(options.issue)) {
    // Refused before any store is opened: a long one is over DynamoDB's key size.
    throw new ValidationError(
      '--issue',
      'is not an issue id (up to 128 letters, digits, - and _); run newsletter status to list the issues',
    );
  }
  const { reports, passedOver } = await withTarget(options, 'status', async (target) => ({
    reports: await readIssueReports(target, options.issue),
    passedOver:
      options.issue === undefined && target.stack
        ? await target.stack.journal.passedOver(Date.now())
        : [],
  }));
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ issues: reports, passedOver }, null, 2)}\n`
      : formatReports(reports, options.stack) + formatPassedOver(passedOver),
  );
}

/** One line per upload passed over, with its reason, which says what to fix. */
function formatPassedOver(passedOver: readonly PassedOverArticle[]): string {
  if (passedOver.length === 0) return '';
  return [
    `\nUploads passed over in the last ${PASSED_OVER_RETENTION_DAYS} days, not sent:\n`,
    ...passedOver.map((article) => `${minutes(article.at)}  ${article.key}: ${article.reason}\n`),
  ].join('');
}

/**
 * What to do about an issue that stopped moving. On a stack its batches failed every receive and
 * sit in the recipients DLQ; compose puts an upload's pending recipients back on its next
 * scheduled run, but nothing finds a digest's (no upload names it): only a redrive does.
 */
function stalledLine(report: IssueReport, since: string, stack: string): string {
  const head = `${report.id} has made no progress since ${minutes(since)}`;
  const upload = report.articleKey.startsWith('articles/');
  return (
    `${head}: its recipient batches are likely in the recipients dead-letter queue` +
    `${upload ? '' : ", and only a redrive puts a digest's back"}. See why with newsletter dlq ` +
    `--stack ${stack}, fix the cause, then run newsletter dlq --stack ${stack} --redrive ` +
    `(nobody is sent twice)${upload ? '; the next scheduled run also puts its pending recipients back' : ''}\n`
  );
}

/** A table: one line per issue, then the reason of each paused one and what to do about a stalled one. */
function formatReports(reports: readonly IssueReport[], stack?: string): string {
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
  const stalled = reports.flatMap((r) =>
    r.stalledSince === undefined || stack === undefined
      ? []
      : [stalledLine(r, r.stalledSince, stack)],
  );
  return [line(header), ...rows.map(line), ...paused, ...stalled].join('');
}

/** `2026-05-04 09:00 UTC`-style time, short enough for a table. */
function minutes(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
