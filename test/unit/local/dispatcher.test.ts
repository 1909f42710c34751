import { describe, expect, it } from 'vitest';
import type { RecipientBatch } from '../../../lambda/core/model';
import { createLocalDispatcher } from '../../../lambda/local/dispatcher';
import { createFakeClock } from '../../support/fakes';

const batch = (...ids: string[]): RecipientBatch => ({ issueId: 'i', subscriberIds: ids });

describe('createLocalDispatcher', () => {
  it('hands every batch to the handler, at most `concurrency` at a time', async () => {
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const dispatcher = createLocalDispatcher(
      async (b) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(...b.subscriberIds);
        running--;
      },
      { concurrency: 3, maxDeferrals: 3, clock: createFakeClock() },
    );
    await dispatcher.enqueue(Array.from({ length: 20 }, (_, i) => batch(`s${i}`)));
    await dispatcher.drain();
    expect(seen).toHaveLength(20);
    expect(peak).toBe(3);
  });

  it('takes deferred recipients back after their delay, and sets them aside after maxDeferrals', async () => {
    const receives = new Map<string, number>();
    const clock = createFakeClock();
    const dispatcher = createLocalDispatcher(
      async (b) => {
        for (const id of b.subscriberIds) receives.set(id, (receives.get(id) ?? 0) + 1);
        const again = b.subscriberIds.filter((id) => id === 'stubborn' || receives.get(id) === 1);
        if (again.length > 0) await dispatcher.enqueue([batch(...again)], { delayMs: 10 });
      },
      { concurrency: 2, maxDeferrals: 2, clock },
    );
    await dispatcher.enqueue([batch('once', 'stubborn')]);
    await dispatcher.drain();
    expect(receives.get('once')).toBe(2);
    expect(receives.get('stubborn')).toBe(3);
    expect(dispatcher.abandoned).toEqual([batch('stubborn')]);
    expect(clock.slept).toEqual([10, 10]);
  });

  it('after a stop, takes nothing back and sets every batch enqueued later aside unhandled', async () => {
    let stopped = false;
    const handled: string[] = [];
    const dispatcher = createLocalDispatcher(
      async (b) => {
        handled.push(...b.subscriberIds);
        stopped = true;
        await dispatcher.enqueue([batch(...b.subscriberIds.slice(1))], { delayMs: 0 });
      },
      { concurrency: 1, maxDeferrals: 3, clock: createFakeClock(), stopped: () => stopped },
    );
    await dispatcher.enqueue([batch('a', 'b')]);
    await dispatcher.drain();
    await dispatcher.enqueue([batch('c'), batch('d')]);
    await dispatcher.drain();
    expect(handled).toEqual(['a', 'b']);
    expect(dispatcher.abandoned).toEqual([batch('b'), batch('c'), batch('d')]);
  });

  it('rejects drain with the first handler error and starts nothing after it', async () => {
    let calls = 0;
    const dispatcher = createLocalDispatcher(
      async () => {
        calls++;
        throw new Error('table missing');
      },
      { concurrency: 1, maxDeferrals: 1, clock: createFakeClock() },
    );
    await dispatcher.enqueue([batch('a')]);
    await expect(dispatcher.drain()).rejects.toThrow('table missing');
    await expect(dispatcher.enqueue([batch('b')])).rejects.toThrow('table missing');
    expect(calls).toBe(1);
  });
});
