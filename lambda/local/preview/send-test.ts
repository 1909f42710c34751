import path from 'node:path';
import type { SESClient } from '@aws-sdk/client-ses';
import { createSesClient } from '../../adapters/aws-clients';
import { fileErrorMessage } from '../../adapters/files/file-errors';
import { createSesMailer } from '../../adapters/ses/ses-mailer';
import { type Mailer, type OutgoingMessage, SendFailure } from '../../core/ports';
import { type SesEmulator, startSesEmulator } from '../emulators';
import { withOutbox } from '../outbox';

/** SES gave no answer at all to a test message: the message names the endpoint. */
export class SesNotAnswering extends SendFailure {
  override name = 'SesNotAnswering';
  constructor(message: string) {
    super('transient', message);
  }
}

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Where test messages are written besides going to SES (git-ignored with the rest of outbox/). */
export const DEFAULT_PREVIEW_OUTBOX = path.join('outbox', 'preview');

interface TestSendResult {
  readonly messageId: string;
  /** The SES endpoint the message went to. */
  readonly endpoint: string;
  /** True for the SES emulator started by the preview (its inbox is at `endpoint`). */
  readonly embedded: boolean;
  /** The folder the .eml was written to. */
  readonly folder: string;
}

export interface TestSender {
  send(message: OutgoingMessage): Promise<TestSendResult>;
  close(): Promise<void>;
}

export interface TestSenderOptions {
  readonly outboxDir: string;
  /** @default AWS_ENDPOINT_URL_SES, else an SES emulator started on the first send */
  readonly sesEndpoint?: string;
}

/**
 * "Send test": one message through the same SES mailer `newsletter send` uses, to the configured
 * SES endpoint or, by default, an embedded SES emulator started when first needed; every message
 * SES accepts is also written to `<outbox>/<issue>/<n>.eml`.
 */
export function createTestSender(options: TestSenderOptions): TestSender {
  interface Connection {
    readonly client: SESClient;
    readonly mailer: Mailer;
    readonly endpoint: string;
    readonly emulator?: SesEmulator;
  }
  const open = (endpoint: string, emulator?: SesEmulator): Connection => {
    const client = createSesClient({ endpoint, maxAttempts: 1 });
    const fix = emulator
      ? "the preview's own SES emulator stopped: restart the preview"
      : 'start it, or unset AWS_ENDPOINT_URL_SES and the preview sends through an SES emulator of its own';
    // A request SES never answered (nothing listening, a timeout) is not a refusal: said with
    // the endpoint and what to do, before the mailer words it as a failed delivery.
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          const { name, code, message, $metadata } = error as SdkError;
          // A system error (ECONNREFUSED, ETIMEDOUT, ENOTFOUND …) and no HTTP answer.
          if ($metadata?.httpStatusCode !== undefined || !/^E[A-Z]+$/.test(code ?? '')) throw error;
          const reason = name === 'TimeoutError' ? 'no answer in time' : message;
          throw new SesNotAnswering(`SES at ${endpoint} is not answering (${reason}): ${fix}`);
        }
      },
      { step: 'initialize', name: 'sesNotAnswering' },
    );
    const mailer = withOutbox(createSesMailer({ client }), options.outboxDir, (error) => {
      process.stderr.write(
        `newsletter preview: test messages are sent without copies (${fileErrorMessage(error)})\n`,
      );
    });
    return { client, mailer, endpoint, emulator };
  };
  let connection: Promise<Connection> | undefined;
  const connect = async () => {
    const configured = options.sesEndpoint ?? process.env.AWS_ENDPOINT_URL_SES;
    if (configured) return open(configured);
    const emulator = await startSesEmulator();
    return open(emulator.endpoint, emulator);
  };
  return {
    async send(message) {
      connection ??= connect().catch((error: unknown) => {
        connection = undefined;
        throw error;
      });
      const { mailer, endpoint, emulator } = await connection;
      const { messageId } = await mailer.send(message);
      return {
        messageId,
        endpoint,
        embedded: emulator !== undefined,
        folder: path.join(options.outboxDir, message.issueId),
      };
    },
    async close() {
      const opened = await connection?.catch(() => undefined);
      opened?.client.destroy();
      await opened?.emulator?.stop();
    },
  };
}
