/**
 * `newsletter api` as a person runs it (a child process holding the data folder), and the
 * subscriber commands around it (in process, against this file's emulators).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Subscriber } from '../../../lambda/core/model';
import {
  runSubscribersExport,
  runSubscribersImport,
  runSubscribersList,
  runSubscribersRemove,
} from '../../../lambda/local/commands/subscribers';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { NEWSLETTER_BIN, runCli, runCliInterruptedAtFirstProgress } from '../../support/run-cli';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-api-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.AWS_ENDPOINT_URL_SES;
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  return env;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `newsletter api` and resolves once it says it is ready. */
async function startApi(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [NEWSLETTER_BIN, 'api', '--port', String(port)], {
    cwd: work,
    env: childEnv({ NEWSLETTER_PUBLIC_URL: `http://127.0.0.1:${port}` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`newsletter api exited:\n${output}`);
      expect(output).toContain('Press Ctrl-C to stop.');
    },
    { timeout: 30_000, interval: 50 },
  );
  return { child, output: () => output };
}

describe('newsletter api', () => {
  // A child process loading the CLI: slow on a busy 2-core machine.
  it('serves sign-up and confirmation locally, keeps the store to itself, and stops cleanly on SIGTERM', {
    timeout: 45_000,
  }, async () => {
    const port = await freePort();
    const { child, output } = await startApi(port);
    const url = `http://127.0.0.1:${port}`;
    expect(output()).toContain(`Subscription API on ${url}`);
    expect(output()).toContain('POST /unsubscribe');
    expect(output()).not.toContain('NEWSLETTER_PUBLIC_URL=');

    const form = await fetch(`${url}/subscribe`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<input id="email" name="email" type="email"');
    const response = await fetch(`${url}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=zoe%40example.com&name=Zo%C3%AB',
    });
    expect(response.status).toBe(202);
    const eml = path.join(work, 'outbox', 'confirmations', '1.eml');
    await vi.waitFor(() => expect(existsSync(eml)).toBe(true), { timeout: 10_000 });
    const mail = await simpleParser(await readFile(eml));
    expect(mail.to).toMatchObject({ value: [{ name: '', address: 'zoe@example.com' }] });
    const link = /http:\/\/127\.0\.0\.1:\d+\/confirm\?token=\S+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect((await fetch(link as string)).status).toBe(200);
    const confirmed = await fetch(link as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(confirmed.status).toBe(200);

    // The api's own data folder (the default, .newsletter in its working folder), from this process.
    const dataDir = path.join(work, '.newsletter');
    const busy = await runCli(['subscribers', 'list', '--data-dir', dataDir]);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(
      /^newsletter: Data folder \S+ is in use by `newsletter api` \(pid \d+\); it keeps the store open while it runs: stop it/,
    );

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('Received SIGTERM; stopping.');
    expect(existsSync(path.join(dataDir, 'lock'))).toBe(false);

    const listed = await runCli([
      'subscribers',
      'list',
      '--status',
      'active',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject([
      { email: 'zoe@example.com', name: 'Zoë', status: 'active', consent: { source: 'form' } },
    ]);
  });

  it('says clearly when the port is taken, and creates no data folder, store or outbox', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const dataDir = path.join(work, 'data-port');
    try {
      const before = await readdir(work, { recursive: true });
      const result = await runCli(['--data-dir', dataDir, 'api', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.err).toBe(
        `newsletter: Port ${port} on 127.0.0.1 is already in use; stop what uses it or pass --port <another>\n`,
      );
      expect(existsSync(dataDir)).toBe(false);
      expect((await readdir(work, { recursive: true })).sort()).toEqual(before.sort());
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('newsletter subscribers import, interrupted', () => {
  it('stops at Ctrl-C saying how many it imported, with every record whole; the same command again imports the rest', async () => {
    const rows = 300;
    const csv = path.join(work, 'big.csv');
    const people = Array.from({ length: rows }, (_, i) => `p${i}@example.com,Person ${i}`);
    await writeFile(csv, `email,name\n${people.join('\n')}\n`);
    const dataDir = path.join(work, 'data-interrupted');
    const args = ['--data-dir', dataDir, 'subscribers', 'import', csv];

    // Ctrl-C as the first progress line (100 rows, the first round) is written.
    const first = await runCliInterruptedAtFirstProgress([...args]);
    expect(first.code).toBe(1);
    expect(first.err).toContain(
      '\nStopping: the rows being written finish (Ctrl-C again quits at once).\n' +
        'newsletter: Import stopped after 100 of 300 rows (interrupted (Ctrl-C)): 100 subscriber(s) imported so far, ' +
        'and no record is half-written (each row is one write, whole or not at all); run the same command again to finish it',
    );

    // Exactly what it said is in the store, each record whole.
    const listed = await runCli(['--data-dir', dataDir, 'subscribers', 'list', '--json']);
    const stored = JSON.parse(listed.out) as { email: string; name: string; status: string }[];
    expect(stored).toHaveLength(100);
    for (const { email, name, status } of stored) {
      expect({ name, status }).toEqual({
        name: email.replace(/^p(\d+)@.*/, 'Person $1'),
        status: 'active',
      });
    }

    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Imported ${rows - 100} subscriber(s) from ${csv}`);
    expect(again.out).toContain('Left 100 already on the list unchanged');
    const all = await runCli(['--data-dir', dataDir, 'subscribers', 'list', '--json']);
    expect(new Set(JSON.parse(all.out).map((s: { email: string }) => s.email)).size).toBe(rows);
  });
});

describe('newsletter subscribers import, an export with a status column', () => {
  it('imports only the rows marked subscribed, and says which lines it left out', async () => {
    const dataDir = path.join(work, 'data-status');
    const csv = path.join(work, 'sendy.csv');
    await writeFile(
      csv,
      'Name,Email,Status\nAna,ana@example.com,Subscribed\nBen,ben@example.com,Unsubscribed\n' +
        'Cy,cy@example.com,Bounced\nBen,BEN@example.com,Subscribed\nDi,,Subscribed\n',
    );
    const run = await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Imported 1 subscriber(s)');
    expect(run.out).toContain(
      'Left out 2 row(s) the file marks as not subscribed (unsubscribed: line 3; bounced: line 4).',
    );
    expect(run.out).toContain(
      'Left out 1 row(s) listing as subscribed an address another row marks as gone (line 5: unsubscribed on line 3): someone who left is not mailed because another row still lists them.',
    );
    expect(run.out).toContain('Skipped 1 row(s) with no address (line 6): no one to mail there.');
    const all = await runCli(['--data-dir', dataDir, 'subscribers', 'list', '--json']);
    expect(JSON.parse(all.out).map((s: { email: string }) => s.email)).toEqual(['ana@example.com']);
  });
});

describe('newsletter subscribers import, a Mailchimp audience export', () => {
  it('reads its columns, names them in the summary, and leaves out its unsubscribed export', async () => {
    const dataDir = path.join(work, 'data-mailchimp');
    const header = '"Email Address","First Name","Last Name","MEMBER_RATING","OPTIN_TIME"';
    const subscribed = path.join(work, 'subscribed_members_export.csv');
    await writeFile(
      subscribed,
      `${header},"CONFIRM_TIME"\r\nana@example.com,Ana,García,2,"2023-01-05 10:11:12",\r\n`,
    );
    const run = await runCli(['--data-dir', dataDir, 'subscribers', 'import', subscribed]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Imported 1 subscriber(s)');
    expect(run.out).toContain(
      'Read the address from column "Email Address" and the name from "First Name + Last Name"; other columns were not imported.',
    );
    const unsubscribed = path.join(work, 'unsubscribed_members_export.csv');
    await writeFile(
      unsubscribed,
      `${header},"UNSUB_TIME"\r\nben@example.com,Ben,,1,,"2024-01-01 00:00:00"\r\n`,
    );
    const again = await runCli(['--data-dir', dataDir, 'subscribers', 'import', unsubscribed]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Imported 0 subscriber(s)');
    expect(again.out).toContain(
      'Left out 1 row(s) the file marks as not subscribed (unsubscribed: line 2).',
    );
    const all = await runCli(['--data-dir', dataDir, 'subscribers', 'list', '--json']);
    expect(
      JSON.parse(all.out).map((s: { email: string; name: string }) => [s.email, s.name]),
    ).toEqual([['ana@example.com', 'Ana García']]);
  });
});

describe('newsletter subscribers import, a sheet with a title above its header', () => {
  it('reads the header under the title and says which line it read it from', async () => {
    const csv = path.join(work, 'titled.csv');
    await writeFile(csv, 'Subscribers,,\n,,\nEmail,Name,Joined\nana@example.com,Ana,2024-03-01\n');
    const { code, out } = await runCli(['--data-dir', `${csv}.data`, 'subscribers', 'import', csv]);
    expect([code, out.split('\n').slice(0, 2)]).toEqual([
      0,
      [
        'Imported 1 subscriber(s) from ' +
          csv +
          ' into the local store in ' +
          `${csv}.data as active.`,
        'Read the header from line 3; the 2 line(s) above it (a title?) were not imported.',
      ],
    ]);
  });
});

describe('newsletter subscribers export, imported again', () => {
  it('brings back the same addresses and names, cells guarded against formulas included', async () => {
    const csv = path.join(work, 'round-trip.csv');
    await writeFile(
      csv,
      'email,name\n-ana@example.com,+1 Club\nben@example.com,=Ben\ncy@example.com,Cy\n',
    );
    const from = path.join(work, 'data-round-trip-from');
    expect((await runCli(['--data-dir', from, 'subscribers', 'import', csv])).code).toBe(0);
    const exported = path.join(work, 'round-trip-export.csv');
    const run = await runCli(['--data-dir', from, 'subscribers', 'export', '--format', 'csv']);
    await writeFile(exported, run.out);
    const to = path.join(work, 'data-round-trip-to');
    expect((await runCli(['--data-dir', to, 'subscribers', 'import', exported])).code).toBe(0);
    const listed = async (dataDir: string) =>
      JSON.parse((await runCli(['--data-dir', dataDir, 'subscribers', 'list', '--json'])).out).map(
        (s: { email: string; name: string; status: string }) => [s.email, s.name, s.status],
      );
    expect(await listed(to)).toEqual([
      ['-ana@example.com', '+1 Club', 'active'],
      ['ben@example.com', '=Ben', 'active'],
      ['cy@example.com', 'Cy', 'active'],
    ]);
  });
});

describe('newsletter subscribers import, a list of addresses without a header', () => {
  it('imports one address per line and says it read the file so', async () => {
    const dataDir = path.join(work, 'data-headerless');
    const list = path.join(work, 'addresses.txt');
    await writeFile(list, 'ada@example.com\ngrace@example.com\n');
    const run = await runCli(['--data-dir', dataDir, 'subscribers', 'import', list]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Imported 2 subscriber(s)');
    expect(run.out).toContain('Read one address per line (the file has no header row).');
  });
});

describe('newsletter subscribers (in process)', () => {
  const dynamo = useDynalite();
  const ses = useSesEmulator();
  let dataDir: string;
  let output = '';

  beforeAll(() => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SES', ses.endpoint);
    dataDir = path.join(work, 'data-in-process');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  async function capture(command: () => Promise<void>): Promise<string> {
    output = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output += String(chunk);
      return true;
    });
    try {
      await command();
    } finally {
      spy.mockRestore();
    }
    return output;
  }

  it('erases an address, which a later import then skips by line, and export no longer holds it', async () => {
    const csv = path.join(work, 'people.csv');
    await writeFile(csv, 'email,name\nada@example.com,Ada\ngrace@example.com,Grace\n');
    expect(await capture(() => runSubscribersImport({ file: csv, dataDir }))).toContain(
      'Imported 2 subscriber(s)',
    );

    const removed = await capture(() =>
      runSubscribersRemove({ email: ' ADA@Example.com ', dataDir }),
    );
    expect(removed).toMatch(
      /^Erased subscriber [\w-]{22}: address, name and consent record are deleted/,
    );
    expect(removed).not.toContain('ada@');
    expect(
      await capture(() => runSubscribersRemove({ email: 'ada@example.com', dataDir })),
    ).toMatch(/was already erased on \d{4}-/);

    const again = await capture(() => runSubscribersImport({ file: csv, dataDir }));
    expect(again).toContain('Imported 0 subscriber(s)');
    expect(again).toContain('Left 1 already on the list unchanged (line 3)');
    expect(again).toContain('Skipped 1 erased by `subscribers remove` (line 2)');

    const exported = await capture(() => runSubscribersExport({ format: 'csv', dataDir }));
    expect(exported.split('\n')[0]).toContain('reason,reason_at,bounces');
    expect(exported).not.toContain('ada@example.com');
    expect(exported).toContain('grace@example.com');
  });

  /**
   * Imports one row from `bytes` and returns what the import said and the row as stored; then
   * erases it, as the table is shared with the next tests, which count the active subscribers.
   */
  async function importOne(name: string, bytes: Buffer, email: string) {
    const file = path.join(work, name);
    await writeFile(file, bytes);
    const said = await capture(() => runSubscribersImport({ file, dataDir }));
    const listed = await capture(() => runSubscribersList({ dataDir, json: true }));
    await capture(() => runSubscribersRemove({ email, dataDir }));
    return { said, stored: (JSON.parse(listed) as Subscriber[]).find((s) => s.email === email) };
  }

  it('reads a CSV that is not UTF-8 as Windows-1252 (an Excel export), and says so', async () => {
    // "Müller" with ü as the single byte 0xFC, as Excel's "CSV (Comma delimited)" writes it.
    const bytes = Buffer.from('email,name\nm@example.org,M\xfcller\n', 'latin1');
    const { said, stored } = await importOne('windows-1252.csv', bytes, 'm@example.org');
    expect(said).toContain('Imported 1 subscriber(s)');
    expect(said).toContain('Read as Windows-1252 (not UTF-8)');
    expect(stored?.name).toBe('Müller');
  });

  it('reads Excel\'s "Unicode Text" (UTF-16LE with a byte order mark, tab-separated)', async () => {
    const text = '\ufeffE-Mail\tName\r\nj@example.org\tJosé Müller\r\n';
    const { said, stored } = await importOne(
      'unicode.txt',
      Buffer.from(text, 'utf16le'),
      'j@example.org',
    );
    expect(said).toContain('Imported 1 subscriber(s)');
    expect(said).toContain('Read as UTF-16LE.');
    expect(stored?.name).toBe('José Müller');
  });

  it('refuses an Excel workbook, saying to export CSV, and imports nothing', async () => {
    const xlsx = path.join(work, 'people.xlsx');
    await writeFile(xlsx, Buffer.from('PK\x03\x04\x14\x00[Content_Types].xml', 'latin1'));
    const elsewhere = path.join(work, 'data-xlsx');
    await expect(runSubscribersImport({ file: xlsx, dataDir: elsewhere })).rejects.toThrow(
      `${xlsx}: is a zip archive (an Excel .xlsx workbook?), not CSV`,
    );
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('refuses to erase an address that is not on the list, or is not an address', async () => {
    await expect(runSubscribersRemove({ email: 'nobody@example.com', dataDir })).rejects.toThrow(
      /^No subscriber has this address in .*; nothing was changed$/,
    );
    await expect(runSubscribersRemove({ email: 'nobody', dataDir })).rejects.toThrow(
      'email: is not a valid email address',
    );
  });

  it('exports no cell a spreadsheet would run as a formula', async () => {
    const csv = path.join(work, 'formulas.csv');
    await writeFile(
      csv,
      'email,name\n' +
        'f1@example.com,"=HYPERLINK(""https://evil.example"",""click"")"\n' +
        'f2@example.com,+1 555 0100\n' +
        'f3@example.com,-2+3\n' +
        'f4@example.com,@SUM(A1)\n',
    );
    await capture(() => runSubscribersImport({ file: csv, dataDir }));
    const exported = await capture(() => runSubscribersExport({ format: 'csv', dataDir }));
    const cells = parse(exported, { relax_column_count: true }).flat() as string[];
    expect(cells).toContain('\'=HYPERLINK("https://evil.example","click")');
    expect(cells).toContain("'+1 555 0100");
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it('lists by status, with the reason and when', async () => {
    const listed = await capture(() => runSubscribersList({ dataDir, status: 'active' }));
    expect(listed).toMatch(/^EMAIL\s+STATUS\s+NAME\s+REASON\n/);
    expect(listed).toContain('grace@example.com');
    expect(listed).toContain('5 subscriber(s) with status active');
    expect(await capture(() => runSubscribersList({ dataDir, status: 'suppressed' }))).toContain(
      '0 subscriber(s) with status suppressed',
    );
  });
});
