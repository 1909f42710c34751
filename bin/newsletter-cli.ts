import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { fileErrorMessage } from '../lambda/adapters/files/file-errors';
import { NewsletterError, ValidationError } from '../lambda/core/errors';
import { DEFAULT_MAX_ARTICLES } from '../lambda/core/feeds/types';
import { DEFAULT_MAX_POINTS, MAX_POINTS_LIMIT } from '../lambda/core/keypoints/types';
import { PASSED_OVER_RETENTION_DAYS } from '../lambda/core/ports';
import { DEFAULT_DATA_DIR } from '../lambda/local/data-dir';
import { checkEndpointVariables } from '../lambda/local/endpoint-variables';
import { DEFAULT_OUTBOX_DIR } from '../lambda/local/outbox';
import { PROJECT_ROOT, SAMPLE_ARTICLE } from '../lambda/local/sample';
import {
  REGION_PATTERN,
  REGION_RULE,
  STACK_NAME_PATTERN,
  STACK_NAME_RULE,
} from '../lambda/local/stack/stack-names';

/**
 * The number a value of decimal digits writes, else NaN: Number() alone also reads `0x50` (80),
 * `1e3` and `2.0`, so `--port 0x50` would quietly serve on port 80.
 */
function decimal(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

function portNumber(value: string): number {
  const n = decimal(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) {
    throw new InvalidArgumentError('must be a port number from 1 to 65535');
  }
  return n;
}

function keyPointCount(value: string): number {
  const n = decimal(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS_LIMIT) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_POINTS_LIMIT}`);
  }
  return n;
}

function positiveInteger(value: string): number {
  const n = decimal(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

/**
 * A folder, a file or a name: `--data-dir ""` would otherwise mean the current folder, and an
 * empty file argument was looked for as a file named "" ("Article  was not found"). Nor an
 * option: Commander gives an option the next word even when it is one, so `send --outbox
 * --force` wrote into a folder named --force and sent without --force.
 */
function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  if (/^--?[A-Za-z]/.test(value)) {
    throw new InvalidArgumentError(
      `is an option, not a value: give the option its value first (a name that starts with - is written ./${value})`,
    );
  }
  return value;
}

/**
 * A file or folder: nonEmpty, and no ~ the shell left as it is. The shell makes `~/x` (and
 * `~alice/x`) a home folder's path only unquoted at a word's start, so `--outbox=~/out` or
 * "~/out" reached the command as it is: a send made a folder named ~ in the current one, and its
 * summary's `Outbox ~/out/…` sent the reader to their home folder. A name that only starts with
 * ~ (`~draft.md`, `~$report.docx`) names no home folder here, and stays a name.
 */
function pathValue(value: string): string {
  if (/^~(?:[\w.-]*\/|$)/.test(nonEmpty(value))) {
    throw new InvalidArgumentError(
      'starts with a ~ the shell did not turn into a home folder (it does not after = or in quotes): write $HOME/… or put a space after the option, or ./~ for a folder named ~',
    );
  }
  return value;
}

/** A value the pattern matches, else commander's one line with the rule. */
function matching(pattern: RegExp, rule: string): (value: string) => string {
  return (value) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(rule);
    return value;
  };
}

/** An option given more than once (`--feed A --feed B`): every value, in order. */
function repeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Refuses, before any command runs, an option of `command` or below that takes one value and was
 * given two: Commander keeps the last, so `send --article a.md --article b.md` sent b.md alone
 * and `--stack Prod … --stack Test` worked on Test. The same value twice is one value; a
 * repeatable option (`--feed`) and a flag are left alone.
 */
function refuseOptionsGivenTwice(program: Command): void {
  const given = new Map<Option, string[]>();
  const listen = (command: Command) => {
    for (const option of command.options) {
      if (!(option.required || option.optional) || option.variadic) continue;
      if (option.parseArg === repeated) continue;
      command.on(`option:${option.name()}`, (value: string) => {
        given.set(option, [...(given.get(option) ?? []), value]);
      });
    }
    command.commands.forEach(listen);
  };
  listen(program);
  program.hook('preAction', () => {
    for (const [option, values] of given) {
      const [first, second] = [...new Set(values)];
      if (second !== undefined) {
        throw new ValidationError(
          option.long ?? option.flags,
          `is given twice (${first}, then ${second}) and takes one value: give it once`,
        );
      }
    }
  });
}

/** `--feed URL` (repeatable; what it does is `feed`) and `--max-articles N`. */
function withFeedOptions(command: Command, feed: string): Command {
  return command
    .option('--feed <url>', feed, repeated)
    .option(
      '--max-articles <n>',
      "with --feed: articles in the digest at most (a feed's first run takes its newest)",
      positiveInteger,
      DEFAULT_MAX_ARTICLES,
    )
    .hook('preAction', (self) => {
      // Without a feed there is no digest: the cap would be ignored without a word.
      if (self.getOptionValueSource('maxArticles') === 'cli' && self.opts().feed === undefined) {
        throw new ValidationError(
          '--max-articles',
          'applies only with --feed URL: it caps the articles in a digest of feeds',
        );
      }
    });
}

/** `send` options the deployed stack does not take: the option's name, its flag and what applies. */
const LOCAL_SEND_ONLY = [
  ['maxPoints', '--max-points', 'the compose function extracts its default number of key points'],
  [
    'concurrency',
    '--concurrency',
    'the deliverConcurrency context key sets it (npx cdk deploy -c deliverConcurrency=N)',
  ],
  ['outbox', '--outbox', 'messages go out through SES and are written to no folder'],
] as const;

/** `--stack NAME` and `--region`: the command works on the deployed stack instead of the local store. */
function withStackOptions(command: Command): Command {
  return command
    .option(
      '--stack <name>',
      'work on this deployed CloudFormation stack (found with DescribeStacks) instead of the local store',
      matching(STACK_NAME_PATTERN, STACK_NAME_RULE),
    )
    .option(
      '--region <region>',
      "the stack's AWS region (default: AWS_REGION or the profile's)",
      matching(REGION_PATTERN, REGION_RULE),
    )
    .hook('preAction', (self) => {
      // Without --stack the command works on the local store: a region there would be ignored.
      if (self.opts().region !== undefined && self.opts().stack === undefined) {
        throw new ValidationError(
          '--region',
          'applies only with --stack NAME; without it the command works on the local store',
        );
      }
    });
}

/** The examples each command's help ends with, for the generated reference too. */
const EXAMPLES = new WeakMap<Command, readonly string[]>();

/** Ends the help of `command` with `lines` (each a whole command line, from `newsletter`). */
function withExamples(command: Command, lines: readonly string[]): Command {
  EXAMPLES.set(command, lines);
  return command.addHelpText(
    'after',
    `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`,
  );
}

/** The examples `command`'s help ends with (none for a command that only groups others). */
export function examplesOf(command: Command): readonly string[] {
  return EXAMPLES.get(command) ?? [];
}

/** Commands that read files or print, touching no store and no AWS endpoint. */
const COMMANDS_WITHOUT_AWS = new Set(['keypoints', 'render', 'help']);

/**
 * `\n(Did you mean newsletter subscribers import?)` for a word that names no command of `parent`
 * but one elsewhere in the program (`newsletter import list.csv`, `newsletter subscribers
 * status`), or ''.
 */
function commandElsewhere(parent: Command, word: string): string {
  let root = parent;
  while (root.parent !== null) root = root.parent;
  const found: string[] = [];
  const visit = (command: Command, words: readonly string[]) => {
    for (const below of command.commands) {
      if (below.name() === 'help') continue;
      const path = [...words, below.name()];
      if (below.name() === word && command !== parent) found.push(path.join(' '));
      visit(below, path);
    }
  };
  visit(root, [root.name()]);
  return found.length === 0 ? '' : `\n(Did you mean ${found.join(' or ')}?)`;
}

/**
 * For `word` among the commands of `parent`: the command of that name elsewhere in the program,
 * else Commander's own "(Did you mean send?)", as `newsletter sned` prints it, or ''. Commander
 * keeps its guess to itself, so a command holding only those names is asked to run the word, and
 * what it would print is kept.
 */
function commandSuggestion(parent: Command, word: string): string {
  const elsewhere = commandElsewhere(parent, word);
  if (elsewhere !== '') return elsewhere;
  let said = '';
  const probe = new Command().exitOverride().configureOutput({
    writeErr: (text) => {
      said += text;
    },
  });
  for (const command of parent.commands) probe.command(command.name());
  try {
    probe.parse([word], { from: 'user' });
  } catch {
    // The unknown command, as expected: its message is in `said`.
  }
  const guess = /\n(\(Did you mean [^)\n]*\?\))/.exec(said)?.[1];
  return guess === undefined ? '' : `\n${guess}`;
}

/**
 * `help [command...]` under `parent`: the help of the command the words name, down to a
 * subcommand (`help subscribers import`). Commander's own help command reads only the first word,
 * so it showed `subscribers`'s help for that, and the whole help, with no error, for a word that
 * names no command.
 */
function withHelpCommand(parent: Command): void {
  parent
    .command('help')
    .description('display help for command')
    .argument('[command...]', 'the command, then its subcommand')
    .action((names: string[]) => {
      let target = parent;
      for (const [index, name] of names.entries()) {
        const next = target.commands.find((command) => command.name() === name);
        if (next === undefined) {
          // Named from below the program: `subscribers help nope` is 'subscribers nope'.
          const words = [...names.slice(0, index + 1)];
          for (let above = parent; above.parent !== null; above = above.parent) {
            words.unshift(above.name());
          }
          parent.error(
            `error: unknown command '${words.join(' ')}'${commandSuggestion(target, name)}`,
            { code: 'commander.unknownCommand' },
          );
        }
        target = next;
      }
      target.help();
    });
}

/**
 * An unknown command under `parent` is named with commandSuggestion's guess: Commander's own
 * guesses only among the commands of the same level, so `newsletter import list.csv` said
 * "unknown command 'import'" and nothing of `subscribers import`.
 */
function withUnknownCommandHint(parent: Command): void {
  parent.on('command:*', ([word]: string[]) => {
    parent.error(`error: unknown command '${word}'${commandSuggestion(parent, word ?? '')}`, {
      code: 'commander.unknownCommand',
    });
  });
}

/**
 * Checks the required options of `command` and below once the options are read, so an unknown
 * option is named first: Commander checks a required one before, and `archive --output site`
 * said "required option '--out <dir>' not specified" and nothing of the --output typed.
 */
function checkRequiredOptionsLast(command: Command): void {
  const required = command.options.filter((option) => option.mandatory);
  for (const option of required) option.makeOptionMandatory(false);
  if (required.length > 0) {
    command.hook('preAction', (self) => {
      for (const option of required) {
        if (self.getOptionValue(option.attributeName()) === undefined) {
          self.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          });
        }
      }
    });
  }
  command.commands.forEach(checkRequiredOptionsLast);
}

/** The version package.json gives, for `--version`. */
function packageVersion(): string {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;
}

/**
 * The `newsletter` command line. Each action imports its module when it runs, so `--help` and
 * light commands start fast without loading MJML or the AWS SDK.
 */
export function buildProgram(): Command {
  const program = new Command('newsletter')
    .description('Turn an article into a newsletter issue and send it to every active subscriber.')
    .addOption(
      new Option('--data-dir <dir>', 'where the local store, secret and issues live')
        .default(DEFAULT_DATA_DIR)
        .argParser(pathValue),
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    // Commander throws instead of calling process.exit, so main sets the exit code and the
    // process ends on its own (nothing cut off mid-write; the CLI can run in a test's process).
    // Subcommands inherit this because they are added after it.
    .exitOverride()
    .hook('preAction', (_program, action) => {
      // Every command but these two reaches DynamoDB or SES (emulated or not) or, with --stack,
      // AWS: a garbled endpoint variable is refused before anything is opened or written.
      if (!COMMANDS_WITHOUT_AWS.has(action.name())) checkEndpointVariables();
    });

  const dataDir = () => program.opts<{ dataDir: string }>().dataDir;

  withFeedOptions(
    withStackOptions(
      withExamples(
        program
          .command('send')
          .description(
            'compose an issue from an article and send it to every active subscriber (what `npm start` runs); with --stack, through the deployed stack',
          ),
        [
          'newsletter send',
          'newsletter send --article issue.md --outbox sent',
          'newsletter send --feed https://example.com/feed.xml --max-articles 3',
          'newsletter send --stack Newsletter --article issue.md --wait',
        ],
      ),
    ).option(
      '--article <file>',
      'article to send (.txt, .md or .html); needed with --stack (the sample is sent only locally)',
      pathValue,
      SAMPLE_ARTICLE,
    ),
    'send one digest of the new items of this RSS, Atom or JSON feed (repeat for more feeds); with --article too, the article goes first as its own issue, as a scheduled run does',
  )
    .option(
      '--force',
      'make a new issue even if this article was already sent (once: the same article forced again is the same issue)',
    )
    .option(
      '--wait',
      'with --stack: follow the issue with a progress bar until it is sent or paused, then print the summary (a local send always waits)',
    )
    .option(
      '--allow-sandbox',
      'with --stack: send even though the SES account is in the sandbox (a test to verified addresses)',
    )
    .option(
      '--max-points <n>',
      `most key points per article, 1 to ${MAX_POINTS_LIMIT} (local send)`,
      keyPointCount,
      DEFAULT_MAX_POINTS,
    )
    .option('--concurrency <n>', 'batches delivered in parallel (local send)', positiveInteger, 8)
    .option(
      '--outbox <dir>',
      'where sent messages are written as .eml (local send)',
      pathValue,
      DEFAULT_OUTBOX_DIR,
    )
    .action(async (options, command: Command) => {
      if (options.feed && options.stack !== undefined) {
        throw new ValidationError(
          '--feed',
          'sends from this machine; for the deployed stack set the `feeds` context key (docs/feeds.md)',
        );
      }
      if (options.force && options.feed && command.getOptionValueSource('article') !== 'cli') {
        throw new ValidationError(
          '--force',
          "applies only with --article: a digest holds only the feeds' new items, so it has nothing to send again",
        );
      }
      if (options.allowSandbox && options.stack === undefined) {
        throw new ValidationError(
          '--allow-sandbox',
          'applies only with --stack: a local send goes to the embedded SES emulator, which has no sandbox',
        );
      }
      if (options.stack !== undefined) {
        // The deployed functions have their own settings: these would be ignored without a word.
        for (const [name, flag, instead] of LOCAL_SEND_ONLY) {
          if (command.getOptionValueSource(name) === 'cli') {
            throw new ValidationError(
              flag,
              `applies only to a local send; with --stack ${instead}`,
            );
          }
        }
        if (command.getOptionValueSource('article') !== 'cli') {
          // The default article is the bundled sample, there for trying the local send: on a
          // stack it would go to every subscriber.
          throw new ValidationError(
            '--article',
            'is needed with --stack: name the article to send (newsletter send --stack NAME --article FILE); the sample article is sent only locally',
          );
        }
        return (await import('../lambda/local/commands/send-stack')).runStackSend({
          ...options,
          dataDir: dataDir(),
        });
      }
      if (options.feed) {
        // Both, as a scheduled run with feeds in AWS: the article as its own issue, then the
        // digest. An unfinished article stops here; the same command again resumes it.
        if (command.getOptionValueSource('article') === 'cli') {
          await (await import('../lambda/local/commands/send')).runSend({
            ...options,
            dataDir: dataDir(),
          });
        }
        return (await import('../lambda/local/commands/send-feeds')).runSendFeeds({
          ...options,
          feeds: options.feed,
          dataDir: dataDir(),
        });
      }
      return (await import('../lambda/local/commands/send')).runSend({
        ...options,
        dataDir: dataDir(),
      });
    });

  withStackOptions(
    withExamples(
      program
        .command('status')
        .description(
          'where each issue stands, newest first: status (planned, sending, paused and why, sent), recipients, sent, failed, skipped, pending, started, finished; ' +
            `with --stack, also the uploads compose passed over in the last ${PASSED_OVER_RETENTION_DAYS} days, and why`,
        ),
      [
        'newsletter status',
        'newsletter status --stack Newsletter --region eu-west-1',
        'newsletter status --stack Newsletter --json > status.json',
      ],
    ),
  )
    .option('--issue <id>', 'only this issue')
    .option(
      '--json',
      'print {"issues":[{"id","title","articleKey","status","reason","recipients","sent","failed","skipped","pending","startedAt","finishedAt","stalledSince" (with --stack, an issue sending without progress for an hour)}],"passedOver":[{"key","etag","reason","at"}]}',
    )
    .action(async (options) =>
      (await import('../lambda/local/commands/status')).runStatus({
        ...options,
        dataDir: dataDir(),
      }),
    );

  withExamples(
    program
      .command('keypoints')
      .description('print the title, lead and key points extracted from an article'),
    [
      'newsletter keypoints article.md --max-points 3',
      'newsletter keypoints article.html --json',
      'newsletter keypoints --jsonl batch.jsonl > key-points.jsonl',
    ],
  )
    .argument('[article]', 'article file (.txt, .md or .html)', pathValue)
    .option('--json', 'print {"title","lead","keyPoints":[{"heading","summary"}]}')
    .option(
      '--jsonl <file>',
      'batch mode: read {id, text} lines (UTF-8, 64 MB at most; each id once, no empty text; a file with none is refused), print {id, keyPoints} lines at the end, how far it is on stderr meanwhile',
      pathValue,
    )
    .option(
      '--max-points <n>',
      `most key points per article, 1 to ${MAX_POINTS_LIMIT}`,
      keyPointCount,
      DEFAULT_MAX_POINTS,
    )
    .action(async (article: string | undefined, options) =>
      (await import('../lambda/local/commands/keypoints')).runKeypoints({ article, ...options }),
    );

  withExamples(
    program
      .command('render')
      .description('render an article as an issue: HTML, text and a sample recipient .eml'),
    ['newsletter render article.md', 'newsletter render article.md --out rendered --max-points 5'],
  )
    .argument('<article>', 'article file (.txt, .md or .html)', pathValue)
    .option('--out <dir>', 'output folder', pathValue, 'outbox/render')
    .option(
      '--max-points <n>',
      `most key points per article, 1 to ${MAX_POINTS_LIMIT}`,
      keyPointCount,
      DEFAULT_MAX_POINTS,
    )
    .action(async (article: string, options) =>
      (await import('../lambda/local/commands/render')).runRender({ article, ...options }),
    );

  withFeedOptions(
    withExamples(
      program
        .command('preview')
        .description(
          'live preview of every template in the browser: desktop, mobile, dark, text, headers, checks',
        ),
      [
        'newsletter preview',
        'newsletter preview --port 3001 --article drafts/next-issue.md',
        'newsletter preview --templates my-templates',
      ],
    )
      .option('--port <n>', 'port on 127.0.0.1', portNumber, 3000)
      .option(
        '--article <file>',
        'article the newsletter is rendered from',
        pathValue,
        SAMPLE_ARTICLE,
      )
      .option(
        '--templates <dir>',
        "folder of the templates: <name>.mjml, <name>.txt.hbs, <name>.preview.ts and partials/ (default: the repository's templates/)",
        pathValue,
      ),
    'render the digest from the current items of this RSS, Atom or JSON feed instead of its preview data, and show it first (repeat for more feeds)',
  )
    .option(
      '--max-points <n>',
      `most key points per article, 1 to ${MAX_POINTS_LIMIT}`,
      keyPointCount,
      DEFAULT_MAX_POINTS,
    )
    .action(async (options) =>
      (await import('../lambda/local/commands/preview')).runPreview(options),
    );

  withExamples(
    program
      .command('archive')
      .description(
        'write the public archive of every sent issue: index.html, one page per issue, feed.xml (Atom)',
      ),
    ['newsletter archive --out site --base-url https://news.example.org/archive/'],
  )
    .requiredOption(
      '--out <dir>',
      'folder to write the site to (files of the same names are overwritten)',
      pathValue,
    )
    .option(
      '--base-url <url>',
      "where the site will be served, for the feed's links (default: NEWSLETTER_ARCHIVE_URL, else the folder)",
    )
    .action(async (options) =>
      (await import('../lambda/local/commands/archive')).runArchive({
        ...options,
        dataDir: dataDir(),
      }),
    );

  withExamples(
    program
      .command('api')
      .description(
        'serve the subscription API (subscribe, confirm, unsubscribe) on 127.0.0.1 over the local store',
      ),
    ['newsletter api', 'newsletter api --port 8080 --outbox confirmations'],
  )
    .option('--port <n>', 'port on 127.0.0.1', portNumber, 8787)
    .option(
      '--outbox <dir>',
      'where confirmation emails are written as .eml',
      pathValue,
      DEFAULT_OUTBOX_DIR,
    )
    .action(async (options) =>
      (await import('../lambda/local/commands/api')).runApi({ ...options, dataDir: dataDir() }),
    );

  withStackOptions(
    withExamples(
      program
        .command('dlq')
        .description(
          "what sits in each of the stack's dead-letter queues and why (recipients, compose, ses-events, sign-ups); needs --stack",
        ),
      ['newsletter dlq --stack Newsletter', 'newsletter dlq --stack Newsletter --redrive'],
    ),
  )
    .option(
      '--redrive',
      'move the recipient batches back to the recipients queue (nobody is sent twice: the delivery ledger skips whoever is done)',
    )
    .action(async (options) => {
      if (options.stack === undefined) {
        throw new NewsletterError(
          'newsletter dlq works on a deployed stack: pass --stack NAME (the local send has no queues)',
        );
      }
      return (await import('../lambda/local/commands/dlq')).runDlq({
        ...options,
        dataDir: dataDir(),
      });
    });

  const subscribers = program.command('subscribers').description('manage the subscriber list');

  withStackOptions(
    withExamples(
      subscribers
        .command('import')
        .description(
          'import a CSV (UTF-8, UTF-16 with a byte order mark as Excel\'s "Unicode Text", or else Windows-1252 as Excel\'s "CSV (Comma delimited)", which the summary names so accented names can be checked; a workbook is refused; columns separated by commas, semicolons or tabs, or as a first line "sep=;" says) with an "email" column (or "Email Address", "E-Mail", Google Contacts\' "E-mail 1 - Value", "Correo electrónico", "Courriel", "E-Mail-Adresse"…; under a heading it does not know, the one column whose cells are addresses) and an optional "name" column (or "First Name" and "Last Name", "PRENOM" and "NOM", "Nombre" and "Apellidos", joined), the columns read named in the summary (or a plain list of addresses, one per line, without a header; "Ana <ana@example.com>" and "mailto:" addresses are taken, the display name kept as the name when none is given); with a "status" column (Sendy, listmonk, beehiiv, CRMs), Kit\'s "state" or Buttondown\'s "subscriber_type" (or "type") only subscribed/active/enabled/confirmed (Buttondown: regular/premium/gifted/trialed/churning) rows are imported and unsubscribed, cancelled, cleaned, bounced, blocklisted, removed, unactivated or pending ones are left out and listed by line, with any other row of the same address in any case (as are rows of Mailchimp unsubscribed/cleaned exports, Substack email_disabled, Brevo EMAIL_BLACKLISTED, unsubscribed_at or Ghost deleted_at ones, Ghost members whose subscribed_to_emails is false, Shopify customers whose Accepts Email Marketing is no, rows a yes/no or date column such as "Unsubscribed from all email", "Email Opt Out" or "Hard Bounce" marks, and rows whose status sits under another heading such as "Email Marketing Status"): a row with no address (a contact with only a name) is passed over and its line named; every row is checked first and any bad row stops the whole import; re-running finishes an interrupted import and duplicates nothing',
        ),
      [
        'newsletter subscribers import list.csv --confirmed --consent-source "signup form 2025"',
        'newsletter subscribers import list.csv --stack Newsletter --send-confirmations',
      ],
    ),
  )
    .argument('<csv>', 'CSV file', pathValue)
    .option(
      '--consent-source <text>',
      'where these people agreed to receive the newsletter, kept in each consent record (one line, 200 characters at most)',
      nonEmpty,
      'import',
    )
    .option(
      '--confirmed',
      'they already confirmed their address (double opt-in done elsewhere): recorded in the consent record',
    )
    .addOption(
      new Option(
        '--send-confirmations',
        "with --stack: add each new row as a pending sign-up and have the stack's confirmation sender email it a confirmation link (double opt-in); nobody already on the list is mailed, and a run queues no more than the hourly cap (confirmationsPerHour) has left",
      ).conflicts('confirmed'),
    )
    .action(async (file: string, options) =>
      (await import('../lambda/local/commands/subscribers')).runSubscribersImport({
        ...options,
        file,
        as: options.confirmed ? 'confirmed' : 'active',
        dataDir: dataDir(),
      }),
    );

  withStackOptions(
    withExamples(subscribers.command('list').description('list subscribers'), [
      'newsletter subscribers list --status active',
      'newsletter subscribers list --stack Newsletter --json > subscribers.json',
    ]),
  )
    .addOption(
      new Option('--status <status>', 'only this status').choices([
        'pending',
        'active',
        'unsubscribed',
        'suppressed',
      ]),
    )
    .option('--json', 'print a JSON array of {email, name, status, …}')
    .action(async (options) =>
      (await import('../lambda/local/commands/subscribers')).runSubscribersList({
        ...options,
        dataDir: dataDir(),
      }),
    );

  withStackOptions(
    withExamples(
      subscribers
        .command('export')
        .description(
          'export everything stored about every subscriber, consent records included (the GDPR export)',
        ),
      [
        'newsletter subscribers export > subscribers.json',
        'newsletter subscribers export --stack Newsletter --format csv > subscribers.csv',
      ],
    ),
  )
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'json']).default('json'),
    )
    .action(async (options) =>
      (await import('../lambda/local/commands/subscribers')).runSubscribersExport({
        ...options,
        dataDir: dataDir(),
      }),
    );

  withStackOptions(
    withExamples(
      subscribers
        .command('remove')
        .description(
          "erase a subscriber (GDPR): delete their data, keep only a keyed hash so the address is not re-imported; with --stack also take the address off the SES account's suppression list",
        ),
      [
        'newsletter subscribers remove ada@example.com',
        'newsletter subscribers remove ada@example.com --stack Newsletter',
      ],
    ),
  )
    .argument('<email>', 'the address to erase')
    .action(async (email: string, options) =>
      (await import('../lambda/local/commands/subscribers')).runSubscribersRemove({
        ...options,
        email,
        dataDir: dataDir(),
      }),
    );

  withHelpCommand(subscribers);
  withHelpCommand(program);
  withUnknownCommandHint(subscribers);
  withUnknownCommandHint(program);
  checkRequiredOptionsLast(program);
  refuseOptionsGivenTwice(program);
  return program;
}

/** npm's own commands for these scripts: `npm start`, not `npm run start`. */
const NPM_LIFECYCLE_SCRIPTS = new Set(['start', 'stop', 'restart', 'test']);

/**
 * Refuses an option npm kept for itself: run from an npm script, an option written before `--`
 * (`npm run preview --port=3001`) is npm's, which only warns "Unknown cli config" and passes the
 * command an npm_config_port variable, so the preview served on 3000 without a word; with
 * `--port 3001`, npm passed on "3001" alone and the command said "too many arguments". An option
 * of ours that takes a value, set as such a variable and not among the arguments, is named with
 * the command line to type. (npm has no option of the same name as any of these.)
 */
function refuseOptionsNpmKept(program: Command, argv: readonly string[]): void {
  const script = process.env.npm_lifecycle_event;
  if (!script) return;
  // Each option once, by its flag: several commands take --port, --article or --out.
  const options = new Map<string, Option>();
  const visit = (command: Command) => {
    for (const option of command.options) {
      if (option.required && option.long && !options.has(option.long)) {
        options.set(option.long, option);
      }
    }
    command.commands.forEach(visit);
  };
  visit(program);
  const kept = [...options].flatMap(([flag, option]) => {
    const value = process.env[`npm_config_${flag.slice(2).replaceAll('-', '_')}`];
    const given = argv.some((word) => word === flag || word.startsWith(`${flag}=`));
    if (value === undefined || given) return [];
    // `--port 3001` leaves npm_config_port "true", and "3001" an argument of the command.
    const [, placeholder] = option.flags.split(' ');
    return [value === 'true' ? { flag, written: `${flag} ${placeholder}` } : { flag, value }];
  });
  if (kept.length === 0) return;
  const asKept = kept.map(({ flag, value }) => (value === undefined ? flag : `${flag} ${value}`));
  const written = kept.map((each) => each.written ?? `${each.flag} ${each.value}`);
  const valueless = kept.filter(({ value }) => value === undefined).length;
  const passedOn = [
    '',
    ', and passed on the value after it as an argument',
    ', and passed on the values after them as arguments',
  ][Math.min(valueless, 2)];
  const npm = NPM_LIFECYCLE_SCRIPTS.has(script) ? `npm ${script}` : `npm run ${script}`;
  throw new NewsletterError(
    `npm kept ${asKept.join(' and ')} for itself (an npm script gets only what follows --)${passedOn}: run ${npm} -- ${written.join(' ')}`,
  );
}

/** Runs the command line; every error becomes one line on stderr and exit code 1. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    const program = buildProgram();
    refuseOptionsNpmKept(program, argv);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the help, the version or its one-line usage error.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof NewsletterError) {
      process.stderr.write(`newsletter: ${error.message}\n`);
    } else if (isFileSystemError(error)) {
      // Its message names the call and the path; the stack adds nothing for a user.
      process.stderr.write(`newsletter: ${fileErrorMessage(error)}\n`);
    } else {
      process.stderr.write(
        `newsletter: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`,
      );
    }
    process.exitCode = 1;
  }
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return error instanceof Error && typeof code === 'string' && typeof syscall === 'string';
}
