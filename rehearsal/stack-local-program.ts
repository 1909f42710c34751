/**
 * The commands of `npm run stack:local` (rehearsal/stack-local.ts runs them), apart from the entry
 * point so a test can run them in its own process.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { FunctionLogs } from './function-host';
import { RehearsalError } from './rehearsal-error';
import {
  DEFAULT_CDK_OUT,
  DEFAULT_REGION,
  DEFAULT_STACK_NAME,
  startRehearsal,
} from './start-rehearsal';

const ENDPOINT_OPTION = new Option(
  '--endpoint <url>',
  "the running rehearsal's Lambda endpoint (its AWS_ENDPOINT_URL_LAMBDA export)",
)
  .env('AWS_ENDPOINT_URL_LAMBDA')
  .argParser(httpUrl);

/**
 * `--endpoint` (or AWS_ENDPOINT_URL_LAMBDA): an http(s) URL, else fetch's bare 'Invalid URL'. An
 * empty one is none (`export AWS_ENDPOINT_URL_LAMBDA=` unsets it for the AWS SDK too).
 */
function httpUrl(value: string): string | undefined {
  if (value === '') return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new InvalidArgumentError(
      'must be the http:// URL `npm run stack:local` printed as AWS_ENDPOINT_URL_LAMBDA',
    );
  }
  return value;
}

/**
 * An address as SES names a recipient. Whether it is a subscriber the running rehearsal checks,
 * in its table; this catches a mistyped argument before anything is sent.
 */
function emailAddress(value: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new InvalidArgumentError("must be a subscriber's email address, such as you@example.net");
  }
  return value;
}

function program(): Command {
  const command = new Command('stack:local')
    .description(
      'Rehearse the deployed stack locally: the bundled functions of cdk.out, wired as the ' +
        'synthesized template wires them, over moto, dynalite and the SES emulator. Run `npm run synth` first.',
    )
    .showHelpAfterError('(npm run stack:local -- --help for usage)')
    // Errors come back to runStackLocal as exceptions, so it sets the exit code and a test can
    // run the commands in its own process. Subcommands inherit this because they are added after.
    .exitOverride()
    .option('--cdk-out <dir>', 'the cloud assembly `npm run synth` wrote', DEFAULT_CDK_OUT)
    .option(
      '--stack-name <name>',
      'the CloudFormation stack name DescribeStacks answers for',
      DEFAULT_STACK_NAME,
    )
    .option('--region <region>', 'the region of every resource and ARN', DEFAULT_REGION)
    .option(
      '--logs <where>',
      'function logs: "inherit" (this terminal), "ignore", or a folder for one file per function',
      'inherit',
    )
    .action(
      async (
        options: { cdkOut: string; stackName: string; region: string; logs: string },
        self: Command,
      ) => {
        // A word here is a command mistyped (`frie`), not an argument: say so before starting.
        // `help [command]` is the usage, as `newsletter help send` is.
        const [word, helpFor] = self.args;
        if (word !== undefined) {
          const name = word === 'help' ? helpFor : word;
          const named = name === undefined ? self : self.commands.find((c) => c.name() === name);
          if (word === 'help' && named !== undefined) named.help();
          throw new RehearsalError(
            `unknown command '${name}': the commands are ${self.commands.map((c) => c.name()).join(' and ')} (npm run stack:local -- --help)`,
          );
        }
        const startedAt = Date.now();
        const logs: FunctionLogs =
          options.logs === 'inherit' || options.logs === 'ignore'
            ? options.logs
            : { dir: options.logs };
        const rehearsal = await startRehearsal({
          cdkOut: options.cdkOut,
          stackName: options.stackName,
          region: options.region,
          functionLogs: logs,
        });
        const lines = [
          `# Stack ${rehearsal.stackName} rehearsed locally (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s).`,
          '# Paste these into a shell; the AWS CLI and SDKs then talk to the rehearsal:',
          ...Object.entries(rehearsal.env).map(([name, value]) => `export ${name}=${value}`),
          `# Subscription API: ${rehearsal.urls.subscriptionApi}`,
          `# Articles bucket: ${rehearsal.outputs.ArticlesBucket ?? '(no ArticlesBucket output)'}`,
          '# Fire the schedule: npm run stack:local -- fire',
          '# Stop: Ctrl-C',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        process.stderr.write('Stopping the rehearsal…\n');
        await rehearsal.stop();
      },
    );

  command
    .command('fire')
    .description(
      'Fire the schedule of a running rehearsal now (compose runs asynchronously, as from EventBridge Scheduler)',
    )
    .addOption(ENDPOINT_OPTION)
    .action(async (options: { endpoint?: string }) => {
      await post(options.endpoint, '/rehearsal/fire-schedule', {});
      process.stdout.write('Schedule fired: compose is running; watch its log.\n');
    });

  command
    .command('bounce')
    .description(
      "Have SES report a permanent bounce for a subscriber's address (published to the configuration set topic → ses-events)",
    )
    .argument('<address>', 'the subscriber whose address bounced', emailAddress)
    .addOption(ENDPOINT_OPTION)
    .action(async (address: string, options: { endpoint?: string }) => {
      await post(options.endpoint, '/rehearsal/ses-events', permanentBounce(address));
      process.stdout.write('Bounce published to ses-events.\n');
    });
  // Last, so the subcommands (which copy the settings they are added with) keep refusing extra words.
  return command.allowExcessArguments();
}

/** An SES event-publishing bounce record, as SES writes it to the configuration set's topic. */
export function permanentBounce(address: string) {
  const timestamp = new Date().toISOString();
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }],
      timestamp,
      feedbackId: `local-${Date.now()}`,
    },
    mail: { timestamp, messageId: `local-${Date.now()}`, destination: [address], tags: {} },
  };
}

async function post(endpoint: string | undefined, route: string, body: unknown) {
  if (!endpoint) {
    throw new RehearsalError(
      'No rehearsal endpoint: pass --endpoint or export AWS_ENDPOINT_URL_LAMBDA as `npm run stack:local` printed it',
    );
  }
  let response: Response;
  try {
    response = await fetch(new URL(route, endpoint), {
      method: 'POST',
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new RehearsalError(
      `No rehearsal answers at ${endpoint} (${(error as Error).message}): is \`npm run stack:local\` running?`,
    );
  }
  if (response.status !== 202) {
    const text = await response.text();
    // The rehearsal's refusals (a bounce for someone not on the list) are one JSON message.
    throw new RehearsalError(
      messageOf(text) ?? `The rehearsal at ${endpoint} answered ${response.status}: ${text}`,
    );
  }
}

function messageOf(text: string): string | undefined {
  try {
    const { message } = JSON.parse(text) as { message?: unknown };
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `stack:local`; every error is one line on stderr (commander's own, or ours) and exit code 1. */
export async function runStackLocal(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message (or the help, with exit code 0).
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `stack:local: ${error instanceof RehearsalError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = 1;
  }
}
