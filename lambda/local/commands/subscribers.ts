import { stringify } from 'csv-stringify/sync';
import { readInputFile } from '../../adapters/files/input-file';
import { removeFromSuppressionList } from '../../adapters/ses/suppression-list';
import { MAX_CONSENT_SOURCE_LENGTH } from '../../adapters/sqs/sign-up-queue';
import { NewsletterError, ValidationError } from '../../core/errors';
import type { Subscriber, SubscriberStatus } from '../../core/model';
import type { SubscriberStore } from '../../core/ports';
import {
  type CsvEncoding,
  decodeSubscriberCsv,
} from '../../core/subscribers/decode-subscriber-csv';
import { normaliseEmail } from '../../core/subscribers/email-address';
import {
  type ImportOptions,
  type ImportResult,
  importSubscribers,
} from '../../core/subscribers/import-subscribers';
import {
  type LeftOutRow,
  type ParsedSubscriberCsv,
  parseSubscriberCsv,
} from '../../core/subscribers/parse-subscriber-csv';
import { subscriberIdFor } from '../../core/subscribers/subscriber-id';
import { showInvisibleInName, unusableInName } from '../../core/subscribers/subscriber-name';
import { untilInterrupted } from '../interruption';
import { createProgress } from '../progress';
import { clockTime, importWithConfirmations } from './import-confirmations';
import { type TargetOptions, withTarget } from './target';

const out = (text: string) => process.stdout.write(text);

/** A CSV is read whole and checked before any row is written: a million rows are about 60 MB. */
const MAX_CSV_BYTES = 128 * 1024 * 1024;
/** A consent record says where people agreed (a form, an event), not the story of it. */
const MAX_STORED_CONSENT_SOURCE_LENGTH = 200;

/**
 * `newsletter subscribers import <csv>`: all rows or none. Every row is validated first; any
 * invalid or duplicate row is reported with its line number and nothing is imported.
 */
export async function runSubscribersImport(
  options: TargetOptions & {
    readonly file: string;
    /** How the rows join the list (see ImportOptions.as). @default active */
    readonly as?: ImportOptions['as'];
    /**
     * Join as pending and get a confirmation email each, from the deployed confirmation sender
     * (needs `stack`).
     */
    readonly sendConfirmations?: boolean;
    /** The consent record's source. @default import */
    readonly consentSource?: string;
  },
): Promise<void> {
  const source = options.consentSource ?? 'import';
  // Kept in every consent record, and shown when one is asked for: one line, no bidi control.
  const unusable = unusableInName(source);
  if (unusable !== undefined) throw new ValidationError('--consent-source', unusable);
  if (options.sendConfirmations) {
    if (options.stack === undefined) {
      throw new NewsletterError(
        '--send-confirmations works on a deployed stack (--stack NAME), whose confirmation sender mails each new row; ' +
          'locally, import with --confirmed if they confirmed elsewhere, or let them sign up through `newsletter api`',
      );
    }
    if (source.length > MAX_CONSENT_SOURCE_LENGTH) {
      throw new ValidationError(
        '--consent-source',
        `is ${source.length} characters; with --send-confirmations it travels on the sign-up queue, which takes at most ${MAX_CONSENT_SOURCE_LENGTH}: shorten it`,
      );
    }
  }
  if (source.length > MAX_STORED_CONSENT_SOURCE_LENGTH) {
    throw new ValidationError(
      '--consent-source',
      `is ${source.length} characters; a consent record keeps at most ${MAX_STORED_CONSENT_SOURCE_LENGTH}: shorten it`,
    );
  }
  const bytes = await readInputFile(options.file, {
    maxBytes: MAX_CSV_BYTES,
    hint: 'split it into smaller files and import each (an import never duplicates anyone)',
  });
  const decoded = decodeSubscriberCsv(bytes);
  if (!decoded.ok) throw new ValidationError(options.file, decoded.reason);
  const parsed = parseSubscriberCsv(decoded.text, options.file);
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map((p) => `  line ${p.line}: ${p.reason}`).join('\n');
    throw new ValidationError(
      options.file,
      `has ${parsed.problems.length} invalid row(s); nothing was imported. Fix them and run again:\n${details}`,
    );
  }
  await withTarget(
    options,
    'subscribers import',
    async (target) => {
      if (options.sendConfirmations && target.stack) {
        const stack = target.stack;
        // The round being written and queued finishes; the error then says how far it got.
        const { result, perHour, windowEndsAt } = await untilInterrupted(
          'Stopping: the rows being written and queued finish',
          (interrupted) =>
            importWithConfirmations(stack, parsed.rows, { source, say: out, interrupted }),
        );
        out(
          `Imported ${result.queued} subscriber(s) from ${options.file} into ${target.where} as pending, ` +
            'and queued a confirmation email for each: they join the list when they confirm it (within 48 hours).\n',
        );
        if (result.resumed > 0) {
          out(
            `${result.resumed} of them were pending from an earlier run (stopped before queueing, or unconfirmed after 48 hours).\n`,
          );
        }
        reportLeftAlone(result);
        reportEncoding(decoded.encoding);
        reportColumns(parsed);
        reportLeftOut(parsed);
        if (result.waiting.length > 0) {
          out(
            `Did not import ${result.waiting.length} row(s) yet (line ${lineList(result.waiting)}): this hour's ${perHour} confirmation emails are used up. ` +
              `Run the same command again after ${clockTime(windowEndsAt)} to import and mail the next ones, ` +
              'or raise confirmationsPerHour (npx cdk deploy -c confirmationsPerHour=N).\n',
          );
        }
        return;
      }
      const idKey = await target.secret();
      const progress = createProgress(process.stderr, { label: 'Importing', unit: 'rows' });
      progress.setTotal(parsed.rows.length);
      let result: Awaited<ReturnType<typeof importSubscribers>>;
      try {
        // The rows being written finish; the error then says how far it got and how to resume.
        result = await untilInterrupted('Stopping: the rows being written finish', (interrupted) =>
          importSubscribers(target.subscribers, parsed.rows, {
            idKey,
            now: new Date(),
            as: options.as,
            source,
            onProgress: (done) => progress.update(done, {}),
            interrupted,
          }),
        );
      } finally {
        progress.stop();
      }
      const as = options.as === 'confirmed' ? 'active (confirmed)' : 'active';
      out(
        `Imported ${result.imported} subscriber(s) from ${options.file} into ${target.where} as ${as}.\n`,
      );
      reportLeftAlone(result);
      reportEncoding(decoded.encoding);
      reportColumns(parsed);
      reportLeftOut(parsed);
    },
    { makesStore: true },
  );
}

