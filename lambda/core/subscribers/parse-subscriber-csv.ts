import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '../errors';
import { isBareAddress, normaliseEmail, unwrapAddress } from './email-address';
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
  /**
   * The row lists as subscribed an address that the row on this line marks as gone (`status` is
   * that row's): someone who left is not mailed because another row still lists them.
   */
  readonly goneOn?: number;
}

export interface ParsedSubscriberCsv {
  /** The columns read as the address and the name. */
  readonly columns: ReadColumns;
  /** Lines above the header (a spreadsheet's title, blank rows), not read. */
  readonly titleLines: number;
  readonly rows: readonly SubscriberRow[];
  readonly problems: readonly RowProblem[];
  readonly left: readonly LeftOutRow[];
  /**
   * Rows with an empty address cell (an address book's or a CRM's contact with only a name or a
   * phone number): no one to mail, so passed over and named, rather than stopping the import as
   * an address that is not one does.
   */
  readonly withoutAddress: readonly { readonly line: number }[];
}

/**
 * Values of a status column that mean "on the list" (Mailchimp, Sendy, listmonk, Kit, beehiiv,
 * Campaign Monitor, CRMs; Buttondown's free, paid and gifted subscribers, those on a trial of
 * the paid tier and those who will not renew it, who all still receive every email there).
 */
const LISTED_STATUSES = new Set([
  'subscribed',
  'active',
  'enabled',
  'confirmed',
  'regular',
  'premium',
  'gifted',
  'trialed',
  'churning',
]);
/**
 * Values that mean the person is not on the list, or never confirmed they want to be: such rows
 * are left out, never imported as active. Kit's `cancelled` is an unsubscribe; Buttondown's
 * `unactivated` never confirmed and its `disposable` is a throwaway address; beehiiv's
 * `validating`, `invalid` and `needs attention`, MailerLite's `junk` and Campaign Monitor's
 * `deleted` are addresses the tool stopped mailing.
 */
const UNLISTED_STATUSES = new Set([
  'unsubscribed',
  'opted out',
  'cancelled',
  'canceled',
  'cleaned',
  'bounced',
  'hard bounced',
  'soft bounced',
  'undeliverable',
  'complained',
  'complaint',
  'spam',
  'marked as spam',
  'spammy',
  'junk',
  'blocklisted',
  'blacklisted',
  'blocked',
  'suppressed',
  'removed',
  'deleted',
  'pending',
  'unconfirmed',
  'unactivated',
  'validating',
  'invalid',
  'disposable',
  'needs attention',
  'transactional',
  'archived',
  'inactive',
  'disabled',
  'paused',
]);

/**
 * A status or a heading as compared: lower-cased, `needs_attention`, `Needs  attention` and
 * `Opted-out`/`opted out` alike.
 */
const statusKey = (value: string) =>
  value
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

const isKnownStatus = (value: string) =>
  LISTED_STATUSES.has(statusKey(value)) || UNLISTED_STATUSES.has(statusKey(value));

/**
 * Headings (as statusKey makes them) of the columns that hold a subscriber's status: ours and
 * most tools' `status`, Buttondown's `subscriber_type`, and others' `Subscription Status`. Kit's
 * `state` and Buttondown's newer `type` are too, but a column headed so is as often where someone
 * lives (MailerLite, address books) or what kind of contact they are: see holdsStatuses.
 */
const STATUS_COLUMNS = [
  'status',
  'subscriber type',
  'subscription status',
  'subscriber status',
  'member status',
];
const STATUS_OR_OTHER_COLUMNS = ['state', 'type'];

/** The values of a yes/no column, lower-cased; an empty cell is a no. */
const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0', '']);

/**
 * Headings of columns that mark a row as gone when they hold anything but a no (a yes, or the
 * date it happened), with the status shown for it: Mailchimp's unsubscribed and cleaned exports,
 * Substack's `email_disabled`, Ghost's `deleted_at`, Brevo's `EMAIL_BLACKLISTED`, and what other
 * tools call the same things (`Date Unsubscribed`).
 */
