import { NewsletterError } from '../errors';
import type { Subscriber } from '../model';
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

/**
 * The store failed part-way. Every row is a conditional create, so running the same import again
 * finishes it: rows already imported are reported as already listed and left as they are.
 */
export class ImportInterruptedError extends NewsletterError {
  override name = 'ImportInterruptedError';

  constructor(
    readonly done: number,
    readonly total: number,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `Import stopped after ${done} of ${total} rows (${reason}); run the same command again to finish it — rows already imported are left as they are`,
      options,
    );
  }
}

/**
 * Adds validated rows as active subscribers with an "import" consent record. Existing
 * subscribers are never changed, so an import cannot resubscribe someone who left, and an erased
 * address (whose tombstone holds its id) is never created again.
 */
export async function importSubscribers(
  store: SubscriberStore,
  rows: readonly SubscriberRow[],
  options: { readonly idKey: string; readonly now: Date; readonly source?: string },
): Promise<ImportResult> {
  const at = options.now.toISOString();
  let imported = 0;
  const alreadyListed: { line: number; id: string }[] = [];
  const erased: { line: number; id: string }[] = [];
  for (const [done, row] of rows.entries()) {
    const subscriber: Subscriber = {
      id: subscriberIdFor(row.email, options.idKey),
      email: row.email,
      name: row.name,
      status: 'active',
      consent: { at, source: options.source ?? 'import' },
      bounces: 0,
      createdAt: at,
      updatedAt: at,
    };
    try {
      if (await store.create(subscriber)) imported++;
      else if (await store.erasedAt(subscriber.id))
        erased.push({ line: row.line, id: subscriber.id });
      else alreadyListed.push({ line: row.line, id: subscriber.id });
    } catch (error) {
      throw new ImportInterruptedError(done, rows.length, { cause: error });
    }
  }
  return { imported, alreadyListed, erased };
}