/** The encoding, when not UTF-8: names read from Windows-1252 are worth a look. */
function reportEncoding(encoding: CsvEncoding): void {
  if (encoding === 'Windows-1252') {
    out(
      'Read as Windows-1252 (not UTF-8): check that accented names (José Müller) came out right with `newsletter subscribers list`.\n',
    );
  } else if (encoding !== 'UTF-8') {
    out(`Read as ${encoding}.\n`);
  }
}

/**
 * Which columns were read, so a mapped export (Mailchimp's "Email Address") can be checked, and
 * the title lines above the header that were not.
 */
function reportColumns({ columns, titleLines }: ParsedSubscriberCsv): void {
  if (titleLines > 0) {
    out(
      `Read the header from line ${titleLines + 1}; the ${titleLines} line(s) above it (a title?) were not imported.\n`,
    );
  }
  if (columns.email === null) {
    out('Read one address per line (the file has no header row).\n');
    return;
  }
  const name = columns.name === null ? ' (no name column)' : ` and the name from "${columns.name}"`;
  out(`Read the address from column "${columns.email}"${name}; other columns were not imported.\n`);
}

/**
 * The rows the file itself marks as not on the list (unsubscribed, cleaned, bounced, …), then
 * those left out because another row marks their address as gone, each with that row's line,
 * and the rows with no address.
 */
function reportLeftOut({ left, withoutAddress }: ParsedSubscriberCsv): void {
  const marked = left.filter((row) => row.goneOn === undefined);
  if (marked.length > 0) {
    const byStatus = new Map<string, LeftOutRow[]>();
    for (const row of marked) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row]);
    const which = [...byStatus].map(([status, rows]) => `${status}: line ${lineList(rows)}`);
    out(
      `Left out ${marked.length} row(s) the file marks as not subscribed (${which.join('; ')}).\n`,
    );
  }
  const elsewhere = left.filter((row) => row.goneOn !== undefined);
  if (elsewhere.length > 0) {
    const which = shortList(
      elsewhere.map((row) => `line ${row.line}: ${row.status} on line ${row.goneOn}`),
      '; ',
    );
    out(
      `Left out ${elsewhere.length} row(s) listing as subscribed an address another row marks as gone (${which}): ` +
        'someone who left is not mailed because another row still lists them.\n',
    );
  }
  if (withoutAddress.length > 0) {
    out(
      `Skipped ${withoutAddress.length} row(s) with no address (line ${lineList(withoutAddress)}): no one to mail there.\n`,
    );
  }
}

/** The rows an import did not touch: already on the list, or erased. */
function reportLeftAlone(result: Pick<ImportResult, 'alreadyListed' | 'erased'>): void {
  if (result.alreadyListed.length > 0) {
    const lines = lineList(result.alreadyListed);
    out(`Left ${result.alreadyListed.length} already on the list unchanged (line ${lines}).\n`);
  }
  if (result.erased.length > 0) {
    const lines = lineList(result.erased);
    out(
      `Skipped ${result.erased.length} erased by \`subscribers remove\` (line ${lines}); ` +
        'an erased address is never imported again.\n',
    );
  }
}

