import { describe, expect, it } from 'vitest';
import { reportIssue } from '../../../lambda/core/issue/issue-report';
import type { Issue } from '../../../lambda/core/model';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-05-04T12:00:00.000Z');

function issue(status: Issue['status'], updatedAt: string): Issue {
  return {
    id: 'weekly-1',
    articleKey: 'articles/weekly.md',
    title: 'Weekly',
    lead: 'A lead.',
    keyPoints: [],
    status,
    counts: { recipients: 4, sent: 1, failed: 0, skipped: 0 },
    createdAt: '2026-05-04T08:00:00.000Z',
    updatedAt,
  };
}

describe('the report of an issue that stopped moving', () => {
  const stall = { now: NOW, afterMs: HOUR };

  it('gives the time a sending issue last moved once that is the stall time ago or more', () => {
    expect(
      reportIssue(issue('sending', '2026-05-04T11:00:00.000Z'), undefined, stall),
    ).toMatchObject({ stalledSince: '2026-05-04T11:00:00.000Z', pending: 3 });
    expect(
      reportIssue(issue('sending', '2026-05-04T11:00:00.001Z'), undefined, stall),
    ).not.toHaveProperty('stalledSince');
  });

  it('never for a paused, planned or sent issue, nor when no stall time is given', () => {
    const old = '2026-05-03T00:00:00.000Z';
    for (const status of ['paused', 'composing', 'sent'] as const) {
      expect(reportIssue(issue(status, old), undefined, stall)).not.toHaveProperty('stalledSince');
    }
    expect(reportIssue(issue('sending', old))).not.toHaveProperty('stalledSince');
  });
});
