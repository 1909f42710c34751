import { describe, expect, it } from 'vitest';
import { clientNetwork, clientRateKey } from '../../../lambda/core/subscription/rate-limits';

describe('rate-limit keys', () => {
  it('counts an IPv4 client by its address, mapped or not', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const network = '2001:db8:0:1::/64';
    expect(clientNetwork('2001:db8:0:1::1')).toBe(network);
    expect(clientNetwork('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff')).toBe(network);
    expect(clientNetwork('2001:db8:0:1:2:3:4:5')).toBe(network);
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
  });

  it('never puts the address itself into the key', () => {
    const key = clientRateKey('203.0.113.7', 'secret');
    expect(key).toMatch(/^client:[\w-]{22}$/);
    expect(key).not.toContain('203');
    expect(clientRateKey('203.0.113.7', 'other')).not.toBe(key);
  });
});