const GONE_MARKERS = new Map([
  ['unsub time', 'unsubscribed'],
  ['unsubscribed', 'unsubscribed'],
  ['unsubscribed at', 'unsubscribed'],
  ['date unsubscribed', 'unsubscribed'],
  ['unsubscribe date', 'unsubscribed'],
  ['unsubscribed date', 'unsubscribed'],
  ['clean time', 'cleaned'],
  ['email disabled', 'email disabled'],
  ['blocklisted', 'blocklisted'],
  ['blacklisted', 'blocklisted'],
  ['email blacklisted', 'blocklisted'],
  ['deleted at', 'deleted'],
]);

/**
 * Yes/no columns a row is on the list only when they say yes (Ghost's `subscribed_to_emails`),
 * with the status shown for a no. Anything else is reported: a guess either way is a mistake.
 */
const ON_LIST_MARKERS = new Map([
  ['subscribed to emails', 'not subscribed to emails'],
  // Shopify's customers export; its "Accepts SMS Marketing" is no say on emails.
  ['accepts email marketing', 'does not accept email marketing'],
  ['accepts marketing', 'does not accept email marketing'],
]);

/**
 * Words in a heading that say a yes (or a date) under it means the person left, with the status
 * shown for it: HubSpot's "Unsubscribed from all email", Salesforce's "HasOptedOutOfEmail",
 * "Email Opt Out", "Opt-out date", "is_unsubscribed", "Hard Bounce", "Do Not Email". Such a
 * column is read so only when most of its filled cells are yes, no or a date (mostlyFilledWith):
 * an "Unsubscribe link" is not one.
 */
const GONE_WORDS: readonly (readonly [string, string])[] = [
  ['unsubscribed', 'unsubscribed'],
  ['unsubscribe', 'unsubscribed'],
  ['opted out', 'opted out'],
  ['opt out', 'opted out'],
  ['bounced', 'bounced'],
  ['hard bounce', 'bounced'],
  ['suppressed', 'suppressed'],
  ['do not email', 'do not email'],
  ['blocklisted', 'blocklisted'],
  ['blacklisted', 'blocklisted'],
  ['deleted', 'deleted'],
];

/**
 * Headings (as headingKey makes them) of a column that says yes for someone on the list (a CRM's
 * "Subscribed", "is_subscribed", "Email Opt In"): read so only when most of its filled cells are
 * yes or no, as a "Subscribed" column of dates says when they joined. A no leaves the row out as
 * "not subscribed"; anything else is reported (ON_LIST_MARKERS).
 */
const OPT_IN_HEADINGS = new Set([
  'subscribed',
  'is subscribed',
  'email subscribed',
  'opted in',
  'opt in',
  'email opt in',
  'marketing opt in',
]);

/** A date, or a date and time, as exports write them (2024-03-01, 01/03/2024 10:00). */
const DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]|$)/;

const isYesOrNo = (value: string) => YES.has(value.toLowerCase()) || NO.has(value.toLowerCase());

const isYesNoOrDate = (value: string) => isYesOrNo(value) || DATE.test(value);

/** Whether more than half of a column's filled cells pass `test`. */
function mostlyFilledWith(
  key: string,
  records: Records,
  test: (value: string) => boolean,
): boolean {
  const filled = records.map(({ record }) => record[key] ?? '').filter((value) => value !== '');
  return filled.filter(test).length * 2 > filled.length;
}

/**
 * Whether a column under a heading that names no status holds them all the same ("Email
 * Marketing Status", "Estado", "Abonnement"): every row has a value, more than half of them are
 * statuses this import knows, and one says someone left. A column empty for some rows (our
 * export's `reason`) or of other words ("active reader") is not one.
 */
