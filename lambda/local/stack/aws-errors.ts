/**
 * The AWS errors an operator meets, each turned into one line that says what to do. Installed as
 * a middleware on every client the operator CLI builds, so the stores underneath stay unchanged
 * and every call, wherever it is made, names the IAM action it needed. Errors the stores handle
 * themselves (a failed condition, a missing key) pass through untouched.
 */
import { NewsletterError } from '../../core/errors';

/** Where the operator's IAM policy is documented. */
const IAM_POLICY_DOC = 'docs/operator-cli.md#iam-permissions';

/** The IAM service prefix of each SDK client (context.clientName). */
const IAM_PREFIXES: Record<string, string> = {
  CloudFormationClient: 'cloudformation',
  DynamoDBClient: 'dynamodb',
  LambdaClient: 'lambda',
  S3Client: 's3',
  SecretsManagerClient: 'secretsmanager',
  SESClient: 'ses',
  SESv2Client: 'ses',
  SQSClient: 'sqs',
};

/** Commands whose IAM action is not the command's name. */
const IAM_ACTIONS: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
};

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'UnauthorizedOperation',
  'NotAuthorized',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
]);
/** Throttling codes across the services the CLI calls (the SDK retries these before giving up). */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

/** An AWS call failed for a reason the operator can fix; `action` is the IAM action, e.g. s3:PutObject. */
class AwsOperatorError extends NewsletterError {
  override name = 'AwsOperatorError';

