/**
 * Small in-memory implementations of the core's ports, for unit tests of core logic. Everything
 * that crosses a wire is tested against real local servers instead (test/integration).
 */
import type {
  Delivery,
  DeliveryState,
  Issue,
  IssueCounts,
  Subscriber,
} from '../../lambda/core/model';
import {
  type ArticleRecord,
  type ArticleVersion,
  type ClaimResult,
  type Clock,
  type ComposedIssue,
  type ComposeJournal,
  type DeliveryLedger,
  type IssueArchive,
  type IssueStore,
  type LogFields,
  type Logger,
  type LogLevel,
  type Mailer,
  type OutgoingMessage,
  PASSED_OVER_RETENTION_DAYS,
  type PassedOverArticle,
  type RateCounter,
  type SubscriberStore,
} from '../../lambda/core/ports';
import type { PreparedIssue } from '../../lambda/core/render/types';

/** A clock whose sleeps advance virtual time at once: rate limits and backoff cost no real time. */
export function createFakeClock(start = Date.UTC(2026, 10, 26, 12)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      now += ms;
    },
  };
}

/** One recorded log call: its level, message and fields, flattened. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** A logger that keeps every entry, for assertions on what was logged (and what was not). */
export function createRecordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogLevel) =>
    (message: string, ...fields: LogFields[]) => {
      entries.push({ ...Object.assign({}, ...fields), level, message });
    };
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

export function createMemorySubscriberStore(initial: Subscriber[] = []): SubscriberStore & {
  readonly rows: Map<string, Subscriber>;
  /** Erased ids and when. */
  readonly tombstones: Map<string, string>;
} {
  const rows = new Map(initial.map((s) => [s.id, s]));
  const tombstones = new Map<string, string>();
  return {
    rows,
    tombstones,
    async get(id) {
      return rows.get(id);
    },
    async getMany(ids) {
      return ids.flatMap((id) => rows.get(id) ?? []);
    },
    async create(subscriber) {
      if (rows.has(subscriber.id) || tombstones.has(subscriber.id)) return false;
      rows.set(subscriber.id, subscriber);
      return true;
    },
    async put(subscriber) {
      if (tombstones.has(subscriber.id)) throw new Error(`subscriber ${subscriber.id} was erased`);
      rows.set(subscriber.id, subscriber);
    },
    async replace(next, previous) {
      if (next.id !== previous.id) {
        throw new Error(`Subscriber ${previous.id} cannot be replaced by subscriber ${next.id}`);
      }
      const current = rows.get(previous.id);
      if (
        current?.status !== previous.status ||
        current.bounces !== previous.bounces ||
        current.updatedAt !== previous.updatedAt
      ) {
        return false;
      }
      rows.set(next.id, next);
      return true;
    },
    async erase(id, at) {
      if (!rows.delete(id)) return false;
      tombstones.set(id, at);
      return true;
    },
    async erasedAt(id) {
      return tombstones.get(id);
    },
    async *activeIds(pageSize = 100) {
      const ids = [...rows.values()].filter((s) => s.status === 'active').map((s) => s.id);
      for (let i = 0; i < ids.length; i += pageSize) yield ids.slice(i, i + pageSize);
    },
    async *all() {
      yield [...rows.values()];
    },
  };
}

/** Fixed-window counters in memory, with the same contract as the DynamoDB counter. */
export function createMemoryRateCounter(): RateCounter & { readonly hits: Map<string, number> } {
  const hits = new Map<string, number>();
  return {
    hits,
    async take(key, limit, windowMs, now) {
      const windowStart = now - (now % windowMs);
      const slot = `${key}@${windowStart}`;
      const count = hits.get(slot) ?? 0;
      const retryAfterMs = windowStart + windowMs - now;
      if (count >= limit) return { allowed: false, retryAfterMs };
      hits.set(slot, count + 1);
      return { allowed: true, retryAfterMs };
    },
    async giveBack(key, windowMs, takenAt) {
      const slot = `${key}@${takenAt - (takenAt % windowMs)}`;
      const count = hits.get(slot) ?? 0;
      if (count > 0) hits.set(slot, count - 1);
    },
  };
}

