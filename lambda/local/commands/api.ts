import path from 'node:path';
import { fileErrorMessage } from '../../adapters/files/file-errors';
import { createSesMailer } from '../../adapters/ses/ses-mailer';
import { compileTemplate } from '../../adapters/templates/compile-template';
import type { NewsletterConfig } from '../../core/config';
import type { LogFields, Logger, LogLevel } from '../../core/ports';
import {
  CONFIRMATION_TEMPLATE,
  CONFIRMATIONS,
  type ComposeConfirmation,
  createConfirmationComposer,
} from '../../core/subscription/confirmation-email';
import { text } from '../../core/subscription/responses';
import { processSignUp, type SignUpDeps } from '../../core/subscription/sign-up';
import { createSubscriptionApi, ROUTE_SUMMARY } from '../../core/subscription/subscription-api';
import {
  DEFAULT_API_PORT,
  type RequestHandler,
  type RunningApiServer,
  startApiServer,
} from '../api-server';
import { checkEndpointAnswers } from '../endpoint-variables';
import { withOutbox } from '../outbox';
import { checkOutputFolder } from '../output-folder';
import { type LocalRuntime, openLocalRuntime } from '../runtime';
import { createInProcessSignUpQueue } from '../sign-up-worker';

export interface ApiOptions {
  readonly port?: number;
  readonly dataDir: string;
  readonly outbox: string;
  /** Where the start banner and request log go. @default standard output */
  readonly log?: (line: string) => void;
}

export interface RunningLocalApi extends RunningApiServer {
  /** Where confirmation emails are written, one .eml each. */
  readonly confirmationsDir: string;
  /** Resolves once every sign-up accepted so far has been processed (its email sent or not). */
  settled(): Promise<void>;
}

/** One readable line per API event: `subscribe created (subscriber Ab12…)`. */
function formatLogLine(level: LogLevel, message: string, fields: LogFields): string {
  const { outcome, subscriberId, ...rest } = fields;
  const details = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [
    level === 'info' ? '' : `${level.toUpperCase()} `,
    message,
    outcome === undefined ? '' : ` ${String(outcome)}`,
    subscriberId === undefined ? '' : ` (subscriber ${String(subscriberId)})`,
    details.length > 0 ? ` ${details.join(' ')}` : '',
  ].join('');
}

/** Links in emails point at publicUrl: say so when that is a local address other than ours. */
function publicUrlWarning(config: NewsletterConfig, url: string): string | undefined {
  const configured = new URL(config.publicUrl);
  const serving = new URL(url);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(configured.hostname);
  if (!local || configured.port === serving.port) return undefined;
  return (
    `Links in emails use NEWSLETTER_PUBLIC_URL=${config.publicUrl}, which is not this server; ` +
    `set NEWSLETTER_PUBLIC_URL=${url} to make them work.`
  );
}

/** The API's logger: each event as one readable line. */
function lineLogger(log: (line: string) => void): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, ...fields: LogFields[]) =>
      log(formatLogLine(level, message, Object.assign({}, ...fields)));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Serves the subscription API on 127.0.0.1 over the local store (holding the data-folder lock)
 * with the SES emulator, writing each confirmation email to `<outbox>/confirmations/`.
 */
export async function startLocalApi(options: ApiOptions): Promise<RunningLocalApi> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The port is taken first: one already in use fails the command before the data folder (and a
  // new store in it) is created. Until the store is open, a request gets a 503.
  let handle: RequestHandler = async () =>
    text(503, 'The subscription API is starting; try again in a moment.', { 'retry-after': '1' });
  const server = await startApiServer(
    async (request) => {
      const response = await handle(request);
      log(`${request.method} ${request.path} → ${response.status}`);
      return response;
    },
    {
      port: options.port ?? DEFAULT_API_PORT,
      onError: (error) => log(`ERROR ${(error as Error)?.message ?? String(error)}`),
    },
  );
  let runtime: LocalRuntime;
  try {
    // Checked before the store is opened: an --outbox that cannot take the confirmations (a file
    // in the way) is one line now, not a warning at the first sign-up while the API serves on.
    // Only checked: the folder is made at the first confirmation, so a start that fails later
    // (configuration, a data folder in use) leaves no empty outbox behind.
    await checkOutputFolder('--outbox', options.outbox);
    runtime = await openLocalRuntime({ dataDir: options.dataDir, command: 'api' });
  } catch (error) {
    await server.close();
    throw error;
  }
  try {
    if (!runtime.sesEmbedded) {
      // Every sign-up would be answered 202 and its confirmation fail behind it.
      await checkEndpointAnswers(
        'AWS_ENDPOINT_URL_SES',
        runtime.sesEndpoint,
        'to send confirmations through the embedded SES emulator',
      );
    }
    const logger = lineLogger(log);
    // Compiled on the first sign-up (MJML takes a second); a failure is retried on the next.
    let composer: Promise<ComposeConfirmation> | undefined;
    const signUpDeps: SignUpDeps = {
      subscribers: runtime.subscribers,
      rateCounter: runtime.rateCounter,
      mailer: withOutbox(createSesMailer({ client: runtime.ses }), options.outbox, (error) =>
        logger.warn('No more copies in the outbox; confirmations are still sent', {
          error: fileErrorMessage(error),
        }),
      ),
      composeConfirmation: () => {
        composer ??= compileTemplate(CONFIRMATION_TEMPLATE).then(
          (template) => createConfirmationComposer(template, runtime.config),
          (error: unknown) => {
            composer = undefined;
            throw error;
          },
        );
        return composer;
      },
      config: runtime.config,
      secret: runtime.secret,
      clock: Date,
      logger,
    };
    const signUps = createInProcessSignUpQueue(
      (request) => processSignUp(signUpDeps, request),
      (error) => log(`ERROR sign-up not processed: ${(error as Error)?.message ?? String(error)}`),
    );
    handle = createSubscriptionApi({
      subscribers: runtime.subscribers,
      rateCounter: runtime.rateCounter,
      signUps,
      config: runtime.config,
      secret: runtime.secret,
      clock: Date,
      logger,
    });
    const confirmationsDir = path.join(options.outbox, CONFIRMATIONS);
    log(`Subscription API on ${server.url}`);
    for (const route of ROUTE_SUMMARY) log(`  ${route}`);
    log(`Data folder       ${runtime.dataDir.root} (locked while this runs)`);
    log(`Confirmations     ${confirmationsDir}/ (one .eml each, newest has the highest number)`);
    const warning = publicUrlWarning(runtime.config, server.url);
    if (warning) log(warning);
    log('Press Ctrl-C to stop.');
    return {
      ...server,
      confirmationsDir,
      settled: () => signUps.settled(),
      async close() {
        await server.close();
        await signUps.settled();
        await runtime.close();
      },
    };
  } catch (error) {
    await server.close();
    await runtime.close();
    throw error;
  }
}

/** `newsletter api`: runs until SIGINT or SIGTERM, then closes the server and the store. */
export async function runApi(options: ApiOptions): Promise<void> {
  const api = await startLocalApi(options);
  let stop: (signal: NodeJS.Signals) => void = () => {};
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    stop = resolve;
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))(
    `Received ${signal}; stopping.`,
  );
  await api.close();
}
