import { NewsletterError } from '../errors';
import type { Consent, Subscriber } from '../model';
import type { SubscriberStore } from '../ports';
import type { SubscriberRow } from './parse-subscriber-csv';
import { subscriberIdFor } from './subscriber-id';

export interface ImportResult {
  readonly imported: number;
  /** Rows whose address was already on the list (any status): left untouched. */
  readonly alreadyListed: readonly { readonly line: number; readonly id: string }[];
  /** Rows whose address was erased (`subscribers remove`): never brought back by an import. */
  readonly erased: readonly { readonly line: number; readonly id: string }[];
}

export interface ImportOptions {
  readonly idKey: string;
  readonly now: Date;
  /** Where these people gave their consent (the consent record's `source`). @default "import" */
  readonly source?: string;
  /**
   * `active` (the default) adds them to the list; `confirmed` also records that they confirmed
   * their address (double opt-in done elsewhere). Rows that are to confirm by email go through
   * importForConfirmation instead.
   */
  readonly as?: 'active' | 'confirmed';
  /** Rows per round: one batched read, then conditional creates for those not there. @default 100 */
  readonly chunkSize?: number;
  /** Conditional creates in flight at once. @default 16 */
  readonly parallel?: number;
  /** Called after each round with the rows done so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Aborted (Ctrl-C): the creates in flight finish, none starts after them, and the import ends
   * with an ImportInterruptedError whose cause is the signal's reason.
   */
  readonly interrupted?: AbortSignal;
}

/**
 * The store failed part-way, or the import was interrupted. Every row is one conditional create,
 * written whole or not at all, so running the same import again finishes it: rows already
 * imported are reported as already listed and left as they are.
 */
export class ImportInterruptedError extends NewsletterError {
  override name = 'ImportInterruptedError';

  constructor(
    readonly done: number,
    readonly total: number,
    readonly imported: number,
    options: {
      cause: unknown;
      /** The rows join as pending, each mailed a confirmation (importForConfirmation). */
      confirmations?: boolean;
    },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const what = options.confirmations
      ? `${imported} subscriber(s) imported as pending, each with its confirmation email queued, so far`
      : `${imported} subscriber(s) imported so far`;
    super(
      `Import stopped after ${done} of ${total} rows (${reason}): ${what}, ` +
        'and no record is half-written (each row is one write, whole or not at all); run the same command ' +
        `again to finish it — rows already imported are left as they are${options.confirmations ? ' and not mailed again' : ''}`,
      { cause: options.cause },
    );
  }
}

/** BatchGetItem reads at most 100 keys per request. */
const DEFAULT_CHUNK = 100;
/** Enough to keep DynamoDB busy from one process without opening a connection per row. */
const DEFAULT_PARALLEL = 16;

/**
 * Adds validated rows as subscribers with a consent record. Existing subscribers are never
 * changed, so an import cannot resubscribe someone who left, and an erased address (whose
 * tombstone holds its id) is never created again. Rows go in rounds: one batched read finds those
 * already there (so re-running a half-done import costs a read per hundred rows for the part that
 * is done), and the rest are created a few at a time, each a conditional write, so nothing is duplicated
 * and no concurrent sign-up is overwritten.
 */
export async function importSubscribers(
  store: SubscriberStore,
  rows: readonly SubscriberRow[],
  options: ImportOptions,
): Promise<ImportResult> {
  const at = options.now.toISOString();
  const consent: Consent = {
    at,
    source: options.source ?? 'import',
    ...(options.as === 'confirmed' ? { confirmedAt: at } : {}),
  };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const parallel = options.parallel ?? DEFAULT_PARALLEL;
  let imported = 0;
  let handled = 0;
  const alreadyListed: { line: number; id: string }[] = [];
  const erased: { line: number; id: string }[] = [];
  const stopped = (cause: unknown) =>
    new ImportInterruptedError(handled, rows.length, imported, { cause });

  for (let done = 0; done < rows.length; done += chunkSize) {
    const chunk = rows.slice(done, done + chunkSize).map((row) => ({
      row,
      subscriber: {
        id: subscriberIdFor(row.email, options.idKey),
        email: row.email,
        name: row.name,
        status: 'active',
        consent,
        bounces: 0,
        createdAt: at,
        updatedAt: at,
      } satisfies Subscriber,
    }));
    let listed: Set<string>;
    try {
      listed = new Set(
        (await store.getMany(chunk.map(({ subscriber }) => subscriber.id))).map((s) => s.id),
      );
    } catch (error) {
      throw stopped(error);
    }
    for (let start = 0; start < chunk.length; start += parallel) {
      // Checked between writes only: the ones in flight finish, so every row is whole or absent.
      if (options.interrupted?.aborted) throw stopped(options.interrupted.reason);
      const slice = chunk.slice(start, start + parallel);
      // Settled, not Promise.all: when one write fails the others still finish and are counted,
      // so the count the error reports is what the store holds.
      const outcomes = await Promise.allSettled(
        slice.map(async ({ subscriber }) => {
          if (listed.has(subscriber.id)) return 'listed' as const;
          if (await store.create(subscriber)) return 'created' as const;
          return (await store.erasedAt(subscriber.id)) ? ('erased' as const) : ('listed' as const);
        }),
      );
      let failure: PromiseRejectedResult | undefined;
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.status === 'rejected') {
          failure ??= outcome;
          continue;
        }
        const { row, subscriber } = slice[index] as (typeof slice)[number];
        handled++;
        if (outcome.value === 'created') imported++;
        else
          (outcome.value === 'erased' ? erased : alreadyListed).push({
            line: row.line,
            id: subscriber.id,
          });
      }
      if (failure) throw stopped(failure.reason);
    }
    options.onProgress?.(Math.min(done + chunkSize, rows.length), rows.length);
  }
  return { imported, alreadyListed, erased };
}
