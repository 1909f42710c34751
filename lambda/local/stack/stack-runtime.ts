/**
 * The deployed stack as the operator CLI sees it (`--stack NAME`): its outputs, clients built from
 * the standard AWS configuration (credential chain, region, AWS_ENDPOINT_URL_* variables), the
 * stores on its table, and its token secret from Secrets Manager. Every client translates the
 * errors an operator can fix into one line (aws-errors.ts).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  clientConfig,
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSesClient,
  createSqsClient,
  DEFAULT_REGION,
  sdkConfiguredRegion,
} from '../../adapters/aws-clients';
import { createDynamoComposeJournal } from '../../adapters/dynamo/compose-journal';
import { createDynamoDeliveryLedger } from '../../adapters/dynamo/delivery-ledger';
import { createDynamoIssueStore, type DynamoIssueStore } from '../../adapters/dynamo/issue-store';
import { createDynamoSubscriberStore } from '../../adapters/dynamo/subscriber-store';
import { readTokenSecret } from '../../adapters/secrets/token-secret';
import { ValidationError } from '../../core/errors';
import type { ComposeJournal, DeliveryLedger, SubscriberStore } from '../../core/ports';
import { translateAwsErrors } from './aws-errors';
import { REGION_PATTERN, REGION_RULE } from './stack-names';
import { type FoundStack, findStack, type StackOutput, stackOutput } from './stack-outputs';

export interface StackOptions {
  /** The CloudFormation stack name, e.g. Newsletter. */
  readonly stack: string;
  /** @default the SDK's (AWS_REGION, the profile), else us-east-1 */
  readonly region?: string;
}

interface StackClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  readonly ses: SESClient;
  readonly sesv2: SESv2Client;
  readonly secrets: SecretsManagerClient;
}

export interface StackRuntime {
  readonly stack: FoundStack;
  readonly region: string;
  readonly clients: StackClients;
  /** An output's value, or StackOutputMissingError when an older stack lacks it. */
  output(name: StackOutput): string;
  readonly subscribers: SubscriberStore;
  readonly issues: DynamoIssueStore;
  readonly ledger: DeliveryLedger;
  /** What compose remembers of the uploads: `status` lists those it passed over. */
  readonly journal: ComposeJournal;
  /** The token secret (Secrets Manager), read on first use and kept. */
  secret(): Promise<string>;
  close(): void;
}

/**
 * The region the SDK is given, or undefined when none is set. An AWS_REGION that is no region
 * code would make the SDK fall back to us-east-1 without a word, and the command look for the
 * stack there: it is refused.
 */
async function regionFromEnvironment(): Promise<string | undefined> {
  const region = process.env.AWS_REGION;
  if (region !== undefined && region !== '' && !REGION_PATTERN.test(region)) {
    throw new ValidationError(
      'AWS_REGION',
      `${REGION_RULE} (it is ${JSON.stringify(region)}); set it to one or pass --region`,
    );
  }
  return sdkConfiguredRegion();
}

/**
 * Finds the stack and builds what the commands use. The stores are created lazily from the
 * outputs, so a command that needs only some outputs works on a stack lacking others.
 */
export async function openStack(options: StackOptions): Promise<StackRuntime> {
  // A stack ARN says where the stack is: looking for it in another region only finds nothing.
  const arnRegion = /^arn:[\w-]+:cloudformation:([a-z0-9-]+):/.exec(options.stack)?.[1];
  if (arnRegion !== undefined && options.region !== undefined && options.region !== arnRegion) {
    throw new ValidationError(
      '--region',
      `${options.region} is not the region of the stack ARN (${arnRegion}); leave --region out or pass the stack's name`,
    );
  }
  const given = options.region ?? arnRegion ?? (await regionFromEnvironment());
  const region = given ?? DEFAULT_REGION;
  const clients = createStackClients(region);
  const cloudformation = translateAwsErrors(
    new CloudFormationClient(
      clientConfig('CLOUDFORMATION', { region, localCredentialsFallback: false }),
    ),
  );
  let stack: FoundStack;
  try {
    // A region nobody set is named as such: the operator forgot it, rather than chose it.
    const where =
      given === undefined
        ? `${region}, the default, as no region is set (--region, AWS_REGION or the profile's region)`
        : region;
    stack = await findStack(cloudformation, options.stack, region, where);
  } catch (error) {
    destroyClients(clients);
    throw error;
  } finally {
    cloudformation.destroy();
  }
  const output = (name: StackOutput) => stackOutput(stack, name);
  const lazily = <T>(create: () => T): (() => T) => {
    let value: T | undefined;
    return () => {
      value ??= create();
      return value;
    };
  };
  const tableName = lazily(() => output('tableName'));
  const subscribers = lazily(() =>
    createDynamoSubscriberStore({ client: clients.dynamo, tableName: tableName() }),
  );
  const issues = lazily(() =>
    createDynamoIssueStore({ client: clients.dynamo, tableName: tableName() }),
  );
  const ledger = lazily(() =>
    createDynamoDeliveryLedger({ client: clients.dynamo, tableName: tableName() }),
  );
  const journal = lazily(() =>
    createDynamoComposeJournal({ client: clients.dynamo, tableName: tableName() }),
  );
  let secret: Promise<string> | undefined;
  return {
    stack,
    region,
    clients,
    output,
    get subscribers() {
      return subscribers();
    },
    get issues() {
      return issues();
    },
    get ledger() {
      return ledger();
    },
    get journal() {
      return journal();
    },
    secret() {
      secret ??= readTokenSecret(clients.secrets, output('secretArn'));
      return secret;
    },
    close: () => destroyClients(clients),
  };
}

function createStackClients(region: string): StackClients {
  const base = { region, localCredentialsFallback: false } as const;
  const endpointOverridden = Boolean(
    process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL,
  );
  // SESv2 has its own variable; against an emulator, v1's endpoint serves both APIs, and a
  // client must never fall through to the real service while the others point at emulators.
  const sesv2Endpoint = process.env.AWS_ENDPOINT_URL_SESV2 || process.env.AWS_ENDPOINT_URL_SES;
  return {
    dynamo: createDocumentClient(translateAwsErrors(createDynamoClient(base))),
    s3: translateAwsErrors(createS3Client({ ...base, forcePathStyle: endpointOverridden })),
    sqs: translateAwsErrors(createSqsClient(base)),
    lambda: translateAwsErrors(
      // compose plans the whole list before it answers: give it the function's own timeout.
      new LambdaClient({
        ...clientConfig('LAMBDA', { ...base, requestTimeoutMs: 15 * 60_000 }),
        maxAttempts: 1,
      }),
    ),
    ses: translateAwsErrors(createSesClient({ ...base, maxAttempts: 1 })),
    // Its callers read an endpoint without the API themselves (readSesAccountStatus warns and
    // sends, removeFromSuppressionList says the emulator has no suppression list).
    sesv2: translateAwsErrors(
      new SESv2Client(
        clientConfig('SESV2', { ...base, ...(sesv2Endpoint ? { endpoint: sesv2Endpoint } : {}) }),
      ),
      { keepForeignAnswers: true },
    ),
    secrets: translateAwsErrors(new SecretsManagerClient(clientConfig('SECRETS_MANAGER', base))),
  };
}

function destroyClients(clients: StackClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
