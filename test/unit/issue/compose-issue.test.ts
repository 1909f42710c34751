import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../lambda/core/errors';
import {
  composeIssue,
  draftIssue,
  redraftIssue,
  resumeIssue,
} from '../../../lambda/core/issue/compose-issue';
import type { Issue, RecipientBatch } from '../../../lambda/core/model';
import {
  createFakeClock,
  createMemoryArchive,
  createMemoryIssueStore,
  createMemoryLedger,
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

  it.each([
    ['todo.txt', 'Draft - TODO write this week'],
    ['list.md', '# Ideas\n\n- one\n- two\n- three'],
  ])('refuses %s, which has no full sentence to send', (name, text) => {
    expect(() => draftIssue({ name, bytes: new TextEncoder().encode(text) })).toThrow(
      `Article ${name} has no full sentence to send`,
    );
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
    await deps.issues.changeStatus(draft.issueId, { from: ['sending'], to: 'sent' });
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

  it('never lowers the count when planned again after someone left, nor reopens a finished issue', async () => {
    const { deps } = setup(['active', 'active', 'active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    // s2 had the issue, then unsubscribed; the request comes again.
    await deps.subscribers.put(subscriber('s2', 'unsubscribed'));
    const again = await composeIssue(deps, draft);
    expect(again).toMatchObject({ status: 'planned', resumed: true, recipients: 3 });
    expect(deps.issues.rows.get(draft.issueId)?.counts.recipients).toBe(3);

    // The deliverers finish the issue while a third plan lists the subscribers.
    const finishing = { ...deps.queue };
    finishing.enqueue = async () => {
      await deps.issues.changeStatus(draft.issueId, { from: ['sending'], to: 'sent' });
    };
    await composeIssue({ ...deps, queue: finishing }, draft);
    expect(deps.issues.rows.get(draft.issueId)?.status).toBe('sent');
  });

  it('never lowers the count another plan of the issue wrote after this one read the issue', async () => {
    const { deps } = setup(['active', 'active', 'active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    // This plan read the issue as the other one created it (no recipients yet), and s2 left
    // before it listed the subscribers, after the other plan had counted and enqueued s2.
    const stored = deps.issues.rows.get(draft.issueId) as Issue;
    const stale: Issue = {
      ...stored,
      status: 'composing',
      counts: { ...stored.counts, recipients: 0 },
    };
    deps.issues.get = async () => stale;
    await deps.subscribers.put(subscriber('s2', 'unsubscribed'));

    await composeIssue(deps, draft);

    expect(deps.issues.rows.get(draft.issueId)).toMatchObject({
      status: 'sending',
      counts: { recipients: 3 },
    });
  });

  it('takes the stored issue when another compose of it stored it first', async () => {
    const { deps } = setup(['active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    const first = deps.issues.rows.get(draft.issueId);
    // This compose read the issue before the other one created it.
    const get = deps.issues.get;
    let reads = 0;
    deps.issues.get = async (id) => (reads++ === 0 ? undefined : get(id));
    await deps.clock.sleep(60_000);

    const second = await composeIssue(deps, draft);

    expect(second).toMatchObject({ status: 'planned', resumed: true });
    expect(second.issue.createdAt).toBe(first?.createdAt);
  });
});

describe('redraftIssue', () => {
  it('plans a stored issue again from its archived copy, and says so when the copy is gone', async () => {
    const { deps, queued } = setup(['active']);
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    const stored = deps.issues.rows.get(draft.issueId);
    if (!stored) throw new Error('the issue was not stored');
    queued.length = 0;

    const again = await composeIssue(deps, redraftIssue(stored));
    expect(again).toMatchObject({ status: 'planned', resumed: true, recipients: 1 });
    expect(again.status === 'planned' && again.keyPoints.title).toBe('Rivers in spring');

    deps.archive.prepared.clear();
    queued.length = 0;
    await expect(composeIssue(deps, redraftIssue(stored))).rejects.toThrow(
      `Issue ${draft.issueId}: its prepared copy is missing from the issue archive`,
    );
    expect(queued).toEqual([]);
  });
});

describe('resumeIssue', () => {
  it('writes the ledger counts before enqueueing, so the deliverers add to them', async () => {
    const { deps } = setup(['active', 'active', 'active']);
    const ledger = createMemoryLedger();
    const draft = draftIssue(article);
    await composeIssue(deps, draft);
    await ledger.claim(draft.issueId, 's0', 1, 0);
    await ledger.markSent(draft.issueId, 's0', 'msg-0');
    const stalled = deps.issues.rows.get(draft.issueId);
    if (!stalled) throw new Error('the issue was not stored');
    // Each batch is delivered as soon as it is on the queue.
    const delivering = {
      enqueue: async (batches: readonly RecipientBatch[]) => {
        for (const { subscriberIds } of batches) {
          await deps.issues.addCounts(draft.issueId, { sent: subscriberIds.length });
        }
      },
    };

    const resumed = await resumeIssue({ ...deps, queue: delivering, ledger }, stalled);

    expect(resumed).toEqual({ recipients: 3, enqueued: 2 });
    expect(deps.issues.rows.get(draft.issueId)?.counts).toEqual({
      recipients: 3,
      sent: 3,
      failed: 0,
      skipped: 0,
    });
  });
});