  constructor(
    readonly action: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `dynamodb:PutItem` from `DynamoDBClient` and `PutItemCommand`. */
function iamActionOf(clientName: string, commandName: string): string {
  const prefix = IAM_PREFIXES[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
  const action = `${prefix}:${commandName.replace(/Command$/, '')}`;
  return IAM_ACTIONS[action] ?? action;
}

/** The one-line error for `error`, or undefined when it is not one the operator must fix. */
function describeAwsError(
  error: unknown,
  action: string,
  input: { readonly SecretId?: string } | undefined,
  endpoint: string | undefined,
  translateForeignAnswers: boolean,
): AwsOperatorError | undefined {
  if (!(error instanceof Error) || error instanceof NewsletterError) return undefined;
  const code = (error as { code?: string }).code;
  const name = error.name;
  const say = (message: string) => new AwsOperatorError(action, message, { cause: error });
  if (name === 'CredentialsProviderError') return say(credentialsProblem(error.message));
  const foreign = translateForeignAnswers ? foreignAnswerOf(error) : undefined;
  if (foreign !== undefined) {
    return say(
      `${endpoint ?? 'The endpoint'} answered ${action} with ${foreign}, which is no AWS answer: another server or a proxy answers there; check AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_* (against the rehearsal, that npm run stack:local is running and its exports are set), a proxy (HTTPS_PROXY) or a network sign-in page, then run the command again`,
    );
  }
  if (EXPIRED.has(name)) {
    return say(
      `AWS credentials have expired (${action}): log in again (aws sso login, or fresh keys) and run the command again`,
    );
  }
  if (REJECTED.has(name)) {
    return say(
      `AWS rejected the credentials for ${action} (${name}): check AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY belong to the account the stack is in`,
    );
  }
  if (ACCESS_DENIED.has(name) || (name === 'Forbidden' && statusOf(error) === 403)) {
    return say(
      `Access denied: your AWS identity may not call ${action}; add it to the operator's IAM policy (${IAM_POLICY_DOC}) and run the command again`,
    );
  }
  if (UNREACHABLE.has(name) || (code !== undefined && UNREACHABLE.has(code))) {
    return say(
      `Cannot reach AWS for ${action}${endpoint === undefined ? '' : ` at ${endpoint}`} (${code ?? name}): check the network and the region, or, against the local rehearsal, that npm run stack:local is running and its AWS_ENDPOINT_URL_* exports are set`,
    );
  }
  const busy = THROTTLED.has(name);
  if (busy || (statusOf(error) ?? 0) >= 500) {
    return say(
      `AWS kept ${busy ? 'throttling' : 'failing'} ${action} (${name}) after the SDK's retries: ${error.message}; wait a minute and run the same command again`,
    );
  }
  // Secrets Manager's answer for a secret someone ran delete-secret on (within its recovery window).
  if (name === 'InvalidRequestException' && /marked for deletion/.test(error.message)) {
    const secret = input?.SecretId ?? "the stack's TokenSecretArn";
    return say(
      `The token secret ${secret} is scheduled for deletion: every link in the emails already sent and every subscriber id depend on it, and the deployed functions stop at their next cold start; restore it now (aws secretsmanager restore-secret --secret-id ${secret}), then run the command again`,
    );
  }
  if (
    name === 'ResourceNotFoundException' ||
    name === 'NoSuchBucket' ||
    name === 'QueueDoesNotExist' ||
    name === 'AWS.SimpleQueueService.NonExistentQueue'
  ) {
    return say(
      `${action} found no such resource (${error.message}): the stack's resources were deleted or belong to another region; check --region and the stack`,
    );
  }
  return undefined;
}

/** What the SDK's credential chain says when none of its providers had anything to give. */
const NO_PROVIDER_HAD_CREDENTIALS = 'Could not load credentials from any providers';

/**
 * Why there are no credentials. A provider that found its source and failed says why (an SSO
 * session not logged in or expired, a credential_process that failed): that reason is kept. When
 * none had anything and AWS_PROFILE is set, the profile is the one to check: telling its owner
 * to set AWS_PROFILE sent them past a mistyped name.
 */
function credentialsProblem(reason: string): string {
  const profile = process.env.AWS_PROFILE;
  if (!reason.startsWith(NO_PROVIDER_HAD_CREDENTIALS)) {
    return `AWS credentials could not be loaded: ${reason}`;
  }
  if (profile !== undefined && profile !== '') {
    return `No AWS credentials found for the profile ${profile} (AWS_PROFILE): check its name is in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles) and that it holds credentials or logs in (aws sso login --profile ${profile})`;
  }
  return 'No AWS credentials found: set AWS_PROFILE (after aws configure or aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run the command again';
}

/**
 * `HTTP 404 (text/html)` when the answer is no AWS service's: one the SDK could not read as its
 * service's (it keeps the answer on the error as `$response`; only a service's own error carries a
 * `$fault`), or a web page, which no AWS API the CLI calls answers with (a proxy's "Forbidden"
 * page was read as an error with no code, `Unknown: Unknown`). The SDK's message is its parser's
 * (`XML parse error: unclosed DOCTYPE`) and says nothing of where the answer came from.
 */
function foreignAnswerOf(error: Error): string | undefined {
  const { $response, $fault } = error as {
    $response?: { statusCode?: number; headers?: Record<string, string> };
    $fault?: string;
  };
  if ($response === undefined) return undefined;
  const type = $response.headers?.['content-type'];
  if ($fault !== undefined && !/^text\/html\b/i.test(type ?? '')) return undefined;
  return `HTTP ${$response.statusCode ?? '?'}${type ? ` (${type})` : ''}`;
}

/** The HTTP status AWS answered with, when the error is a service's answer. */
function statusOf(error: Error): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

interface MiddlewareContext {
  readonly clientName?: string;
  readonly commandName?: string;
  /** Where the SDK resolved the call to go (a region's host, or an AWS_ENDPOINT_URL_*). */
  readonly endpointV2?: { readonly url: URL };
}
type Handler = (args: unknown) => Promise<unknown>;
/** The part of an SDK client's middleware stack used here (its own types are per service). */
interface InitializeStack {
  add(
    middleware: (next: Handler, context: MiddlewareContext) => Handler,
    options: { step: 'initialize'; name: string },
  ): void;
}

/**
 * Makes every call of `client` throw AwsOperatorError for the errors describeAwsError knows. A
 * call that cannot reach AWS names the endpoint it was sent to (a region's host, or the
 * AWS_ENDPOINT_URL_* an operator set), as the network error says only its code. With
 * `keepForeignAnswers`, an answer that is no AWS answer reaches the caller as the SDK threw it:
 * for calls whose callers read such an answer themselves (SES v2's, which the rehearsal's SES
 * emulator does not implement and answers with a 404 page).
 */
export function translateAwsErrors<C extends { readonly middlewareStack: object }>(
  client: C,
  { keepForeignAnswers = false }: { readonly keepForeignAnswers?: boolean } = {},
): C {
  (client.middlewareStack as InitializeStack).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const action = iamActionOf(context.clientName ?? '', context.commandName ?? '');
        const { input } = args as { input?: { SecretId?: string } };
        const endpoint = context.endpointV2?.url.origin;
        throw describeAwsError(error, action, input, endpoint, !keepForeignAnswers) ?? error;
      }
    },
    { step: 'initialize', name: 'newsletterOperatorErrors' },
  );
  return client;
}
