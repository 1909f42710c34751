import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import { mailboxOf, normaliseEmail } from '../../../lambda/core/subscribers/email-address';
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
    ['"a@x.com,b"@evil.example', 'no quotes, spaces or commas'],
    ['a(comment)@example.com', 'no quotes, spaces or commas'],
    ['a..b@example.com', 'single dots'],
    ['.a@example.com', 'single dots'],
    ['a b@example.com', 'no quotes, spaces or commas'],
    ['a\u0000b@example.com', 'control character'],
    ['a\tb@example.com', 'control character'],
    ['jürgen@example.com', 'SMTPUTF8'],
    // A space is a space, in any script: a no-break one, or the ideographic one a Japanese or
    // Chinese input method types; they were said to need SMTPUTF8.
    ['ada\u00a0lovelace@example.com', 'no quotes, spaces or commas'],
    ['ａｄａ\u3000ｌｏｖｅｌａｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'no quotes, spaces or commas'],
    [`${'a'.repeat(65)}@example.com`, 'up to 64'],
    ['a@-example.com', 'not a domain name'],
    ['a@example.c', 'not a domain name'],
    ['a@exa_mple.com', 'not a domain name'],
    ['a@example.com..', 'not a domain name'],
    ['a@.', 'not a domain name'],
    ['a@example..com', 'not a domain name'],
    // The host parser that reads the domain stops at '/', '?', '#' and '\\' and decodes '%XX':
    // what followed was dropped, and another address than the one given was stored.
    ['ada@example.com/', 'example.com/ is not a domain name'],
    ['ada@evil.example/x.example.com', 'evil.example/x.example.com is not a domain name'],
    ['ada@example.com?subject=Hi', 'example.com?subject=Hi is not a domain name'],
    ['ada@example.com#top', 'example.com#top is not a domain name'],
    ['ada@example.com\\x', 'example.com\\x is not a domain name'],
    ['ada@exa%6dple.com', 'exa%6dple.com is not a domain name'],
    ['ada@example.com\uff0fnews', 'example.com/news is not a domain name'],
  ])('refuses %j', (input, reason) => {
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(ValidationError);
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(reason);
    expect(() => normaliseEmail(input, 'subscribers.csv:3')).toThrow(/^subscribers\.csv:3: /);
  });
});

describe('normaliseEmail, reading a domain', () => {
  it('still reads an international domain, in any of its scripts and dots', () => {
    expect(normaliseEmail('ada@例え。テスト')).toBe('ada@xn--r8jz45g.xn--zckzah');
    expect(normaliseEmail('Ada@Bücher.DE.')).toBe('Ada@xn--bcher-kva.de');
  });
});

describe('normaliseEmail, refusing an address written as a mail client copies it', () => {
  it.each([
    ['Ada Lovelace <ada@example.com>', 'without the name and <> around it (ada@example.com)'],
    ['"Lovelace, Ada" <ada@example.com>', 'without the name and <> around it (ada@example.com)'],
    ['<ada@example.com>', 'without the name and <> around it (ada@example.com)'],
    ['Ada <mailto:ada@example.com>', 'without the name and <> around it (ada@example.com)'],
    ['mailto:ada@example.com', 'without mailto: before it (ada@example.com)'],
    ['MAILTO:ada@example.com', 'without mailto: before it (ada@example.com)'],
  ])('says of %j which address to write', (input, reason) => {
    expect(() => normaliseEmail(input)).toThrow(
      `email: is not a valid email address: write the address alone, ${reason}`,
    );
  });

  it('names nothing when what is inside is no address either', () => {
    expect(() => normaliseEmail('Ada <ada lovelace@example.com>')).toThrow(
      /the part before the @ must/,
    );
    expect(() => normaliseEmail('mailto:ada')).toThrow('(expected name@example.com)');
  });
});

describe('normaliseEmail, accepting', () => {
  it('takes the dot-atom characters RFC 5321 allows, and an international domain as punycode', () => {
    expect(normaliseEmail("o'brien+x/y=z@example.co.uk")).toBe("o'brien+x/y=z@example.co.uk");
    expect(normaliseEmail('ada@Bücher.example')).toBe('ada@xn--bcher-kva.example');
  });

  it.each([
    ['\u200eada@example.com\u200e', 'direction marks around it (copied from a right-to-left page)'],
    ['\u2066ada@example.com\u2069', 'a bidi isolate around it (a chat message)'],
    ['ada@example.com\u200f', 'a right-to-left mark after it'],
    ['\u200bada@example.com', 'a zero width space before it'],
    ['a\u00adda@example.com', 'a soft hyphen where a page wrapped it'],
    ['ada\u2060@example.com', 'a word joiner before the @'],
  ])('drops the invisible formatting characters a copied address brings: %j (%s)', (input) => {
    expect(normaliseEmail(input)).toBe('ada@example.com');
  });

  it('takes a domain written with the dot of its absolute form, which names the same domain, without it', () => {
    expect(normaliseEmail('ada@example.com.')).toBe('ada@example.com');
    expect(normaliseEmail('ada@Bücher.example。')).toBe('ada@xn--bcher-kva.example');
  });

  it('reads the fullwidth letters, digits and @ a Japanese or Chinese input method types as ASCII', () => {
    expect(normaliseEmail('ａｄａ．ｌｏｖｅｌａｃｅ＋ｎ１＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe(
      'ada.lovelace+n1@example.com',
    );
    expect(normaliseEmail('ada＠example.com')).toBe('ada@example.com');
    expect(normaliseEmail('Ａｄａ@example.com')).toBe('Ada@example.com');
    // Other letters beyond ASCII are still what they are: SMTPUTF8, which SES cannot send.
    expect(() => normaliseEmail('ｊüｒｇｅｎ@example.com')).toThrow('SMTPUTF8');
  });

  it('keeps a zero width non-joiner inside a domain, where it spells a different name', () => {
    const persian = 'ada@\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.ir';
    expect(normaliseEmail(persian)).toBe('ada@xn--mgbn2ecje63gr19l.ir');
    expect(normaliseEmail(persian.replace('\u200c', ''))).not.toBe(normaliseEmail(persian));
  });

  it('trims a hostile run of spaces and invisible characters in linear time', () => {
    for (const filler of [' ', '\u200b', ' \u200b']) {
      const huge = `${filler.repeat(500_000)}x${filler.repeat(500_000)}`;
      expect(() => normaliseEmail(huge)).toThrow('not a valid email address');
      expect(() => normaliseEmail(`${huge}@example.com`)).toThrow('longer than 254');
    }
  });
});

describe('mailboxOf', () => {
  it('treats case, +tags and Gmail dots as one mailbox', () => {
    for (const variant of [
      'j.doe+1@gmail.com',
      'jdoe+2@gmail.com',
      'J.Doe@gmail.com',
      'j.d.o.e@googlemail.com',
    ]) {
      expect(mailboxOf(variant)).toBe('jdoe@gmail.com');
    }
  });

  it('drops +tags on every domain but keeps dots where the provider does not ignore them', () => {
    expect(mailboxOf('J.Doe+news@Example.com')).toBe('j.doe@example.com');
    expect(mailboxOf('j.doe@example.com')).not.toBe(mailboxOf('jdoe@example.com'));
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
