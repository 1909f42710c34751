import { describe, expect, it } from 'vitest';
import { TokenError, ValidationError } from '../../lambda/core/errors';
import {
  createToken,
  type TokenClaims,
  tokenFromLink,
  verifyLinkToken,
  verifyToken,
} from '../../lambda/core/tokens';

const secret = 'test-secret-0123456789abcdef0123456789abcdef';
const now = Date.UTC(2026, 10, 26, 12);
const claims: TokenClaims = {
  purpose: 'unsubscribe',
  subscriberId: 'aB3_x-9Zq0aB3_x-9Zq0aB',
  list: 'weekly.example.com',
};
const check = { purpose: claims.purpose, list: claims.list, now };

const refusal = (run: () => unknown): TokenError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
};

/** Changes one character of the token at `index` to another URL-safe one. */
const flip = (token: string, index: number) =>
  token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);

describe('tokens', () => {
  it('verifies a token it created and returns the subscriber id', () => {
    const token = createToken(claims, secret);
    expect(verifyToken(token, check, secret)).toEqual({ subscriberId: claims.subscriberId });
  });

  it('makes compact tokens that need no escaping in a URL', () => {
    const token = createToken({ ...claims, expiresAt: now + 86_400_000 }, secret);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(90);
  });

  it('refuses a token signed with another secret', () => {
    const token = createToken(claims, 'another-secret-0123456789abcdef0123456789');
    const error = refusal(() => verifyToken(token, check, secret));
    expect(error.problem).toBe('forged');
    expect(error.status).toBe(400);
  });

  it('refuses a token with any part tampered with', () => {
    const token = createToken({ ...claims, expiresAt: now + 60_000 }, secret);
    const [id = '', expires = '', mac = ''] = token.split('.');
    for (const tampered of [
      flip(token, 0),
      flip(token, token.length - 1),
      `${flip(id, 3)}.${expires}.${mac}`,
      `${id}.${(Number.parseInt(expires, 36) + 1_000_000).toString(36)}.${mac}`,
      `${id}.${mac}`,
    ]) {
      expect(refusal(() => verifyToken(tampered, check, secret)).problem).toBe('forged');
    }
  });

  it('never accepts a confirm token for unsubscribing, or the other way round', () => {
    const confirm = createToken({ ...claims, purpose: 'confirm', expiresAt: now + 60_000 }, secret);
    const unsubscribe = createToken(claims, secret);
    expect(refusal(() => verifyToken(confirm, check, secret)).problem).toBe('forged');
    expect(
      refusal(() => verifyToken(unsubscribe, { ...check, purpose: 'confirm' }, secret)).problem,
    ).toBe('forged');
  });

  it('refuses a token issued for another list', () => {
    const token = createToken(claims, secret);
    const error = refusal(() =>
      verifyToken(token, { ...check, list: 'other.example.com' }, secret),
    );
    expect(error.problem).toBe('forged');
  });

  it('refuses an expired token with status 403 and accepts it until then', () => {
    const token = createToken({ ...claims, purpose: 'confirm', expiresAt: now + 1000 }, secret);
    const confirm = { ...check, purpose: 'confirm' as const };
    expect(verifyToken(token, { ...confirm, now: now + 999 }, secret).subscriberId).toBe(
      claims.subscriberId,
    );
    const error = refusal(() => verifyToken(token, { ...confirm, now: now + 1000 }, secret));
    expect(error.problem).toBe('expired');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^This confirmation link expired at 2026-11-26T12:00:01\.000Z/);
    // Only a genuine token says whose it is; a forged one that has also expired does not.
    expect(error.subscriberId).toBe(claims.subscriberId);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const refused = refusal(() => verifyToken(forged, { ...confirm, now: now + 1000 }, secret));
    expect(refused.problem).toBe('forged');
    expect(refused.subscriberId).toBeUndefined();
  });

  it('keeps an unsubscribe token without expiry working indefinitely', () => {
    const token = createToken(claims, secret);
    const later = { ...check, now: Date.UTC(2126, 0, 1) };
    expect(verifyToken(token, later, secret).subscriberId).toBe(claims.subscriberId);
  });

  it('refuses garbage with a malformed-token error, never a crash', () => {
    for (const garbage of [
      '',
      'abc',
      '..',
      'a.b.c.d',
      `${'a'.repeat(500)}.${'b'.repeat(43)}`,
      `id.${'b'.repeat(42)}`,
      `id.${'+'.repeat(43)}`,
      `i d.${'b'.repeat(43)}`,
      undefined,
      null,
      42,
      { token: 'x' },
    ]) {
      const error = refusal(() => verifyToken(garbage, check, secret));
      expect(error.problem).toBe('malformed');
      expect(error.status).toBe(400);
    }
  });

  it('refuses to sign a subscriber id that is not URL-safe or a bad expiry', () => {
    expect(() => createToken({ ...claims, subscriberId: 'a.b' }, secret)).toThrow(ValidationError);
    expect(() => createToken({ ...claims, subscriberId: '' }, secret)).toThrow(ValidationError);
    expect(() => createToken({ ...claims, expiresAt: 1.5 }, secret)).toThrow(ValidationError);
    expect(() => createToken({ ...claims, expiresAt: -1 }, secret)).toThrow(ValidationError);
  });

  describe('tokenFromLink', () => {
    const token = createToken({ ...claims, expiresAt: now + 60_000 }, secret);

    it.each([
      ['as it was sent', token],
      ['followed by a full stop', `${token}.`],
      ['followed by a closing bracket and a full stop', `${token}).`],
      ['followed by ">" (a link in angle brackets)', `${token}>`],
      ['followed by quotes or a comma', `${token}",`],
      ['followed by "=" (a quoted-printable soft line break left in)', `${token}=`],
      ['followed by a space or a line break', `${token} \r\n`],
      ['wrapped onto the next line', `${token.slice(0, 30)}\n${token.slice(30)}`],
      ['wrapped at a soft line break', `${token.slice(0, 30)}=\r\n${token.slice(30)}`],
      [
        'wrapped at a soft line break whose line end a browser dropped',
        `${token.slice(0, 30)}=${token.slice(30)}`,
      ],
      [
        'wrapped with the spaces a client indents with',
        `${token.slice(0, 30)}\n   ${token.slice(30)}`,
      ],
      ['in angle brackets', `<${token}>`],
      [
        'with the invisible break points a client put in to wrap it (soft hyphen, zero width space, word joiner)',
        `${token.slice(0, 10)}\u00ad${token.slice(10, 20)}\u200b${token.slice(20, 30)}\u2060${token.slice(30)}`,
      ],
    ])('gives the token back from a link %s', (_, raw) => {
      expect(tokenFromLink(raw)).toBe(token);
      expect(verifyToken(tokenFromLink(raw), check, secret)).toEqual({
        subscriberId: claims.subscriberId,
        expiresAt: now + 60_000,
      });
    });

    // Trimmed by a loop over the characters, not an end-anchored regex, which was quadratic on
    // these (a 64 KB query string cost 4.4 s of CPU); a timing assertion would be flaky here.
    it('trims long runs of what no token holds, whatever surrounds them', () => {
      expect(tokenFromLink(`a${'.'.repeat(50_000)}a`)).toBe(`a${'.'.repeat(50_000)}a`);
      expect(tokenFromLink(`${'= '.repeat(25_000)}a`)).toBe('a');
      expect(tokenFromLink('.'.repeat(50_000))).toBe('');
    });

    it('reads a link copied from the source of a quoted-printable email, its "=" written "=3D"', () => {
      expect(verifyLinkToken(`3D${token.slice(0, 30)}=${token.slice(30)}`, check, secret)).toEqual({
        subscriberId: claims.subscriberId,
        expiresAt: now + 60_000,
        token,
      });
      const later = { ...check, now: now + 60_000 };
      expect(refusal(() => verifyLinkToken(`3D${token}`, later, secret)).problem).toBe('expired');
      expect(refusal(() => verifyLinkToken(`3D${flip(token, 40)}`, check, secret)).problem).toBe(
        'forged',
      );
    });

    it('leaves a token that was cut short or changed as it is, for verifyToken to refuse', () => {
      for (const changed of [token.slice(0, -5), token.toUpperCase(), `3D${token}`]) {
        expect(tokenFromLink(changed)).toBe(changed);
        expect(() => verifyToken(tokenFromLink(changed), check, secret)).toThrow(TokenError);
      }
    });
  });
});
