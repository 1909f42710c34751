import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import { buildMessage } from '../../../lambda/core/mime/build-message';
import {
  createMessageStencil,
  type StencilFields,
} from '../../../lambda/core/mime/create-message-stencil';
import { listHeaders } from '../../../lambda/core/mime/list-headers';
import { createMessageId } from '../../../lambda/core/mime/message-id';
import {
  fillMessageStencil,
  loadMessageStencil,
  type MessageStencil,
  type StencilValues,
} from '../../../lambda/core/mime/message-stencil';
import { encodeQuotedPrintableRun } from '../../../lambda/core/mime/quoted-printable';
import { decodeWords, type ReadMessage, readMessage } from './read-message';

const fields: StencilFields = {
  from: { address: 'news@example.com', name: 'Weekly Briefing' },
  replyTo: { address: 'editor@example.com' },
  subject: 'What Xi and Putin want – and why',
  listName: 'Weekly Briefing',
  listId: 'weekly.example.com',
};

const text = 'Hi Ann Müller,\n\nthe text part.\n';
const html = '<p>Hi Ann Müller,</p>\n<p>the HTML part.</p>';

const values = (changes: Partial<StencilValues> = {}): StencilValues => ({
  to: { address: 'reader@example.org', name: 'Ann Müller' },
  messageId: createMessageId('example.com'),
  date: new Date(Date.UTC(2026, 10, 26, 12)),
  unsubscribeUrl: 'https://news.example.com/unsubscribe?token=abc.def',
  text: [encodeQuotedPrintableRun(text, false)],
  html: [encodeQuotedPrintableRun(html, false)],
  ...changes,
});

/** Header fields and decoded parts, with the random boundary taken out. */
const comparable = (message: ReadMessage) => ({
  fields: message.fields.map(([key, value]) => [key, value.replace(/boundary=".*"/, 'boundary')]),
  parts: message.parts.map((part) => ({ headers: [...part.headers], body: part.body })),
});

/** A stencil as deliver gets it: built by compose, passed on as JSON, loaded. */
async function stencilFor(stencilFields: StencilFields) {
  const built: MessageStencil = await createMessageStencil(stencilFields);
  return loadMessageStencil(JSON.parse(JSON.stringify(built)));
}

describe('the message stencil', () => {
  it.each([
    ['a name with non-Latin letters', 'Ann Müller'],
    ['a name of plain words', 'Ann Smith'],
    ['a name that needs quoting', 'Smith, Ann (Dr.)'],
    ['a name in another script', '王小明'],
    ['no name', null],
  ])('fills into the message buildMessage builds for the same values: %s', async (_, name) => {
    const stencil = await stencilFor(fields);
    const filled = values({ to: { address: 'reader@example.org', name } });
    const expected = await buildMessage({
      ...fields,
      to: filled.to,
      messageId: filled.messageId,
      date: filled.date,
      text,
      html,
      headers: listHeaders({ ...fields, unsubscribeUrl: filled.unsubscribeUrl }),
    });
    expect(comparable(readMessage(fillMessageStencil(stencil, filled)))).toEqual(
      comparable(readMessage(expected)),
    );
  });

  it('encodes a recipient name shaped like an encoded word, so a mail client shows it as written', async () => {
    const name = 'Ann =?UTF-8?B?SGFja2Vk?=';
    const raw = fillMessageStencil(
      await stencilFor(fields),
      values({ to: { address: 'b@example.org', name } }),
    );
    expect((await simpleParser(raw)).to).toEqual(
      expect.objectContaining({ value: [{ address: 'b@example.org', name }] }),
    );
  });

  it('puts each recipient value in its own header line', async () => {
    const stencil = await stencilFor(fields);
    const message = readMessage(
      fillMessageStencil(stencil, values({ to: { address: 'b@example.org', name: null } })),
    );
    expect(message.header('to')).toBe('b@example.org');
    expect(message.header('date')).toBe('Thu, 26 Nov 2026 12:00:00 +0000');
    expect(message.header('list-unsubscribe')).toBe(
      '<https://news.example.com/unsubscribe?token=abc.def>',
    );
    expect(message.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(message.fields.filter(([key]) => key === 'to')).toHaveLength(1);
  });

  it('folds a list name of 100 Chinese characters: no line passes 78 octets, the name reads back', async () => {
    const listName = '简报'.repeat(50);
    const raw = fillMessageStencil(await stencilFor({ ...fields, listName }), values());
    const head = raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    // RFC 5322 §2.1.1: 998 octets a line at most, 78 should.
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(head).toMatch(/(^|\r\n)List-ID: =\?UTF-8\?B\?[^\r]*\r\n =\?UTF-8\?B\?/);
    expect(decodeWords(readMessage(raw).header('list-id') ?? '')).toBe(
      `${listName} <${fields.listId}>`,
    );
  });

  it('refuses recipient values that could inject a header', async () => {
    const stencil = await stencilFor(fields);
    const refused = (changes: Partial<StencilValues>, where: RegExp) =>
      expect(() => fillMessageStencil(stencil, values(changes))).toThrow(where);
    refused({ to: { address: 'a@example.org', name: 'Ann\r\nBcc: v@example.net' } }, /^to name:/);
    refused({ to: { address: 'a@example.org\nBcc: v@example.net' } }, /^to address:/);
    refused({ to: { address: 'a@example.org, v@example.net' } }, /^to address:/);
    refused({ unsubscribeUrl: 'https://x.example/\r\nBcc: v@example.net' }, /^unsubscribe URL:/);
    refused({ messageId: '<a@b>\r\nBcc: v@example.net' }, /^Message-ID:/);
    expect(() => fillMessageStencil(stencil, values({ to: { address: 'nope' } }))).toThrow(
      ValidationError,
    );
  });

  it('refuses per-issue fields that could inject a header', async () => {
    await expect(
      createMessageStencil({ ...fields, subject: 'Hi\r\nBcc: v@example.net' }),
    ).rejects.toThrow(/^subject: contains a line break/);
    await expect(
      createMessageStencil({ ...fields, from: { address: 'news@example.com', name: 'N\nX: y' } }),
    ).rejects.toThrow(/^from name:/);
    await expect(createMessageStencil({ ...fields, listName: 'List\r\nX: y' })).rejects.toThrow(
      /^list name:/,
    );
    await expect(
      createMessageStencil({ ...fields, listId: `${'a'.repeat(900)}.example.com` }),
    ).rejects.toThrow(/^header List-Id: has more than 900 characters without a space/);
  });
});
