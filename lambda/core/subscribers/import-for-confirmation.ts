/**
 * An import whose rows confirm their address by email (`subscribers import --send-confirmations`):
 * each new row is written `pending` exactly as POST /subscribe's sign-up writes it (same record,
 * same 48 h expiry, but no confirmationSentAt until the sender mails it), with a consent record
 * saying it came from an import, and its sign-up is put on the sign-up queue, where the
 * confirmation sender mails it as it mails any sign-up (per-mailbox limit, the list-wide hourly
 * cap, suppression). Nobody already on the list is written or mailed.
 *
 * Resumable: the confirmation is queued after the record is written, and the record is marked
 * `confirmationQueuedAt` after the queue took it. A re-run skips every row already on the list,
 * except a pending one this import wrote but had not marked queued (the run stopped in between):
 * that one is queued then; and one whose 48 h ran out unconfirmed starts over and is mailed again.
 * Only a stop between the queue's answer and the mark (milliseconds, at most one SendMessageBatch
 * of ten) can make a re-run queue someone a second time.
 */
import type { Consent, Subscriber } from '../model';
import type { SignUpBatchQueue, SignUpRequest, SubscriberStore } from '../ports';
import { isPendingExpired, subscribe } from '../subscription/lifecycle';
import { ImportInterruptedError } from './import-subscribers';
import type { SubscriberRow } from './parse-subscriber-csv';
import { subscriberIdFor } from './subscriber-id';

/** SendMessageBatch takes ten messages. */
const QUEUE_BATCH = 10;
/** BatchGetItem reads at most 100 keys per request. */
const DEFAULT_CHUNK = 100;
/** Conditional writes in flight at once, as in importSubscribers. */
const DEFAULT_PARALLEL = 16;

export interface ImportForConfirmationOptions {
  readonly idKey: string;
  readonly now: Date;
  /** The consent record's source. @default "import" */
  readonly source?: string;
  /**
   * Confirmations this run may queue at most: what the hourly cap on confirmation emails has
   * left. New rows past it are not written; a later run takes them. @default no limit
   */
  readonly allowance?: number;
  /** Rows per round (one batched read). @default 100 */
  readonly chunkSize?: number;
  /** @default 16 */
  readonly parallel?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Aborted (Ctrl-C): the round in flight finishes (its rows written and their confirmations
   * queued and marked), none starts after it, and the import ends with an ImportInterruptedError
   * whose cause is the signal's reason.
   */
  readonly interrupted?: AbortSignal;
}

type RowRef = { readonly line: number; readonly id: string };
type Row = { readonly row: SubscriberRow; readonly id: string };

export interface ImportForConfirmationResult {
  /** Pending subscribers whose confirmation this run queued. */
  readonly queued: number;
  /**
   * Of those, how many an earlier run had written: without queueing (it stopped in between), or
   * more than 48 h ago and still unconfirmed.
   */
  readonly resumed: number;
  /** On the list already (any status, or pending with its confirmation queued): left as they are. */
  readonly alreadyListed: readonly RowRef[];
  /** Erased by `subscribers remove`: never written or mailed again. */
  readonly erased: readonly RowRef[];
  /** Not written: the allowance ran out. Running the import again later takes them. */
  readonly waiting: readonly RowRef[];
}

/**
 * A pending record this kind of import wrote and has not queued yet, or whose 48 h ran out
 * unconfirmed (it starts over, as a new sign-up of an expired one does). Sign-ups through POST
 * /subscribe always record the client's address and the import never does, so a pending sign-up
 * from the form is never taken for one (and never mailed by an import).
 */
function awaitsConfirmationQueue(subscriber: Subscriber, now: number): boolean {
  return (
    subscriber.status === 'pending' &&
    subscriber.consent.ip === undefined &&
    (subscriber.confirmationQueuedAt === undefined || isPendingExpired(subscriber, now))
  );
}

