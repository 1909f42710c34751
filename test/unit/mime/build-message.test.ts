import addresses from 'email-addresses';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import { buildMessage, type MessageInput } from '../../../lambda/core/mime/build-message';
import { listHeaders } from '../../../lambda/core/mime/list-headers';
import { createMessageId } from '../../../lambda/core/mime/message-id';
import { decodeWords, readMessage } from './read-message';

const unsubscribeUrl = 'https://news.example.com/unsubscribe?token=abc.def';

const input: MessageInput = {
  from: { address: 'news@example.com', name: 'Weekly Briefing' },
  to: { address: 'reader@example.org', name: 'Ann Reader' },
  replyTo: { address: 'editor@example.com' },
  subject: 'What Xi and Putin want – and why',
  text: 'Hello “reader”,\nthe text part.\n',
  html: '<p>Hello “reader”,</p>\n<p>the HTML part.</p>',
  messageId: createMessageId('example.com'),
  date: new Date(Date.UTC(2026, 10, 26, 12, 0, 0)),
  headers: listHeaders({
    listName: 'Weekly Briefing',
    listId: 'weekly.example.com',
    unsubscribeUrl,
  }),
};

describe('buildMessage', () => {
  it('builds multipart/alternative with a text and an HTML part', async () => {
    const message = readMessage(await buildMessage(input));
    expect(message.header('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(message.header('mime-version')).toBe('1.0');
    expect(message.parts).toHaveLength(2);
    expect(message.part('text/plain; charset=utf-8').body).toBe(input.text.replace(/\n/g, '\r\n'));
    expect(message.part('text/html; charset=utf-8').body).toBe(input.html?.replace(/\n/g, '\r\n'));
  });

  it('writes the sender, recipient, reply address, subject, id and date', async () => {
    const message = readMessage(await buildMessage(input));
    expect(message.header('from')).toBe('Weekly Briefing <news@example.com>');
    expect(message.header('to')).toBe('Ann Reader <reader@example.org>');
    expect(message.header('reply-to')).toBe('editor@example.com');
    expect(decodeWords(message.header('subject') ?? '')).toBe(input.subject);
    expect(message.header('message-id')).toBe(input.messageId);
    expect(message.header('date')).toBe('Thu, 26 Nov 2026 12:00:00 +0000');
  });

  it('encodes a subject that holds text shaped like an encoded word, so a mail client shows it as written', async () => {
    for (const subject of [
      'Why =?UTF-8?B?SGFja2Vk?= shows',
      'Encoded words: =?utf-8?q?a_b?= – how',
    ]) {
      const raw = await buildMessage({ ...input, subject });
      expect((await simpleParser(raw)).subject).toBe(subject);
    }
  });

  // RFC 5322 §2.1.1: a line should be 78 characters at most. A title is cut to 150 characters
  // at a word, but one word can be all of it (a URL, a product code).
  it('folds a subject with a run of 150 characters without a space into lines of 78 at most', async () => {
    for (const subject of [
      'x'.repeat(150),
      `Read ${'https://example.com/a'.padEnd(140, 'b')} now`,
    ]) {
      const raw = await buildMessage({ ...input, subject });
      for (const line of readMessage(raw).head.split('\r\n')) {
        expect(line.length).toBeLessThanOrEqual(78);
      }
      expect((await simpleParser(raw)).subject).toBe(subject);
    }
  });

  // RFC 2047 forbids decoding an encoded word inside quotes, but mail clients do it anyway: a
  // name written '"=?UTF-8?B?SGFja2Vk?="' was shown as "Hacked".
  it('encodes a sender, recipient, reply or list name shaped like an encoded word, so a mail client shows it as written', async () => {
    for (const name of ['=?UTF-8?B?SGFja2Vk?=', 'Ann =?utf-8?q?Lee?= Smith']) {
      const raw = await buildMessage({
        ...input,
        from: { address: 'news@example.com', name },
        to: { address: 'reader@example.org', name },
        replyTo: { address: 'editor@example.com', name },
        headers: listHeaders({ listName: name, listId: 'weekly.example.com', unsubscribeUrl }),
      });
      const parsed = await simpleParser(raw);
      expect(parsed.from?.value).toEqual([{ address: 'news@example.com', name }]);
      expect(parsed.to).toEqual(
        expect.objectContaining({ value: [{ address: 'reader@example.org', name }] }),
      );
      expect(parsed.replyTo?.value).toEqual([{ address: 'editor@example.com', name }]);
      // mailparser leaves List-Id undecoded; an RFC 2047 reader decodes its phrase.
      expect(decodeWords(readMessage(raw).header('list-id') ?? '')).toBe(
        `${name} <weekly.example.com>`,
      );
    }
  });

  it('leaves a name with "=" and "?" that is no encoded word readable in the header', async () => {
    // Every character of it is an RFC 5322 atom's: no quotes needed.
    const name = 'Q&A = Questions? Answers!';
    const message = readMessage(
      await buildMessage({ ...input, from: { address: 'news@example.com', name } }),
    );
    expect(message.header('from')).toBe('Q&A = Questions? Answers! <news@example.com>');
  });

  it('carries the one-click unsubscribe headers of RFC 8058 and the List-Id', async () => {
    const message = readMessage(await buildMessage(input));
    expect(message.header('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
    expect(message.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(message.header('list-id')).toBe('Weekly Briefing <weekly.example.com>');
  });

  it('quotes or encodes a list name that is not plain words', () => {
    const headers = (listName: string) =>
      listHeaders({ listName, listId: 'weekly.example.com', unsubscribeUrl })['List-Id'];
    expect(headers('News, "Daily"')).toBe('"News, \\"Daily\\"" <weekly.example.com>');
    expect(decodeWords(headers('Nachrichten für alle') ?? '')).toBe(
      'Nachrichten für alle <weekly.example.com>',
    );
  });

  it('builds a text-only message when there is no HTML', async () => {
    const message = readMessage(await buildMessage({ ...input, html: undefined }));
    expect(message.header('content-type')).toBe('text/plain; charset=utf-8');
    expect(message.parts[0]?.body).toBe(input.text.replace(/\n/g, '\r\n'));
  });

  // As in an issue's parts (encodeQuotedPrintableRun): the confirmation email opens with the list's
  // name, and an mbox store shows a line starting "From " as ">From ".
  it('starts no body line with "From ", so a list named "From the Desk" reads the same in an mbox', async () => {
    const text = `From the Desk\n\n${'Please confirm. '.repeat(4)}From now on, issues reach you.\n`;
    for (const html of [`<p>From the Desk</p>\nFrom here on.`, undefined]) {
      const message = readMessage(await buildMessage({ ...input, text, html }));
      for (const part of message.parts) {
        for (const line of part.encoded.split('\r\n')) expect(line).not.toMatch(/^From /);
      }
      expect(message.parts[0]?.body).toBe(text.replace(/\n/g, '\r\n'));
      if (html) expect(message.parts[1]?.body).toBe(html.replace(/\n/g, '\r\n'));
    }
  });

  it('keeps every line within 76 characters in the bodies and CRLF-terminated', async () => {
    const long = `${'word '.repeat(200)}ünïcode`;
    const message = readMessage(
      await buildMessage({ ...input, text: long, html: `<p>${long}</p>` }),
    );
    for (const part of message.parts) {
      for (const line of part.encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    }
    expect(message.part('text/plain').body).toBe(long);
  });

  it('encodes a display name so it cannot add a recipient', async () => {
    for (const name of [
      'Evil, "Quoted" <attacker@example.net>',
      'Ünïcode, <attacker@example.net>',
    ]) {
      const to = { address: 'reader@example.org', name };
      const header = readMessage(await buildMessage({ ...input, to })).header('to') ?? '';
      const parsed = addresses.parseAddressList(header);
      expect(parsed).toHaveLength(1);
      expect(parsed?.[0]).toMatchObject({ type: 'mailbox', address: 'reader@example.org' });
      expect(decodeWords(header)).toContain('attacker@example.net');
    }
  });

  it('gives each message id a fresh random part under the sender domain', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createMessageId('example.com')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
  });
});

describe('buildMessage refuses header injection', () => {
  const refused = async (changes: Partial<MessageInput>, where: RegExp) => {
    const error = await buildMessage({ ...input, ...changes }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(where);
  };

  it('refuses CR or LF in a display name', async () => {
    await refused(
      { to: { address: 'reader@example.org', name: 'Ann\r\nBcc: victim@example.net' } },
      /^to name: contains a line break/,
    );
    await refused({ from: { address: 'news@example.com', name: 'News\nX: y' } }, /^from name:/);
  });

  it('refuses CR or LF in the subject', async () => {
    await refused(
      { subject: 'Hello\r\nBcc: victim@example.net' },
      /^subject: contains a line break/,
    );
    await refused({ subject: 'Hello\nthere' }, /^subject:/);
  });

  it('refuses CR or LF in an address', async () => {
    await refused(
      { to: { address: 'reader@example.org\r\nBcc: victim@example.net' } },
      /^to address:/,
    );
  });

  it('refuses addresses the RFC 5322 parser rejects', async () => {
    for (const address of [
      'not-an-address',
      'a@@example.org',
      'a..b@example.org',
      'a@example.org, b@example.org',
      'Ann <a@example.org>',
      'a(comment)@example.org',
      ' a@example.org',
      'müller@example.org',
      '',
    ]) {
      await refused({ to: { address } }, /^to address: /);
    }
  });

  it('says how to write an address it takes only as normalised, as the configuration does', async () => {
    // One check and one message (addressAsWrittenProblem) for the mailer and NEWSLETTER_FROM_ADDRESS.
    await refused(
      { from: { address: 'news@bücher.example' } },
      /^from address: must be written as news@xn--bcher-kva\.example \(nothing around it, an international domain in its xn-- form\)$/,
    );
    await refused(
      { to: { address: ' reader@example.org' } },
      /^to address: must be written as reader@example\.org /,
    );
  });

  it('refuses a bad extra header name or value', async () => {
    await refused(
      { headers: { 'X-Evil\r\nBcc': 'x' } },
      /^header "X-Evil\\r\\nBcc": is not a valid field name/,
    );
    await refused(
      { headers: { 'X-Note': 'a\r\nBcc: victim@example.net' } },
      /^header X-Note: contains a line break/,
    );
    await refused({ headers: { 'X-Note': 'ünicode' } }, /^header X-Note: must be printable ASCII/);
    await refused(
      { headers: { 'X-Note': `a ${'b'.repeat(901)}` } },
      /^header X-Note: has more than 900 characters without a space/,
    );
    await refused(
      { headers: { Bcc: 'victim@example.net' } },
      /^header Bcc: is set by the message itself/,
    );
  });

  it('refuses a malformed Message-ID, an invalid date and an empty text part', async () => {
    await refused({ messageId: 'no-brackets@example.com' }, /^Message-ID:/);
    await refused({ messageId: '<a@b>\r\nBcc: x@y.z' }, /^Message-ID:/);
    await refused({ date: new Date(Number.NaN) }, /^date:/);
    await refused({ text: '  ' }, /^text: is empty/);
  });

  it('refuses an unsubscribe URL that would break its header', () => {
    for (const url of [
      'javascript:alert(1)',
      'https://x.example/a b',
      'https://x.example/<a>',
      'https://x.example/\r\nX: y',
    ]) {
      expect(() =>
        listHeaders({ listName: 'News', listId: 'weekly.example.com', unsubscribeUrl: url }),
      ).toThrow(ValidationError);
    }
  });
});
