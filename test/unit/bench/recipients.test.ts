import { describe, expect, it } from 'vitest';
import { makeRecipients } from '../../../bench/perf/recipients';
import { createToken } from '../../../lambda/core/tokens';

describe('makeRecipients', () => {
  const recipients = makeRecipients(5000);

  it('makes distinct recipients: no id or address twice', () => {
    expect(new Set(recipients.map((r) => r.id)).size).toBe(5000);
    expect(new Set(recipients.map((r) => r.email)).size).toBe(5000);
  });

  it('alternates named and unnamed recipients, with ASCII and accented names', () => {
    expect(recipients.filter((r) => r.name === null)).toHaveLength(2500);
    const names = new Set(recipients.flatMap((r) => r.name ?? []));
    expect([...names].some((name) => /^[\x20-\x7e]+$/.test(name))).toBe(true);
    expect([...names].some((name) => /[^\x20-\x7e]/.test(name))).toBe(true);
    expect(names.size).toBeGreaterThan(20);
  });

  it('gives ids that unsubscribe tokens accept', () => {
    for (const { id } of recipients.slice(0, 50)) {
      expect(() =>
        createToken({ purpose: 'unsubscribe', subscriberId: id, list: 'a.example' }, 's'),
      ).not.toThrow();
    }
  });

  it('is deterministic', () => {
    expect(makeRecipients(10)).toEqual(recipients.slice(0, 10));
  });
});
