/**
 * The stack's functions behind Lambda's Invoke API: synchronous (RequestResponse) and
 * asynchronous (Event) invocations by name or ARN, and for asynchronous ones the retries and
 * on-failure destination of the function's EventInvokeConfig, as Lambda applies them.
 * `serveInvokeApi` answers `POST /2015-03-31/functions/{name}/invocations` on a local port, so
 * `@aws-sdk/client-lambda` (or `aws lambda invoke`) with AWS_ENDPOINT_URL_LAMBDA reaches them.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionHost, InvocationResult } from './function-host';
import { type LocalServer, listen } from './local-server';

export interface AsyncInvokeConfig {
  /** Retries after a failed asynchronous invocation. @default 2 (Lambda's default) */
  readonly maximumRetryAttempts: number;
  /** The queue URL of the on-failure destination, if any. */
  readonly onFailureQueueUrl?: string;
}

export interface LambdaServiceOptions {
  readonly sqs: SQSClient;
  /** Wait between asynchronous retries (Lambda waits about 1 and 2 minutes). */
  readonly retryDelayMs: number;
}

interface Registered {
  readonly host: FunctionHost;
  readonly asyncConfig: AsyncInvokeConfig;
}

export class LambdaService {
  private readonly byKey = new Map<string, Registered>();
  private readonly pendingAsync = new Set<Promise<unknown>>();
  private readonly options: LambdaServiceOptions;
  private stopping = false;

  constructor(options: LambdaServiceOptions) {
    this.options = options;
  }

  register(host: FunctionHost, asyncConfig: AsyncInvokeConfig) {
    const entry = { host, asyncConfig };
    const { name, arn, logicalId } = host.definition;
    for (const key of [name, arn, logicalId]) this.byKey.set(key, entry);
  }

  hosts(): FunctionHost[] {
    return [...new Set([...this.byKey.values()].map((entry) => entry.host))];
  }

  /** A function by name, ARN, partial ARN (`account:function:name`) or logical id; `:$LATEST` allowed. */
  find(nameOrArn: string): FunctionHost | undefined {
    const unqualified = nameOrArn.replace(/:\$LATEST$/, '');
    const name = unqualified.includes(':function:')
      ? unqualified.split(':function:')[1]
      : unqualified;
    return (this.byKey.get(unqualified) ?? this.byKey.get(name ?? ''))?.host;
  }

  invoke(nameOrArn: string, event: unknown): Promise<InvocationResult> {
    return this.entry(nameOrArn).host.invoke(event);
  }

  /**
   * An asynchronous (Event) invocation: queued, retried on failure, and sent to the on-failure
   * destination once retries are exhausted. The promise settles with the last attempt's result.
   */
  invokeAsync(nameOrArn: string, event: unknown): Promise<InvocationResult> {
    const { host, asyncConfig } = this.entry(nameOrArn);
    const requestId = randomUUID();
    const run = async (): Promise<InvocationResult> => {
      let result: InvocationResult = await host.invoke(event, requestId);
      let attempts = 1;
      while (!result.ok && attempts <= asyncConfig.maximumRetryAttempts && !this.stopping) {
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs * attempts));
        result = await host.invoke(event, requestId);
        attempts++;
      }
      if (!result.ok && asyncConfig.onFailureQueueUrl && !this.stopping) {
        await this.options.sqs.send(
          new SendMessageCommand({
            QueueUrl: asyncConfig.onFailureQueueUrl,
            MessageBody: JSON.stringify({
              version: '1.0',
              timestamp: new Date().toISOString(),
              requestContext: {
                requestId,
                functionArn: `${host.definition.arn}:$LATEST`,
                condition: 'RetriesExhausted',
                approximateInvokeCount: attempts,
              },
              requestPayload: event,
              responseContext: {
                statusCode: 200,
                executedVersion: '$LATEST',
                functionError: 'Unhandled',
              },
              responsePayload: result.error,
            }),
          }),
        );
      }
      return result;
    };
    const pending = run();
    this.pendingAsync.add(pending);
    pending.finally(() => this.pendingAsync.delete(pending)).catch(() => {});
    return pending;
  }

  /** Stops retrying and waits for the asynchronous invocations under way (the hosts end them). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.hosts().map((host) => host.stop()));
    await Promise.allSettled([...this.pendingAsync]);
  }

  private entry(nameOrArn: string): Registered {
    const host = this.find(nameOrArn);
    const entry = host && this.byKey.get(host.definition.name);
    if (!entry) throw new FunctionNotFound(nameOrArn);
    return entry;
  }
}

class FunctionNotFound extends Error {
  override readonly name = 'ResourceNotFoundException';
  constructor(nameOrArn: string) {
    super(`Function not found: ${nameOrArn}`);
  }
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** Lambda's synchronous payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * Lambda's Invoke API. `extraRoutes` answers other paths (the rehearsal's own `/rehearsal/…`
 * endpoints); anything else is a 404 in Lambda's error format.
 */
export async function serveInvokeApi(
  service: LambdaService,
  extraRoutes: (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<boolean>,
): Promise<LocalServer> {
  const server = createServer((req, res) => {
    readBody(req, MAX_PAYLOAD_BYTES)
      .then(async (body) => {
        const match = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
        if (!match || req.method !== 'POST') {
          if (!(await extraRoutes(req, body, res))) {
            sendLambdaError(
              res,
              404,
              'UnknownOperationException',
              `No route for ${req.method} ${req.url}`,
            );
          }
          return;
        }
        const name = decodeURIComponent(match[1] ?? '');
        const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
        if (!service.find(name)) {
          return sendLambdaError(
            res,
            404,
            'ResourceNotFoundException',
            `Function not found: ${name}`,
          );
        }
        let event: unknown = {};
        if (body.length > 0) {
          try {
            event = JSON.parse(body.toString('utf8'));
          } catch {
            return sendLambdaError(
              res,
              400,
              'InvalidRequestContentException',
              'Could not parse request body into json',
            );
          }
        }
        if (type === 'DryRun') return void res.writeHead(204).end();
        if (type === 'Event') {
          service.invokeAsync(name, event).catch(() => {});
          return void res.writeHead(202, { 'x-amzn-requestid': randomUUID() }).end();
        }
        if (type !== 'RequestResponse') {
          return sendLambdaError(
            res,
            400,
            'InvalidParameterValueException',
            `Unknown invocation type ${type}`,
          );
        }
        const result = await service.invoke(name, event);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-amz-executed-version': '$LATEST',
          'x-amzn-requestid': randomUUID(),
        };
        if (!result.ok) headers['x-amz-function-error'] = 'Unhandled';
        res.writeHead(200, headers).end(JSON.stringify(result.ok ? result.value : result.error));
      })
      .catch((error: unknown) => {
        if (error instanceof PayloadTooLarge) {
          sendLambdaError(res, 413, 'RequestTooLargeException', error.message);
        } else if (!res.headersSent) {
          sendLambdaError(res, 500, 'ServiceException', String(error));
        }
      });
  });
  return listen(server);
}

class PayloadTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(
          new PayloadTooLarge(
            `Request must be smaller than ${limit} bytes for the Invoke operation`,
          ),
        );
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendLambdaError(res: ServerResponse, status: number, type: string, message: string) {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomUUID(),
    })
    .end(JSON.stringify({ Type: 'User', Message: message, message }));
}
