/**
 * The `newsletter` command and its local store: a reader gone mid-run, nobody to send to, and a
 * store that lost or damaged a part of itself, or was never made. Beside cli.test.ts so the two
 * halves of the spawned runs share the machine's two workers.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  NEWSLETTER_BIN,
  runCli,
  runCliInterruptedAtFirstProgress,
  runNewsletterProcess,
} from '../../support/run-cli';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-store-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A new local store in `<work>/<name>`, one subscriber imported from `<work>/<name>.csv`. */
async function storeWithOneReader(name: string, email = 'reader@example.com') {
  const dataDir = path.join(work, name);
  const csv = path.join(work, `${name}.csv`);
  await writeFile(csv, `email\n${email}\n`);
  expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
  return { dataDir, csv };
}

describe('the newsletter command and its local store', () => {
  it('finishes quietly when the reader of its output and progress goes away (2>&1 | head), releasing the store', async () => {
    const csv = path.join(work, 'piped.csv');
    // Two rounds of 100: the progress line after the first goes to a reader already gone.
    const emails = Array.from({ length: 200 }, (_, i) => `reader${i}@example.com`);
    await writeFile(csv, `email\n${emails.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [NEWSLETTER_BIN, '--data-dir', 'piped', 'subscribers', 'import', csv],
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

  it('says in one line, and exits 1, when its output cannot be written (export > file on a full disk)', async () => {
    const { dataDir } = await storeWithOneReader('full-disk');
    const full = await open('/dev/full', 'w');
    const child = spawn(
      process.execPath,
      [NEWSLETTER_BIN, '--data-dir', dataDir, 'subscribers', 'export', '--format', 'csv'],
      { stdio: ['ignore', full.fd, 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    await full.close();
    expect(code).toBe(1);
    expect(stderr).toBe(
      'newsletter: the output could not be written (ENOSPC: no space left on device, write); ' +
        'what was written is incomplete\n',
    );
    expect(existsSync(path.join(dataDir, 'lock'))).toBe(false);
  });

  // A process manager, `timeout` or `docker stop` sends SIGTERM: the run stops as at Ctrl-C, and
  // says which it was instead of blaming a Ctrl-C nobody pressed.
  it('a send stopped by SIGTERM says so, and the same command again finishes it', async () => {
    const { dataDir } = await storeWithOneReader('terminated');
    const csv = path.join(work, 'terminated-more.csv');
    await writeFile(csv, `email\n${['a', 'b', 'c'].map((n) => `${n}@example.com`).join('\n')}\n`);
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'import', csv])).code).toBe(0);
    const send = ['--data-dir', dataDir, 'send', '--outbox', path.join(work, 'terminated-out')];
    // One send a second: the signal comes long before the fourth.
    vi.stubEnv('NEWSLETTER_SEND_RATE', '1');
    const stopped = await runCliInterruptedAtFirstProgress(send, {
      progress: 'Sending: ',
      signal: 'SIGTERM',
    });
    vi.unstubAllEnvs();
    expect(stopped.code).toBe(1);
    expect(stopped.err).toContain(
      '\nStopping: the sends in flight finish and are recorded (SIGTERM again quits at once).\n',
    );
    expect(stopped.out).toContain('Stopped    interrupted (SIGTERM); run the same command again\n');
    expect(stopped.err).toMatch(/ recipients pending \(interrupted \(SIGTERM\)\)\. Run the same/);

    const again = await runCli(send);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/In all\s+4 sent, 0 failed, 0 skipped/);
  });

  it('refuses to send when no subscriber is active, composing nothing', async () => {
    // A store with one subscriber, who is then removed: nobody is left to send to.
    const { dataDir } = await storeWithOneReader('nobody', 'left@example.com');
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
    // Nothing was written to the outbox, so there is none.
    expect(existsSync(path.join(work, 'ob'))).toBe(false);
  });

  it('stops, creating no table, when a store that has sent issues lost its DynamoDB folder', async () => {
    const { dataDir } = await storeWithOneReader('lost');
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
    const { dataDir, csv } = await storeWithOneReader('no-secret');
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
    const { dataDir } = await storeWithOneReader('damaged');
    // Opened again, LevelDB writes what the first run logged into a table file.
    expect((await runCli(['--data-dir', dataDir, 'subscribers', 'list'])).code).toBe(0);
    const store = path.join(dataDir, 'dynamodb');
    const tables = (await readdir(store)).filter((name) => name.endsWith('.ldb'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) await writeFile(path.join(store, table), 'not a table');

    const { code, stderr } = await runNewsletterProcess(
      ['--data-dir', dataDir, 'subscribers', 'list'],
      work,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^newsletter: the local store cannot be read \(.*\.ldb.*\): restore its folder from a backup, or move it aside and run again to start a new store\n$/,
    );
  });

  // The site is made to be published whole: written into the data folder, or around it, it would
  // publish the secret that signs every unsubscribe and confirm link (and the store).
  it('refuses `archive --out` that is the data folder, inside it or around it, writing nothing', async () => {
    await mkdir(path.join(work, 'published'));
    const { dataDir } = await storeWithOneReader(path.join('published', 'store'));
    const before = await readdir(dataDir, { recursive: true });
    const outs: [string, string][] = [
      [dataDir, 'is the data folder'],
      [path.join(dataDir, 'issues'), `is inside the data folder ${dataDir}`],
      [path.join(work, 'published'), `holds the data folder ${dataDir}`],
    ];
    for (const [out, where] of outs) {
      const {
        code,
        out: printed,
        err,
      } = await runCli(['--data-dir', dataDir, 'archive', '--out', out]);
      expect({ code, printed, err }).toEqual({
        code: 1,
        printed: '',
        err:
          `newsletter: --out: ${out} ${where}, whose secret signs every link the newsletter ` +
          'sends: the site is published as it is, so pass a folder outside it\n',
      });
    }
    expect(await readdir(dataDir, { recursive: true })).toEqual(before);
    expect((await readdir(path.join(work, 'published'))).sort()).toEqual(['store', 'store.csv']);
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

  it.each([['status'], ['subscribers', 'list'], ['archive', '--out', 'site']])(
    '`%s` with --data-dir naming a file says it is a file, not that it holds no store',
    async (...command) => {
      const file = path.join(work, 'a-file-not-a-store');
      await writeFile(file, 'not a folder');
      for (const dataDir of [file, path.join(file, 'store')]) {
        const { code, err } = await runCli(['--data-dir', dataDir, ...command]);
        expect(code).toBe(1);
        expect(err).toBe(
          `newsletter: --data-dir: ${dataDir} is a file (or inside one), not a folder — pass the data folder of a local store\n`,
        );
      }
    },
  );
});