function holdsOnlyStatuses(key: string, records: Records): boolean {
  // Any status column has one among its first rows: the others are not read through.
  const first = records.slice(0, SAMPLED_ROWS).map(({ record }) => record[key] ?? '');
  if (!first.some(isKnownStatus)) return false;
  const values = records.map(({ record }) => record[key] ?? '');
  return (
    !values.includes('') &&
    values.filter(isKnownStatus).length * 2 > values.length &&
    values.some((value) => UNLISTED_STATUSES.has(statusKey(value)))
  );
}

/** The record keys that say whether a row is on the list, by how they say it. */
interface StatusReaders {
  readonly statuses: readonly string[];
  /**
   * Record key and the status a row it marks is left out with; `strict` when a value that is
   * neither yes, no nor a date is reported rather than read as a yes (a GONE_WORDS column).
   */
  readonly gone: readonly (readonly [string, string, strict?: boolean])[];
  readonly onList: readonly (readonly [string, string])[];
}

/**
 * Whether a `state` or `type` column holds statuses: when more than half of its filled cells are
 * statuses this import knows, or when any says someone left. A Kit export's states and a
 * Buttondown export's types are read (and an unknown one among them is reported, even when most
 * are unknown: a guess would mail its unsubscribed rows), and an address book's regions
 * ("California", "NY") or contact types ("Personal") are not, even with an "Active" typed into
 * one of them.
 */
function holdsStatuses(key: string, records: Records): boolean {
  return (
    mostlyFilledWith(key, records, isKnownStatus) ||
    records.some(({ record }) => UNLISTED_STATUSES.has(statusKey(record[key] ?? '')))
  );
}

/** Which of the file's columns say whether a row is on the list. */
function statusReadersOf(given: readonly string[], records: Records): StatusReaders {
  const keys = keysOf(given);
  const headings = given.map(headingKey);
  const marked = (markers: ReadonlyMap<string, string>) =>
    keys.flatMap((key, index) => {
      const status = markers.get(headings[index] ?? '');
      return status === undefined ? [] : [[key, status] as const];
    });
  const statuses = keys.filter(
    (key) =>
      STATUS_COLUMNS.includes(statusKey(key)) ||
      (STATUS_OR_OTHER_COLUMNS.includes(statusKey(key)) && holdsStatuses(key, records)),
  );
  const gone = marked(GONE_MARKERS);
  const onList = marked(ON_LIST_MARKERS);
  const read = new Set([...statuses, ...gone.map(([key]) => key), ...onList.map(([key]) => key)]);
  const byWords = keys.flatMap((key, index) => {
    if (read.has(key)) return [];
    const words = ` ${headings[index]} `;
    const found = GONE_WORDS.find(([word]) => words.includes(` ${word} `));
    return found !== undefined && mostlyFilledWith(key, records, isYesNoOrDate)
      ? [[key, found[1], true] as const]
      : [];
  });
  for (const [key] of byWords) read.add(key);
  const optedIn = keys.flatMap((key, index) =>
    !read.has(key) &&
    OPT_IN_HEADINGS.has(headings[index] ?? '') &&
    mostlyFilledWith(key, records, isYesOrNo)
      ? [[key, 'not subscribed'] as const]
      : [],
  );
  for (const [key] of optedIn) read.add(key);
  const byValues = keys.filter((key) => !read.has(key) && holdsOnlyStatuses(key, records));
  return {
    statuses: [...statuses, ...byValues],
    gone: [...gone, ...byWords],
    onList: [...onList, ...optedIn],
  };
}

/**
 * Why a row is not on the list, when the export says so: its status columns, or a column only
 * such exports carry (GONE_MARKERS, ON_LIST_MARKERS).
 * Throws for a status it does not know: guessing either way would mail someone who left or drop
 * someone who did not.
 */
