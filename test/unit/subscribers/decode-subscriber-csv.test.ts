import { describe, expect, it } from 'vitest';
import { decodeSubscriberCsv } from '../../../lambda/core/subscribers/decode-subscriber-csv';
import { parseSubscriberCsv } from '../../../lambda/core/subscribers/parse-subscriber-csv';

const CSV = 'email,name\r\nj@example.org,José Müller\r\n';

/** UTF-16 with its byte order mark, as Excel's "Unicode Text" writes it (tab-separated). */
function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return order === 'le' ? le : Buffer.from(le.swap16());
}

describe('decodeSubscriberCsv', () => {
  it('reads UTF-8 with or without a byte order mark', () => {
    for (const bytes of [Buffer.from(CSV), Buffer.from(`\ufeff${CSV}`)]) {
      expect(decodeSubscriberCsv(bytes)).toEqual({
        ok: true,
        text: 'email,name\nj@example.org,José Müller\n',
        encoding: 'UTF-8',
      });
    }
  });

  it('reads UTF-16LE and UTF-16BE with a byte order mark; a tab-separated export parses', () => {
    const text = 'Email Address\tFirst Name\tLast Name\r\nj@example.org\tJosé\tMüller\r\n';
    for (const [order, encoding] of [
      ['le', 'UTF-16LE'],
      ['be', 'UTF-16BE'],
    ] as const) {
      const decoded = decodeSubscriberCsv(utf16(text, order));
      expect(decoded).toEqual({ ok: true, text: text.replace(/\r\n/g, '\n'), encoding });
      if (!decoded.ok) continue;
      expect(parseSubscriberCsv(decoded.text, 'x.txt').rows).toEqual([
        { line: 2, email: 'j@example.org', name: 'José Müller' },
      ]);
    }
  });

  it('reads a file that is not valid UTF-8 as Windows-1252, as Excel writes "CSV (Comma delimited)"', () => {
    // é and ü as single bytes, the euro sign as 0x80 and ’ as 0x92: Windows-1252, not Latin-1.
    const bytes = Buffer.from(
      'email,name\nj@example.org,Jos\xe9 M\xfcller O\x92B \x80\n',
      'latin1',
    );
    expect(decodeSubscriberCsv(bytes)).toEqual({
      ok: true,
      text: 'email,name\nj@example.org,José Müller O’B €\n',
      encoding: 'Windows-1252',
    });
  });

  it("refuses a zip of CSV files (Mailchimp's audience export) naming the CSV in it, and a workbook as a workbook", () => {
    /** A zip's first local file header, for an entry named `name`, with no data. */
    const zipOf = (name: string) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name)]);
    };
    expect(decodeSubscriberCsv(zipOf('subscribed_members_export_1a2b3c.csv'))).toEqual({
      ok: false,
      reason:
        "is a zip archive of CSV files (the first is subscribed_members_export_1a2b3c.csv), not one CSV — unzip it and import the CSV of the people to mail (Mailchimp's subscribed_members_export_….csv)",
    });
    expect(decodeSubscriberCsv(zipOf('[Content_Types].xml'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^is a zip archive \(an Excel \.xlsx workbook\?\), not CSV/),
    });
  });

  it('refuses a file whose rows mix UTF-8 and Windows-1252, naming a line of each, rather than garble one part', () => {
    // Rows appended from two exports: José Müller in UTF-8, then Zoë as the single byte 0xEB.
    const bytes = Buffer.concat([
      Buffer.from('email,name\nj@example.org,José Müller\n'),
      Buffer.from('z@example.org,Zo\xeb\n', 'latin1'),
    ]);
    expect(decodeSubscriberCsv(bytes)).toEqual({
      ok: false,
      reason:
        'mixes UTF-8 text (line 2) with text in another encoding (line 3: byte 0xEB), so the accented names of one part would come out garbled — save every row in UTF-8 (retype the accented letters of the other part) and import again',
    });
    // UTF-8's ’ (E2 80 99) among Windows-1252 names, as a name pasted from the web brings it.
    const quote = Buffer.concat([
      Buffer.from('email,name\nj@example.org,M\xfcller\n', 'latin1'),
      Buffer.from('o@example.org,O’Brien\n'),
    ]);
    expect(decodeSubscriberCsv(quote)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(
        'mixes UTF-8 text (line 3) with text in another encoding (line 2: byte 0xFC)',
      ),
    });
    // A capital with an accent before a no-break space is Windows-1252's own (É, 0xC9, 0xA0).
    expect(
      decodeSubscriberCsv(
        Buffer.from('email,name\nj@example.org,JOS\xc9\xa0M\xdcLLER\n', 'latin1'),
      ),
    ).toMatchObject({
      ok: true,
      encoding: 'Windows-1252',
      text: expect.stringContaining('JOSÉ\u00a0MÜLLER'),
    });
  });

  it('refuses a workbook or a binary file, saying what it looks like and to export CSV', () => {
    const zip = Buffer.from('PK\x03\x04\x14\x00\x06\x00[Content_Types].xml', 'latin1');
    expect(decodeSubscriberCsv(zip)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^is a zip archive \(an Excel \.xlsx workbook\?\), not CSV — .*CSV UTF-8/,
      ),
    });
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    expect(decodeSubscriberCsv(xls)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^is an Excel \.xls workbook \(or another Office document\), not CSV — .*CSV UTF-8/,
      ),
    });
    // UTF-16 without a byte order mark, or any binary file: NUL bytes in what is not UTF-16.
    const nul = Buffer.from('email,name\n', 'utf16le');
    expect(decodeSubscriberCsv(nul)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^looks like a binary file \(it contains NUL bytes\), not CSV — .*CSV UTF-8/,
      ),
    });
  });

  it('refuses a file with a UTF-16 byte order mark that is not UTF-16 (an odd number of bytes)', () => {
    const cut = Buffer.concat([utf16('email\n', 'le'), Buffer.from([0x61])]);
    expect(decodeSubscriberCsv(cut)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^starts as UTF-16LE text but is not valid UTF-16LE — .*CSV UTF-8/,
      ),
    });
  });

  it('refuses control characters whatever the encoding', () => {
    const bell = Buffer.from('email\na@example.org\x07\xe9\n', 'latin1');
    expect(decodeSubscriberCsv(bell)).toEqual({
      ok: false,
      reason: 'contains a control character on line 2 — is it a text file?',
    });
    expect(decodeSubscriberCsv(utf16('email\na@example.org\x07\n', 'le'))).toMatchObject({
      ok: false,
      reason: 'contains a control character on line 2 — is it a text file?',
    });
  });
  it.each([
    ['[{"email":"ana@example.com","name":"Ana"}]\n', /^is JSON, not CSV/],
    ['  {"subscribers": []}', /^is JSON, not CSV/],
    [
      '<!DOCTYPE html>\n<html><body>email, password</body></html>\n',
      /^is a web page or XML, not CSV/,
    ],
    [
      'BEGIN:VCARD\nVERSION:3.0\nEMAIL:ana@example.com\nEND:VCARD\n',
      /^is a vCard contacts file, not CSV/,
    ],
    ['', /^is empty/],
    ['\r\n \n', /^is empty/],
  ])('names a file that is no CSV by what it is (%j)', (text, reason) => {
    // csv-parse said 'column 2 goes on after its closing quote' of a JSON export, 'has 2 columns
    // where the header has 1' of a sign-in page saved instead of the export.
    const decoded = decodeSubscriberCsv(Buffer.from(text));
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toMatch(reason);
  });

  it('refuses an HTML table saved as .xls, a PDF and an RTF document, saying what each is', () => {
    // Tools that "export to Excel" often write an HTML table under an .xls name.
    for (const page of [
      '<table border="1"><tr><td>email</td></tr><tr><td>ana@example.com</td></tr></table>',
      '\ufeff<meta charset="utf-8"><table><tr><th>Email</th></tr></table>',
      '<!-- export --><table></table>',
      '<head><title>Export</title></head>',
    ]) {
      expect(decodeSubscriberCsv(Buffer.from(page))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^is a web page or XML, not CSV/),
      });
    }
    expect(decodeSubscriberCsv(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^is a PDF document, not CSV/),
    });
    expect(
      decodeSubscriberCsv(Buffer.from('{\\rtf1\\ansi email\\par ana@example.com}')),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^is an RTF document, not CSV/),
    });
  });

  it('still reads a header-less list starting with an address in angle brackets or quotes', () => {
    for (const text of ['<ana@example.com>\n', '"ana@example.com"\n', '{ana}@example.com\n']) {
      expect(decodeSubscriberCsv(Buffer.from(text)).ok).toBe(true);
    }
  });
});