export async function importForConfirmation(
  deps: { readonly subscribers: SubscriberStore; readonly queue: SignUpBatchQueue },
  rows: readonly SubscriberRow[],
  options: ImportForConfirmationOptions,
): Promise<ImportForConfirmationResult> {
  const { subscribers: store, queue } = deps;
  const now = options.now.getTime();
  const at = options.now.toISOString();
  const consent: Consent = { at, source: options.source ?? 'import' };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const parallel = options.parallel ?? DEFAULT_PARALLEL;
  let left = options.allowance ?? Number.POSITIVE_INFINITY;
  let queued = 0;
  let resumed = 0;
  const alreadyListed: RowRef[] = [];
  const erased: RowRef[] = [];
  const waiting: RowRef[] = [];

  /**
   * The record POST /subscribe would write for this row, given what is stored, but unmarked: no
   * confirmation has gone out yet, and the sender taking the queued sign-up would read a mark as
   * its own recent one and mail nobody. The sender marks the record when it sends.
   */
  const signUpOf = ({ row, id }: Row, current: Subscriber | undefined): Subscriber => {
    const next = subscribe(current, { id, email: row.email, name: row.name, consent }, now).next;
    const { confirmationSentAt: _unsent, ...record } = next as Subscriber;
    return record;
  };

  /** Writes the row's pending record: the record to queue, or where the row went instead. */
  async function write(
    row: Row,
    current: Subscriber | undefined,
  ): Promise<Subscriber | 'listed' | 'erased'> {
    if (!current) {
      const next = signUpOf(row, undefined);
      if (await store.create(next)) return next;
      return (await store.erasedAt(next.id)) ? 'erased' : 'listed';
    }
    // Written by an earlier run that stopped before queueing: queue it now. Expired: start its
    // 48 h over (unmarked again), as POST /subscribe does.
    if (!isPendingExpired(current, now)) return current;
    const next = signUpOf(row, current);
    return (await store.replace(next, current)) ? next : 'listed';
  }

  /** Queues the sign-ups ten to a call, then marks each record queued. */
  async function enqueue(records: readonly Subscriber[]): Promise<void> {
    const groups: Subscriber[][] = [];
    for (let start = 0; start < records.length; start += QUEUE_BATCH) {
      groups.push(records.slice(start, start + QUEUE_BATCH));
    }
    // Settled, not all: every group the queue took is marked before a failure of another is
    // reported, or a re-run would queue that group again.
    const outcomes = await Promise.allSettled(
      groups.map(async (group) => {
        await queue.enqueueBatch(group.map(signUpRequestOf));
        // A record that changed meanwhile (confirmed already) is no longer waiting for the mark.
        await Promise.all(
          group.map((record) =>
            store.replace({ ...record, confirmationQueuedAt: at, updatedAt: at }, record),
          ),
        );
      }),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  for (let done = 0; done < rows.length; done += chunkSize) {
    // Checked between rounds only: a round's records are queued before it ends, so a stop here
    // leaves no record written and not queued.
    if (options.interrupted?.aborted) {
      throw new ImportInterruptedError(done, rows.length, queued, {
        cause: options.interrupted.reason,
        confirmations: true,
      });
    }
    const chunk = rows
      .slice(done, done + chunkSize)
      .map((row): Row => ({ row, id: subscriberIdFor(row.email, options.idKey) }));
    try {
      const stored = new Map(
        (await store.getMany(chunk.map(({ id }) => id))).map((subscriber) => [
          subscriber.id,
          subscriber,
        ]),
      );
      const toWrite: { entry: Row; current?: Subscriber }[] = [];
      for (const entry of chunk) {
        const ref = { line: entry.row.line, id: entry.id };
        const current = stored.get(entry.id);
        if (current && !awaitsConfirmationQueue(current, now)) alreadyListed.push(ref);
        else if (left <= 0) waiting.push(ref);
        else {
          left--;
          toWrite.push({ entry, current });
        }
      }
      const toQueue: Subscriber[] = [];
      for (let start = 0; start < toWrite.length; start += parallel) {
        const slice = toWrite.slice(start, start + parallel);
        const outcomes = await Promise.all(
          slice.map(({ entry, current }) => write(entry, current)),
        );
        for (const [index, outcome] of outcomes.entries()) {
          const { entry, current } = slice[index] as (typeof slice)[number];
          const ref = { line: entry.row.line, id: entry.id };
          if (typeof outcome === 'object') {
            toQueue.push(outcome);
            if (current) resumed++;
            continue;
          }
          left++;
          (outcome === 'erased' ? erased : alreadyListed).push(ref);
        }
      }
      await enqueue(toQueue);
      queued += toQueue.length;
    } catch (error) {
      throw new ImportInterruptedError(done, rows.length, queued, {
        cause: error,
        confirmations: true,
      });
    }
    options.onProgress?.(Math.min(done + chunkSize, rows.length), rows.length);
  }
  return { queued, resumed, alreadyListed, erased, waiting };
}

/** The message for a record: what POST /subscribe queues for a sign-up. */
function signUpRequestOf(subscriber: Subscriber): SignUpRequest {
  return { email: subscriber.email, name: subscriber.name, consent: subscriber.consent };
}
