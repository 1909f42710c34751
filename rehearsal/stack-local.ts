/**
 * `npm run stack:local`: the local rehearsal of the deployed stack (see docs/rehearsal.md).
 *
 *   npm run synth && npm run stack:local      start it; prints the `export` lines; Ctrl-C stops it
 *   npm run stack:local -- fire               fire the schedule of the running rehearsal
 *   npm run stack:local -- bounce <address>   have SES report a permanent bounce for an address
 */
import { Command, Option } from 'commander';
import type { FunctionLogs } from './function-host';
import { RehearsalError } from './rehearsal-error';
import {
  DEFAULT_CDK_OUT,
  DEFAULT_REGION,
  DEFAULT_STACK_NAME,
  startRehearsal,
} from './start-rehearsal';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ENDPOINT_OPTION = new Option(
  '--endpoint <url>',
  "the running rehearsal's Lambda endpoint (its AWS_ENDPOINT_URL_LAMBDA export)",
).env('AWS_ENDPOINT_URL_LAMBDA');

function program(): Command {
  const command = new Command('stack:local')
    .description(
      'Rehearse the deployed stack locally: the bundled functions of cdk.out, wired as the ' +
        'synthesized template wires them, over moto, dynalite and the SES emulator. Run `npm run synth` first.',
    )
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
      async (options: { cdkOut: string; stackName: string; region: string; logs: string }) => {
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
      'Have SES report a permanent bounce for an address (published to the configuration set topic → ses-events)',
    )
    .argument('<address>', 'the recipient that bounced')
    .addOption(ENDPOINT_OPTION)
    .action(async (address: string, options: { endpoint?: string }) => {
      await post(options.endpoint, '/rehearsal/ses-events', permanentBounce(address));
      process.stdout.write('Bounce published to ses-events.\n');
    });
  return command;
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
    throw new RehearsalError(
      `The rehearsal at ${endpoint} answered ${response.status}: ${await response.text()}`,
    );
  }
}

program()
  .parseAsync()
  .catch((error: unknown) => {
    process.stderr.write(
      `stack:local: ${error instanceof RehearsalError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = 1;
  });
