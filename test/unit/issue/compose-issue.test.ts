import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../lambda/core/errors';
import { composeIssue, draftIssue } from '../../../lambda/core/issue/compose-issue';
import type { RecipientBatch } from '../../../lambda/core/model';
import {
  createFakeClock,
  createMemoryArchive,
  createMemoryIssueStore,
  createMemorySubscriberStore,
  subscriber,
} from '../../support/fakes';
import { riverArticle, testListConfig, tinyTemplate } from '../../support/issue-fixtures';

const config = testListConfig;
const template = tinyTemplate;
const article = riverArticle;

function setup(statuses: Parameters<typeof subscriber>[1][]) {
  const queued: RecipientBatch[] = [];
  const deps = {
    issues: createMemoryIssueStore(),
    subscribers: createMemorySubscriberStore(
      statuses.map((status, i) => subscriber(`s${i}`, status)),
    ),
    queue: { enqueue: async (batches: readonly RecipientBatch[]) => void queued.push(...batches) },
    archive: createMemoryArchive(),
    clock: createFakeClock(),
    config,
    template,
    batchSize: 2,
  };
  return { deps, queued };
}

describe('draftIssue', () => {
  it('derives the same issue id from the same article bytes', () => {
    const a = draftIssue(article);
    const b = draftIssue({ ...article, name: 'renamed.md' });
    expect(a.issueId).toBe(b.issueId);
    expect(a.issueId).toMatch(/^rivers-in-spring-[0-9a-f]{10}$/);
  });

  it('makes a new id with force', () => {
    expect(draftIssue(article, { forceKey: 'request-1' }).issueId).not.toBe(
      draftIssue(article).issueId,
    );
    // The same request retried: the same forced issue.
    expect(draftIssue(article, { forceKey: 'request-1' }).issueId).toBe(
      draftIssue(article, { forceKey: 'request-1' }).issueId,
    );
  });

  it('fails on a bad article before anything exists', () => {
    expect(() => draftIssue({ name: 'empty.txt', bytes: new Uint8Array() })).toThrow(ArticleError);
  });
});

describe('composeIssue', () => {
  it('archives the rendered issue and enqueues only active subscribers, in batches', async () => {
    const { deps, queued } = setup([
      'active',
      'active',
      'unsubscribed',
      'active',
      'pending',
      'suppressed',
    ]);
    const draft = draftIssue(article);
    const result = await composeIssue(deps, draft);
    expect(result).toMatchObject({ status: 'planned', recipients: 3, batches: 2, resumed: false });
    expect(queued.map((b) => b.subscriberIds)).toEqual([['s0', 's1'], ['s3']]);
    expect(deps.archive.html.get(draft.issueId)).toContain('<h1>Rivers in spring</h1>');
    expect(deps.archive.html.get(draft.issueId)).toContain('Engineers will inspect the old bridge');
    expect(deps.issues.rows.get(draft.issueId)).toMatchObject({
      status: 'sending',
      title: 'Rivers in spring',
      counts: { recipients: 3 },
    });
  });

  it('does nothing for an issue that was already sent', async () => {
    const { deps, queued } = setup(['active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    await deps.issues.setStatus(draft.issueId, 'sent');
    queued.length = 0;
    const again = await composeIssue(deps, draft);
    expect(again.status).toBe('already-sent');
    expect(queued).toEqual([]);
  });

  it('resumes an interrupted issue with the prepared copy it archived first', async () => {
    const { deps, queued } = setup(['active', 'active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    const archived = deps.archive.prepared.get(draft.issueId);
    queued.length = 0;
    const resumed = await composeIssue(
      { ...deps, template: { ...template, version: 'edited' } },
      draft,
    );
    expect(resumed).toMatchObject({ status: 'planned', resumed: true, recipients: 2 });
    expect(deps.archive.prepared.get(draft.issueId)).toBe(archived);
    expect(queued.flatMap((b) => b.subscriberIds)).toEqual(['s0', 's1']);
  });
});
