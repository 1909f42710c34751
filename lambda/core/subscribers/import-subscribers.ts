import type { Subscriber } from '../model';
import type { SubscriberStore } from '../ports';
import type { SubscriberRow } from './parse-subscriber-csv';
import { subscriberIdFor } from './subscriber-id';

export interface ImportResult {
  readonly imported: number;
  /** Rows whose address was already on the list (any status): left untouched. */
  readonly alreadyListed: readonly { readonly line: number; readonly id: string }[];
}

/**
 * Adds validated rows as active subscribers with an "import" consent record. Existing
 * subscribers are never changed, so an import cannot resubscribe someone who left.
 */
export async function importSubscribers(
  store: SubscriberStore,
  rows: readonly SubscriberRow[],
  options: { readonly idKey: string; readonly now: Date; readonly source?: string },
): Promise<ImportResult> {
  const at = options.now.toISOString();
  let imported = 0;
  const alreadyListed: { line: number; id: string }[] = [];
  for (const row of rows) {
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
    if (await store.create(subscriber)) imported++;
    else alreadyListed.push({ line: row.line, id: subscriber.id });
  }
  return { imported, alreadyListed };
}
