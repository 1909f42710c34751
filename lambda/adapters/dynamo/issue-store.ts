/** Issues in the single table (`ISSUE#<id>` / `META`), with counters updated atomically in place. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NewsletterError } from '../../core/errors';
import type { KeyPoint } from '../../core/keypoints/types';
import type { Issue, IssueCounts, IssueStatus } from '../../core/model';
import type { IssueStore } from '../../core/ports';
import { type Item, isConditionalCheckFailed, optional, writeIf } from './item';
import { ISSUE_SORT_KEY, issueKey } from './schema';

export interface DynamoIssueStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch milliseconds, for `updatedAt`. @default Date.now */
  readonly now?: () => number;
}

export interface DynamoIssueStore extends IssueStore {
  /**
   * Every issue, newest first (for `newsletter status`). A scan: issues are few, and it is never
   * on the send path.
   */
  list(): Promise<Issue[]>;
}

const COUNT_NAMES = ['recipients', 'sent', 'failed', 'skipped'] as const;

export function createDynamoIssueStore({
  client,
  tableName,
  now = Date.now,
}: DynamoIssueStoreOptions): DynamoIssueStore {
  const missing = (id: string) =>
    new NewsletterError(`Issue ${id} does not exist in DynamoDB table ${tableName}`);

  async function get(id: string): Promise<Issue | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: issueKey(id), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  return {
    get,

    async list() {
      const issues: Issue[] = [];
      const pages = paginateScan(
        { client },
        {
          TableName: tableName,
          FilterExpression: '#sk = :meta',
          ExpressionAttributeNames: { '#sk': 'sk' },
          ExpressionAttributeValues: { ':meta': ISSUE_SORT_KEY },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) issues.push(...(page.Items ?? []).map(fromItem));
      return issues.sort(
        (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
      );
    },

    async create(issue) {
      return writeIf(
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(issue),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    async changeStatus(id, { from, to, counts = {}, pausedReason }) {
      const update = statusUpdate(to, counts, pausedReason, now());
      const allowed = from.map((_, index) => `:from${index}`);
      const values = { ...update.ExpressionAttributeValues };
      from.forEach((status, index) => {
        values[`:from${index}`] = status;
      });
      return writeIf(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: issueKey(id),
            ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.join(', ')})`,
            ...update,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async raiseRecipients(id, recipients) {
      await writeIf(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: issueKey(id),
            ConditionExpression:
              'attribute_exists(pk) AND #status <> :final AND #counts.#recipients < :recipients',
            UpdateExpression: 'SET #counts.#recipients = :recipients, #updatedAt = :updatedAt',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#counts': 'counts',
              '#recipients': 'recipients',
              '#updatedAt': 'updatedAt',
            },
            ExpressionAttributeValues: {
              ':final': 'sent',
              ':recipients': recipients,
              ':updatedAt': new Date(now()).toISOString(),
            },
          }),
        ),
      );
    },

    async addCounts(id, delta) {
      const changed = COUNT_NAMES.filter((name) => (delta[name] ?? 0) !== 0);
      const names: Record<string, string> = {
        '#counts': 'counts',
        '#status': 'status',
        '#updatedAt': 'updatedAt',
      };
      const values: Record<string, unknown> = {
        ':final': 'sent',
        ':updatedAt': new Date(now()).toISOString(),
      };
      for (const name of changed) {
        names[`#${name}`] = name;
        values[`:${name}`] = delta[name];
      }
      if (changed.length > 0) {
        try {
          // ADD is applied by DynamoDB itself, so concurrent deliverers never lose an increment.
          const { Attributes } = await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: issueKey(id),
              ConditionExpression: 'attribute_exists(pk) AND #status <> :final',
              // updatedAt too: compose tells a stalled issue by its last progress.
              UpdateExpression: `SET #updatedAt = :updatedAt ADD ${changed.map((name) => `#counts.#${name} :${name}`).join(', ')}`,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              ReturnValues: 'ALL_NEW',
            }),
          );
          if (Attributes) return fromItem(Attributes);
        } catch (error) {
          // Sent (its counts are final) or missing: told apart by reading it.
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      const issue = await get(id);
      if (!issue) throw missing(id);
      return issue;
    },
  };
}

/** SET status (and the given counts), with `pausedReason` set for `paused` and removed otherwise. */
function statusUpdate(
  status: IssueStatus,
  counts: Partial<IssueCounts>,
  pausedReason: string | undefined,
  at: number,
) {
  const names: Record<string, string> = {
    '#status': 'status',
    '#updatedAt': 'updatedAt',
    '#pausedReason': 'pausedReason',
  };
  const values: Record<string, unknown> = {
    ':status': status,
    ':updatedAt': new Date(at).toISOString(),
  };
  const assignments = ['#status = :status', '#updatedAt = :updatedAt'];
  for (const name of COUNT_NAMES) {
    const value = counts[name];
    if (value === undefined) continue;
    names['#counts'] = 'counts';
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    assignments.push(`#counts.#${name} = :${name}`);
  }
  let remove = ' REMOVE #pausedReason';
  if (status === 'paused') {
    values[':pausedReason'] = pausedReason ?? 'no reason given';
    assignments.push('#pausedReason = :pausedReason');
    remove = '';
  }
  return {
    UpdateExpression: `SET ${assignments.join(', ')}${remove}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function toItem(issue: Issue): Item {
  return {
    ...issueKey(issue.id),
    id: issue.id,
    articleKey: issue.articleKey,
    title: issue.title,
    lead: issue.lead,
    keyPoints: issue.keyPoints.map((point) => ({ heading: point.heading, summary: point.summary })),
    status: issue.status,
    pausedReason: issue.pausedReason,
    counts: toCounts(issue.counts),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
  };
}

function fromItem(item: Item): Issue {
  const keyPoints = (item.keyPoints ?? []) as Item[];
  return {
    id: String(item.id),
    articleKey: String(item.articleKey),
    title: String(item.title),
    lead: String(item.lead ?? ''),
    keyPoints: keyPoints.map(
      (point): KeyPoint => ({
        heading: typeof point.heading === 'string' ? point.heading : null,
        summary: String(point.summary),
      }),
    ),
    status: item.status as IssueStatus,
    ...optional('pausedReason', item.pausedReason as string | undefined),
    counts: toCounts(item.counts),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

function toCounts(value: unknown): IssueCounts {
  const counts = (value ?? {}) as Partial<Record<keyof IssueCounts, unknown>>;
  return {
    recipients: Number(counts.recipients ?? 0),
    sent: Number(counts.sent ?? 0),
    failed: Number(counts.failed ?? 0),
    skipped: Number(counts.skipped ?? 0),
  };
}
