import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { NewsletterError, ValidationError } from '../../core/errors';
import type { Subscriber, SubscriberStatus } from '../../core/model';
import type { SubscriberStore } from '../../core/ports';
import { normaliseEmail } from '../../core/subscribers/email-address';
import { importSubscribers } from '../../core/subscribers/import-subscribers';
import { parseSubscriberCsv } from '../../core/subscribers/parse-subscriber-csv';
import { subscriberIdFor } from '../../core/subscribers/subscriber-id';
import { openLocalRuntime } from '../runtime';

interface StoreOptions {
  readonly dataDir: string;
}

const out = (text: string) => process.stdout.write(text);

/**
 * `newsletter subscribers import <csv>`: all rows or none. Every row is validated first; any
 * invalid or duplicate row is reported with its line number and nothing is imported.
 */
export async function runSubscribersImport(
  options: StoreOptions & { readonly file: string },
): Promise<void> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(
      options.file,
      code === 'ENOENT' ? 'was not found — check the path' : `cannot be read (${code})`,
    );
  }
  const parsed = parseSubscriberCsv(text, options.file);
  if (parsed.problems.length > 0) {
    const details = parsed.problems.map((p) => `  line ${p.line}: ${p.reason}`).join('\n');
    throw new ValidationError(
      options.file,
      `has ${parsed.problems.length} invalid row(s); nothing was imported. Fix them and run again:\n${details}`,
    );
  }
  await withStore(options, 'subscribers import', async ({ subscribers, secret }) => {
    const result = await importSubscribers(subscribers, parsed.rows, {
      idKey: secret,
      now: new Date(),
    });
    out(`Imported ${result.imported} subscriber(s) from ${options.file} as active.\n`);
    if (result.alreadyListed.length > 0) {
      const lines = result.alreadyListed.map((row) => row.line).join(', ');
      out(`Left ${result.alreadyListed.length} already on the list unchanged (line ${lines}).\n`);
    }
    if (result.erased.length > 0) {
      const lines = result.erased.map((row) => row.line).join(', ');
      out(
        `Skipped ${result.erased.length} erased by \`subscribers remove\` (line ${lines}); ` +
          'an erased address is never imported again.\n',
      );
    }
  });
}

/** `newsletter subscribers list [--status S] [--json]`. */
export async function runSubscribersList(
  options: StoreOptions & { readonly status?: SubscriberStatus; readonly json?: boolean },
): Promise<void> {
  await withStore(options, 'subscribers list', async ({ subscribers }) => {
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
    const width = Math.max(5, ...rows.map((s) => s.email.length));
    const nameWidth = Math.max(4, ...rows.map((s) => (s.name ?? '').length));
    out(`${'EMAIL'.padEnd(width)}  ${'STATUS'.padEnd(12)}  ${'NAME'.padEnd(nameWidth)}  REASON\n`);
    for (const s of rows) {
      const reason = s.reason ? `${s.reason} (${s.reasonAt ?? s.updatedAt})` : '';
      out(
        `${s.email.padEnd(width)}  ${s.status.padEnd(12)}  ${(s.name ?? '').padEnd(nameWidth)}  ${reason}`.trimEnd() +
          '\n',
      );
    }
    out(`${rows.length} subscriber(s)${options.status ? ` with status ${options.status}` : ''}\n`);
  });
}

/** `newsletter subscribers export [--format csv|json]`: everything stored about each subscriber. */
export async function runSubscribersExport(
  options: StoreOptions & { readonly format: 'csv' | 'json' },
): Promise<void> {
  await withStore(options, 'subscribers export', async ({ subscribers }) => {
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
        { header: true },
      ),
    );
  });
}

/**
 * `newsletter subscribers remove <email>`: erasure. The record (address, name, consent, history)
 * is replaced by a tombstone that holds only the subscriber id, a keyed hash of the address, so
 * a later import or sign-up with the address is ignored instead of bringing it back.
 */
export async function runSubscribersRemove(
  options: StoreOptions & { readonly email: string },
): Promise<void> {
  const email = normaliseEmail(options.email, 'email');
  await withStore(options, 'subscribers remove', async ({ subscribers, secret }) => {
    const id = subscriberIdFor(email, secret);
    if (await subscribers.erase(id, new Date().toISOString())) {
      out(
        `Erased subscriber ${id}: address, name and consent record are deleted. ` +
          'Only a keyed hash of the address remains, so importing it or signing up with it again is ignored.\n',
      );
      return;
    }
    const erasedAt = await subscribers.erasedAt(id);
    if (erasedAt) {
      out(`Subscriber ${id} was already erased on ${erasedAt}; nothing to do.\n`);
      return;
    }
    throw new NewsletterError(
      `No subscriber has this address in ${path.resolve(options.dataDir)}; nothing was changed`,
    );
  });
}

async function* everySubscriber(store: SubscriberStore): AsyncIterable<Subscriber> {
  for await (const page of store.all()) yield* page;
}

async function withStore(
  options: StoreOptions,
  command: string,
  work: (runtime: { subscribers: SubscriberStore; secret: string }) => Promise<void>,
): Promise<void> {
  const runtime = await openLocalRuntime({ dataDir: options.dataDir, command });
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}
