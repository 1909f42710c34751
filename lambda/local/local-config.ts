import { configFromEnvironment, type NewsletterConfig } from '../core/config';
import { ConfigError } from '../core/errors';

/**
 * What the local run uses when no NEWSLETTER_* variable says otherwise: example.com values that
 * no real mailbox receives. `publicUrl` is where `newsletter api` listens.
 */
export const LOCAL_DEFAULTS = {
  listName: 'The Example Briefing',
  listId: 'briefing.example.com',
  fromAddress: 'newsletter@example.com',
  replyTo: 'editor@example.com',
  postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
  publicUrl: 'http://127.0.0.1:8787',
  sendRateCap: 14,
};

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): NewsletterConfig {
  return configFromEnvironment(env, LOCAL_DEFAULTS);
}

/**
 * The variables only the local run reads (besides the list's NEWSLETTER_* settings):
 * docs/configuration.md is generated from this table.
 */
export const LOCAL_ENVIRONMENT = {
  NEWSLETTER_TABLE: {
    default: 'newsletter',
    description:
      "the table's name, 3 to 255 letters, digits, `_`, `-` or `.` (useful with `AWS_ENDPOINT_URL_DYNAMODB`)",
  },
  AWS_ENDPOINT_URL_DYNAMODB: {
    default: undefined,
    description:
      'use this DynamoDB endpoint instead of the embedded emulator; one where nothing takes a connection (the rehearsal stopped, its exports left in the shell) is refused in one line naming it',
  },
  AWS_ENDPOINT_URL_SES: {
    default: undefined,
    description:
      "use this SES endpoint instead of the embedded emulator (also for the preview's send test); `send` and `api` refuse one where nothing takes a connection in one line naming it, before a send begins its issue (it began it and retried every recipient for minutes) or the API answers a sign-up (each was answered 202 and its confirmation failed behind it)",
  },
} as const satisfies Record<string, { default: string | undefined; description: string }>;

/** What DynamoDB takes as a table's name. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * The local table's name: NEWSLETTER_TABLE, else the default (an empty value is unset, as for
 * the list's settings). Checked before the store is opened: DynamoDB would refuse another name
 * only at the first request, once the data folder and its secret were made.
 */
export function localTableName(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.NEWSLETTER_TABLE;
  const { default: fallback } = LOCAL_ENVIRONMENT.NEWSLETTER_TABLE;
  if (value === undefined || value === '') return fallback;
  if (!TABLE_NAME.test(value)) {
    throw new ConfigError(
      'NEWSLETTER_TABLE',
      'is invalid (must be 3 to 255 letters, digits, underscores, hyphens or dots; ' +
        `it is ${JSON.stringify(value)}); example: ${fallback}`,
    );
  }
  return value;
}
