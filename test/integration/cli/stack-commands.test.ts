/**
 * The operator commands with `--stack NAME`, in process, against real local servers: dynalite for
 * the table, and a minimal AWS control-plane server (test/support/aws-control-server.ts) for the
 * stack's outputs, its secret, SES's account and suppression list, and every AWS error an operator
 * meets. Everything else (AWS_ENDPOINT_URL) points at that server too, so nothing can leave the
 * machine.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../bin/newsletter-cli';
import { createDynamoComposeJournal } from '../../../lambda/adapters/dynamo/compose-journal';
import { createDynamoIssueStore } from '../../../lambda/adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../../../lambda/adapters/dynamo/subscriber-store';
import { QUOTA_USED_UP } from '../../../lambda/core/delivery/deliver-batch';
import { draftIssue } from '../../../lambda/core/issue/compose-issue';
import { subscriberIdFor } from '../../../lambda/core/subscribers/subscriber-id';
import { articleKeyFor } from '../../../lambda/local/commands/send-stack';
import { STACK_OUTPUTS } from '../../../lambda/local/stack/output-keys';
import { type ControlServer, startControlServer } from '../../support/aws-control-server';
import { useDynalite } from '../../support/emulators';
import { subscriber } from '../../support/fakes';
import {
  type CliResult,
  captureOutput,
  runCli,
  runCliInterruptedAtFirstProgress,
} from '../../support/run-cli';

const dynamo = useDynalite();
const STACK = 'NewsletterTest';
const SECRET = 'stack-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:token-AbCdEf';

let control: ControlServer;
let work: string;
let tableName: string;
const saved = { ...process.env };

function fullOutputs(): Record<string, string> {
  return {
    [STACK_OUTPUTS.tableName]: tableName,
    [STACK_OUTPUTS.secretArn]: SECRET_ARN,
    [STACK_OUTPUTS.bucketName]: 'newsletter-articles',
    [STACK_OUTPUTS.composeFunction]: 'NewsletterTest-Compose',
  };
}

beforeAll(async () => {
  tableName = await dynamo.createTable();
  control = await startControlServer({ secrets: { [SECRET_ARN]: SECRET } });
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-stack-cli-'));
});
afterAll(async () => {
  await control.close();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  control.state.failures = {};
  control.state.objects.clear();
  delete control.state.invokeAnswer;
  delete control.state.invokeFunctionError;
  delete control.state.account;
  control.state.stacks = { [STACK]: fullOutputs() };
  delete control.state.statuses;
  control.requests.length = 0;
});

function useLocalAws(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'operator',
    AWS_SECRET_ACCESS_KEY: 'operator-secret',
    AWS_ENDPOINT_URL: control.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SES: control.endpoint,
    ...extra,
  });
  control.state.stacks = { [STACK]: fullOutputs() };
}

/** Runs `newsletter …` in process on this test's data folder. */
function newsletter(...args: string[]): Promise<CliResult> {
  return runCli(['--data-dir', path.join(work, 'data'), ...args]);
}

async function csv(name: string, rows: string[]): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, ['email,name', ...rows].join('\n'));
  return file;
}