export function createMemoryIssueStore(): IssueStore & { readonly rows: Map<string, Issue> } {
  const rows = new Map<string, Issue>();
  const must = (id: string) => {
    const issue = rows.get(id);
    if (!issue) throw new Error(`Issue ${id} does not exist`);
    return issue;
  };
  return {
    rows,
    async get(id) {
      return rows.get(id);
    },
    async create(issue) {
      if (rows.has(issue.id)) return false;
      rows.set(issue.id, issue);
      return true;
    },
    async changeStatus(id, { from, to, counts, pausedReason }) {
      const current = rows.get(id);
      if (!current || !from.includes(current.status)) return false;
      const { pausedReason: _, ...issue } = current;
      rows.set(id, {
        ...issue,
        status: to,
        ...(to === 'paused' ? { pausedReason: pausedReason ?? 'no reason given' } : {}),
        counts: { ...issue.counts, ...counts },
      });
      return true;
    },
    async raiseRecipients(id, recipients) {
      const issue = rows.get(id);
      if (!issue || issue.status === 'sent' || issue.counts.recipients >= recipients) return;
      rows.set(id, { ...issue, counts: { ...issue.counts, recipients } });
    },
    async addCounts(id, delta) {
      const issue = must(id);
      if (issue.status === 'sent') return issue;
      const counts: IssueCounts = {
        recipients: issue.counts.recipients + (delta.recipients ?? 0),
        sent: issue.counts.sent + (delta.sent ?? 0),
        failed: issue.counts.failed + (delta.failed ?? 0),
        skipped: issue.counts.skipped + (delta.skipped ?? 0),
      };
      const updated = { ...issue, counts, updatedAt: new Date().toISOString() };
      rows.set(id, updated);
      return updated;
    },
  };
}

export function createMemoryLedger(): DeliveryLedger & { readonly rows: Map<string, Delivery> } {
  const rows = new Map<string, Delivery>();
  const key = (issueId: string, subscriberId: string) => `${issueId}/${subscriberId}`;
  const finish = (issueId: string, subscriberId: string, change: Partial<Delivery>) => {
    const current = rows.get(key(issueId, subscriberId));
    if (!current) {
      throw new Error(
        `Delivery of issue ${issueId} to subscriber ${subscriberId} was never claimed`,
      );
    }
    rows.set(key(issueId, subscriberId), { ...current, ...change, leaseUntil: undefined });
  };
  return {
    rows,
    async claim(issueId, subscriberId, leaseUntil, now): Promise<ClaimResult> {
      const current = rows.get(key(issueId, subscriberId));
      if (current && current.state !== 'claimed') return { outcome: 'done', delivery: current };
      if (current && (current.leaseUntil ?? 0) >= now)
        return { outcome: 'busy', delivery: current };
      const attempts = (current?.attempts ?? 0) + 1;
      rows.set(key(issueId, subscriberId), {
        issueId,
        subscriberId,
        state: 'claimed',
        attempts,
        leaseUntil,
        at: new Date(now).toISOString(),
      });
      return { outcome: 'claimed', attempts, tookOver: (current?.leaseUntil ?? 0) > 0 };
    },
    async markSent(issueId, subscriberId, messageId) {
      finish(issueId, subscriberId, { state: 'sent', messageId });
    },
    async markFailed(issueId, subscriberId, reason) {
      finish(issueId, subscriberId, { state: 'failed', reason });
    },
    async markSkipped(issueId, subscriberId, reason) {
      finish(issueId, subscriberId, { state: 'skipped', reason });
    },
    async release(issueId, subscriberId) {
      const current = rows.get(key(issueId, subscriberId));
      // Only a live claim is given back: a finished entry stays finished.
      if (current?.state === 'claimed') {
        rows.set(key(issueId, subscriberId), { ...current, leaseUntil: 0 });
      }
    },
    async get(issueId, subscriberId) {
      return rows.get(key(issueId, subscriberId));
    },
    async getMany(issueId, subscriberIds) {
      return [...new Set(subscriberIds)].flatMap((id) => rows.get(key(issueId, id)) ?? []);
    },
    async countByState(issueId) {
      const counts: Record<DeliveryState, number> = { claimed: 0, sent: 0, failed: 0, skipped: 0 };
      for (const delivery of rows.values()) {
        if (delivery.issueId === issueId) counts[delivery.state]++;
      }
      return counts;
    },
  };
}

