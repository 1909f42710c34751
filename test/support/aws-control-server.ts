/**
 * A minimal HTTP server on a random loopback port that answers the few AWS control-plane calls the
 * operator CLI makes and no emulator in `npm test` serves: CloudFormation DescribeStacks (query
 * protocol), Secrets Manager GetSecretValue (JSON 1.1), SESv2 GetAccount and
 * DeleteSuppressedDestination (REST JSON; no local emulator implements the suppression list), and
 * for `send --stack` an S3 PutObject (path style) and a Lambda Invoke answered as told, and an
 * SQS SendMessageBatch (JSON protocol) whose messages it keeps. It
 * records every request, so a test checks what the CLI asked for, and answers any action with an
 * AWS error when told to. Point AWS_ENDPOINT_URL_CLOUDFORMATION, _SECRETS_MANAGER and _SESV2 at it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface AwsError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

interface RecordedRequest {
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly authorization: string | undefined;
}

export interface ControlServerState {
  /** Stacks by name: their outputs. */
  stacks: Record<string, Record<string, string>>;
  /** A stack's StackStatus by name, when not CREATE_COMPLETE (a deployment under way or failed). */
  statuses?: Record<string, string>;
  /** Secrets by id (ARN). */
  secrets: Record<string, string>;
  /** Addresses on the SES account-level suppression list. */
  suppressed: Set<string>;
  /** What GetAccount answers (undefined: an emulator's 400 that says nothing). */
  account?: { ProductionAccessEnabled: boolean; SendingEnabled: boolean };
  /** Objects put, by `bucket/key`. */
  objects: Map<string, string>;
  /** Bodies of the messages SendMessageBatch took, by queue URL. */
  messages: Map<string, string[]>;
  /** What Lambda Invoke answers (the function's result). */
  invokeAnswer?: unknown;
  /** Set: Invoke answers as for a function that threw (X-Amz-Function-Error), `invokeAnswer` its error. */
  invokeFunctionError?: 'Unhandled';
  /** Actions (e.g. "DescribeStacks") answered with an error instead. */
  failures: Record<string, AwsError>;
}

export interface ControlServer {
  readonly endpoint: string;
  readonly state: ControlServerState;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const SUPPRESSION_PATH = /^\/v2\/email\/suppression\/addresses\/([^/]+)$/;
const INVOKE_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations$/;

export async function startControlServer(
  initial: Partial<ControlServerState> = {},
): Promise<ControlServer> {
  const state: ControlServerState = {
    stacks: {},
    secrets: {},
    suppressed: new Set(),
    objects: new Map(),
    messages: new Map(),
    failures: {},
    ...initial,
  };
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '/';
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target
      ? (target.split('.').pop() ?? '')
      : path === '/v2/email/account'
        ? 'GetAccount'
        : SUPPRESSION_PATH.test(path)
          ? 'DeleteSuppressedDestination'
          : INVOKE_PATH.test(path)
            ? 'Invoke'
            : request.method === 'PUT'
              ? 'PutObject'
              : (new URLSearchParams(body).get('Action') ?? 'Unknown');
    requests.push({
      action,
      method: request.method ?? '',
      path,
      body,
      authorization: request.headers.authorization,
    });
    const send = (status: number, type: string, text: string, headers = {}) => {
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(text);
    };
    const query = target === '' && action !== 'GetAccount' && !SUPPRESSION_PATH.test(path);
    const failure = state.failures[action];
    if (failure) {
      if (query) {
        return send(
          failure.status,
          'text/xml',
          `<ErrorResponse><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${failure.message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      }
      return send(
        failure.status,
        'application/json',
        JSON.stringify({ __type: failure.code, message: failure.message }),
        { 'x-amzn-errortype': failure.code },
      );
    }
    if (action === 'DescribeStacks') {
      const name = new URLSearchParams(body).get('StackName') ?? '';
      const outputs = state.stacks[name];
      if (!outputs) {
        return send(
          400,
          'text/xml',
          `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${name} does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      }
      const members = Object.entries(outputs)
        .map(
          ([key, value]) =>
            `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`,
        )
        .join('');
      return send(
        200,
        'text/xml',
        `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><StackStatus>${state.statuses?.[name] ?? 'CREATE_COMPLETE'}</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    }
    if (action === 'GetSecretValue') {
      const id = String(JSON.parse(body).SecretId);
      const secret = state.secrets[id];
      if (secret === undefined) {
        return send(
          400,
          'application/x-amz-json-1.1',
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: `Secrets Manager can't find the specified secret.`,
          }),
        );
      }
      return send(
        200,
        'application/x-amz-json-1.1',
        JSON.stringify({ ARN: id, Name: id, SecretString: secret }),
      );
    }
    if (action === 'GetAccount') {
      if (!state.account) {
        return send(400, 'application/json', JSON.stringify({ message: 'Account not found' }), {
          'x-amzn-errortype': 'BadRequestException',
        });
      }
      return send(200, 'application/json', JSON.stringify(state.account));
    }
    if (action === 'PutObject') {
      state.objects.set(decodeURIComponent(path.slice(1).split('?')[0] ?? ''), body);
      return send(200, 'application/xml', '', { etag: '"e"' });
    }
    if (action === 'SendMessageBatch') {
      const { QueueUrl, Entries } = JSON.parse(body) as {
        QueueUrl: string;
        Entries: { Id: string; MessageBody: string }[];
      };
      const kept = state.messages.get(QueueUrl) ?? [];
      state.messages.set(QueueUrl, kept);
      const Successful = Entries.map(({ Id, MessageBody }) => {
        kept.push(MessageBody);
        return {
          Id,
          MessageId: `m-${kept.length}`,
          MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
        };
      });
      return send(200, 'application/x-amz-json-1.0', JSON.stringify({ Successful, Failed: [] }));
    }
    if (action === 'Invoke') {
      return send(
        200,
        'application/json',
        JSON.stringify(state.invokeAnswer ?? null),
        state.invokeFunctionError ? { 'x-amz-function-error': state.invokeFunctionError } : {},
      );
    }
    const suppression = SUPPRESSION_PATH.exec(path);
    if (suppression && request.method === 'DELETE') {
      const email = decodeURIComponent(suppression[1] ?? '');
      if (!state.suppressed.delete(email)) {
        return send(
          404,
          'application/json',
          JSON.stringify({
            message: `Email address ${email} does not exist on your suppression list.`,
          }),
          { 'x-amzn-errortype': 'NotFoundException' },
        );
      }
      return send(200, 'application/json', '{}');
    }
    send(
      400,
      'application/json',
      JSON.stringify({ message: `unexpected ${request.method} ${path} ${action}` }),
      { 'x-amzn-errortype': 'UnknownOperationException' },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
