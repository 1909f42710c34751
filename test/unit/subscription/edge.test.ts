/**
 * The API behind CloudFront (context `waf`): a request is believed about its viewer only when it
 * carries the secret CloudFront adds, and a sign-up that skips CloudFront (and so the WAF rule)
 * is refused, while confirm and unsubscribe links keep working straight to the API.
 */
import { describe, expect, it } from 'vitest';
import {
  ORIGIN_SECRET_HEADER,
  VIEWER_ADDRESS_HEADER,
  viewerIp,
} from '../../../lambda/core/subscription/edge';
import { subscriber } from '../../support/fakes';
import { createApiHarness, idOf, unsubscribeToken } from './harness';

const ORIGIN_SECRET = 'origin-secret-0123456789abcdef0123456789abcdef';
/** The address of the CloudFront server that forwards every request below. */
const EDGE_IP = '130.176.0.10';
const LIMITS = {
  perClient: { limit: 1, windowMs: 600_000 },
  perAddress: { limit: 10, windowMs: 3_600_000 },
};

const viaCloudFront = (viewer: string, secret = ORIGIN_SECRET) => ({
  ip: EDGE_IP,
  headers: { [ORIGIN_SECRET_HEADER]: secret, [VIEWER_ADDRESS_HEADER]: viewer },
});

describe('the viewer address CloudFront sends', () => {
  it('is an IP and a port, an IPv6 address unbracketed or bracketed', () => {
    expect(viewerIp('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(viewerIp('2001:db8::1:46532')).toBe('2001:db8::1');
    expect(viewerIp('[2001:db8::1]:443')).toBe('2001:db8::1');
  });

  it('is nothing when it is not one', () => {
    for (const value of [undefined, '', '198.51.100.10', ':443', 'evil.example:80', '1.2.3.4:x']) {
      expect(viewerIp(value), String(value)).toBeUndefined();
    }
  });
});

describe('the subscription API behind CloudFront', () => {
  it("counts sign-ups per viewer, not per CloudFront server, and records the viewer's address", async () => {
    const h = createApiHarness({ limits: LIMITS, originSecret: ORIGIN_SECRET });
    const ada = viaCloudFront('198.51.100.10:46532');
    expect((await h.subscribeJson({ email: 'ada@example.com' }, ada)).status).toBe(202);
    expect((await h.subscribeJson({ email: 'bob@example.com' }, ada)).status).toBe(429);
    const grace = viaCloudFront('2001:db8::7:50000');
    expect((await h.subscribeJson({ email: 'grace@example.com' }, grace)).status).toBe(202);

    expect((await h.subscribers.get(idOf('ada@example.com')))?.consent.ip).toBe('198.51.100.10');
    expect((await h.subscribers.get(idOf('grace@example.com')))?.consent.ip).toBe('2001:db8::7');
  });

  it('refuses a sign-up that skips CloudFront, even one claiming a viewer address, and keeps nothing', async () => {
    const h = createApiHarness({ originSecret: ORIGIN_SECRET });
    const direct = [
      { ip: '203.0.113.7' },
      viaCloudFront('198.51.100.10:46532', 'guessed'),
      { ip: '203.0.113.7', headers: { [VIEWER_ADDRESS_HEADER]: '198.51.100.10:1' } },
    ];
    for (const options of direct) {
      const response = await h.subscribeJson({ email: 'ada@example.com' }, options);
      expect(response.status).toBe(403);
      expect(response.body).toBe('Sign up at https://news.example.com/subscribe\n');
      expect((await h.request('GET', '/subscribe', options)).status).toBe(403);
      // Nor by a path that names /subscribe once decoded (a link encoded once too often).
      const encoded = await h.request('POST', '/subscribe%3Fa%3Db', {
        ...options,
        body: JSON.stringify({ email: 'ada@example.com' }),
        contentType: 'application/json',
      });
      expect(encoded.status).toBe(403);
    }
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toEqual([]);
  });

  it('still takes one-click unsubscribes straight to the API: links in mails sent before waf name it', async () => {
    const id = idOf('ada@example.com');
    const h = createApiHarness({
      subscribers: [subscriber(id, 'active', 'ada@example.com')],
      originSecret: ORIGIN_SECRET,
    });
    const response = await h.request('POST', `/unsubscribe?token=${unsubscribeToken(id)}`, {
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect((await h.subscribers.get(id))?.status).toBe('unsubscribed');
  });

  it('answers 500, changing nothing, when CloudFront sent no viewer address (its policy is wrong)', async () => {
    const h = createApiHarness({ originSecret: ORIGIN_SECRET });
    const response = await h.subscribeJson(
      { email: 'ada@example.com' },
      { ip: EDGE_IP, headers: { [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET } },
    );
    expect(response.status).toBe(500);
    expect(response.body).toContain(VIEWER_ADDRESS_HEADER);
    expect(h.subscribers.rows.size).toBe(0);
  });
});
