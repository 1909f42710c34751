/**
 * AWS SDK clients built from the standard SDK configuration (region, credentials, and the SDK's
 * own service endpoint variables such as `AWS_ENDPOINT_URL_SES` and `AWS_ENDPOINT_URL_DYNAMODB`,
 * which SDK v3 honours by itself), plus what every client here needs: a request timeout that
 * throws, a bounded number of attempts, a default region, and dummy credentials when a client
 * points at a local emulator and nothing else is configured.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientOptions {
  /** Endpoint override (tests, local runtime). @default the SDK's configuration */
  readonly endpoint?: string;
  /** @default the SDK's configuration, else `us-east-1` */
  readonly region?: string;
  /** Longest a request and its response may take before it fails. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Longest the TCP connection may take to open. @default 2000 */
  readonly connectionTimeoutMs?: number;
  /** Attempts per call, including the first, for the SDK's own retries. @default 3 */
  readonly maxAttempts?: number;
  /**
   * Dummy credentials when the endpoint is overridden and the chain finds none. The operator CLI
   * turns it off: against a stack, missing credentials must be reported, not papered over.
   * @default true
   */
  readonly localCredentialsFallback?: boolean;
}

export const DEFAULT_REGION = 'us-east-1';

/** What emulators accept; never sent anywhere else (only used when an endpoint is overridden). */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
type CredentialsProvider = (properties?: Record<string, unknown>) => Promise<Credentials>;

/** The part of every client's runtime-extension configuration this module touches. */
interface CredentialsExtensionConfiguration {
  credentials(): Credentials | CredentialsProvider | undefined;
  setCredentials(credentials: Credentials | CredentialsProvider): void;
}

export function createSesClient(options: AwsClientOptions = {}): SESClient {
  // One SendRawEmail per recipient: resolving the middleware stack once instead of per call saves
  // about a millisecond of CPU per message (BENCHMARKS.md). The stack is never changed after.
  return new SESClient({ ...clientConfig('SES', options), cacheMiddleware: true });
}

export function createDynamoClient(options: AwsClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(clientConfig('DYNAMODB', options));
}

/** Plain JavaScript values in and out; optional fields left undefined are simply not stored. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createS3Client(
  options: AwsClientOptions & { readonly forcePathStyle?: boolean } = {},
): S3Client {
  const { forcePathStyle, ...rest } = options;
  return new S3Client({ ...clientConfig('S3', rest), forcePathStyle });
}

export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  return new SQSClient(clientConfig('SQS', options));
}

/**
 * The configuration every client here is built with. `service` is the suffix of the SDK's
 * `AWS_ENDPOINT_URL_<SERVICE>` variable.
 */
export function clientConfig(service: string, options: AwsClientOptions) {
  const endpointOverridden =
    options.endpoint !== undefined ||
    Boolean(process.env[`AWS_ENDPOINT_URL_${service}`] || process.env.AWS_ENDPOINT_URL);
  return {
    endpoint: options.endpoint,
    region: options.region ?? defaultRegion(),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      connectionTimeout: options.connectionTimeoutMs ?? 2_000,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
    extensions:
      endpointOverridden && options.localCredentialsFallback !== false
        ? [localCredentialsFallback]
        : [],
  };
}

/**
 * The region the SDK is given (AWS_REGION, the shared config file), or undefined when none is
 * set. Read through a throwaway client so the SDK's own lookup rules apply.
 */
export async function sdkConfiguredRegion(): Promise<string | undefined> {
  const probe = new SQSClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** The region the SDK would pick: sdkConfiguredRegion, else us-east-1. */
export async function sdkDefaultRegion(): Promise<string> {
  return (await sdkConfiguredRegion()) ?? DEFAULT_REGION;
}

/** sdkDefaultRegion, looked up once: the SDK asks for the region on every request. */
function defaultRegion(): () => Promise<string> {
  let region: Promise<string> | undefined;
  return () => {
    region ??= sdkDefaultRegion();
    return region;
  };
}

/**
 * Keeps the SDK's credential chain, and only when it finds nothing falls back to dummy
 * credentials, so a developer's real profile still wins while a bare machine can talk to
 * dynalite and the SES emulator.
 */
const localCredentialsFallback = {
  configure(extension: CredentialsExtensionConfiguration) {
    const chain = extension.credentials();
    if (typeof chain !== 'function') return;
    let useLocal = false;
    extension.setCredentials(async (properties) => {
      if (useLocal) return LOCAL_CREDENTIALS;
      try {
        return await chain(properties);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'CredentialsProviderError') throw error;
        useLocal = true;
        return LOCAL_CREDENTIALS;
      }
    });
  },
};
