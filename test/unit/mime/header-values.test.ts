import addresses from 'email-addresses';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, type MessageInput } from '../../../lambda/core/mime/build-message';
import { ENCODED_WORD, encodePhrase } from '../../../lambda/core/mime/header-values';
import { listHeaders } from '../../../lambda/core/mime/list-headers';
import { decodeWords, readMessage } from './read-message';

const names = [
  'Ann Reader',
  "O'Brien & Sons",
  '#1 fan/club {x} ~y~ 50% off',
  'Ann "The Quill" Lee',
  'back\\slash\\',
  '"',
  'Lee, Ann <ann@example.net>',
  'Dr. A.B. (Editor); Desk: News',
  'x=y? =? and =?',
  '=?UTF-8?B?SGFja2Vk?=',
  '=?utf-8?Q?spans a space?=',
  'Ann  Lee',
  ' Ann',
  'Ann ',
  'tab\there',
  'Zoë Ångström',
  'Ann 😀 Lee 👨‍👩‍👧‍👦',
  '王小明的新闻简报',
  'محمد علي',
  'Жанна д’Арк',
  'a\u00a0b',
  'x'.repeat(200),
  `${'Ann '.repeat(50)}Lee`,
  'é'.repeat(200),
  '😀'.repeat(80),
  '新闻'.repeat(100),
  `${'Lee, '.repeat(40)}"Ann"`,
];

const base: MessageInput = {
  from: { address: 'news@example.com' },
  to: { address: 'reader@example.org' },
  subject: 'Hello',
  text: 'Hello\n',
  messageId: '<a@example.com>',
  date: new Date(Date.UTC(2026, 0, 1)),
  headers: {},
};

async function messageNaming(name: string) {
  return buildMessage({
    ...base,
    from: { address: 'news@example.com', name },
    to: { address: 'reader@example.org', name },
    replyTo: { address: 'editor@example.com', name },
    headers: listHeaders({
      listName: name,
      listId: 'weekly.example.com',
      unsubscribeUrl: 'https://news.example.com/u',
    }),
  });
}

/** The display name of a phrase-and-address field as RFC 5322 and RFC 2047 read it. */
function strictName(field: string): string | undefined {
  const parsed = addresses.parseOneAddress(field);
  return parsed && parsed.type === 'mailbox' ? decodeWords(parsed.name ?? '') : undefined;
}

describe('display names in From, To, Reply-To and List-Id', () => {
  it('read back as written by mailparser and by an RFC 5322 parser', async () => {
    for (const name of names) {
      const raw = await messageNaming(name);
      const parsed = await simpleParser(raw);
      const message = readMessage(raw);
      expect(parsed.from?.value, name).toEqual([{ address: 'news@example.com', name }]);
      expect(parsed.to, name).toEqual(
        expect.objectContaining({ value: [{ address: 'reader@example.org', name }] }),
      );
      expect(parsed.replyTo?.value, name).toEqual([{ address: 'editor@example.com', name }]);
      for (const field of ['from', 'to', 'reply-to']) {
        expect(strictName(message.header(field) ?? ''), `${field}: ${name}`).toBe(name);
      }
      // List-Id's phrase is an address's display name; the list name is trimmed.
      const listId = (message.header('list-id') ?? '').replace(
        /<weekly\.example\.com>$/,
        '<list@weekly.example.com>',
      );
      expect(strictName(listId), `list-id: ${name}`).toBe(name.trim());
    }
  });

  it('keeps every header line within 78 characters, however long the name', async () => {
    for (const name of names) {
      const { head } = readMessage(await messageNaming(name));
      for (const line of head.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    }
  });

  it('writes plain words as they are, other ASCII quoted, anything else as encoded words', () => {
    expect(encodePhrase('Weekly Briefing')).toBe('Weekly Briefing');
    expect(encodePhrase("O'Brien & Sons")).toBe("O'Brien & Sons");
    expect(encodePhrase('Lee, Ann')).toBe('"Lee, Ann"');
    expect(encodePhrase('Ann "Q" \\ Lee')).toBe('"Ann \\"Q\\" \\\\ Lee"');
    expect(encodePhrase('Ann  Lee')).toBe('=?UTF-8?Q?Ann__Lee?=');
    expect(encodePhrase('')).toBe('""');
    expect(encodePhrase('Zoë')).toBe('=?UTF-8?Q?Zo=C3=AB?=');
    expect(encodePhrase('王小明')).toBe('=?UTF-8?B?546L5bCP5piO?=');
  });

  it('finds text a lenient decoder reads as an encoded word in linear time', () => {
    expect(ENCODED_WORD.test('=?utf-8?Q?spans a space?=')).toBe(true);
    expect(ENCODED_WORD.test('Q&A = Questions? Answers!')).toBe(false);
    for (const hostile of [
      '=?'.repeat(500_000),
      `=?a?q?${'a'.repeat(1_000_000)}`,
      '=?a?'.repeat(250_000),
    ]) {
      expect(ENCODED_WORD.test(hostile)).toBe(false);
      expect(encodePhrase(hostile).length).toBeGreaterThan(hostile.length);
    }
  });
});
