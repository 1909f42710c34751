import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '../errors';
import { normaliseEmail } from './email-address';
import { readSubscriberName } from './subscriber-name';

export interface SubscriberRow {
  /** 1-based line number in the file, for messages. */
  readonly line: number;
  readonly email: string;
  readonly name: string | null;
}

interface RowProblem {
  readonly line: number;
  readonly reason: string;
}

/** A row the export itself says is not on the list (unsubscribed, bounced, …): not imported. */
export interface LeftOutRow {
  readonly line: number;
  /** The status, lower-cased, as the export gave it or as its marker column implies. */
  readonly status: string;
}

export interface ParsedSubscriberCsv {
  readonly rows: readonly SubscriberRow[];
  readonly problems: readonly RowProblem[];
  readonly left: readonly LeftOutRow[];
}

/** Values of a `status` column that mean "on the list" (Mailchimp, Sendy, listmonk, CRMs). */
const LISTED_STATUSES = new Set(['subscribed', 'active', 'enabled', 'confirmed']);
/**
 * Values that mean the person is not on the list, or never confirmed they want to be: such rows
 * are left out, never imported as active.
 */
const UNLISTED_STATUSES = new Set([
  'unsubscribed',
  'cleaned',
  'bounced',
  'hard bounced',
  'soft bounced',
  'complained',
  'complaint',
  'spam',
  'blocklisted',
  'blacklisted',
  'blocked',
  'suppressed',
  'pending',
  'unconfirmed',
  'transactional',
  'archived',
  'inactive',
  'disabled',
]);

/**
 * Why a row is not on the list, when the export says so: its `status` column, or a column only
 * such exports carry (Mailchimp's unsubscribed and cleaned exports, Substack's `email_disabled`).
 * Throws for a status it does not know: guessing either way would mail someone who left or drop
 * someone who did not.
 */
function leftBecause(record: Record<string, string>): string | undefined {
  if (record.unsub_time) return 'unsubscribed';
  if (record.clean_time) return 'cleaned';
  if (record.email_disabled?.toLowerCase() === 'true') return 'email disabled';
  if (!('status' in record)) return undefined;
  const status = (record.status ?? '').toLowerCase().replace(/\s+/g, ' ');
  if (LISTED_STATUSES.has(status)) return undefined;
  if (UNLISTED_STATUSES.has(status)) return status;
  const known = `${[...LISTED_STATUSES].join(', ')} are imported; ${[...UNLISTED_STATUSES].join(', ')} are left out`;
  if (status === '') throw new ValidationError('status', `is empty (${known}): fill it in`);
  throw new ValidationError(
    'status',
    `"${record.status}" is not a status this import knows (${known}): change it to one of these, or remove the status column to import every row as active`,
  );
}

/**
 * What separates the columns: the first of comma, semicolon (what spreadsheets write where the
 * comma is the decimal mark) and tab found in the header row; a one-column file has none.
 */
function delimiterOf(text: string): string {
  const header = text.split('\n', 1)[0] ?? '';
  return [',', ';', '\t'].find((delimiter) => header.includes(delimiter)) ?? ',';
}

/** The header's column names; two columns of a name we read would leave one unread. */
function columnsOf(header: readonly string[], file: string): string[] {
  const names = header.map((column) => column.trim().toLowerCase());
  for (const name of ['email', 'name']) {
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      throw new ValidationError(file, `has two "${name}" columns; keep the one to import`);
    }
  }
  return names;
}

/**
 * The line of the quote left open at the end of the text. Only called when the parser read to the
 * end inside quotes, so every quote before it opened or closed a field (`""` inside one toggles
 * twice) and the last one to open is the culprit. Lines end with LF, CRLF or CR.
 */
function lineOfUnclosedQuote(text: string): number {
  let line = 1;
  let openedOn = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      quoted = !quoted;
      if (quoted) openedOn = line;
    } else if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) {
      line++;
    }
  }
  return openedOn;
}

/**
 * Reads a subscribers CSV (a header row with `email` and optional `name`; columns separated by
 * commas, semicolons or tabs). Rows the export marks as not on the list (a `status` column, see
 * leftBecause) are returned in `left`, not in `rows`. Every row is checked before anything is imported, so the caller
 * can refuse the whole file when `problems` is not empty: an import either takes all rows or none.
 */
export function parseSubscriberCsv(text: string, file: string): ParsedSubscriberCsv {
  let records: { info: { lines: number }; record: Record<string, string> }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      columns: (header: string[]) => columnsOf(header, file),
      info: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse names the end of the file it read to, which says nothing about where to look.
      throw new ValidationError(
        `${file}:${lineOfUnclosedQuote(text)}`,
        'is not valid CSV (a quote (") opened on this line is never closed, so every row after it was read into this one): close the quote or remove it',
        { cause: error },
      );
    }
    const where = error instanceof CsvError && error.lines ? `${file}:${error.lines}` : file;
    throw new ValidationError(where, `is not valid CSV (${(error as Error).message})`, {
      cause: error,
    });
  }
  const first = records[0];
  if (first === undefined) throw new ValidationError(file, 'has no subscriber rows');
  if (!('email' in first.record)) {
    throw new ValidationError(
      file,
      'needs a header row with an "email" column (and optionally "name")',
    );
  }

  const rows: SubscriberRow[] = [];
  const problems: RowProblem[] = [];
  const left: LeftOutRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { info, record } of records) {
    // csv-parse counts to a record's last line; a quoted field may run over several.
    const line = info.lines - Object.values(record).join('').split('\n').length + 1;
    try {
      const status = leftBecause(record);
      if (status !== undefined) {
        left.push({ line, status });
        continue;
      }
      const email = normaliseEmail(record.email ?? '', 'email');
      const name = readSubscriberName(record.name);
      const key = email.toLowerCase();
      const earlier = firstLineOf.get(key);
      if (earlier !== undefined) {
        problems.push({ line, reason: `duplicate of line ${earlier}` });
        continue;
      }
      firstLineOf.set(key, line);
      rows.push({ line, email, name });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push({ line, reason: error.message });
    }
  }
  return { rows, problems, left };
}
