/**
 * The subscription API over real HTTP (the local API server) with in-memory stores, for the
 * browser tests: sign-ups are processed in this process after each answer, as `newsletter api`
 * does, and their confirmation emails are recorded.
 */
import { simpleParser } from 'mailparser';
import { parseNewsletterConfig } from '../../lambda/core/config';
import type { CompiledTemplate } from '../../lambda/core/render/types';
import { createConfirmationComposer } from '../../lambda/core/subscription/confirmation-email';
import type { HttpRequest } from '../../lambda/core/subscription/http';
import type { SubscribeLimits } from '../../lambda/core/subscription/rate-limits';
import { processSignUp } from '../../lambda/core/subscription/sign-up';
import { createSubscriptionApi } from '../../lambda/core/subscription/subscription-api';
import { startApiServer } from '../../lambda/local/api-server';
import { createInProcessSignUpQueue } from '../../lambda/local/sign-up-worker';
import {
  createMemoryRateCounter,
  createMemorySubscriberStore,
  createRecordingLogger,
  createRecordingMailer,
} from '../support/fakes';

export const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

/** A confirmation email that is its link and nothing else, when its looks do not matter. */
const LINK_ONLY: CompiledTemplate = {
  name: 'confirmation',
  version: 'e2e',
  html: '{{confirmation.url}}',
  text: '{{confirmation.url}}',
};

export interface SubscriptionServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The list's id, for tokens. */
  readonly listId: string;
  readonly subscribers: ReturnType<typeof createMemorySubscriberStore>;
  readonly mailer: ReturnType<typeof createRecordingMailer>;
  /** Resolves once every sign-up so far is processed: its confirmation email sent. */
  settled(): Promise<void>;
  /** The last confirmation email sent: its HTML part and the link in its text part. */
  lastConfirmation(): Promise<{ readonly html: string; readonly link: string }>;
  close(): Promise<void>;
}

/**
 * Serves the list "Weekly Briefing" on a free port; `confirmation` is the email's template,
 * `limits` the sign-up limits (default: the API's).
 */
export async function startSubscriptionServer(
  confirmation: CompiledTemplate = LINK_ONLY,
  limits?: SubscribeLimits,
): Promise<SubscriptionServer> {
  // The server starts first: the API's configuration needs its URL.
  let api: ReturnType<typeof createSubscriptionApi> | undefined;
  const handle = async (request: HttpRequest) => (api as NonNullable<typeof api>)(request);
  const server = await startApiServer(handle, { port: 0 });
  const config = parseNewsletterConfig({
    listName: 'Weekly Briefing',
    listId: 'weekly.example.com',
    fromAddress: 'news@example.com',
    postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
    publicUrl: server.url,
    sendRateCap: 14,
  });
  const subscribers = createMemorySubscriberStore();
  const mailer = createRecordingMailer();
  const shared = {
    subscribers,
    rateCounter: createMemoryRateCounter(),
    config,
    secret: SECRET,
    clock: Date,
    logger: createRecordingLogger(),
  };
  const composer = createConfirmationComposer(confirmation, config);
  const queue = createInProcessSignUpQueue(
    (request) =>
      processSignUp({ ...shared, mailer, composeConfirmation: async () => composer }, request),
    (error) => {
      throw error;
    },
  );
  api = createSubscriptionApi({ ...shared, signUps: queue, ...(limits ? { limits } : {}) });
  return {
    url: server.url,
    listId: config.listId,
    subscribers,
    mailer,
    settled: () => queue.settled(),
    async lastConfirmation() {
      const mail = await simpleParser(Buffer.from(mailer.sent.at(-1)?.raw ?? []));
      const link = /http:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mail.text ?? '')?.[0];
      if (!link) throw new Error('no confirmation link was sent');
      return { html: mail.html || '', link };
    },
    close: () => server.close(),
  };
}
