import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../bin/newsletter-cli';
import { PROJECT_ROOT, SAMPLE_ARTICLE } from '../../../lambda/local/sample';
import { runCli, runNewsletterProcess } from '../../support/run-cli';

/** A port on 127.0.0.1 nothing listens on (`port`: that one, which must be free). */
async function freePort(port = 0): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', resolve),
  );
  const taken = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return taken;
}

/** Runs the real `newsletter` command in a child process, as a user would. */
const newsletter = (args: string[]) => runNewsletterProcess(args, work);

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
    const { code, out } = await runCli(['keypoints', seed, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
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
    // Two processes, each starting both emulators: seconds alone, far more on a busy 2-core host.
  }, 60_000);
});

/** runCli with `folder` as the current folder, where a relative path lands. */
async function runCliIn(folder: string, args: readonly string[]) {
  const cwd = process.cwd();
  process.chdir(folder);
  try {
    return await runCli(args);
  } finally {
    process.chdir(cwd);
  }
}

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
      'email,name\nok@example.com,Ok\nnope,No\nok@example.com,Again\nvt@example.com,"V\vT"\n' +
        'rlo@example.com,Ada \u202Egnp.exe\n',
    );
    const data = path.join(work, 'data-csv');
    const { code, err } = await runCli(['subscribers', 'import', csv, '--data-dir', data]);
    expect(code).toBe(1);
    expect(err).toContain('bad.csv: has 4 invalid row(s); nothing was imported');
    expect(err).toContain('line 3: email: is not a valid email address');
    expect(err).toContain('line 4: duplicate of line 2');
    expect(err).toContain('line 5: name: must be one line without control characters');
    expect(err).toContain(
      'line 6: name: must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+202E',
    );
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
  // Each is refused in one line naming the file (and the line, where one is at fault), printing
  // nothing: a file that is not UTF-8 is not read as replacement characters; an empty batch is
  // almost always a mistake (the wrong file, an export that failed), not a batch of no articles;
  // each output line is matched back to its input by id, so two lines of one id cannot be told
  // apart, and a line with no text would come back with no key points, as if extraction failed.
  it.each([
    [
      'not UTF-8',
      Buffer.from('{"id":"a","text":"T\xe9l\xe9phone"}\n', 'latin1'),
      ': is not valid UTF-8 text (line 1: byte 0xE9) — save it as UTF-8',
    ],
    [
      'UTF-16',
      Buffer.from('\ufeff{"id":"a","text":"Hello"}\n', 'utf16le'),
      ': is UTF-16 encoded — save it as UTF-8',
    ],
    ['empty', '', ': has no {"id", "text"} lines — nothing to read'],
    ['blank lines only', '\n  \n\t\n', ': has no {"id", "text"} lines — nothing to read'],
    [
      'an id used twice',
      '{"id":"a","text":"The council approved the bridge on Monday after a long debate."}\n{"id":7,"text":"Work starts next week."}\n{"id":"a","text":"Workers will close the east lane for three weeks."}\n',
      ':3: repeats the id "a" of line 1 — each line needs its own id',
    ],
    [
      'an empty id',
      '{"id":" ","text":"Work starts next week on the bridge."}\n',
      ':1: "id" is empty',
    ],
    [
      'an empty text',
      '{"id":"a","text":" \\n "}\n',
      ':1: "text" is empty: there is no article to read',
    ],
  ])(
    '`newsletter keypoints --jsonl` refuses a file (%s) in one line naming it, printing nothing',
    async (label, content, reason) => {
      const file = path.join(work, `batch-${label.replace(/\W+/g, '-')}.jsonl`);
      await writeFile(file, content);
      const { code, out, err } = await runCli(['keypoints', '--jsonl', file]);
      expect({ code, out, err }).toEqual({
        code: 1,
        out: '',
        err: `newsletter: ${file}${reason}\n`,
      });
    },
  );

  it.each([
    ['keypoints --jsonl', 'split it into smaller batches'],
    ['subscribers import', 'split it into smaller files and import each'],
  ])(
    '`newsletter %s` of a file that never ends (/dev/zero) stops past the size limit, in one line naming it, storing nothing',
    async (words, hint) => {
      const command = words.split(' ');
      const data = path.join(work, 'data-dev-zero');
      const { code, err } = await runCli([...command, '/dev/zero', '--data-dir', data]);
      expect(code).toBe(1);
      expect(err).toMatch(new RegExp(`^newsletter: /dev/zero: is larger than \\d+ MB — ${hint}`));
      expect(existsSync(data)).toBe(false);
    },
  );

  // A batch of the 64 MB it may hold takes about a minute, and prints only at the end.
  it('`newsletter keypoints --jsonl` says on stderr how far it is, at each tenth of the batch', async () => {
    const file = path.join(work, 'batch-progress.jsonl');
    const text = 'The council approved the new bridge on Monday after a long debate.';
    const lines = Array.from({ length: 20 }, (_, id) => JSON.stringify({ id, text }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const { code, out, err } = await runCli(['keypoints', '--jsonl', file]);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(20);
    expect(err).toBe(
      Array.from(
        { length: 10 },
        (_, tenth) => `Extracting key points: ${2 * (tenth + 1)}/20 articles\n`,
      ).join(''),
    );
  });

  it('`newsletter keypoints --jsonl` with no file name is refused while the options are read', async () => {
    const { code, err } = await runCli(['keypoints', '--jsonl', '']);
    expect(code).toBe(1);
    expect(err).toContain(
      "error: option '--jsonl <file>' argument '' is invalid. must not be empty",
    );
  });

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
    ['help', 'Usage: newsletter [options] [command]'],
    ['help send', 'Usage: newsletter send [options]'],
    ['help subscribers', 'Usage: newsletter subscribers [options] [command]'],
    ['help subscribers import', 'Usage: newsletter subscribers import [options] <csv>'],
    ['subscribers help import', 'Usage: newsletter subscribers import [options] <csv>'],
  ])("`newsletter %s` shows that command's help", async (command, usage) => {
    const { code, out, err } = await runCli(command.split(' '));
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(usage);
    expect(err).toBe('');
  });

  it.each([
    ['help nope', "error: unknown command 'nope'"],
    // As `newsletter sned` and `newsletter subscribers lst` suggest the command, help does.
    ['help sned', "error: unknown command 'sned'\n(Did you mean send?)"],
    ['help subscribers lst', "error: unknown command 'subscribers lst'\n(Did you mean list?)"],
    [
      'subscribers help imprt',
      "error: unknown command 'subscribers imprt'\n(Did you mean import?)",
    ],
    ['help subscribers nope', "error: unknown command 'subscribers nope'"],
    ['help send nope', "error: unknown command 'send nope'"],
    ['subscribers help nope', "error: unknown command 'subscribers nope'"],
    // A command typed at the wrong level said only "unknown command 'import'": nothing told the
    // operator that import, export, list and remove live under subscribers.
    [
      'import list.csv --confirmed',
      "error: unknown command 'import'\n(Did you mean newsletter subscribers import?)",
    ],
    ['export', "error: unknown command 'export'\n(Did you mean newsletter subscribers export?)"],
    [
      'remove ada@example.com',
      "error: unknown command 'remove'\n(Did you mean newsletter subscribers remove?)",
    ],
    ['subscribers status', "error: unknown command 'status'\n(Did you mean newsletter status?)"],
    ['help list', "error: unknown command 'list'\n(Did you mean newsletter subscribers list?)"],
    // A misspelling at the right level is still Commander's guess.
    ['subscribers lst', "error: unknown command 'lst'\n(Did you mean list?)"],
    ['sned', "error: unknown command 'sned'\n(Did you mean send?)"],
    // Commander checks a required option before it names an unknown one: `archive --output site`
    // said "required option '--out <dir>' not specified" and nothing of the --output typed.
    ['archive --output site', "error: unknown option '--output'\n(Did you mean --out?)"],
    ['archive', "error: required option '--out <dir>' not specified"],
  ])(
    '`newsletter %s` names what is unknown or missing, and points to --help',
    async (command, error) => {
      const { code, out, err } = await runCli(command.split(' '));
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(`${error}\n(run with --help for usage)\n`);
    },
  );

  it('prints the version of package.json with --version', async () => {
    const { version } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const { code, out } = await runCli([flag]);
      expect(code).toBe(0);
      expect(out).toBe(`${version}\n`);
    }
  });

  it.each([['send'], ['keypoints'], ['render'], ['preview']])(
    '`newsletter %s --help` shows the number of key points taken without --max-points',
    async (command) => {
      const { out } = await runCli([command, '--help']);
      expect(out).toMatch(/--max-points <n>[\s\S]*?\(default: 4\)/);
    },
  );

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

  // A link to a folder that is not there (moved, a mount not up, a loop of links) passed the
  // check: a send made its store, then stopped at its first file with "EEXIST: file already
  // exists, mkdir"; other commands called it a file.
  it.each([
    [['render', SAMPLE_ARTICLE, '--out'], '--out'],
    [['send', '--article', SAMPLE_ARTICLE, '--outbox'], '--outbox'],
    [['send', '--article', SAMPLE_ARTICLE, '--outbox'], '--outbox', 'nested'],
  ])(
    '`newsletter %j` into a link that leads nowhere: one line naming the link, and no store made',
    async (command, option, below = '') => {
      const link = path.join(work, 'gone-link');
      const target = path.join(work, 'gone-target');
      await rm(link, { force: true });
      await symlink(target, link);
      const data = path.join(work, 'data-dangling');
      const folder = path.join(link, below);
      const { code, err } = await runCli(['--data-dir', data, ...command, folder]);
      expect({ code, err }).toEqual({
        code: 1,
        err:
          `newsletter: ${option}: ${folder} cannot be made: ${link} is a link to ${target}, ` +
          'which leads nowhere — pass a folder you can write to\n',
      });
      expect(existsSync(data)).toBe(false);
    },
  );

  // A file named through a link to nothing (the file moved, a mount not up) was "not found —
  // check the path" though ls lists it, and a loop of links gave the system's ELOOP alone.
  it.each([
    [['keypoints'], 'Article '],
    [['render'], 'Article '],
    [['send', '--article'], 'Article '],
    [['keypoints', '--jsonl'], ''],
    [['subscribers', 'import'], ''],
  ])(
    '`newsletter %j` a file through a link that leads nowhere or round a loop: one line naming the link',
    async (command, what) => {
      const folder = await mkdtemp(path.join(work, 'input-link-'));
      const gone = path.join(folder, 'moved.txt');
      const loop = path.join(folder, 'loop-a');
      await symlink(path.join(folder, 'moved-away.txt'), gone);
      await symlink(path.join(folder, 'loop-b'), loop);
      await symlink(loop, path.join(folder, 'loop-b'));
      const data = path.join(folder, 'data');
      for (const [link, target] of [
        [gone, path.join(folder, 'moved-away.txt')],
        [loop, path.join(folder, 'loop-b')],
      ]) {
        const { code, out, err } = await runCli(['--data-dir', data, ...command, link as string]);
        expect({ code, out, err }).toEqual({
          code: 1,
          out: '',
          err:
            `newsletter: ${what}${link}${what ? ' ' : ': '}cannot be read: ${link} is a link to ` +
            `${target}, which leads nowhere (moved, not mounted, or round a loop) — point the link ` +
            'at the file, or pass the file itself\n',
        });
      }
      expect(existsSync(data)).toBe(false);
    },
  );

  it('`--data-dir` a link that leads nowhere: one line naming the link, and nothing made', async () => {
    const link = path.join(work, 'gone-data-link');
    const target = path.join(work, 'gone-data-target');
    await symlink(target, link);
    const csv = path.join(work, 'dangling.csv');
    await writeFile(csv, 'email\ndangling@example.org\n');
    const { code, err } = await runCli(['--data-dir', link, 'subscribers', 'import', csv]);
    expect({ code, err }).toEqual({
      code: 1,
      err:
        `newsletter: --data-dir: ${link} cannot be made: ${link} is a link to ${target}, which ` +
        'leads nowhere — pass a folder you can write to\n',
    });
    expect(existsSync(target)).toBe(false);
  });

  // /proc lets root pass the write-permission check, but refuses every new folder: Node's own
  // recursive mkdir retried it for ever there, and each of these commands hung.
  it('an output folder that cannot be made (/proc/…): one line naming the option and the path, fast, and no store made', async () => {
    const data = path.join(work, 'data-proc');
    const article = path.join(PROJECT_ROOT, SAMPLE_ARTICLE);
    const csv = path.join(work, 'proc.csv');
    await writeFile(csv, 'email\nproc@example.org\n');
    const refusals = await Promise.all(
      [
        ['render', article, '--out', '/proc/newsletter-render'],
        ['--data-dir', data, 'send', '--article', article, '--outbox', '/proc/newsletter-outbox'],
        ['--data-dir', '/proc/newsletter-data', 'subscribers', 'import', csv],
      ].map(async (args) => ({
        option:
          args[0] === '--data-dir' && args[1]?.startsWith('/proc/')
            ? '--data-dir'
            : (args.at(-2) as string),
        folder: args.find((arg) => arg.startsWith('/proc/')) as string,
        result: await newsletter(args),
      })),
    );
    for (const { option, folder, result } of refusals) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^newsletter: ${option}: ${folder} cannot be (made \\(ENOENT\\)|written \\(permission denied\\)) — pass a folder you can write to\n$`,
        ),
      );
    }
    expect(existsSync(data)).toBe(false);
  }, 40_000);

  it('`newsletter api --outbox` into a file: one line naming the option and the path, no store made, the port let go', async () => {
    const notAFolder = path.join(work, 'not-a-folder');
    await writeFile(notAFolder, 'a file');
    const data = path.join(work, 'data-api-outbox');
    const port = await freePort();
    const args = ['--data-dir', data, 'api', '--port', String(port), '--outbox', notAFolder];
    const { code, err } = await runCli(args);
    expect(code).toBe(1);
    expect(err).toBe(
      `newsletter: --outbox: ${notAFolder} is a file (or inside one), not a folder — pass a folder you can write to\n`,
    );
    expect(existsSync(data)).toBe(false);
    // The server it had started is closed: the port can be taken again.
    expect(await freePort(port)).toBe(port);
  });

  it.each([
    ['`newsletter api`', async () => ['api', '--port', String(await freePort())]],
    ['`newsletter send` of an article', async () => ['send']],
    ['`newsletter send` of feeds', async () => ['send', '--feed', 'http://127.0.0.1:9/feed.xml']],
  ])(
    '%s that cannot start leaves no outbox behind: it makes the folder only to write in it',
    async (label, command) => {
      const name = label.replace(/\W+/g, '-');
      const data = path.join(work, `data-config${name}`);
      const outbox = path.join(work, `outbox-config${name}`, 'nested');
      vi.stubEnv('NEWSLETTER_PUBLIC_URL', 'not a url');
      try {
        const args = ['--data-dir', data, ...(await command()), '--outbox', outbox];
        const { code, err } = await runCli(args);
        expect(code).toBe(1);
        expect(err).toMatch(/^newsletter: Configuration NEWSLETTER_PUBLIC_URL is invalid/);
      } finally {
        vi.unstubAllEnvs();
      }
      expect(existsSync(path.dirname(outbox))).toBe(false);
      expect(existsSync(data)).toBe(false);
    },
  );

  const withTemplates = 'pass --templates <folder> with your <name>.mjml templates';
  it.each([
    [
      'a folder that does not exist',
      'missing',
      (at: string) => `No templates folder at ${at}: ${withTemplates}`,
    ],
    [
      'a folder that holds no template',
      'empty',
      (at: string) => `No templates in ${at} (no <name>.mjml in it): ${withTemplates}`,
    ],
    // It said 'No templates folder at …/newsletter.mjml', though the file is there.
    [
      'a template file',
      'file',
      (at: string) =>
        `No templates folder at ${at} (it is a file): pass the folder it is in, --templates ${path.dirname(at)}`,
    ],
  ])(
    '`newsletter preview --templates` of %s: one line naming it, exit 1, nothing made or served',
    async (_label, kind, said) => {
      const folder = path.join(work, `templates-${kind}`);
      if (kind !== 'missing') await mkdir(folder);
      const given = kind === 'file' ? path.join(folder, 'newsletter.mjml') : folder;
      if (kind === 'file') await writeFile(given, '<mjml></mjml>\n');
      const port = await freePort();
      const { code, out, err } = await runCli([
        'preview',
        '--port',
        String(port),
        '--templates',
        given,
      ]);
      expect({ code, out, err }).toEqual({ code: 1, out: '', err: `newsletter: ${said(given)}\n` });
      expect(existsSync(folder)).toBe(kind !== 'missing');
      expect(await freePort(port)).toBe(port);
    },
  );

  // A loop of links gave the system's bare "ELOOP: too many symbolic links encountered, scandir".
  it('`newsletter preview --templates` through a link round a loop: one line naming the link', async () => {
    const folder = await mkdtemp(path.join(work, 'templates-loop-'));
    const [a, b] = [path.join(folder, 'a'), path.join(folder, 'b')];
    await symlink(b, a);
    await symlink(a, b);
    const port = await freePort();
    const { code, out, err } = await runCli(['preview', '--port', String(port), '--templates', a]);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err: `newsletter: No templates folder at ${a} (${a} is a link to ${b}, which leads nowhere): pass --templates <folder> with your <name>.mjml templates\n`,
    });
    expect(await freePort(port)).toBe(port);
  });

  it('`newsletter send` on a data folder in use leaves no outbox behind', async () => {
    const data = path.join(work, 'data-send-busy');
    await mkdir(data);
    // Held by a live process that is not this one: the test runner's parent.
    const holder = { pid: process.ppid, command: 'api', since: new Date().toISOString() };
    await writeFile(path.join(data, 'lock'), JSON.stringify(holder));
    const outbox = path.join(work, 'send-outbox-busy');
    const { code, err } = await runCli(['--data-dir', data, 'send', '--outbox', outbox]);
    expect(code).toBe(1);
    expect(err).toMatch(/^newsletter: Data folder \S+ is in use by `newsletter api`/);
    expect(existsSync(outbox)).toBe(false);
  });

  // The rehearsal's exports left in the shell after it stopped: a send began the issue and retried
  // every recipient for a minute and a half ("gave up after 8 attempts: connect ECONNREFUSED"),
  // and a list said "connect ECONNREFUSED 127.0.0.1:…" naming no variable.
  it('an AWS_ENDPOINT_URL_SES or _DYNAMODB where nothing listens: one line naming it, no issue begun, no API served', async () => {
    const data = path.join(work, 'data-endpoint-gone');
    const outbox = path.join(work, 'outbox-endpoint-gone');
    const gone = `http://127.0.0.1:${await freePort()}`;
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_SES', gone);
      const sent = await runCli(['--data-dir', data, 'send', '--outbox', outbox]);
      expect(sent).toEqual({
        code: 1,
        out: 'New local store: imported 5 example subscribers.\n',
        err: `newsletter: AWS_ENDPOINT_URL_SES points at ${gone}, where nothing answers (ECONNREFUSED): start what it points at (for the rehearsal, npm run stack:local), or unset it to send through the embedded SES emulator; nothing was composed or sent\n`,
      });
      expect(existsSync(outbox)).toBe(false);
      vi.unstubAllEnvs();
      expect((await runCli(['--data-dir', data, 'status'])).out).toBe(
        'No issues yet: newsletter send starts one.\n',
      );

      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', gone);
      expect(await runCli(['--data-dir', data, 'subscribers', 'list'])).toEqual({
        code: 1,
        out: '',
        err: `newsletter: AWS_ENDPOINT_URL_DYNAMODB points at ${gone}, where nothing answers (ECONNREFUSED): start what it points at (for the rehearsal, npm run stack:local), or unset it to work on the local store in the data folder\n`,
      });
      vi.unstubAllEnvs();

      // The API answered every sign-up 202 while each confirmation failed behind it.
      vi.stubEnv('AWS_ENDPOINT_URL_SES', gone);
      const port = await freePort();
      const api = ['--data-dir', data, 'api', '--port', String(port), '--outbox', outbox];
      expect(await runCli(api)).toEqual({
        code: 1,
        out: '',
        err: `newsletter: AWS_ENDPOINT_URL_SES points at ${gone}, where nothing answers (ECONNREFUSED): start what it points at (for the rehearsal, npm run stack:local), or unset it to send confirmations through the embedded SES emulator\n`,
      });
      expect(await freePort(port)).toBe(port);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  // The source is kept in every consent record (the evidence of consent a GDPR request or a
  // complaint asks for): a line break or a bidi control would garble it, and a long one would
  // make every subscriber's item larger.
  it.each([
    [
      'web\nform',
      'must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+000A',
    ],
    [
      'fair\u202Eriaf',
      'must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+202E',
    ],
    ['x'.repeat(201), 'is 201 characters; a consent record keeps at most 200: shorten it'],
  ])(
    'refuses a --consent-source that no consent record should keep (%#), importing nothing',
    async (source, reason) => {
      const csv = path.join(work, 'consent-source.csv');
      await writeFile(csv, 'email,name\nada@example.com,Ada\n');
      const data = path.join(work, 'data-consent-source');
      const { code, out, err } = await runCli([
        'subscribers',
        'import',
        csv,
        '--consent-source',
        source,
        '--data-dir',
        data,
      ]);
      expect({ code, out, err }).toEqual({
        code: 1,
        out: '',
        err: `newsletter: --consent-source: ${reason}\n`,
      });
      expect(existsSync(data)).toBe(false);
    },
  );

  it.each([
    [['--data-dir', '', 'status'], "option '--data-dir <dir>' argument '' is invalid"],
    [['send', '--outbox', ' '], "option '--outbox <dir>' argument ' ' is invalid"],
    [['subscribers', 'import', 'x.csv', '--consent-source', ''], "'--consent-source <text>'"],
    // Read as files, these said "Article  was not found" and ": was not found".
    [['keypoints', ''], "command-argument value '' is invalid for argument 'article'"],
    [['render', ' '], "command-argument value ' ' is invalid for argument 'article'"],
    [['subscribers', 'import', ''], "command-argument value '' is invalid for argument 'csv'"],
  ])('refuses an empty value of a folder or a name: %j', async (args, refusal) => {
    const { code, err } = await runCli(args);
    expect(code).toBe(1);
    expect(err).toContain(refusal);
    expect(err).toContain('must not be empty');
  });

  // Commander gives an option the next word as its value even when that is another option:
  // `send --outbox --force` sent the issue into a folder named --force, without --force.
  it.each([
    [['send', '--outbox', '--force'], '--outbox <dir>', '--force'],
    [['send', '--article', '-h'], '--article <file>', '-h'],
    [['render', '--out', '--max-points', '3', SAMPLE_ARTICLE], '--out <dir>', '--max-points'],
    [['keypoints', '--jsonl', '--json'], '--jsonl <file>', '--json'],
    [
      ['subscribers', 'import', 'x.csv', '--consent-source', '--confirmed'],
      '--consent-source <text>',
      '--confirmed',
    ],
    [['status', '--data-dir', '--json'], '--data-dir <dir>', '--json'],
  ])('refuses an option given another option for its value: %j', async (args, option, value) => {
    const data = path.join(work, 'data-option-as-value');
    const { code, out, err } = await runCli(['--data-dir', data, ...args]);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err:
        `error: option '${option}' argument '${value}' is invalid. is an option, not a value: ` +
        `give the option its value first (a name that starts with - is written ./${value})\n` +
        '(run with --help for usage)\n',
    });
    expect(existsSync(data)).toBe(false);
    expect(existsSync(path.join(PROJECT_ROOT, value))).toBe(false);
  });

  // The shell turns ~ into the home folder only unquoted at a word's start: in
  // `--outbox=~/out` (or "~/out") it stays, so the send made a folder named ~ in the current
  // one, and its summary's "Outbox ~/out/…" sent the reader to look in their home folder.
  it.each([
    [['--data-dir=~/nl-data', 'status'], '--data-dir <dir>', '~/nl-data'],
    [['send', '--outbox=~/nl-out'], '--outbox <dir>', '~/nl-out'],
    [['send', '--article', '~alice/drafts/issue.md'], '--article <file>', '~alice/drafts/issue.md'],
    [['render', SAMPLE_ARTICLE, '--out=~'], '--out <dir>', '~'],
    [['keypoints', '--jsonl=~/batch.jsonl'], '--jsonl <file>', '~/batch.jsonl'],
    [['preview', '--templates=~/templates'], '--templates <dir>', '~/templates'],
  ])('refuses a path whose ~ the shell did not expand: %j', async (args, option, value) => {
    const folder = await mkdtemp(path.join(work, 'tilde-'));
    const { code, out, err } = await runCliIn(folder, args);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err:
        `error: option '${option}' argument '${value}' is invalid. starts with a ~ the shell did ` +
        'not turn into a home folder (it does not after = or in quotes): write $HOME/… or put a ' +
        'space after the option, or ./~ for a folder named ~\n(run with --help for usage)\n',
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it.each([
    [['keypoints', '~/article.md'], 'article'],
    [['render', '~/article.md'], 'article'],
    [['subscribers', 'import', '~/list.csv'], 'csv'],
  ])('refuses a file argument whose ~ the shell did not expand: %j', async (args, name) => {
    const folder = await mkdtemp(path.join(work, 'tilde-'));
    const { code, err } = await runCliIn(folder, args);
    expect(code).toBe(1);
    expect(err).toContain(`command-argument value '~/`);
    expect(err).toContain(`for argument '${name}'. starts with a ~ the shell did not turn`);
  });

  // Many tools read standard input for `-`: here it was "- was not found — check the path".
  it.each([
    [['keypoints', '-'], 'Article - '],
    [['send', '--article', '-'], 'Article - '],
    [['keypoints', '--jsonl', '-'], '-: '],
    [['subscribers', 'import', '-'], '-: '],
  ])('`newsletter %j` says - is no standard input here, and makes nothing', async (args, what) => {
    const folder = await mkdtemp(path.join(work, 'stdin-'));
    const { code, out, err } = await runCliIn(folder, args);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err: `newsletter: ${what}was not found: - is no standard input here, only a file of that name — save the text to a file and pass its path\n`,
    });
    expect(await readdir(folder)).toEqual([]);
  });

  // Commander keeps the last value of an option given twice: `send --article a.md --article b.md`
  // sent b.md alone, and a script adding `--stack Test` after `--stack Prod` worked on Test.
  it.each([
    [['send', '--article', 'a.md', '--article', 'b.md'], '--article', 'a.md', 'b.md'],
    [['--data-dir', 'one', 'status', '--data-dir', 'two'], '--data-dir', 'one', 'two'],
    [['status', '--stack', 'Prod', '--stack', 'Test'], '--stack', 'Prod', 'Test'],
    [['keypoints', '--max-points', '3', '--max-points', '5', 'x.md'], '--max-points', '3', '5'],
    [
      ['subscribers', 'list', '--status', 'active', '--status', 'pending'],
      '--status',
      'active',
      'pending',
    ],
  ])('refuses an option given twice with two values: %j', async (args, option, first, second) => {
    const folder = await mkdtemp(path.join(work, 'twice-'));
    const { code, out, err } = await runCliIn(folder, args);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err: `newsletter: ${option}: is given twice (${first}, then ${second}) and takes one value: give it once\n`,
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('takes an option given twice with the same value, and a repeatable one (--feed)', async () => {
    const twice = await runCli([
      'keypoints',
      '--max-points',
      '2',
      '--max-points',
      '2',
      SAMPLE_ARTICLE,
    ]);
    expect(twice.code).toBe(0);
    expect(twice.out.match(/^• /gm)).toHaveLength(2);
    const feeds = await runCli([
      'send',
      '--feed',
      'http://127.0.0.1:9/a.xml',
      '--feed',
      'http://127.0.0.1:9/a.xml',
    ]);
    expect(feeds.err).toContain(
      '--feed: http://127.0.0.1:9/a.xml is given twice; the digest would hold its articles twice',
    );
  });

  // A name that only starts with ~ (no / after the user name) is no home folder to the shell
  // either: such a file is read as any other.
  it('reads a file whose name starts with ~ but names no home folder', async () => {
    const folder = await mkdtemp(path.join(work, 'tilde-'));
    const article = path.join(folder, '~draft.md');
    await writeFile(
      article,
      '# Harbour reopens\n\nThe harbour reopened on Monday after a week of repairs to the sea wall.\n',
    );
    const { code, out } = await runCliIn(folder, ['keypoints', '~draft.md']);
    expect(code).toBe(0);
    expect(out).toContain('Harbour reopens');
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
      ['send', '--max-articles', '3'],
      '--max-articles: applies only with --feed URL: it caps the articles in a digest of feeds',
    ],
    [
      ['preview', '--max-articles', '3'],
      '--max-articles: applies only with --feed URL: it caps the articles in a digest of feeds',
    ],
    [
      ['send', '--feed', 'http://127.0.0.1:9/feed.xml', '--feed', 'http://127.0.0.1:9/feed.xml'],
      '--feed: http://127.0.0.1:9/feed.xml is given twice; the digest would hold its articles twice',
    ],
    [
      ['preview', '--feed', 'http://127.0.0.1:9/feed.xml', '--feed', 'HTTP://127.0.0.1:9/feed.xml'],
      '--feed: HTTP://127.0.0.1:9/feed.xml is given twice; the digest would hold its articles twice',
    ],
    [
      ['send', '--feed', 'http://127.0.0.1:9/feed.xml', '--force'],
      "--force: applies only with --article: a digest holds only the feeds' new items, so it has nothing to send again",
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

  it.each([
    ['AWS_ENDPOINT_URL_SES', 'notaurl', ['send']],
    ['AWS_ENDPOINT_URL_DYNAMODB', 'ftp://127.0.0.1:8000', ['subscribers', 'list']],
    ['AWS_ENDPOINT_URL', '127.0.0.1:4566', ['status']],
  ])(
    'refuses %s=%s in one line naming it, before any store is made or anything sent',
    async (variable, value, args) => {
      // The SDK would throw TypeError: Invalid URL from deep inside (a stack trace), or, for SES,
      // the send would start an issue and retry its recipients as if the network were down.
      const data = path.join(work, `data-endpoint-${variable}`);
      vi.stubEnv(variable, value);
      try {
        const { code, out, err } = await runCli(['--data-dir', data, ...args]);
        expect(code).toBe(1);
        expect(out).toBe('');
        expect(err).toBe(
          `newsletter: ${variable}: must be an http:// or https:// URL such as http://127.0.0.1:4566 (it is ${JSON.stringify(value)}); fix it or unset it\n`,
        );
      } finally {
        vi.unstubAllEnvs();
      }
      expect(existsSync(data)).toBe(false);
    },
  );

  // DynamoDB names a table with 3 to 255 letters, digits, '_', '-' and '.': another name was
  // refused by the store's first request, a stack trace, after the data folder and its secret
  // had been made.
  it.each([[' '], ['x'], ['bad name!'], [' newsletter'], ['t'.repeat(256)]])(
    'refuses NEWSLETTER_TABLE=%j in one line naming it, before any store is made',
    async (value) => {
      const data = path.join(work, 'data-table-name');
      vi.stubEnv('NEWSLETTER_TABLE', value);
      try {
        for (const args of [['send'], ['subscribers', 'list']]) {
          const { code, out, err } = await runCli(['--data-dir', data, ...args]);
          expect({ code, out, err }).toEqual({
            code: 1,
            out: '',
            err:
              'newsletter: Configuration NEWSLETTER_TABLE is invalid (must be 3 to 255 letters, ' +
              `digits, underscores, hyphens or dots; it is ${JSON.stringify(value)}); example: ` +
              'newsletter\n',
          });
        }
      } finally {
        vi.unstubAllEnvs();
      }
      expect(existsSync(data)).toBe(false);
    },
  );

  // Every unsubscribe link starts with it, in a header: accepted, such a URL started the issue and
  // then failed every recipient at the header, leaving it sending. (A URL with a space or a
  // non-ASCII letter is written in ASCII instead: environment.test.ts.)
  it.each([
    [`http://news.example.com/${'a'.repeat(600)}`],
    [`http://news.example.com/${'é'.repeat(90)}`],
  ])(
    'refuses NEWSLETTER_PUBLIC_URL=%j in one line naming it, before any store is made',
    async (value) => {
      const data = path.join(work, 'data-public-url');
      vi.stubEnv('NEWSLETTER_PUBLIC_URL', value);
      try {
        const { code, out, err } = await runCli(['--data-dir', data, 'send']);
        expect({ code, out, err }).toEqual({
          code: 1,
          out: '',
          err:
            'newsletter: Configuration NEWSLETTER_PUBLIC_URL is invalid (must be at most 500 ' +
            'characters written in ASCII (%XX and xn-- forms included)); example: ' +
            'https://abc123.execute-api.us-east-1.amazonaws.com\n',
        });
      } finally {
        vi.unstubAllEnvs();
      }
      expect(existsSync(data)).toBe(false);
    },
  );

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

  it.each([
    [['api', '--port', '0x50'], "'--port <n>' argument '0x50' is invalid. must be a port number"],
    [['keypoints', SAMPLE_ARTICLE, '--max-points', '1e1'], "argument '1e1' is invalid"],
    [['send', '--concurrency', '0b11'], "argument '0b11' is invalid. must be a whole number ≥ 1"],
    [['send', '--max-articles', '2.0'], "argument '2.0' is invalid. must be a whole number ≥ 1"],
  ])('takes a number only as decimal digits: %j', async (args, refusal) => {
    const data = path.join(work, 'data-decimal');
    const { code, err } = await runCli(['--data-dir', data, ...args]);
    expect(code).toBe(1);
    expect(err).toContain(refusal);
    expect(existsSync(data)).toBe(false);
  });

  /** Every command path that takes --port, read from the program so a new one is covered too. */
  const portCommands = (function withPort(command: Command, names: string[]): string[][] {
    const own = command.options.some((option) => option.long === '--port') ? [names] : [];
    return [...own, ...command.commands.flatMap((sub) => withPort(sub, [...names, sub.name()]))];
  })(buildProgram(), []);

  it('has commands that take --port', () => {
    expect(portCommands).toEqual(expect.arrayContaining([['api'], ['preview']]));
  });

  const notPorts = ['70000', '0', '0x50'];
  it.each(
    portCommands.flatMap((command) => notPorts.map((port): [string[], string] => [command, port])),
  )(
    'refuses a port that is not one while reading the options: %j --port %s',
    async (command, port) => {
      const { code, out, err } = await runCli([...command, '--port', port]);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(
        `error: option '--port <n>' argument '${port}' is invalid. must be a port number from 1 to 65535\n(run with --help for usage)\n`,
      );
    },
  );

  // npm keeps an option written before `--` for itself and passes the command only an npm_config_
  // variable: `npm run preview --port=3001` served on 3000, and `--port 3001` was "too many arguments".
  it.each([
    [
      '--port=3001',
      { npm_config_port: '3001' },
      ['preview'],
      'npm kept --port 3001 for itself (an npm script gets only what follows --): run npm run preview -- --port 3001',
    ],
    [
      '--port 3001',
      { npm_config_port: 'true' },
      ['preview', '3001'],
      'npm kept --port for itself (an npm script gets only what follows --), and passed on the value after it as an argument: run npm run preview -- --port <n>',
    ],
    [
      '--article=a.md --data-dir=d',
      { npm_config_article: 'a.md', npm_config_data_dir: 'd' },
      ['preview'],
      'npm kept --data-dir d and --article a.md for itself (an npm script gets only what follows --): run npm run preview -- --data-dir d --article a.md',
    ],
    [
      '--port 3001 --article a.md',
      { npm_config_port: 'true', npm_config_article: 'true' },
      ['preview', '3001', 'a.md'],
      'npm kept --article and --port for itself (an npm script gets only what follows --), and passed on the values after them as arguments: run npm run preview -- --article <file> --port <n>',
    ],
  ])(
    'refuses what `npm run preview %s` leaves the command, saying to write it after --',
    async (_typed, env, args, message) => {
      vi.stubEnv('npm_lifecycle_event', 'preview');
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      try {
        expect(await runCli(args)).toEqual({ code: 1, out: '', err: `newsletter: ${message}\n` });
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );

  it('reads an option given after -- to an npm script, or outside one, whatever npm variables are set', async () => {
    vi.stubEnv('npm_config_port', '3001');
    try {
      vi.stubEnv('npm_lifecycle_event', 'preview');
      for (const given of [['--port', '70000'], ['--port=70000']]) {
        const { code, err } = await runCli(['preview', ...given]);
        expect({ code, err }).toEqual({
          code: 1,
          err: "error: option '--port <n>' argument '70000' is invalid. must be a port number from 1 to 65535\n(run with --help for usage)\n",
        });
      }
      vi.stubEnv('npm_lifecycle_event', undefined);
      const { code, err } = await runCli(['preview', '3001']);
      expect({ code, err }).toEqual({
        code: 1,
        err: "error: too many arguments for 'preview'. Expected 0 arguments but got 1.\n(run with --help for usage)\n",
      });
    } finally {
      vi.unstubAllEnvs();
    }
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

describe("every command's help", () => {
  /** The words of every command that runs something (not `help`), depth first. */
  const commands = (function leaves(command: Command, names: string[]): string[][] {
    if (command.commands.length === 0) return command.name() === 'help' ? [] : [names];
    return command.commands.flatMap((sub) => leaves(sub, [...names, sub.name()]));
  })(buildProgram(), []);

  /** The command `words` (a line of the help, after `$ newsletter`) runs, read as the CLI reads it. */
  async function commandRunBy(line: string): Promise<string> {
    const program = buildProgram();
    let ran = '';
    (function stub(command: Command, names: string[]) {
      if (command.commands.length === 0) {
        command.action(() => {
          ran = names.join(' ');
        });
      }
      for (const sub of command.commands) stub(sub, [...names, sub.name()]);
    })(program, []);
    // The shell's part: a redirection, and quotes around a word.
    const words = (line.split(' > ')[0] ?? '').match(/"[^"]*"|\S+/g) ?? [];
    await program.parseAsync(
      words.map((word) => word.replaceAll('"', '')),
      { from: 'user' },
    );
    return ran;
  }

  it.each(commands.map((words) => words.join(' ')))(
    '`newsletter %s --help` ends with examples, each a line the command reads as it is',
    async (command) => {
      const { code, out } = await runCli([...command.split(' '), '--help']);
      expect(code).toBe(0);
      const [, examples = ''] = out.split('\nExamples:\n');
      const lines = examples.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toMatch(new RegExp(`^ {2}\\$ newsletter ${command}(?: |$)`));
        await expect(commandRunBy(line.replace('  $ newsletter ', ''))).resolves.toBe(command);
      }
    },
  );
});