describe('subscribers --stack on the deployed table', () => {
  it('imports with ids keyed by the stack secret, lists them, and a re-run duplicates nothing', async () => {
    useLocalAws();
    const rows = Array.from({ length: 120 }, (_, i) => `reader${i}@example.org,Reader ${i}`);
    const file = await csv('readers.csv', rows);
    const first = await newsletter(
      'subscribers',
      'import',
      file,
      '--stack',
      STACK,
      '--confirmed',
      '--consent-source',
      'old list',
    );
    expect(first.err).not.toContain('newsletter:');
    expect(first.out).toContain(
      `Imported 120 subscriber(s) from ${file} into stack ${STACK} (eu-west-3) as active (confirmed).`,
    );
    expect(first.err).toContain('Importing: 120/120 rows');

    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    const reader = await store.get(subscriberIdFor('reader7@example.org', SECRET));
    expect(reader).toMatchObject({
      email: 'reader7@example.org',
      status: 'active',
      consent: { source: 'old list' },
    });
    expect(reader?.consent.confirmedAt).toBe(reader?.consent.at);

    const again = await newsletter('subscribers', 'import', file, '--stack', STACK);
    expect(again.out).toContain('Imported 0 subscriber(s)');
    expect(again.out).toContain('Left 120 already on the list unchanged (line 2, 3,');
    expect(again.out).toContain('and 100 more');

    const listed = await newsletter('subscribers', 'list', '--stack', STACK, '--json');
    expect(JSON.parse(listed.out)).toHaveLength(120);
    expect(control.requests.filter((r) => r.action === 'GetSecretValue')).toHaveLength(2);
    // Three commands of 120 rows each: more than the default on a loaded 2-core machine.
  }, 60_000);

  it('reads a Windows-1252 CSV on the stack as a local import does, and says so', async () => {
    useLocalAws();
    const file = path.join(work, 'excel-1252.csv');
    await writeFile(file, Buffer.from('email;name\nwin@example.org;Jos\xe9 M\xfcller\n', 'latin1'));
    const { out } = await newsletter('subscribers', 'import', file, '--stack', STACK);
    expect(out).toContain('Imported 1 subscriber(s)');
    expect(out).toContain('Read as Windows-1252 (not UTF-8)');
    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    expect(await store.get(subscriberIdFor('win@example.org', SECRET))).toMatchObject({
      name: 'José Müller',
    });
  });

  it('exports everything with consent, escaping cells a spreadsheet would run', async () => {
    useLocalAws();
    const file = await csv('formula.csv', ['formula@example.org,"=HYPERLINK(""http://x"")"']);
    await newsletter('subscribers', 'import', file, '--stack', STACK);
    const { code, out } = await newsletter(
      'subscribers',
      'export',
      '--stack',
      STACK,
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const line = out.split('\n').find((row) => row.includes('formula@example.org')) ?? '';
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain(',import,');
  });

  it('lists a name stored with bidi controls escaped in its table; --json and export keep it as stored', async () => {
    useLocalAws();
    // Stored before names were checked: as the table holds it, not as an import would take it.
    const name = 'Ada \u202Egnp.exe\u202C';
    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    const stored = subscriber(subscriberIdFor('bidi@example.org', SECRET), 'unsubscribed');
    await store.create({ ...stored, email: 'bidi@example.org', name });

    const table = await newsletter(
      'subscribers',
      'list',
      '--stack',
      STACK,
      '--status',
      'unsubscribed',
    );
    expect(table.code).toBe(0);
    const line = table.out.split('\n').find((row) => row.startsWith('bidi@example.org')) ?? '';
    expect(line).toMatch(/^bidi@example\.org +unsubscribed +Ada <U\+202E>gnp\.exe<U\+202C>$/);
    expect(table.out).not.toMatch(/[\u202A-\u202E]/);

    const json = await newsletter('subscribers', 'list', '--stack', STACK, '--json');
    const listed = JSON.parse(json.out).find(
      (s: { email: string }) => s.email === 'bidi@example.org',
    );
    expect(listed.name).toBe(name);
    const exported = await newsletter('subscribers', 'export', '--stack', STACK, '--format', 'csv');
    expect(exported.out.split('\n').find((row) => row.includes('bidi@example.org'))).toContain(
      `,${name},`,
    );
  });

  it('removes: tombstone in the table, then the address off the SES suppression list; a re-run says so', async () => {
    useLocalAws();
    const file = await csv('leaver.csv', ['leaver@example.org,Leaver']);
    await newsletter('subscribers', 'import', file, '--stack', STACK);
    control.state.suppressed.add('leaver@example.org');

    const removed = await newsletter(
      'subscribers',
      'remove',
      'Leaver@Example.org',
      '--stack',
      STACK,
    );
    expect(removed.code).toBe(0);
    const id = subscriberIdFor('leaver@example.org', SECRET);
    expect(removed.out).toContain(`Erased subscriber ${id}`);
    expect(removed.out).toContain("Removed the address from the SES account's suppression list.");
    const deletion = control.requests.find((r) => r.action === 'DeleteSuppressedDestination');
    expect(deletion).toMatchObject({
      method: 'DELETE',
      path: '/v2/email/suppression/addresses/leaver%40example.org',
    });
    expect(deletion?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=operator\/\d+\/eu-west-3\/ses\/aws4_request/,
    );
    expect(control.state.suppressed.size).toBe(0);
    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    expect(await store.get(id)).toBeUndefined();
    expect(await store.erasedAt(id)).toBeDefined();

    const again = await newsletter('subscribers', 'remove', 'leaver@example.org', '--stack', STACK);
    expect(again.out).toContain(`Subscriber ${id} was already erased on`);
    expect(again.out).toContain("was not on the SES account's suppression list");
  });

  it('says so when the SES endpoint has no suppression-list API (the emulator), and stops with a line when SES fails', async () => {
    useLocalAws();
    const file = await csv('two-leavers.csv', ['one@example.org,One', 'two@example.org,Two']);
    await newsletter('subscribers', 'import', file, '--stack', STACK);

    control.state.failures.DeleteSuppressedDestination = {
      status: 404,
      code: 'UnknownOperationException',
      message: 'unknown',
    };
    const emulated = await newsletter('subscribers', 'remove', 'one@example.org', '--stack', STACK);
    expect(emulated.code).toBe(0);
    expect(emulated.out).toContain('The SES endpoint does not implement the suppression-list API');

    control.state.failures.DeleteSuppressedDestination = {
      status: 500,
      code: 'InternalFailure',
      message: 'try later',
    };
    const failed = await newsletter('subscribers', 'remove', 'two@example.org', '--stack', STACK);
    expect(failed.code).toBe(1);
    const id = subscriberIdFor('two@example.org', SECRET);
    expect(failed.err).toMatch(
      new RegExp(
        `^newsletter: Subscriber ${id} is erased in the table, but SES's suppression list could not be checked \\(.*\\); run the same command again to finish\n$`,
      ),
    );
  });

  it('refuses an address nobody has, changing nothing', async () => {
    useLocalAws();
    const { code, err } = await newsletter(
      'subscribers',
      'remove',
      'nobody@example.org',
      '--stack',
      STACK,
    );
    expect(code).toBe(1);
    expect(err).toBe(
      `newsletter: No subscriber has this address in stack ${STACK} (eu-west-3); nothing was changed\n`,
    );
    expect(control.requests.some((r) => r.action === 'DeleteSuppressedDestination')).toBe(false);
  });

  it('--send-confirmations stops at Ctrl-C saying how many it imported and queued, with every record whole; the same command again does the rest', async () => {
    useLocalAws();
    const queueUrl = `${control.endpoint}/123456789012/sign-ups`;
    control.state.stacks = {
      [STACK]: {
        ...fullOutputs(),
        [STACK_OUTPUTS.signUpQueueUrl]: queueUrl,
        [STACK_OUTPUTS.confirmationsPerHour]: '1000',
      },
    };
    control.state.messages.clear();
    const rows = 300;
    const emails = Array.from({ length: rows }, (_, i) => `ctrl-c-${i}@example.org`);
    const file = await csv(
      'ctrl-c-confirm.csv',
      emails.map((email, i) => `${email},Person ${i}`),
    );
    const args = ['subscribers', 'import', file, '--stack', STACK, '--send-confirmations'];

    // Ctrl-C as the first progress line (100 rows, the first round) is written.
    const first = await runCliInterruptedAtFirstProgress([
      '--data-dir',
      path.join(work, 'data'),
      ...args,
    ]);
    expect(first.code).toBe(1);
    expect(first.err).toContain(
      '\nStopping: the rows being written and queued finish (Ctrl-C again quits at once).\n' +
        'newsletter: Import stopped after 100 of 300 rows (interrupted (Ctrl-C)): 100 subscriber(s) imported as pending, ' +
        'each with its confirmation email queued, so far, and no record is half-written (each row is one write, whole or not at all); ' +
        'run the same command again to finish it',
    );

    // Exactly what it said is in the table and on the queue, each record whole and marked queued.
    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    const written = await store.getMany(emails.map((email) => subscriberIdFor(email, SECRET)));
    expect(written).toHaveLength(100);
    for (const record of written) {
      expect(record).toMatchObject({
        status: 'pending',
        name: record.email.replace(/^ctrl-c-(\d+)@.*/, 'Person $1'),
      });
      expect(record.confirmationQueuedAt).toBeDefined();
    }
    expect(control.state.messages.get(queueUrl)).toHaveLength(100);

    const again = await newsletter(...args);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Imported ${rows - 100} subscriber(s) from ${file}`);
    expect(again.out).toContain('Left 100 already on the list unchanged');
    const queued = (control.state.messages.get(queueUrl) ?? []).map(
      (body) => (JSON.parse(body) as { email: string }).email,
    );
    expect(queued.sort()).toEqual([...emails].sort());
  });
});

describe('status --stack', () => {
  it('says there are no issues on a new table', async () => {
    useLocalAws();
    const { code, out } = await newsletter('status', '--stack', STACK, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ issues: [], passedOver: [] });
  });

  it('lists the uploads compose passed over, newest first, with the reason that says what to fix', async () => {
    useLocalAws();
    const journal = createDynamoComposeJournal({ client: dynamo.documentClient, tableName });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const empty = {
      key: 'articles/empty.md',
      etag: '"e1"',
      reason: 'Article articles/empty.md is empty',
      at: hoursAgo(2),
    };
    const pdf = {
      key: 'articles/scan.pdf',
      etag: '"e2"',
      reason: 'Article articles/scan.pdf is a PDF document, not an article — save it as Markdown',
      at: hoursAgo(1),
    };
    for (const { reason, at, ...version } of [empty, pdf]) {
      await journal.recordArticle(version, { rejected: reason, at });
    }

    const json = await newsletter('status', '--stack', STACK, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ issues: [], passedOver: [pdf, empty] });

    const { code, out } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(0);
    expect(out).toContain('No issues yet');
    const lines = out.slice(out.indexOf('Uploads passed over in the last 30 days')).split('\n');
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\dZ {2}articles\/scan\.pdf: .* is a PDF document, not an article/,
    );
    expect(lines[2]).toMatch(/Z {2}articles\/empty\.md: Article articles\/empty\.md is empty$/);
  });

  it('says what to do about an issue sending without progress for an hour: a digest only by a redrive', async () => {
    useLocalAws();
    const issues = createDynamoIssueStore({ client: dynamo.documentClient, tableName });
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const sending = (id: string, articleKey: string, updatedAt: string) =>
      issues.create({
        id,
        articleKey,
        title: id,
        lead: 'A lead.',
        keyPoints: [],
        status: 'sending',
        counts: { recipients: 4, sent: 1, failed: 0, skipped: 0 },
        createdAt: at(5),
        updatedAt,
      });
    const digestMovedAt = at(2);
    const uploadMovedAt = at(3);
    await sending('stalled-digest-1', 'feeds: 2 articles', digestMovedAt);
    await sending('stalled-upload-1', 'articles/x/stalled.md', uploadMovedAt);
    await sending('moving-upload-1', 'articles/x/moving.md', at(0));

    const { code, out } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(0);
    const hint = (id: string) => out.split('\n').filter((line) => line.startsWith(`${id} has `));
    expect(hint('stalled-digest-1')).toEqual([
      `stalled-digest-1 has made no progress since ${digestMovedAt.slice(0, 16).replace('T', ' ')}Z: its recipient batches are likely in the recipients dead-letter queue, and only a redrive puts a digest's back. See why with newsletter dlq --stack ${STACK}, fix the cause, then run newsletter dlq --stack ${STACK} --redrive (nobody is sent twice)`,
    ]);
    expect(hint('stalled-upload-1')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^stalled-upload-1 has made no progress since .*Z: its recipient batches are likely in the recipients dead-letter queue\\. See why with newsletter dlq --stack ${STACK}, fix the cause, then run newsletter dlq --stack ${STACK} --redrive \\(nobody is sent twice\\); the next scheduled run also puts its pending recipients back$`,
        ),
      ),
    ]);
    expect(hint('moving-upload-1')).toEqual([]);

    const json = JSON.parse((await newsletter('status', '--stack', STACK, '--json')).out) as {
      issues: { id: string; stalledSince?: string }[];
    };
    const stalledSince = (id: string) => json.issues.find((issue) => issue.id === id)?.stalledSince;
    expect(stalledSince('stalled-digest-1')).toBe(digestMovedAt);
    expect(stalledSince('stalled-upload-1')).toBe(uploadMovedAt);
    expect(stalledSince('moving-upload-1')).toBeUndefined();
    // `status --help` says what --json prints: every field it prints, this one too.
    const { out: help } = await newsletter('status', '--help');
    for (const key of new Set(json.issues.flatMap((issue) => Object.keys(issue)))) {
      expect(help.replaceAll(/\s+/g, '')).toContain(`"${key}"`);
    }
  });
});

/** An operator's error is one line on stderr. */
function oneLine(err: string): string {
  expect(err.split('\n').filter(Boolean)).toHaveLength(1);
  return err;
}

/** Runs `use` with a web server on loopback that answers every request `status` and the page `body`. */
async function usePageServer(
  status: number,
  body: string,
  use: (origin: string) => Promise<void>,
): Promise<void> {
  const page = createServer((request, response) => {
    request.resume().on('end', () => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body);
    });
  });
  await new Promise<void>((done) => page.listen(0, '127.0.0.1', done));
  try {
    await use(`http://127.0.0.1:${(page.address() as AddressInfo).port}`);
  } finally {
    await new Promise((done) => page.close(done));
  }
}

describe('errors an operator meets: one line, what to do, exit 1', () => {
  it('a stack that is not there (or is in another region)', async () => {
    useLocalAws();
    const { code, err } = await newsletter(
      'subscribers',
      'list',
      '--stack',
      'Nope',
      '--region',
      'ap-south-2',
    );
    expect(code).toBe(1);
    expect(oneLine(err)).toBe(
      'newsletter: Stack Nope was not found in region ap-south-2: check the name (npx cdk list) and the region (--region or AWS_REGION)\n',
    );
  });

  const badStackName =
    "argument 'Newsletter Prod' is invalid. must be a CloudFormation stack name: a letter, then letters, digits and hyphens, 128 at most (npx cdk list shows yours)";
  const badRegion = "argument 'eu west 1' is invalid. must be an AWS region code such as eu-west-1";
  it.each([
    [['status', '--stack', 'Newsletter Prod'], badStackName],
    [['dlq', '--stack', 'Newsletter Prod', '--redrive'], badStackName],
    [
      ['subscribers', 'remove', 'a@example.org', '--stack', '1Newsletter'],
      "argument '1Newsletter'",
    ],
    [['subscribers', 'list', '--stack', STACK, '--region', 'eu west 1'], badRegion],
    [['dlq', '--stack', STACK, '--region', 'eu west 1'], badRegion],
    [
      ['send', '--stack', STACK, '--region', 'EU'],
      "argument 'EU' is invalid. must be an AWS region",
    ],
    [['dlq', '--stack', STACK, '--region'], "option '--region <region>' argument missing"],
    [['dlq', 'redrive', '--stack', STACK], "too many arguments for 'dlq'"],
    [['status', '--stack', STACK, '--issue', '../etc'], '--issue: is not an issue id'],
    // Without --article a local send takes the bundled sample: on a stack it would go to everyone.
    [
      ['send', '--stack', STACK, '--wait'],
      'newsletter: --article: is needed with --stack: name the article to send (newsletter send --stack NAME --article FILE); the sample article is sent only locally',
    ],
  ])('%j: refused in one line before any AWS call', async (args, line) => {
    useLocalAws();
    const { code, out, err } = await newsletter(...args);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toContain(line);
    expect(control.requests).toEqual([]);
  });

  it('refuses an AWS_REGION that is no region code, naming it, before any AWS call', async () => {
    useLocalAws({ AWS_REGION: 'eu west 1' });
    const { code, out, err } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      'newsletter: AWS_REGION: must be an AWS region code such as eu-west-1 (it is "eu west 1"); set it to one or pass --region\n',
    );
    expect(control.requests).toEqual([]);
  });

  it('refuses an AWS_ENDPOINT_URL_* that is no URL, naming it, before any AWS call', async () => {
    useLocalAws({ AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000' });
    const { code, out, err } = await newsletter('subscribers', 'list', '--stack', STACK);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      'newsletter: AWS_ENDPOINT_URL_DYNAMODB: must be an http:// or https:// URL such as http://127.0.0.1:4566 (it is "localhost:8000"); fix it or unset it\n',
    );
    expect(control.requests).toEqual([]);
  });

  it('a stack ARN is looked up in its own region; a --region that contradicts it is refused before any AWS call', async () => {
    const arn = `arn:aws:cloudformation:eu-central-1:123456789012:stack/${STACK}/0a1b2c3d-4e5f`;
    useLocalAws(); // AWS_REGION=eu-west-3
    control.state.stacks = { [arn]: fullOutputs() };
    const found = await newsletter('status', '--stack', arn, '--json');
    expect(found.err).toBe('');
    expect(found.code).toBe(0);
    const describe = control.requests.find((r) => r.action === 'DescribeStacks');
    expect(describe?.authorization).toContain('/eu-central-1/cloudformation/');

    control.requests.length = 0;
    const contradicted = await newsletter('status', '--stack', arn, '--region', 'eu-west-3');
    expect(contradicted.code).toBe(1);
    expect(contradicted.err).toBe(
      `newsletter: --region: eu-west-3 is not the region of the stack ARN (eu-central-1); leave --region out or pass the stack's name\n`,
    );
    expect(control.requests).toEqual([]);
  });

  it.each([
    [
      'CREATE_IN_PROGRESS',
      'no outputs',
      'Stack NewsletterTest is still being created (CREATE_IN_PROGRESS): wait until npx cdk deploy finishes, then run the command again',
    ],
    [
      'ROLLBACK_COMPLETE',
      'no outputs',
      'Stack NewsletterTest failed its first deployment and holds nothing to work on (ROLLBACK_COMPLETE): see why in its events (aws cloudformation describe-stack-events --stack-name NewsletterTest), delete it (npx cdk destroy) and deploy again',
    ],
    [
      'DELETE_IN_PROGRESS',
      'all its outputs',
      'Stack NewsletterTest is being deleted or was partly deleted (DELETE_IN_PROGRESS): deploy it again (npx cdk deploy) before running commands on it',
    ],
    [
      'UPDATE_COMPLETE',
      'an output of this version missing',
      'Stack NewsletterTest has no output TokenSecretArn: it was deployed by an older version of the newsletter; deploy this version (npx cdk deploy) and run the command again',
    ],
    [
      'UPDATE_IN_PROGRESS',
      'an output of this version missing',
      'Stack NewsletterTest has no output TokenSecretArn yet: it is being updated (UPDATE_IN_PROGRESS); wait until the deployment finishes, then run the command again',
    ],
  ])(
    'a stack %s with %s is named as it is: being deployed, failed, deleted or of an older version, not another application',
    async (status, outputs, message) => {
      useLocalAws();
      const { [STACK_OUTPUTS.secretArn]: _, ...withoutSecret } = fullOutputs();
      control.state.stacks = {
        [STACK]:
          outputs === 'no outputs'
            ? {}
            : outputs === 'all its outputs'
              ? fullOutputs()
              : withoutSecret,
      };
      control.state.statuses = { [STACK]: status };
      const { code, out, err } = await newsletter(
        'subscribers',
        'remove',
        'a@example.org',
        '--stack',
        STACK,
      );
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(`newsletter: ${message}\n`);
      expect(control.requests.map((r) => r.action)).toEqual(['DescribeStacks']);
    },
  );

  it.each([
    [['status', '--stack', 'Other']],
    [['dlq', '--stack', 'Other']],
    [['subscribers', 'list', '--stack', 'Other']],
    [['send', '--stack', 'Other', '--article', 'examples/articles/community-solar.md']],
  ])(
    "%j: a stack that is not the newsletter's is named as such, not as an older version",
    async (args) => {
      useLocalAws();
      control.state.stacks = {
        ...control.state.stacks,
        Other: { WebsiteUrl: 'https://example.org' },
      };
      const { code, out, err } = await newsletter(...args);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(
        'newsletter: Stack Other is not a newsletter stack: it has none of its outputs (TableName, ArticlesBucket, …); check the name (npx cdk list shows yours) and the region (--region or AWS_REGION)\n',
      );
      expect(control.requests.map((r) => r.action)).toEqual(['DescribeStacks']);
    },
  );

  it('--send-confirmations: refused locally, with --confirmed, on a stack without the sign-up queue output or with a garbled cap; nothing is written', async () => {
    useLocalAws();
    const file = await csv('to-confirm.csv', ['confirm-me@example.org,Confirm Me']);
    const local = await newsletter('subscribers', 'import', file, '--send-confirmations');
    expect(local.code).toBe(1);
    expect(oneLine(local.err)).toContain(
      'newsletter: --send-confirmations works on a deployed stack (--stack NAME)',
    );

    const both = await newsletter(
      'subscribers',
      'import',
      file,
      '--stack',
      STACK,
      '--confirmed',
      '--send-confirmations',
    );
    expect(both.code).toBe(1);
    expect(both.err).toContain(
      "option '--send-confirmations' cannot be used with option '--confirmed'",
    );

    const sendConfirmations = () =>
      newsletter('subscribers', 'import', file, '--stack', STACK, '--send-confirmations');
    // fullOutputs() is a stack from before SignUpQueueUrl and ConfirmationsPerHour.
    const older = await sendConfirmations();
    expect(older.code).toBe(1);
    expect(oneLine(older.err)).toContain(
      `Stack ${STACK} has no output ${STACK_OUTPUTS.signUpQueueUrl}: it was deployed by an older version`,
    );

    control.state.stacks = {
      [STACK]: {
        ...fullOutputs(),
        [STACK_OUTPUTS.signUpQueueUrl]: `${control.endpoint}/123456789012/sign-ups`,
        [STACK_OUTPUTS.confirmationsPerHour]: 'lots',
      },
    };
    const garbled = await sendConfirmations();
    expect(garbled.code).toBe(1);
    expect(oneLine(garbled.err)).toContain(
      `Stack ${STACK} has output ConfirmationsPerHour "lots", not a whole number ≥ 1`,
    );
    const store = createDynamoSubscriberStore({ client: dynamo.documentClient, tableName });
    expect(await store.get(subscriberIdFor('confirm-me@example.org', SECRET))).toBeUndefined();
  });

  it.each([
    ['DescribeStacks', 'cloudformation:DescribeStacks', 'AccessDenied', 403],
    ['GetSecretValue', 'secretsmanager:GetSecretValue', 'AccessDeniedException', 400],
  ])('access denied on %s names the IAM action', async (action, iamAction, code, status) => {
    useLocalAws();
    control.state.failures[action] = {
      status,
      code,
      message: 'User: arn:aws:iam::1:user/op is not authorized',
    };
    const result = await newsletter(
      'subscribers',
      'import',
      await csv('denied.csv', ['d@example.org,D']),
      '--stack',
      STACK,
    );
    expect(result.code).toBe(1);
    expect(oneLine(result.err)).toContain(
      `Access denied: your AWS identity may not call ${iamAction}`,
    );
    expect(result.err).toContain('docs/operator-cli.md#iam-permissions');
  });

  it('a token secret scheduled for deletion: says what depends on it and how to restore it, before anything is written', async () => {
    useLocalAws();
    control.state.failures.GetSecretValue = {
      status: 400,
      code: 'InvalidRequestException',
      message: "You can't perform this operation on the secret because it was marked for deletion.",
    };
    const file = await csv('restore.csv', ['restore-me@example.org,R']);
    const { code, out, err } = await newsletter('subscribers', 'import', file, '--stack', STACK);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(oneLine(err)).toBe(
      `newsletter: The token secret ${SECRET_ARN} is scheduled for deletion: every link in the emails already sent and every subscriber id depend on it, and the deployed functions stop at their next cold start; restore it now (aws secretsmanager restore-secret --secret-id ${SECRET_ARN}), then run the command again\n`,
    );
    expect(control.requests.map((r) => r.action)).toEqual(['DescribeStacks', 'GetSecretValue']);
  });

  it.each([
    [
      400,
      'Throttling',
      'Rate exceeded',
      'AWS kept throttling cloudformation:DescribeStacks (Throttling)',
    ],
    [
      503,
      'ServiceUnavailable',
      'Service is unavailable',
      'AWS kept failing cloudformation:DescribeStacks (ServiceUnavailable)',
    ],
  ])(
    'AWS answering %i %s after the SDK retries: one line saying to try again',
    async (status, code, message, line) => {
      // One attempt: what the SDK answers once its own retries are spent, without their waits.
      useLocalAws({ AWS_MAX_ATTEMPTS: '1' });
      control.state.failures.DescribeStacks = { status, code, message };
      const result = await newsletter('status', '--stack', STACK);
      expect(result.code).toBe(1);
      expect(oneLine(result.err)).toBe(
        `newsletter: ${line} after the SDK's retries: ${message}; wait a minute and run the same command again\n`,
      );
    },
  );

  it('expired credentials', async () => {
    useLocalAws();
    control.state.failures.DescribeStacks = {
      status: 403,
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    };
    const { err } = await newsletter('status', '--stack', STACK);
    expect(oneLine(err)).toContain(
      'AWS credentials have expired (cloudformation:DescribeStacks): log in again',
    );
  });

  it('no credentials at all', async () => {
    useLocalAws({
      AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
      AWS_CONFIG_FILE: path.join(work, 'no-config'),
      // The instance metadata service is off, and pointed at loopback in case it were not.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9',
    });
    for (const key of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
    ])
      delete process.env[key];
    const { code, err } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(1);
    expect(oneLine(err)).toContain('newsletter: No AWS credentials found: set AWS_PROFILE');
    expect(control.requests).toHaveLength(0);
  });

  /** Only the files of `config` for credentials: no key variables, no metadata service. */
  async function useProfile(profile: string, config: string): Promise<void> {
    const home = await mkdtemp(path.join(work, 'home-'));
    await mkdir(path.join(home, '.aws'));
    await writeFile(path.join(home, '.aws', 'config'), config);
    useLocalAws({
      HOME: home,
      AWS_PROFILE: profile,
      AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9',
    });
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      delete process.env[key];
    }
  }

  // "No AWS credentials found: set AWS_PROFILE" to someone whose AWS_PROFILE is set: the
  // profile's name was mistyped, or its SSO session ran out, and the line said neither.
  it.each([
    [
      'an AWS_PROFILE that names no profile: the line names it and where profiles are',
      'nwesletter',
      '[profile newsletter]\nregion = eu-west-3\n',
      'No AWS credentials found for the profile nwesletter (AWS_PROFILE): check its name is in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles) and that it holds credentials or logs in (aws sso login --profile nwesletter)',
    ],
    [
      "a profile whose SSO session is not logged in: the SDK's reason, with the login to run",
      'newsletter',
      '[profile newsletter]\nsso_session = work\nsso_account_id = 123456789012\n' +
        'sso_role_name = Operator\nregion = eu-west-3\n' +
        '[sso-session work]\nsso_region = eu-west-3\nsso_start_url = https://example.awsapps.com/start\n',
      "AWS credentials could not be loaded: The SSO session token associated with profile=newsletter was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
    ],
  ])('%s', async (_, profile, config, line) => {
    await useProfile(profile, config);
    const { code, err } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(1);
    expect(oneLine(err)).toBe(`newsletter: ${line}\n`);
    expect(control.requests).toHaveLength(0);
  });

  // With no region set anywhere the SDK's default, us-east-1, was searched and named as if chosen:
  // the operator whose stack is in eu-west-3 had forgotten AWS_REGION, and the line did not say so.
  it('a stack looked for in the default region, no region being set: the line says so', async () => {
    await useProfile('default', '[default]\n');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'operator', AWS_SECRET_ACCESS_KEY: 'x' });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const { code, err } = await newsletter('status', '--stack', 'Elsewhere');
    expect(code).toBe(1);
    expect(oneLine(err)).toBe(
      "newsletter: Stack Elsewhere was not found in region us-east-1, the default, as no region is set (--region, AWS_REGION or the profile's region): check the name (npx cdk list) and the region (--region or AWS_REGION)\n",
    );
  });

  it('an endpoint that cannot be reached: the line names where the call went', async () => {
    useLocalAws({ AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:9' });
    const { code, err } = await newsletter('status', '--stack', STACK);
    expect(code).toBe(1);
    expect(oneLine(err)).toContain(
      'Cannot reach AWS for cloudformation:DescribeStacks at http://127.0.0.1:9 (ECONNREFUSED)',
    );
  });

  it('a later call that cannot be reached names its own endpoint, not the first one', async () => {
    useLocalAws({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    const { code, err } = await newsletter('subscribers', 'list', '--stack', STACK);
    expect(code).toBe(1);
    expect(oneLine(err)).toMatch(
      /^newsletter: Cannot reach AWS for dynamodb:\w+ at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
  });

  // An endpoint variable left on another server's port (the preview, the subscription API), or a
  // proxy's or a network's sign-in page answering in AWS's place: the SDK could not read the
  // answer and the operator got its parser's stack trace, or "AWS kept failing … wait a minute".
  const webPage = '<!doctype html><html><head><meta charset="utf-8"></head><body>Hi</body>';
  it.each([
    ['CLOUDFORMATION', 404, webPage, 'cloudformation:DescribeStacks', ['status', '--stack', STACK]],
    ['DYNAMODB', 200, webPage, 'dynamodb:Scan', ['subscribers', 'list', '--stack', STACK]],
    ['CLOUDFORMATION', 502, webPage, 'cloudformation:DescribeStacks', ['dlq', '--stack', STACK]],
    // Well-formed, so the SDK read it as an error with no code: "Unknown: Unknown".
    [
      'CLOUDFORMATION',
      403,
      '<html><body><h1>Forbidden by policy</h1></body></html>',
      'cloudformation:DescribeStacks',
      ['status', '--stack', STACK],
    ],
  ])(
    'an AWS_ENDPOINT_URL_%s where a web server answers %i with a page: one line naming the answer and where it came from',
    async (service, status, body, action, args) => {
      await usePageServer(status, body, async (origin) => {
        useLocalAws({ [`AWS_ENDPOINT_URL_${service}`]: origin, AWS_MAX_ATTEMPTS: '1' });
        const { code, out, err } = await newsletter(...args);
        expect(code).toBe(1);
        expect(out).toBe('');
        expect(oneLine(err)).toBe(
          `newsletter: ${origin} answered ${action} with HTTP ${status} (text/html; charset=utf-8), which is no AWS answer: another server or a proxy answers there; check AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_* (against the rehearsal, that npm run stack:local is running and its exports are set), a proxy (HTTPS_PROXY) or a network sign-in page, then run the command again\n`,
        );
      });
    },
  );

  it("still tells the rehearsal's SES emulator, whose 404 for the suppression list is a page, from a wrong endpoint", async () => {
    useLocalAws();
    const file = await csv('page.csv', ['page@example.org,P']);
    await newsletter('subscribers', 'import', file, '--stack', STACK);
    await usePageServer(404, '<UnknownOperationException/>', async (origin) => {
      useLocalAws({ AWS_ENDPOINT_URL_SESV2: origin });
      const erase = ['subscribers', 'remove', 'page@example.org', '--stack', STACK];
      const { code, out } = await newsletter(...erase);
      expect(code).toBe(0);
      expect(out).toContain('The SES endpoint does not implement the suppression-list API');
    });
  });

  it('the SES account still in the sandbox when a send starts: nothing uploaded or invoked', async () => {
    useLocalAws();
    control.state.account = { ProductionAccessEnabled: false, SendingEnabled: true };
    const article = path.join(work, 'article.md');
    await writeFile(
      article,
      '# A title\n\nA first sentence about something that happened. A second sentence about it.\n',
    );
    try {
      const { code, err } = await newsletter('send', '--stack', STACK, '--article', article);
      expect(code).toBe(1);
      expect(oneLine(err)).toContain(
        'The SES account in eu-west-3 is still in the sandbox: it sends only to verified addresses',
      );
      expect(err).toContain('--allow-sandbox');
      expect(control.requests.map((r) => r.action)).toEqual(['DescribeStacks', 'GetAccount']);
    } finally {
      delete control.state.account;
    }
  });
});

describe('send --stack', () => {
  const DAILY_QUOTA_REFUSAL =
    'Sending issue i to subscriber s failed: Throttling: Daily message quota exceeded. ' +
    'SES cannot send for this account now; sending stops and the rest stay pending';

  async function article(name: string, title: string): Promise<string> {
    await mkdir(path.join(work, 'drafts'), { recursive: true });
    const file = path.join(work, 'drafts', name);
    await writeFile(
      file,
      `# ${title}\n\nA first sentence about ${title} and what happened there. A second sentence about it.\n`,
    );
    return file;
  }

  /** An issue stored as compose stores it, then paused as deliver pauses it. */
  async function pausedIssue(issueId: string, pausedReason: string): Promise<void> {
    const issues = createDynamoIssueStore({ client: dynamo.documentClient, tableName });
    const now = new Date().toISOString();
    await issues.create({
      id: issueId,
      articleKey: 'articles/x/weekly.md',
      title: 'Weekly',
      lead: 'A lead.',
      keyPoints: [],
      status: 'sending',
      counts: { recipients: 3, sent: 1, failed: 0, skipped: 0 },
      createdAt: now,
      updatedAt: now,
    });
    await issues.changeStatus(issueId, { from: ['sending'], to: 'paused', pausedReason });
  }

  function useProductionAccount(answer?: Record<string, unknown>) {
    useLocalAws();
    control.state.account = { ProductionAccessEnabled: true, SendingEnabled: true };
    control.state.invokeAnswer = answer;
  }

  it('refuses a stack with no active subscriber before uploading or invoking anything, and says how to import some', async () => {
    useProductionAccount({ status: 'planned', issueId: 'i', title: 'T', recipients: 0 });
    control.state.stacks = {
      [STACK]: { ...fullOutputs(), [STACK_OUTPUTS.tableName]: await dynamo.createTable() },
    };
    const { code, err } = await newsletter(
      'send',
      '--stack',
      STACK,
      '--article',
      await article('nobody.md', 'Harbour works'),
    );
    expect(code).toBe(1);
    expect(oneLine(err)).toContain(
      `No active subscriber on stack ${STACK} (eu-west-3): nothing was uploaded or sent. Import some with \`newsletter subscribers import --stack ${STACK} <file.csv>\``,
    );
    expect(control.state.objects.size).toBe(0);
    expect(control.requests.map((r) => r.action)).not.toContain('Invoke');
  });

  it('uploads under a folder named by the bytes: an article waiting under the same file name stays, and names keep their letters', async () => {
    useProductionAccount({ status: 'planned', issueId: 'i', title: 'T', recipients: 1 });
    const waiting = 'newsletter-articles/articles/weekly.md';
    control.state.objects.set(waiting, 'the article waiting for the schedule');
    const weekly = await article('weekly.md', 'Harbour works');
    const zoe = await article('Zoë.md', 'Zoë');
    const zoa = path.join(work, 'drafts', 'Zoá.md');
    await writeFile(zoa, await readFile(zoe));

    for (const file of [weekly, zoe, zoa]) {
      const { code, err } = await newsletter('send', '--stack', STACK, '--article', file);
      expect(err).not.toContain('newsletter:');
      expect(code).toBe(0);
    }
    const keys = [...control.state.objects.keys()];
    expect(control.state.objects.get(waiting)).toBe('the article waiting for the schedule');
    expect(keys).toHaveLength(4);
    expect(keys).toEqual([
      waiting,
      expect.stringMatching(/^newsletter-articles\/articles\/[0-9a-f]{12}\/weekly\.md$/),
      expect.stringMatching(/^newsletter-articles\/articles\/[0-9a-f]{12}\/Zoë\.md$/),
      expect.stringMatching(/^newsletter-articles\/articles\/[0-9a-f]{12}\/Zoá\.md$/),
    ]);
  });

  it('a re-run for an issue paused by the daily quota says it resumes by itself, and neither uploads nor invokes compose', async () => {
    useProductionAccount();
    const file = await article('quota.md', 'Quota week');
    const bytes = await readFile(file);
    const { issueId } = draftIssue({ name: articleKeyFor(file, bytes), bytes });
    await pausedIssue(issueId, DAILY_QUOTA_REFUSAL);

    const { code, out, err } = await newsletter('send', '--stack', STACK, '--article', file);
    expect(err).not.toContain('newsletter:');
    expect(code).toBe(0);
    expect(out).toMatch(/Status\s+paused: Sending issue i to subscriber s failed: Throttling/);
    expect(out).toContain(
      `Issue ${issueId} is paused: SES's daily sending quota is spent. It resumes by itself`,
    );
    expect(out).toContain('Nothing to run again');
    const actions = control.requests.map((r) => r.action);
    expect(actions).not.toContain('PutObject');
    expect(actions).not.toContain('Invoke');
  });

  /** Runs `newsletter …` in process, pressing Ctrl-C as soon as `when` is written to stdout or stderr. */
  function newsletterInterruptedAt(when: string, ...args: string[]) {
    return captureOutput(async () => {
      const streams = [process.stdout, process.stderr] as const;
      const writes = streams.map((stream) => stream.write);
      streams.forEach((stream, i) => {
        stream.write = ((chunk: string) => {
          const written = (writes[i] as typeof stream.write).call(stream, chunk);
          if (String(chunk).includes(when)) process.emit('SIGINT', 'SIGINT');
          return written;
        }) as typeof stream.write;
      });
      try {
        await main(['node', 'newsletter', '--data-dir', path.join(work, 'data'), ...args]);
      } finally {
        streams.forEach((stream, i) => {
          stream.write = writes[i] as typeof stream.write;
        });
      }
    });
  }

  it('Ctrl-C while --wait follows the issue: stops following, says the issue goes on in AWS and how to follow it, exit 1', async () => {
    const issues = createDynamoIssueStore({ client: dynamo.documentClient, tableName });
    const now = new Date().toISOString();
    await issues.create({
      id: 'followed-1',
      articleKey: 'articles/x/followed.md',
      title: 'Followed',
      lead: 'A lead.',
      keyPoints: [],
      status: 'sending',
      counts: { recipients: 3, sent: 0, failed: 0, skipped: 0 },
      createdAt: now,
      updatedAt: now,
    });
    useProductionAccount({ status: 'planned', issueId: 'followed-1', title: 'F', recipients: 3 });
    const file = await article('followed.md', 'Followed');
    const { code, out, err } = await newsletterInterruptedAt(
      ' planned: 3 recipients',
      ...['send', '--stack', STACK, '--article', file, '--wait'],
    );
    expect(code).toBe(1);
    expect(out).toContain('Issue followed-1 ("F") planned');
    expect(err.split('\n').filter((line) => line.startsWith('newsletter:'))).toEqual([
      `newsletter: Stopped following issue followed-1: it goes on in AWS (Ctrl-C does not stop a send); follow it with newsletter status --stack ${STACK} --issue followed-1`,
    ]);
  });

  it('compose failing: says the upload stays where the schedule would send it, and what to do', async () => {
    useProductionAccount({
      errorType: 'NewsletterError',
      errorMessage: 'Task timed out after 300.00 seconds',
    });
    control.state.invokeFunctionError = 'Unhandled';
    const file = await article('failing.md', 'Failing');
    const key = articleKeyFor(file, await readFile(file));
    const { code, out, err } = await newsletter('send', '--stack', STACK, '--article', file);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(oneLine(err)).toBe(
      `newsletter: Compose (NewsletterTest-Compose) failed: Task timed out after 300.00 seconds. Its log group has the details. s3://newsletter-articles/${key} stays uploaded, so the next scheduled run sends it: run the same command again once the cause is fixed (nobody is sent it twice), or delete the object if it should not go out\n`,
    );
    expect(control.state.objects.has(`newsletter-articles/${key}`)).toBe(true);
  });

  it('Ctrl-C before the article is uploaded: nothing uploaded, compose not invoked, exit 1', async () => {
    useLocalAws(); // no SES account answer: the command warns, and Ctrl-C comes then
    const file = await article('early.md', 'Early');
    const { code, err } = await newsletterInterruptedAt(
      'could not tell whether SES is out of the sandbox',
      ...['send', '--stack', STACK, '--article', file],
    );
    expect(code).toBe(1);
    expect(err).toMatch(
      /newsletter: Interrupted before articles\/[0-9a-f]{12}\/early\.md was uploaded: nothing was uploaded or sent\n$/,
    );
    const actions = control.requests.map((r) => r.action);
    expect(actions).not.toContain('PutObject');
    expect(actions).not.toContain('Invoke');
  });

  it('--wait that ends with the issue paused: for the daily quota it resumes by itself (exit 0), for another cause fix it and run again (exit 1)', async () => {
    await pausedIssue('quota-paused', QUOTA_USED_UP.reason);
    useProductionAccount({ status: 'planned', issueId: 'quota-paused', title: 'T', recipients: 3 });
    const quota = await newsletter(
      'send',
      '--stack',
      STACK,
      '--article',
      await article('a.md', 'First'),
      '--wait',
    );
    expect(quota.err).not.toContain('newsletter:');
    expect(quota.code).toBe(0);
    expect(quota.out).toContain("Issue quota-paused is paused: SES's daily sending quota is spent");

    const accountPaused =
      'Sending issue i to subscriber s failed: AccountSendingPausedException: Account sending paused';
    await pausedIssue('account-paused', accountPaused);
    useProductionAccount({
      status: 'planned',
      issueId: 'account-paused',
      title: 'T',
      recipients: 3,
    });
    const paused = await newsletter(
      'send',
      '--stack',
      STACK,
      '--article',
      await article('b.md', 'Second'),
      '--wait',
    );
    expect(paused.code).toBe(1);
    expect(paused.err).toContain(
      `Issue account-paused is paused (${accountPaused}): fix the cause, then run the same command again`,
    );
  });
});