/** `newsletter subscribers list [--status S] [--json]`. */
export async function runSubscribersList(
  options: TargetOptions & { readonly status?: SubscriberStatus; readonly json?: boolean },
): Promise<void> {
  await withTarget(options, 'subscribers list', async ({ subscribers }) => {
    const rows: Subscriber[] = [];
    for await (const subscriber of everySubscriber(subscribers)) {
      if (options.status === undefined || subscriber.status === options.status)
        rows.push(subscriber);
    }
    rows.sort((a, b) => a.email.localeCompare(b.email));
    if (options.json) {
      out(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    // A bidi control in a name stored before names were checked would reorder the rest of its
    // line: the table shows such characters escaped (--json keeps the name as stored).
    const table = rows.map((s) => ({ ...s, shownName: showInvisibleInName(s.name ?? '') }));
    const width = Math.max(5, ...table.map((s) => s.email.length));
    const nameWidth = Math.max(4, ...table.map((s) => s.shownName.length));
    out(`${'EMAIL'.padEnd(width)}  ${'STATUS'.padEnd(12)}  ${'NAME'.padEnd(nameWidth)}  REASON\n`);
    for (const s of table) {
      const reason = s.reason ? `${s.reason} (${s.reasonAt ?? s.updatedAt})` : '';
      out(
        `${s.email.padEnd(width)}  ${s.status.padEnd(12)}  ${s.shownName.padEnd(nameWidth)}  ${reason}`.trimEnd() +
          '\n',
      );
    }
    out(`${rows.length} subscriber(s)${options.status ? ` with status ${options.status}` : ''}\n`);
  });
}

/** `newsletter subscribers export [--format csv|json]`: everything stored about each subscriber. */
export async function runSubscribersExport(
  options: TargetOptions & { readonly format: 'csv' | 'json' },
): Promise<void> {
  await withTarget(options, 'subscribers export', async ({ subscribers }) => {
    const rows: Subscriber[] = [];
    for await (const subscriber of everySubscriber(subscribers)) rows.push(subscriber);
    if (options.format === 'json') {
      out(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    out(
      stringify(
        rows.map((s) => ({
          id: s.id,
          email: s.email,
          name: s.name ?? '',
          status: s.status,
          reason: s.reason ?? '',
          reason_at: s.reasonAt ?? '',
          bounces: s.bounces,
          consent_at: s.consent.at,
          consent_source: s.consent.source,
          consent_ip: s.consent.ip ?? '',
          consent_user_agent: s.consent.userAgent ?? '',
          consent_text_version: s.consent.textVersion ?? '',
          consent_confirmed_at: s.consent.confirmedAt ?? '',
          created_at: s.createdAt,
          updated_at: s.updatedAt,
        })),
        // A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading quote.
        { header: true, escape_formulas: true },
      ),
    );
  });
}

/**
 * `newsletter subscribers remove <email>`: erasure. The record (address, name, consent, history)
 * is replaced by a tombstone that holds only the subscriber id, a keyed hash of the address, so
 * a later import or sign-up with the address is ignored instead of bringing it back. With
 * `--stack`, the address also leaves SES's account-level suppression list, so no copy of it stays
 * in the account; re-running the command finishes an erasure that stopped in between.
 */
export async function runSubscribersRemove(
  options: TargetOptions & { readonly email: string },
): Promise<void> {
  const email = normaliseEmail(options.email, 'email');
  await withTarget(options, 'subscribers remove', async (target) => {
    const id = subscriberIdFor(email, await target.secret());
    const stored = await target.subscribers.get(id);
    let done: string;
    if (await target.subscribers.erase(id, new Date().toISOString())) {
      done =
        `Erased subscriber ${id}: address, name and consent record are deleted. ` +
        'Only a keyed hash of the address remains, so importing it or signing up with it again is ignored.';
    } else {
      const erasedAt = await target.subscribers.erasedAt(id);
      if (!erasedAt) {
        throw new NewsletterError(
          `No subscriber has this address in ${target.where}; nothing was changed`,
        );
      }
      done = `Subscriber ${id} was already erased on ${erasedAt}.`;
    }
    out(`${done}\n`);
    if (target.stack) {
      // SES keeps the address as it was sent to: the stored spelling, and the one typed here.
      const spellings = new Set([stored?.email ?? email, email, email.toLowerCase()]);
      const outcomes = new Set<string>();
      try {
        for (const spelling of spellings) {
          outcomes.add(await removeFromSuppressionList(target.stack.clients.sesv2, spelling));
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new NewsletterError(
          `Subscriber ${id} is erased in the table, but SES's suppression list could not be checked (${reason}); run the same command again to finish`,
          { cause: error },
        );
      }
      out(
        outcomes.has('removed')
          ? "Removed the address from the SES account's suppression list.\n"
          : outcomes.has('unsupported')
            ? 'The SES endpoint does not implement the suppression-list API (a local emulator): nothing to remove there.\n'
            : "The address was not on the SES account's suppression list.\n",
      );
    }
  });
}

/** At most 20 line numbers, then how many more: a re-run of a big import stays readable. */
function lineList(rows: readonly { readonly line: number }[]): string {
  return shortList(
    rows.map((row) => String(row.line)),
    ', ',
  );
}

/** At most 20 of the values, then how many more. */
function shortList(values: readonly string[], separator: string): string {
  const shown = values.slice(0, 20);
  return values.length > shown.length
    ? `${shown.join(separator)} and ${values.length - shown.length} more`
    : shown.join(separator);
}

async function* everySubscriber(store: SubscriberStore): AsyncIterable<Subscriber> {
  for await (const page of store.all()) yield* page;
}
