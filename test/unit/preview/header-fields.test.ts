import { describe, expect, it } from 'vitest';
import {
  decodeHeaderValue,
  headerBlock,
  headerValue,
  readHeaderFields,
} from '../../../lambda/local/preview/header-fields';

const RAW = Buffer.from(
  [
    'From: =?UTF-8?Q?Caf=C3=A9_Briefing?= <news@example.com>',
    'Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=',
    'Content-Type: multipart/alternative;',
    ' boundary="b1"',
    '',
    'body: not a header',
  ].join('\r\n'),
  'latin1',
);

describe('reading the header fields of a raw message', () => {
  it('decodes Q and B encoded words and joins adjacent ones without the space between them', () => {
    expect(decodeHeaderValue('=?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=')).toBe(
      'Grüße aus Köln',
    );
    expect(decodeHeaderValue('plain text stays as it is')).toBe('plain text stays as it is');
  });

  it('keeps an encoded word whose charset is unknown as it was', () => {
    expect(decodeHeaderValue('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });

  it('lists the fields in order, unfolded, and stops at the empty line', () => {
    const fields = readHeaderFields(RAW);
    expect(fields).toEqual([
      { name: 'From', value: 'Café Briefing <news@example.com>' },
      { name: 'Subject', value: 'Grüße aus Köln' },
      { name: 'Content-Type', value: 'multipart/alternative; boundary="b1"' },
    ]);
    expect(headerValue(fields, 'content-type')).toBe('multipart/alternative; boundary="b1"');
    expect(headerValue(fields, 'List-Unsubscribe')).toBeUndefined();
  });

  it('gives the header block exactly as sent', () => {
    expect(headerBlock(RAW)).toBe(RAW.toString('latin1').split('\r\n\r\n')[0]);
  });
});
