import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT, SAMPLE_ARTICLE } from '../../../lambda/local/sample';
import { runCli } from '../../support/run-cli';

const run = promisify(execFile);
const CLI = path.join(PROJECT_ROOT, 'bin/newsletter.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsletter` command in a child process, as a user would. */
async function newsletter(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const childEnv = { ...process.env, ...env };
  delete childEnv.AWS_ENDPOINT_URL_SES;
  delete childEnv.AWS_ENDPOINT_URL_DYNAMODB;
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: work,
      env: childEnv,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the newsletter command', () => {
  it('prints the seed key points as exactly {title, lead, keyPoints[{heading, summary}]}', async () => {
    const seed = path.join(PROJECT_ROOT, SAMPLE_ARTICLE);
    const { code, stdout } = await newsletter(['keypoints', seed, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['title', 'lead', 'keyPoints']);
    expect(result.keyPoints.map((p: { heading: string }) => p.heading)).toEqual([
      'Putin wants guns',
      'Xi wants to develop his reputation as a peacemaker',
      'Both want a new world order',
      'Shaking things up – Xi set to meet international fugitive',
    ]);
    for (const point of result.keyPoints)
      expect(Object.keys(point)).toEqual(['heading', 'summary']);
  });

  it('sends, exits 0 and leaves no process behind; the second run sends nothing', async () => {
    const args = ['send', '--data-dir', 'data', '--outbox', 'outbox'];
    const first = await newsletter(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Sent\s+5\s+skipped 0\s+failed 0/);
    const second = await newsletter(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('was already sent');
    const [issue] = await readdir(path.join(work, 'outbox'));
    expect((await readdir(path.join(work, 'outbox', issue as string))).length).toBe(6);
  });

  it('finishes quietly when the reader of its output and progress goes away (2>&1 | head), releasing the store', async () => {
    const csv = path.join(work, 'piped.csv');
    // Two rounds of 100: the progress line after the first goes to a reader already gone.
    const emails = Array.from({ length: 200 }, (_, i) => `reader${i}@example.com`);
    await writeFile(csv, `email\n${emails.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [CLI, '--data-dir', 'piped', 'subscribers', 'import', csv],
      {
        cwd: work,
      },
    );
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(existsSync(path.join(work, 'piped', 'lock'))).toBe(false);
    const listed = await runCli([
      '--data-dir',
      path.join(work, 'piped'),
      'subscribers',
      'list',
      '--json',
    ]);
    expect(JSON.parse(listed.out)).toHaveLength(200);
  });

  it('refuses to send when no subscriber is active, composing nothing', async () => {
    const dataDir = path.join(work, 'nobody');
    const csv = path.join(work, 'one.csv');
    await writeFile(csv, 'email\nleft@example.com\n');
    // A store with one subscriber, who is then removed: nobody is left to send to.
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
    const removed = await runCli([
      '--data-dir',
      dataDir,
      'subscribers',
      'remove',
      'left@example.com',
    ]);
    expect(removed.code).toBe(0);
    const sent = await runCli(['send', '--data-dir', dataDir, '--outbox', path.join(work, 'ob')]);
    expect(sent.code).toBe(1);
    expect(sent.err).toBe(
      `newsletter: No active subscriber in ${dataDir}: nothing was composed or sent. Import some ` +
        'with `newsletter subscribers import <file.csv>`, or start a new --data-dir to get the ' +
        'example subscribers.\n',
    );
    expect((await runCli(['--data-dir', dataDir, 'status'])).out).toContain('No issues yet');
  });

  it('stops, creating no table, when a store that has sent issues lost its DynamoDB folder', async () => {
    const dataDir = path.join(work, 'lost');
    const csv = path.join(work, 'lost.csv');
    await writeFile(csv, 'email\nreader@example.com\n');
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
    await mkdir(path.join(dataDir, 'issues'), { recursive: true });
    await writeFile(path.join(dataDir, 'issues', 'sent-issue.json'), '{}');
    await rm(path.join(dataDir, 'dynamodb'), { recursive: true });

    const { code, err } = await runCli(['--data-dir', dataDir, 'status']);
    expect(code).toBe(1);
    expect(err).toContain(`newsletter: The local store in ${dataDir} has lost its table`);
    // No table was made meanwhile: the next command stops the same way.
    expect((await runCli(['--data-dir', dataDir, 'status'])).err).toBe(err);
  });

  it('stops, making no new secret, when a store lost its secret file', async () => {
    const dataDir = path.join(work, 'no-secret');
    const csv = path.join(work, 'no-secret.csv');
    await writeFile(csv, 'email\nreader@example.com\n');
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
    await rm(path.join(dataDir, 'secret'));

    // A new secret would give the reader a second id: imported twice, sent every issue twice.
    for (const command of [['subscribers', 'import', csv], ['status']]) {
      const { code, err } = await runCli(['--data-dir', dataDir, ...command]);
      expect(code).toBe(1);
      expect(err).toBe(
        `newsletter: Secret file ${path.join(dataDir, 'secret')} is missing, but ${dataDir} holds ` +
          `a table in ${path.join(dataDir, 'dynamodb')}. Every subscriber id and every link ` +
          'already sent depends on it, so no new one is made: restore it from a backup, or, if ' +
          'this is not a newsletter data folder, pass another --data-dir\n',
      );
    }
    expect(existsSync(path.join(dataDir, 'secret'))).toBe(false);
  });

  it('reports a damaged table file of the store in one line, exit 1, without a stack', async () => {
    const dataDir = path.join(work, 'damaged');
    const csv = path.join(work, 'damaged.csv');
    await writeFile(csv, 'email\nreader@example.com\n');
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
    // Opened again, LevelDB writes what the first run logged into a table file.
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'list'])).code).toBe(0);
    const store = path.join(dataDir, 'dynamodb');
    const tables = (await readdir(store)).filter((name) => name.endsWith('.ldb'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) await writeFile(path.join(store, table), 'not a table');

    const { code, stderr } = await newsletter(['--data-dir', dataDir, 'subscribers', 'list']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^newsletter: the local store cannot be read \(.*\.ldb.*\): restore its folder from a backup, or move it aside and run again to start a new store\n$/,
    );
  });

  it.each([
    ['status'],
    ['subscribers', 'list'],
    ['subscribers', 'remove', 'a@example.com'],
    ['archive', '--out', 'site'],
  ])('refuses `%s` on a data folder that holds no store, making none', async (...command) => {
    const typo = path.join(work, 'no-such-store');
    const { code, err } = await runCli(['--data-dir', typo, ...command]);
    expect(code).toBe(1);
    expect(err).toContain(`newsletter: No local store in ${typo}: \`newsletter ${command[0]}`);
    expect(existsSync(typo)).toBe(false);
  });
});

describe('the newsletter command line (in process)', () => {
  it('refuses a missing article with one line naming the file, exit 1 and nothing stored', async () => {
    const missing = path.join(work, 'missing.txt');
    const data = path.join(work, 'data-missing');
    const { code, err } = await runCli(['send', '--article', missing, '--data-dir', data]);
    expect(code).toBe(1);
    expect(err).toBe(`newsletter: Article ${missing} was not found — check the path\n`);
    expect(existsSync(data)).toBe(false);
  });

  it('refuses a CSV with bad rows, listing their lines, and imports nothing', async () => {
    const csv = path.join(work, 'bad.csv');
    await writeFile(
      csv,
      'email,name\nok@example.com,Ok\nnope,No\nok@example.com,Again\nvt@example.com,"V\vT"\n',
    );
    const data = path.join(work, 'data-csv');
    const { code, err } = await runCli(['subscribers', 'import', csv, '--data-dir', data]);
    expect(code).toBe(1);
    expect(err).toContain('bad.csv: has 3 invalid row(s); nothing was imported');
    expect(err).toContain('line 3: email: is not a valid email address');
    expect(err).toContain('line 4: duplicate of line 2');
    expect(err).toContain('line 5: name: must be one line without control characters');
    expect(existsSync(data)).toBe(false);
  });

  it.each([
    ['keypoints', '--jsonl'],
    ['subscribers', 'import'],
  ])(
    '`newsletter %s %s` given a folder says so, naming it, and stores nothing',
    async (...command) => {
      const folder = path.join(work, 'a-folder');
      await mkdir(folder, { recursive: true });
      const data = path.join(work, 'data-folder-input');
      const { code, err } = await runCli([...command, folder, '--data-dir', data]);
      expect(code).toBe(1);
      expect(err).toBe(`newsletter: ${folder}: is a directory — pass a file\n`);
      expect(existsSync(data)).toBe(false);
    },
  );
  it.each([
    ['send'],
    ['keypoints'],
    ['render'],
    ['subscribers', 'import'],
    ['subscribers', 'list'],
    ['subscribers', 'export'],
    ['subscribers', 'remove'],
    ['status'],
  ])('has --help for `newsletter %s`, listing --data-dir', async (...command) => {
    const { code, out } = await runCli([...command, '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: newsletter ${command.join(' ')}`);
    expect(out).toContain('--data-dir');
  });

  it.each([
    ['send'],
    ['status'],
    ['subscribers', 'import'],
    ['subscribers', 'list'],
    ['subscribers', 'export'],
    ['subscribers', 'remove'],
  ])('`newsletter %s` works on a deployed stack with --stack and --region', async (...command) => {
    const { out } = await runCli([...command, '--help']);
    expect(out).toContain('--stack <name>');
    expect(out).toContain('--region <region>');
  });

  it.each([
    ['render', SAMPLE_ARTICLE, '--out'],
    ['send', '--article', SAMPLE_ARTICLE, '--outbox'],
  ])(
    '`newsletter %s …` into a file: one line naming the option and the path, and no store made',
    async (...command) => {
      const notAFolder = path.join(work, 'not-a-folder');
      await writeFile(notAFolder, 'a file');
      const data = path.join(work, 'data-output-folder');
      const { code, err } = await runCli([...command, notAFolder, '--data-dir', data]);
      expect(code).toBe(1);
      expect(err).toBe(
        `newsletter: ${command.at(-1)}: ${notAFolder} is a file (or inside one), not a folder — pass a folder you can write to\n`,
      );
      expect(existsSync(data)).toBe(false);
    },
  );

  it.each([
    [['--data-dir', '', 'status'], "option '--data-dir <dir>' argument '' is invalid"],
    [['send', '--outbox', ' '], "option '--outbox <dir>' argument ' ' is invalid"],
    [['subscribers', 'import', 'x.csv', '--consent-source', ''], "'--consent-source <text>'"],
  ])('refuses an empty value of a folder or a name: %j', async (args, refusal) => {
    const { code, err } = await runCli(args);
    expect(code).toBe(1);
    expect(err).toContain(refusal);
    expect(err).toContain('must not be empty');
  });

  it.each([
    [
      ['send', '--allow-sandbox'],
      '--allow-sandbox: applies only with --stack: a local send goes to the embedded SES emulator, which has no sandbox',
    ],
    [
      ['status', '--region', 'eu-west-1'],
      '--region: applies only with --stack NAME; without it the command works on the local store',
    ],
    [
      ['send', '--region', 'eu-west-1'],
      '--region: applies only with --stack NAME; without it the command works on the local store',
    ],
    [
      ['send', '--stack', 'Newsletter', '--feed', 'https://example.com/feed.xml'],
      '--feed: sends from this machine; for the deployed stack set the `feeds` context key (docs/feeds.md)',
    ],
    [
      ['send', '--stack', 'Newsletter', '--max-points', '8'],
      '--max-points: applies only to a local send; with --stack the compose function extracts its default number of key points',
    ],
    [
      ['send', '--stack', 'Newsletter', '--concurrency', '2'],
      '--concurrency: applies only to a local send; with --stack the deliverConcurrency context key sets it (npx cdk deploy -c deliverConcurrency=N)',
    ],
    [
      ['send', '--stack', 'Newsletter', '--outbox', 'out'],
      '--outbox: applies only to a local send; with --stack messages go out through SES and are written to no folder',
    ],
  ])('refuses options that do not go together: %j', async (args, refusal) => {
    const data = path.join(work, 'data-refused-options');
    const { code, err } = await runCli(['--data-dir', data, ...args]);
    expect(code).toBe(1);
    expect(err).toBe(`newsletter: ${refusal}\n`);
    expect(existsSync(data)).toBe(false);
  });

  it('refuses a --issue that cannot be an issue id in one line, before any store is opened', async () => {
    // On a store, one longer than a DynamoDB key may be failed the read with a ValidationException
    // and a stack trace.
    const data = path.join(work, 'data-status-issue');
    const { code, err } = await runCli(['--data-dir', data, 'status', '--issue', 'x'.repeat(3000)]);
    expect(code).toBe(1);
    expect(err).toBe(
      'newsletter: --issue: is not an issue id (up to 128 letters, digits, - and _); run newsletter status to list the issues\n',
    );
    expect(existsSync(data)).toBe(false);
  });

  it('explains a bad option value and points to --help, setting the exit code instead of exiting', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('process.exit was called');
    });
    const { code, err } = await runCli(['send', '--concurrency', 'lots']);
    expect(exit).not.toHaveBeenCalled();
    expect(code).toBe(1);
    expect(err).toContain(
      "option '--concurrency <n>' argument 'lots' is invalid. must be a whole number ≥ 1",
    );
    expect(err).toContain('(run with --help for usage)');

    const tooMany = await runCli(['keypoints', SAMPLE_ARTICLE, '--max-points', '100']);
    expect(tooMany.code).toBe(1);
    expect(tooMany.err).toContain(
      "option '--max-points <n>' argument '100' is invalid. must be a whole number from 1 to 50",
    );
  });
});
