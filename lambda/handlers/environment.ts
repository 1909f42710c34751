/**
 * The one place a Lambda handler reads its environment. The stack sets these variables (and the
 * NEWSLETTER_* variables of CONFIG_ENV, see lambda/core/config.ts); a handler asks for the
 * settings it uses, once at cold start:
 *
 *   const env = readEnvironment(['tableName', 'secretArn']);
 *   env.tableName; env.secretArn; env.config.listId;
 *
 * A missing or malformed variable throws a ConfigError naming the variable, so a misconfigured
 * function fails at its first invocation with a one-line reason instead of somewhere inside a send.
 */
import path from 'node:path';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { configFromEnvironment, type NewsletterConfig, variablesOf } from '../core/config';
import { ConfigError } from '../core/errors';
import '../core/validation';

const matching = (pattern: RegExp, message: string) => z.string().check(z.regex(pattern, message));

/**
 * The settings the stack gives the functions: each one's variable, what it is and how it is
 * validated. docs/configuration.md is generated from this table.
 */
export const HANDLER_SETTINGS = {
  tableName: {
    variable: 'NEWSLETTER_TABLE',
    description: 'the DynamoDB table: subscribers, issues, deliveries',
    schema: matching(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'),
  },
  bucketName: {
    variable: 'NEWSLETTER_BUCKET',
    description: 'the S3 bucket with `articles/` and `issues/`',
    schema: matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  },
  archiveBucketName: {
    variable: 'NEWSLETTER_ARCHIVE_BUCKET',
    description: 'the S3 bucket CloudFront serves the public archive from',
    schema: matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  },
  queueUrl: {
    variable: 'NEWSLETTER_QUEUE_URL',
    description: 'the SQS queue of recipient batches',
    schema: z.url({ protocol: /^https?$/ }),
  },
  secretArn: {
    variable: 'NEWSLETTER_SECRET_ARN',
    description: 'the Secrets Manager secret that signs tokens and keys subscriber ids',
    schema: matching(/^arn:[\w-]+:secretsmanager:/, 'must be a Secrets Manager ARN'),
  },
  configurationSetName: {
    variable: 'NEWSLETTER_CONFIGURATION_SET',
    description:
      'the SES configuration set every message is sent with (bounce and complaint events)',
    schema: matching(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name'),
  },
  deliverConcurrency: {
    variable: 'NEWSLETTER_DELIVER_CONCURRENCY',
    description: "how many deliver functions run at once (the event source's MaximumConcurrency)",
    schema: z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(1000))),
  },
  signUpQueueUrl: {
    variable: 'NEWSLETTER_SIGN_UP_QUEUE_URL',
    description:
      'the SQS queue of accepted sign-ups, which the confirmation-sender function consumes',
    schema: z.url({ protocol: /^https?$/ }),
  },
  originSecretArn: {
    variable: 'NEWSLETTER_ORIGIN_SECRET_ARN',
    description:
      'with `waf`: the Secrets Manager secret CloudFront sends in a header, which proves a request came through it (and the WAF rule)',
    schema: matching(/^arn:[\w-]+:secretsmanager:/, 'must be a Secrets Manager ARN'),
  },
  confirmationsPerHour: {
    variable: 'NEWSLETTER_CONFIRMATIONS_PER_HOUR',
    description:
      'confirmation emails the whole list sends an hour at most (then none, and an alarm)',
    schema: z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(1_000_000))),
  },
} satisfies Record<string, { variable: string; description: string; schema: z.ZodMiniType }>;

export type Setting = keyof typeof HANDLER_SETTINGS;

/** Settings only some deployments have (`waf`): a handler reads them when they are set. */
export const OPTIONAL_SETTINGS = ['originSecretArn'] as const satisfies readonly Setting[];
export type OptionalSetting = (typeof OPTIONAL_SETTINGS)[number];

/** The variable that carries each setting. The stack imports these names. */
export const ENVIRONMENT_VARIABLES = variablesOf(HANDLER_SETTINGS);

type Settings = {
  readonly [K in Setting]: z.output<(typeof HANDLER_SETTINGS)[K]['schema']>;
};

/** What a handler gets: the settings it asked for and the list's configuration. */
export type HandlerEnvironment<K extends Setting> = Pick<Settings, K> & {
  readonly config: NewsletterConfig;
};

/** What a handler uses of Powertools' Metrics (tests pass a recording fake). */
export type HandlerMetrics = Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates the requested settings and the newsletter configuration (configFromEnvironment).
 * Throws ConfigError naming the first variable that is missing or invalid.
 */
export function readEnvironment<K extends Setting>(
  settings: readonly K[],
  env: Environment = process.env,
): HandlerEnvironment<K> {
  const values: Record<string, unknown> = {};
  for (const setting of settings) {
    const { variable, schema } = HANDLER_SETTINGS[setting];
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      throw new ConfigError(
        variable,
        'is not set; the stack sets it on every function that needs it',
      );
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(variable, `is invalid (${parsed.error.issues[0]?.message}): ${raw}`);
    }
    values[setting] = parsed.data;
  }
  return { ...(values as Pick<Settings, K>), config: configFromEnvironment(env) };
}

/**
 * Where a function's bundle keeps the `templates/` folder (copied there at bundling time), or
 * undefined outside Lambda, where the repository's templates/ folder is used.
 */
export function bundledTemplatesDir(env: Environment = process.env): string | undefined {
  const taskRoot = env.LAMBDA_TASK_ROOT;
  return taskRoot ? path.join(taskRoot, 'templates') : undefined;
}

/**
 * Runs a handler's cold-start work (clients, secret, templates) on the first invocation and
 * shares the result with every later one. A failure is not kept: the next invocation retries.
 */
export function initialiseOnce<T>(initialise: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | undefined;
  return () => {
    ready ??= initialise().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}