/** A mailer that records what it was given and can be told to fail. */
export function createRecordingMailer(
  fail?: (message: OutgoingMessage, call: number) => Error | undefined,
): Mailer & { readonly sent: OutgoingMessage[]; calls: number } {
  const sent: OutgoingMessage[] = [];
  const mailer = {
    sent,
    calls: 0,
    async send(message: OutgoingMessage) {
      mailer.calls++;
      const error = fail?.(message, mailer.calls);
      if (error) throw error;
      sent.push(message);
      return { messageId: `msg-${sent.length}` };
    },
  };
  return mailer;
}

export function createMemoryArchive(): IssueArchive & {
  readonly html: Map<string, string>;
  readonly prepared: Map<string, PreparedIssue>;
} {
  const html = new Map<string, string>();
  const prepared = new Map<string, PreparedIssue>();
  return {
    html,
    prepared,
    async save(issueId, files) {
      html.set(issueId, files.html);
      prepared.set(issueId, files.prepared);
    },
    async loadPrepared(issueId) {
      return prepared.get(issueId);
    },
  };
}

export function subscriber(
  id: string,
  status: Subscriber['status'] = 'active',
  email = `${id}@example.com`,
): Subscriber {
  const at = '2026-11-01T00:00:00.000Z';
  return {
    id,
    email,
    name: null,
    status,
    consent: { at, source: 'import' },
    bounces: 0,
    createdAt: at,
    updatedAt: at,
  };
}

export function createMemoryComposeJournal(): ComposeJournal & {
  readonly articles: Map<string, ArticleRecord>;
} {
  const requests = new Map<string, ComposedIssue>();
  const articles = new Map<string, ArticleRecord>();
  const versionKey = (version: ArticleVersion) => `${version.key}@${version.etag}`;
  return {
    articles,
    async requestIssue(key) {
      return requests.get(key);
    },
    async recordRequest(key, made) {
      const earlier = requests.get(key);
      if (earlier) return earlier;
      requests.set(key, made);
      return made;
    },
    async articleRecords(versions) {
      const found = new Map<string, ArticleRecord>();
      for (const version of versions) {
        const record = articles.get(versionKey(version));
        if (record) found.set(version.key, record);
      }
      return found;
    },
    async issueOfKey(key) {
      for (const [version, record] of articles) {
        if (version.slice(0, version.lastIndexOf('@')) === key && 'issueId' in record) {
          return record.issueId;
        }
      }
      return undefined;
    },
    async recordArticle(version, record) {
      articles.set(versionKey(version), record);
    },
    async passedOver(now) {
      const since = new Date(now - PASSED_OVER_RETENTION_DAYS * 24 * 60 * 60 * 1000).toISOString();
      const passedOver: PassedOverArticle[] = [];
      for (const [version, record] of articles) {
        if (!('rejected' in record) || record.at < since) continue;
        const at = version.lastIndexOf('@');
        passedOver.push({
          key: version.slice(0, at),
          etag: version.slice(at + 1),
          reason: record.rejected,
          at: record.at,
        });
      }
      return passedOver.sort((a, b) => b.at.localeCompare(a.at));
    },
  };
}