function leftBecause(record: Record<string, string>, readers: StatusReaders): string | undefined {
  for (const [column, status, strict] of readers.gone) {
    const value = record[column] ?? '';
    if (NO.has(value.toLowerCase())) continue;
    if (!strict || isYesNoOrDate(value)) return status;
    throw new ValidationError(
      column,
      `"${value}" is neither yes, no nor a date: fill in one of them (a yes or a date leaves the row out as ${status})`,
    );
  }
  for (const [column, status] of readers.onList) {
    const value = (record[column] ?? '').toLowerCase();
    if (YES.has(value)) continue;
    if (NO.has(value) && value !== '') return status;
    throw new ValidationError(
      column,
      `"${record[column]}" is neither true nor false: fill in one of them`,
    );
  }
  for (const column of readers.statuses) {
    const status = statusKey(record[column] ?? '');
    if (LISTED_STATUSES.has(status)) continue;
    if (UNLISTED_STATUSES.has(status)) return status;
    const known = `${[...LISTED_STATUSES].join(', ')} are imported; ${[...UNLISTED_STATUSES].join(', ')} are left out`;
    if (status === '') throw new ValidationError(column, `is empty (${known}): fill it in`);
    throw new ValidationError(
      column,
      `"${record[column]}" is not a status this import knows (${known}): change it to one of these, or remove the ${column} column to import every row as active`,
    );
  }
  return undefined;
}

type Records = { info: { lines: number }; record: Record<string, string> }[];

/** The characters columns are separated by, in the order a header is searched for them. */
const DELIMITERS = [',', ';', '\t'];

/** Excel's first line naming the separator (`sep=;`), written by exports meant for it. */
const SEPARATOR_LINE = /^\uFEFF?sep=([^\r\n])\r?\n/i;

/** How many lines after the header are looked at for the separator. */
const SAMPLED_LINES = 20;

/** How many lines are looked at for a header under a title. */
const TITLE_LINES = 10;

/**
 * How many lines above the header a spreadsheet's title and blank rows take: the header is the
 * first of the first lines with a cell headed as an address column (EMAIL_COLUMNS), above any
 * row holding an address, when the first line has none. 0 when no line is one (a header-less
 * list, a heading found by content).
 */
