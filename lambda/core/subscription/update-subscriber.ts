import { NewsletterError } from '../errors';
import type { Subscriber } from '../model';
import type { SubscriberStore } from '../ports';
import type { Transition } from './lifecycle';

/** Rounds of read, decide, conditional write before giving up on a record that keeps changing. */
const ATTEMPTS = 5;

/**
 * Applies a transition with optimistic concurrency: read the record, decide, write only if the
 * record is still as read (a conditional create or replace), and on a conflict decide again from
 * the fresh record. A confirmation, an unsubscribe and a bounce racing each other therefore all
 * land, in some order, instead of the last one silently undoing the others.
 */
export async function updateSubscriber<Outcome extends string>(
  store: SubscriberStore,
  id: string,
  decide: (current: Subscriber | undefined) => Transition<Outcome>,
): Promise<Transition<Outcome>> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await store.get(id);
    const transition = decide(current);
    if (!transition.next) return transition;
    const written = current
      ? await store.replace(transition.next, current)
      : await store.create(transition.next);
    if (written) return transition;
  }
  throw new NewsletterError(
    `Subscriber ${id} changed ${ATTEMPTS} times while being updated; try again`,
  );
}
