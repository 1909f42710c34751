import { checkedText, decodeAs, firstNonUtf8, utf8SequenceAt, utf16MarkOf } from '../decode-text';

/** The encodings a spreadsheet's CSV or "Unicode Text" export comes in. */
export type CsvEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

export type DecodedCsv =
  | { readonly ok: true; readonly text: string; readonly encoding: CsvEncoding }
  | { readonly ok: false; readonly reason: string };

const EXPORT_CSV =
  'in the spreadsheet, save it as "CSV UTF-8 (Comma delimited)" (File > Save As) and import that';

/**
 * A subscribers CSV's bytes as text, in the encodings spreadsheets export: UTF-8 (with or without
 * its byte order mark); UTF-16 with one (Excel's "Unicode Text"); else, when the bytes are not
 * valid UTF-8, Windows-1252 (Excel's "CSV (Comma delimited)" on Windows), which the caller names
 * so the operator can check accented names. A workbook or other binary file is refused, and so
 * is a file whose rows mix UTF-8 and Windows-1252 (lineOfUtf8Text).
 */
export function decodeSubscriberCsv(bytes: Uint8Array): DecodedCsv {
  const [first, second, third, fourth] = bytes;
  if (first === 0x50 && second === 0x4b && third === 0x03 && fourth === 0x04) {
    const entry = firstZipEntry(bytes);
    if (/\.(?:csv|txt)$/i.test(entry)) {
      return {
        ok: false,
        reason: `is a zip archive of CSV files (the first is ${entry}), not one CSV — unzip it and import the CSV of the people to mail (Mailchimp's subscribed_members_export_….csv)`,
      };
    }
    return {
      ok: false,
      reason: `is a zip archive (an Excel .xlsx workbook?), not CSV — ${EXPORT_CSV}`,
    };
  }
  if (first === 0xd0 && second === 0xcf && third === 0x11 && fourth === 0xe0) {
    return {
      ok: false,
      reason: `is an Excel .xls workbook (or another Office document), not CSV — ${EXPORT_CSV}`,
    };
  }
  const utf16 = utf16MarkOf(bytes);
  if (utf16 !== undefined) return decoded(bytes, utf16);
  if (bytes.includes(0)) {
    return {
      ok: false,
      reason: `looks like a binary file (it contains NUL bytes), not CSV — ${EXPORT_CSV}`,
    };
  }
  const utf8 = decoded(bytes, 'UTF-8');
  if (utf8 !== undefined) return utf8;
  const utf8Line = lineOfUtf8Text(bytes);
  if (utf8Line !== undefined) {
    return {
      ok: false,
      reason: `mixes UTF-8 text (line ${utf8Line}) with text in another encoding (${firstNonUtf8(bytes)}), so the accented names of one part would come out garbled — save every row in UTF-8 (retype the accented letters of the other part) and import again`,
    };
  }
  return decoded(bytes, 'Windows-1252');
}

/**
 * The line of the first UTF-8 accented Latin letter (é, ü, ñ, ł: lead byte C3 to C5) or
 * typographic punctuation (’ “ – …: E2 80), or undefined: in a file that is not UTF-8 as a whole,
 * rows appended from a UTF-8 export, which read as Windows-1252 would be stored as "JosÃ©"
 * and "Oâ€™Brien". Windows-1252 text hardly ever has these byte pairs (Ã or Ä before a symbol);
 * a capital with an accent before a no-break space (É then 0xA0) is not one of them.
 */
function lineOfUtf8Text(bytes: Uint8Array): number | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
    const letter = byte >= 0xc3 && byte <= 0xc5 && utf8SequenceAt(bytes, i) === 2;
    const punctuation = byte === 0xe2 && bytes[i + 1] === 0x80 && utf8SequenceAt(bytes, i) === 3;
    if (letter || punctuation) return line;
  }
  return undefined;
}

/**
 * The name of a zip archive's first entry, from its local file header (the name's length at
 * byte 26, the name from byte 30): Mailchimp's audience export is a zip of CSV files, an .xlsx
 * workbook starts with `[Content_Types].xml`.
 */
function firstZipEntry(bytes: Uint8Array): string {
  const length = (bytes[26] ?? 0) | ((bytes[27] ?? 0) << 8);
  return new TextDecoder().decode(bytes.subarray(30, 30 + length));
}

/** The text in one encoding (its byte order mark dropped), or undefined when it is not valid in it. */
function decoded(bytes: Uint8Array, encoding: 'UTF-8'): DecodedCsv | undefined;
function decoded(bytes: Uint8Array, encoding: CsvEncoding): DecodedCsv;
function decoded(bytes: Uint8Array, encoding: CsvEncoding): DecodedCsv | undefined {
  let text: string;
  try {
    text = decodeAs(bytes, encoding, { fatal: true });
  } catch {
    if (encoding === 'UTF-8') return undefined;
    return {
      ok: false,
      reason: `starts as ${encoding} text but is not valid ${encoding} — ${EXPORT_CSV}`,
    };
  }
  const checked = checkedText(text);
  if (!checked.ok) return checked;
  const other = NOT_CSV.find(([start]) => start.test(checked.text));
  return other === undefined ? { ...checked, encoding } : { ok: false, reason: other[1] };
}

/**
 * Text files that are no CSV, by how they start, and what to do instead: csv-parse read a JSON
 * export's quotes as a badly quoted field and a saved sign-in page as rows of one column. A list
 * of addresses may start with `<ana@…>`, `"ana@…"` or even `{ana}@…`, so none of these match it.
 */
const NOT_CSV: readonly (readonly [RegExp, string])[] = [
  [/^\s*$/, 'is empty — export the list again'],
  [
    /^\s*(?:\[\s*[{"]|\{\s*")/,
    'is JSON, not CSV — export the subscribers as CSV, or write them as a CSV with an "email" column',
  ],
  [
    // Any tag (`<table>`, `<meta …>`, a comment): tools that "export to Excel" often write an
    // HTML table under an .xls name. `<ana@example.com>` is no tag: the @ ends its name.
    /^\s*<(?:!doctype|!--|\?xml|[a-z][a-z0-9]*[\s/>])/i,
    'is a web page or XML, not CSV (a sign-in or error page saved instead of the export, or an HTML table saved as .xls?) — download the export again, or open it in the spreadsheet and save it as "CSV UTF-8"',
  ],
  [/^%PDF-/, 'is a PDF document, not CSV — export the list as CSV from where it is kept'],
  [
    /^\{\\rtf/,
    'is an RTF document, not CSV — save it as plain text (one address per line) or export the list as CSV',
  ],
  [
    /^\s*BEGIN:VCARD/i,
    'is a vCard contacts file, not CSV — export the contacts as CSV (Google Contacts: "Google CSV"; Outlook: "CSV")',
  ],
];
