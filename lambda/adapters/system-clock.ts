import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../core/ports';

/** The real time, for everything outside tests. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    await sleep(ms);
  },
};
