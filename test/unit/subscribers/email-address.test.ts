import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import { normaliseEmail } from '../../../lambda/core/subscribers/email-address';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';

describe('normaliseEmail', () => {
  it('trims and lower-cases the domain but keeps the local part', () => {
    expect(normaliseEmail('  Ada.Lovelace+news@Example.COM ')).toBe(
      'Ada.Lovelace+news@example.com',
    );
  });

  it.each([
    ['', 'is empty'],
    ['not-an-address', 'not a valid email address'],
    ['a@b', 'not a valid email address'],
    ['Bob <bob@example.com>', 'not a valid email address'],
    ['bob@example.com\r\nBcc: eve@example.com', 'line break'],
    ['x@[192.0.2.1]', 'IP-address domain'],
    [`${'a'.repeat(250)}@example.com`, 'longer than 254'],
  ])('refuses %j', (input, reason) => {
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(ValidationError);
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(reason);
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(/^subscribers\.csv:3: /);
  });
});

describe('subscriberIdFor', () => {
  it('gives the same id for the same address in any letter case', () => {
    expect(subscriberIdFor('Ada@example.com', 'k')).toBe(subscriberIdFor('ada@example.com', 'k'));
  });

  it('depends on the key, so ids cannot be computed from an address alone', () => {
    expect(subscriberIdFor('ada@example.com', 'k1')).not.toBe(
      subscriberIdFor('ada@example.com', 'k2'),
    );
  });

  it('is URL-safe and does not contain the address', () => {
    const id = subscriberIdFor('ada@example.com', 'k');
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