function titleLinesOf(lines: readonly string[]): number {
  const cells = lines
    .slice(0, TITLE_LINES)
    .map((line) => line.split(/[,;\t]/).map((cell) => cell.replace(/"/g, '').trim()));
  // Only above the first row holding an address: a row's "Email" (how someone signed up) is none.
  const data = cells.findIndex((row) => row.some(isAddress));
  const found = cells
    .slice(0, data < 0 ? undefined : data)
    .findIndex((row) => row.some((cell) => EMAIL_COLUMNS.has(headingKey(cell))));
  return Math.max(found, 0);
}

/**
 * What separates the columns, and the line the header is on (after a first line `sep=;` and a
 * title, see titleLinesOf): the separator `sep=` names; else, of comma, semicolon (what
 * spreadsheets write where the comma is the decimal mark) and tab, the one the header has
 * (outside quotes) and the next lines each have as often, a tab before a semicolon before a
 * comma, as a heading or a name left unquoted holds the others ("Name, Vorname;E-Mail", "Lima,
 * Ana" in a tab file); else the first the header has. A one-column file has none.
 */
function delimiterOf(text: string): {
  delimiter: string;
  headerLine: number;
  titleLines: number;
} {
  const named = SEPARATOR_LINE.exec(text);
  const lines = text.slice(named?.[0].length ?? 0).split('\n', TITLE_LINES + SAMPLED_LINES + 1);
  const titleLines = titleLinesOf(lines);
  const headerLine = (named === null ? 1 : 2) + titleLines;
  if (named?.[1] !== undefined) return { delimiter: named[1], headerLine, titleLines };
  // Outside quotes: a heading may hold one ("Nom, prénom";"E-Mail").
  const [header = '', ...next] = lines
    .slice(titleLines, titleLines + SAMPLED_LINES + 1)
    .map((line) => line.replace(/"[^"]*"/g, ''));
  const rows = next.filter((line) => line.trim() !== '');
  const count = (line: string, delimiter: string) => line.split(delimiter).length - 1;
  const found = DELIMITERS.filter((delimiter) => header.includes(delimiter));
  const steady = found.filter((delimiter) =>
    rows.every((row) => count(row, delimiter) === count(header, delimiter)),
  );
  return { delimiter: steady.at(-1) ?? found[0] ?? ',', headerLine, titleLines };
}

/**
 * Header names read as the address and the name, compared as headingKey makes them: ours, and
 * those common exports use (Mailchimp "Email Address", "First Name", "Last Name"; a German Excel
 * "E-Mail"; Outlook's "E-mail Address", Google Contacts' "E-mail 1 - Value" and Thunderbird's
 * "Primary Email"; Brevo's French "PRENOM" and "NOM"), and what spreadsheets are headed in
 * Spanish, French, German, Dutch, Italian and Portuguese ("Correo electrónico", "Nombre" and
 * "Apellidos"). A full name and a last name are joined (Nombre + Apellidos, Nome + Cognome).
 */
const EMAIL_COLUMNS = headingKeys([
  'email',
  'email address',
  'e-mail',
  'e-mail address',
  'e-mail 1 - value',
  'primary email',
  'mail',
  'correo',
  'correo electrónico',
  'courriel',
  'adresse e-mail',
  'adresse email',
  'e-mail-adresse',
  'e-mailadres',
  'indirizzo email',
  'indirizzo e-mail',
  'endereço de e-mail',
  'endereço de email',
]);
const NAME_COLUMNS = headingKeys([
  'name',
  'full name',
  'fullname',
  'nombre',
  'nombre completo',
  'nom complet',
  'nome',
  'nome completo',
  'naam',
  'vollständiger name',
]);
const FIRST_NAME_COLUMNS = headingKeys([
  'first name',
  'firstname',
  'fname',
  'given name',
  'prénom',
  'vorname',
  'voornaam',
]);
const LAST_NAME_COLUMNS = headingKeys([
  'last name',
  'lastname',
  'lname',
  'surname',
  'family name',
  'nom',
  'nom de famille',
  'nachname',
  'apellido',
  'apellidos',
  'achternaam',
  'cognome',
  'sobrenome',
]);

/**
 * A heading as compared with those above: lower-cased, without accents, runs of spaces, `_` and
 * `-` one space, and camelCase's words apart (`E-Mail`, `e_mail`, `eMail` and `E Mail`; `PRÉNOM`
 * and `prenom` alike).
 */
function headingKey(heading: string): string {
  return statusKey(
    heading
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'),
  );
}

function headingKeys(headings: readonly string[]): ReadonlySet<string> {
  return new Set(headings.map(headingKey));
}

/** The columns a file's rows were read from, as its header spells them, for the summary. */
export interface ReadColumns {
  /** null for a list of addresses without a header row. */
  readonly email: string | null;
  /** One column, or "First Name + Last Name"; null when the file has no name. */
  readonly name: string | null;
}

/** The record keys: the header's names trimmed and lower-cased. */
const keysOf = (given: readonly string[]) => given.map((column) => column.toLowerCase());

/**
 * The header's column names as record keys; two columns we would read as one would leave one
 * unread. The names as the file spells them (trimmed) are kept in `given`, for messages.
 */
function columnsOf(raw: readonly string[], file: string, given: string[]): string[] {
  given.push(...raw.map((column) => column.trim()));
  const names = keysOf(given);
  const headings = given.map(headingKey);
  for (const [role, aliases] of [
    ['address', EMAIL_COLUMNS],
    ['name', NAME_COLUMNS],
    ['first name', FIRST_NAME_COLUMNS],
    ['last name', LAST_NAME_COLUMNS],
  ] as const) {
    const found = headings.flatMap((heading, index) => (aliases.has(heading) ? [index] : []));
    if (found.length < 2) continue;
    const [first, second] = found.map((index) => given[index] as string);
    if (names[found[0] as number] === names[found[1] as number]) {
      throw new ValidationError(
        file,
        `has two "${names[found[0] as number]}" columns; keep the one to import`,
      );
    }
    throw new ValidationError(
      file,
      `has two ${role} columns ("${first}" and "${second}"); keep the one to import`,
    );
  }
  return names;
}

/**
 * The quote `subscribers export` (csv-stringify's escape_formulas) puts before a cell that starts
 * with = + - @, a tab or a CR, or their fullwidth forms, so a spreadsheet shows it rather than
 * running it: read back, it is no part of the address or the name (`'-ana@example.com` is another
 * mailbox than `-ana@example.com`), so an export imports as it was stored.
 */
const FORMULA_GUARD = /^'(?=[-=+@\t\r\uff1d\uff0b\uff0d\uff20])/;

/** A cell the import reads (the address, a name), without the export's formula guard. */
const cellOf = (record: Record<string, string>, key: string) =>
  (record[key] ?? '').replace(FORMULA_GUARD, '');

/** The address as compared for duplicates (lower-cased), or undefined when it is not one. */
function addressKeyOf(address: string): string | undefined {
  try {
    return normaliseEmail(address).toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether a cell holds an address the import would take (a header-less list's first line). A
 * cell without an @ is not looked at further: most cells are no address, and a refused one costs
 * an error thrown.
 */
function isAddress(cell: string): boolean {
  return cell.includes('@') && isBareAddress(unwrapAddress(cell).address);
}

/** How many rows are looked at for the column that holds the addresses. */
const SAMPLED_ROWS = 200;

/**
 * The index of the column holding the addresses when no heading names one (a form's "Email
 * Address *", a heading in a language not listed above): the one column most of whose filled
 * cells, in the first rows, are addresses. Throws when several do: a guess could mail the people
 * someone referred instead of the subscribers.
 */
function addressColumnByContent(
  given: readonly string[],
  records: Records,
  file: string,
): number | undefined {
  const keys = keysOf(given);
  const sample = records.slice(0, SAMPLED_ROWS);
  const holding = keys.flatMap((key, index) =>
    mostlyFilledWith(key, sample, isAddress) ? [index] : [],
  );
  if (holding.length > 1) {
    const named = holding.map((index) => `"${given[index]}"`);
    throw new ValidationError(
      file,
      `has no column headed "email", and ${holding.length} columns hold addresses (${named.slice(0, -1).join(', ')} and ${named.at(-1)}): head the one to import "email"`,
    );
  }
  return holding[0];
}

/**
 * Which columns hold the address and the name, or undefined when none holds an address: the one
 * a heading names, else the one whose cells are addresses (addressColumnByContent).
 */
function readColumnsOf(
  given: readonly string[],
  records: Records,
  file: string,
): ({ emailKey: string; nameKeys: string[] } & ReadColumns) | undefined {
  const names = keysOf(given);
  const headings = given.map(headingKey);
  const index = (aliases: ReadonlySet<string>) =>
    headings.findIndex((heading) => aliases.has(heading));
  const named = index(EMAIL_COLUMNS);
  const email = named >= 0 ? named : addressColumnByContent(given, records, file);
  if (email === undefined) return undefined;
  const full = index(NAME_COLUMNS);
  const first = index(FIRST_NAME_COLUMNS);
  const last = index(LAST_NAME_COLUMNS);
  // A full name wins, but beside a last name and no first name it is the first (MailerLite's
  // "Name" and "Last name").
  const parts =
    full >= 0 && (first >= 0 || last < 0)
      ? [full]
      : [first >= 0 ? first : full, last].filter((i) => i >= 0);
  return {
    emailKey: names[email] as string,
    email: given[email] as string,
    nameKeys: parts.map((i) => names[i] as string),
    name: parts.length === 0 ? null : parts.map((i) => given[i]).join(' + '),
  };
}

/** A separator as messages name it. */
const shownDelimiter = (delimiter: string) => (delimiter === '\t' ? 'a tab' : `"${delimiter}"`);

/** Why a row's column count differs from the header's, and how to fix it. */
function columnCountProblem(
  fields: readonly string[],
  expected: number,
  delimiter: string,
): string {
  const got = fields.length;
  const shown = shownDelimiter(delimiter);
  if (got > expected) {
    const example = delimiter === '\t' ? '"Lovelace\tAda"' : `"Lovelace${delimiter} Ada"`;
    return (
      `has ${got} columns where the header has ${expected} (column ${expected + 1} has no heading): ` +
      `put a field that holds ${shown} in double quotes (${example}), or give the extra column a heading`
    );
  }
  const count = `has ${got} column${got === 1 ? '' : 's'} where the header has ${expected}`;
  // A row pasted from a file separated otherwise reads as too few columns.
  const other = DELIMITERS.find((d) => d !== delimiter && fields.some((f) => f.includes(d)));
  if (other !== undefined) {
    return `${count}, and holds ${shownDelimiter(other)} where the header separates its columns with ${shown}: separate this row's columns with ${shown} too`;
  }
  const empty = delimiter === '\t' ? 'two tabs' : `"${delimiter}${delimiter}"`;
  return `${count}: add the missing ones (an empty field is fine: ${empty})`;
}

/**
 * The line of the quote left open at the end of the text. Only called when the parser read to the
 * end inside quotes, so every quote that starts a field (after spaces) opened or closed one (`""`
 * inside one toggles twice), a quote within an unquoted field is text (relax_quotes), and the last
 * one to open is the culprit. Lines end with LF, CRLF or CR.
 */
function lineOfUnclosedQuote(text: string, delimiter: string): number {
  let line = 1;
  let openedOn = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' && (quoted || fieldStart)) {
      quoted = !quoted;
      if (quoted) openedOn = line;
      fieldStart = false;
    } else if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) {
      line++;
      fieldStart = !quoted;
    } else if (char === delimiter) {
      fieldStart = !quoted;
    } else if (char !== ' ' && char !== '\t' && char !== '\r') {
      fieldStart = false;
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
  /** The header's names as the file spells them (trimmed), once csv-parse has read it. */
  const given: string[] = [];
  const { delimiter, headerLine, titleLines } = delimiterOf(text);
  const readRecords = (columns: string[] | ((raw: string[]) => string[])): Records => {
    try {
      return parse(text, {
        bom: true,
        delimiter,
        columns,
        from_line: headerLine,
        info: true,
        // A quote inside a field that does not start with one is text, as spreadsheets read it.
        relax_quotes: true,
        skip_empty_lines: true,
        // A row of separators only (Excel keeps the rows whose cells were cleared) is a blank line.
        skip_records_with_empty_values: true,
        trim: true,
      });
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
        // csv-parse names the end of the file it read to, which says nothing about where to look.
        throw new ValidationError(
          `${file}:${lineOfUnclosedQuote(text, delimiter)}`,
          'is not valid CSV (a quote (") opened on this line is never closed, so every row after it was read into this one): close the quote or remove it',
          { cause: error },
        );
      }
      if (error instanceof CsvError && error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
        throw new ValidationError(
          `${file}:${error.lines}`,
          columnCountProblem(
            Array.isArray(error.record) ? error.record.map(String) : [],
            given.length,
            delimiter,
          ),
          { cause: error },
        );
      }
      if (
        error instanceof CsvError &&
        (error.code === 'CSV_INVALID_CLOSING_QUOTE' ||
          error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE')
      ) {
        // A mail client's `"Ana Lima" <ana@example.com>` pasted into a cell: csv-parse only says
        // "Invalid Closing Quote".
        const index = typeof error.index === 'number' ? error.index : -1;
        const heading = given[index];
        const column = `column ${index + 1}${heading ? ` ("${heading}")` : ''}`;
        throw new ValidationError(
          `${file}:${error.lines}`,
          `is not valid CSV (${column} goes on after its closing quote): put the whole field in double quotes, each quote inside it doubled ("""Ana Lima"" <ana@example.com>"), or remove the quotes`,
          { cause: error },
        );
      }
      const where = error instanceof CsvError && error.lines ? `${file}:${error.lines}` : file;
      throw new ValidationError(where, `is not valid CSV (${(error as Error).message})`, {
        cause: error,
      });
    }
  };
  let records = readRecords((raw) => columnsOf(raw, file, given));
  // A first line holding an address is no header: one read as one would not be imported.
  const headerAddress = given.find(isAddress);
  let columns: ReturnType<typeof readColumnsOf>;
  if (headerAddress === undefined) {
    columns = readColumnsOf(given, records, file);
  } else if (given.length === 1) {
    // A list of addresses one per line, as pasted from a mail client: read again with a given
    // column, so csv-parse reads the first line as a row rather than as the header.
    records = readRecords(['email']);
    columns = { emailKey: 'email', email: null, nameKeys: [], name: null };
  } else {
    throw new ValidationError(
      `${file}:${headerLine}`,
      `holds an address (${headerAddress}) where the column headings go: add a first line naming the columns ("email${delimiter}name"), or list one address per line`,
    );
  }
  if (columns === undefined) {
    throw new ValidationError(
      file,
      'needs a header row with an "email" column (or "Email Address", "E-Mail"; and optionally "name", or "First Name" and "Last Name"), or one address per line',
    );
  }
  if (records[0] === undefined) throw new ValidationError(file, 'has no subscriber rows');

  const problems: RowProblem[] = [];
  const left: LeftOutRow[] = [];
  const withoutAddress: { line: number }[] = [];
  const listed: SubscriberRow[] = [];
  /** The first row marking each address (lower-cased) as gone. */
  const goneAt = new Map<string, LeftOutRow>();
  const readers = statusReadersOf(given, records);
  for (const { info, record } of records) {
    // csv-parse counts to a record's last line; a quoted field may run over several.
    const line = info.lines - Object.values(record).join('').split('\n').length + 1;
    const { address, displayName } = unwrapAddress(cellOf(record, columns.emailKey));
    if (address === '') {
      withoutAddress.push({ line });
      continue;
    }
    try {
      const status = leftBecause(record, readers);
      if (status !== undefined) {
        left.push({ line, status });
        const key = addressKeyOf(address);
        if (key !== undefined && !goneAt.has(key)) goneAt.set(key, { line, status });
        continue;
      }
      if (address.indexOf('@') !== address.lastIndexOf('@')) {
        // Google Contacts' 'a@… ::: b@…', or a pasted 'a@…, b@…': no address holds two @.
        throw new ValidationError(
          'email',
          'holds more than one address: keep the one to mail, or give each a row of its own',
        );
      }
      const email = normaliseEmail(address, 'email');
      const given =
        columns.nameKeys.length === 0
          ? undefined
          : columns.nameKeys.map((key) => cellOf(record, key)).join(' ');
      // A name column wins; an empty one, or none, takes the address's display name.
      const name = readSubscriberName(given?.trim() ? given : (displayName ?? given));
      listed.push({ line, email, name });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push({ line, reason: error.message });
    }
  }
  const rows: SubscriberRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of listed) {
    const key = row.email.toLowerCase();
    const gone = goneAt.get(key);
    if (gone !== undefined) {
      // Someone who left, listed again on another line (another sign-up, another case): left out.
      left.push({ line: row.line, status: gone.status, goneOn: gone.line });
      continue;
    }
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      problems.push({ line: row.line, reason: `duplicate of line ${earlier}` });
      continue;
    }
    firstLineOf.set(key, row.line);
    rows.push(row);
  }
  left.sort((a, b) => a.line - b.line);
  problems.sort((a, b) => a.line - b.line);
  const { emailKey: _, nameKeys: __, ...read } = columns;
  return { columns: read, titleLines, rows, problems, left, withoutAddress };
}
