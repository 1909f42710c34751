/**
 * The local rehearsal of the deployed stack (`npm run stack:local`, and test/aws): reads cdk.out,
 * starts moto, dynalite and the SES emulator, creates the template's resources, runs the bundled
 * functions with the environment the template gives them, and wires them as the template does:
 * the schedule → compose, the SQS event-source mapping → deliver, SES events (SNS) → ses-events,
 * the HTTP API → subscription-api. A CloudFormation stack holding the template's outputs answers
 * DescribeStacks, and Lambda's Invoke API is served for every function. See docs/rehearsal.md.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { assetDirOf, readCloudAssembly, resourcesOfType, type Template } from './cloud-assembly';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process';
import {
  type FunctionDefinition,
  FunctionHost,
  type FunctionLogs,
  type InvocationResult,
} from './function-host';
import { startHttpApi } from './http-api';
import { type ResolveContext, resolveString, resolveValue } from './intrinsics';
import { LambdaService, serveInvokeApi } from './lambda-service';
import type { LocalServer } from './local-server';
import { startMotoServer } from './moto-server';
import { ACCOUNT_ID, clientOptions, type Provisioned, provisionResources } from './provision';
import { RehearsalError } from './rehearsal-error';
import { routeRehearsalRequests } from './rehearsal-routes';
import { startSqsDelayProxy } from './sqs-delay-proxy';
import { type SqsEventSource, startSqsEventSource } from './sqs-event-source';
import { createSubscriberLookup } from './subscriber-lookup';

export const DEFAULT_STACK_NAME = 'NewsletterLocal';
export const DEFAULT_REGION = 'us-east-1';
/** The repository's cdk.out, where `npm run synth` writes. */
export const DEFAULT_CDK_OUT = fileURLToPath(new URL('../cdk.out', import.meta.url));

/**
 * Time-scale overrides, for tests that cannot wait minutes per retry. Everything else (batch
 * size, concurrency, redrive, environment) is the template's.
 */
interface TimeScale {
  /** Every queue's visibility timeout, in seconds, instead of the template's. */
  readonly visibilityTimeoutSeconds?: number;
  /** A function's timeout in seconds, by logical id (or its prefix) or name. */
  readonly functionTimeoutSeconds?: Readonly<Record<string, number>>;
  /**
   * Multiplies the DelaySeconds of every message the functions send to SQS (through a proxy in
   * front of moto): at 1/60 a 15-minute deferral comes back in 15 s.
   */
  readonly sqsDelayFactor?: number;
  /** Wait before an asynchronous invocation's first retry (doubling after). @default 60000 */
  readonly asyncRetryDelayMs?: number;
}

export interface RehearsalOptions {
  /** @default the repository's cdk.out */
  readonly cdkOut?: string;
  /** @default NewsletterLocal */
  readonly stackName?: string;
  /** @default us-east-1 */
  readonly region?: string;
  /**
   * The SES endpoint the functions send through (e.g. a fault-injecting proxy in front of an
   * emulator the caller started). @default an aws-ses-v2-local started by the rehearsal
   */
  readonly sesEndpoint?: string;
  /** Where the functions' logs go. @default 'inherit' (this process's stdout and stderr) */
  readonly functionLogs?: FunctionLogs;
  /**
   * Variables added to (or replacing) a function's environment, by logical id (or its prefix) or
   * name. Only for time-scale settings a test documents; the template's values are the point.
   */
  readonly environment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly timeScale?: TimeScale;
  /**
   * Tags each execution environment's AWS SDK user agent with its id (`app/<id>`), so a test's
   * SES endpoint can attribute each send to the environment that made it. @default false
   */
  readonly tagUserAgents?: boolean;
}

interface RehearsalUrls {
  /** moto: S3, SQS, Secrets Manager, SSM, CloudFormation (AWS_ENDPOINT_URL). */
  readonly moto: string;
  readonly dynamodb: string;
  readonly ses: string;
  /** Lambda's Invoke API and the rehearsal's own /rehearsal/… endpoints. */
  readonly lambda: string;
  /** The HTTP API's base URL (the stack's SubscriptionApiUrl output). */
  readonly subscriptionApi: string;
}

export interface Rehearsal {
  readonly stackName: string;
  readonly region: string;
  /** The variables a shell or an SDK client needs to talk to the rehearsal as to AWS. */
  readonly env: Readonly<Record<string, string>>;
  readonly urls: RehearsalUrls;
  /** The stack's outputs, resolved (what DescribeStacks answers). */
  readonly outputs: Readonly<Record<string, string>>;
  /** Each function, by its template logical id. */
  readonly functions: ReadonlyMap<string, FunctionHost>;
  /** The SQS event-source mappings running. */
  readonly eventSources: readonly SqsEventSource[];
  /** A function by logical id (or its prefix, e.g. `DeliveryDeliver`) or name. */
  functionNamed(key: string): FunctionHost;
  /**
   * Fires every schedule now: an asynchronous invocation of its target with its Input. Pass the
   * execution id of an earlier firing to rehearse Scheduler delivering that execution again.
   */
  fireSchedule(executionId?: string): Promise<InvocationResult[]>;
  /** A synchronous invocation, as Lambda's Invoke API does it. */
  invoke(nameOrArn: string, event: unknown): Promise<InvocationResult>;
  /**
   * Publishes an SES event (bounce, complaint, delivery, as SES event publishing writes it) to
   * the configuration set's SNS topic: each Lambda subscriber gets an SNS event, asynchronously.
   */
  publishSesEvent(sesEvent: unknown): Promise<InvocationResult[]>;
  /** Stops everything it started; safe to call twice. */
  stop(): Promise<void>;
}

export async function startRehearsal(options: RehearsalOptions = {}): Promise<Rehearsal> {
  const assembly = readCloudAssembly(path.resolve(options.cdkOut ?? DEFAULT_CDK_OUT));
  const { template } = assembly;
  const stackName = options.stackName ?? DEFAULT_STACK_NAME;
  const region = options.region ?? DEFAULT_REGION;
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => {});
  };
  try {
    const [moto, dynamodb, ses, httpApi] = await Promise.all([
      startMotoServer(),
      startEmulatorProcess('dynalite'),
      options.sesEndpoint ? undefined : startEmulatorProcess('ses'),
      startHttpApi(),
    ]);
    stoppers.push(moto.stop, dynamodb.stop, httpApi.stop);
    if (ses) stoppers.push(ses.stop);
    const sesEndpoint = options.sesEndpoint ?? (ses as EmulatorProcess).endpoint;

    const delayFactor = options.timeScale?.sqsDelayFactor;
    const sqsProxy =
      delayFactor === undefined ? undefined : await startSqsDelayProxy(moto.endpoint, delayFactor);
    if (sqsProxy) stoppers.push(sqsProxy.stop);
    const sqsEndpoint = sqsProxy?.endpoint ?? moto.endpoint;
    const provisioned = await provisionResources({
      template,
      stackName,
      region,
      endpoints: {
        moto: moto.endpoint,
        sqs: sqsEndpoint,
        dynamodb: dynamodb.endpoint,
        httpApi: httpApi.endpoint,
      },
      visibilityTimeoutSeconds: options.timeScale?.visibilityTimeoutSeconds,
    });
    const sqs = new SQSClient(clientOptions(moto.endpoint, region));
    stoppers.push(async () => sqs.destroy());
    const lambda = new LambdaService({
      sqs,
      retryDelayMs: options.timeScale?.asyncRetryDelayMs ?? 60_000,
    });
    // The Invoke API's port goes into every function's environment, so it listens first.
    const routes: { handle?: Parameters<typeof serveInvokeApi>[1] } = {};
    const invokeApi: LocalServer = await serveInvokeApi(
      lambda,
      async (...args) => (await routes.handle?.(...args)) ?? false,
    );
    stoppers.push(invokeApi.stop);

    const urls: RehearsalUrls = {
      moto: moto.endpoint,
      dynamodb: dynamodb.endpoint,
      ses: sesEndpoint,
      lambda: invokeApi.endpoint,
      subscriptionApi: httpApi.endpoint,
    };
    const env = {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL: urls.moto,
      ...(sqsProxy ? { AWS_ENDPOINT_URL_SQS: sqsProxy.endpoint } : {}),
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_SES: urls.ses,
      AWS_ENDPOINT_URL_LAMBDA: urls.lambda,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    const functions = new Map<string, FunctionHost>();
    stoppers.push(() => lambda.stop());
    const logs = options.functionLogs ?? 'inherit';
    if (typeof logs === 'object') mkdirSync(logs.dir, { recursive: true });
    for (const [logicalId] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const definition = defineFunction(logicalId, assembly, provisioned, env, options);
      const host = new FunctionHost(definition, { logs, tagUserAgent: options.tagUserAgents });
      functions.set(logicalId, host);
      lambda.register(host, asyncConfigOf(template, logicalId, provisioned));
    }
    const functionNamed = (key: string) => {
      const found =
        functions.get(key) ??
        [...functions.values()].find(
          (host) => host.definition.logicalId.startsWith(key) || host.definition.name === key,
        );
      if (!found) throw new RehearsalError(`The template has no function ${key}`);
      return found;
    };

    connectHttpApi(template, provisioned, httpApi, lambda);
    const eventSources = startEventSources(template, provisioned, lambda, sqs, region);
    // Pollers stop before the functions they invoke (stoppers run last to first).
    for (const source of eventSources) stoppers.push(source.stop);

    const outputs = resolveOutputs(template, provisioned);
    await createOutputsStack(stackName, template, outputs, clientOptions(moto.endpoint, region));

    // Scheduler gives every retry of one execution the time of its first attempt.
    const scheduledTimes = new Map<string, string>();
    const fireSchedule = (executionId: string = crypto.randomUUID()) => {
      const scheduledTime =
        scheduledTimes.get(executionId) ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      scheduledTimes.set(executionId, scheduledTime);
      return Promise.all(
        resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([id, schedule]) => {
          const target = resolveValue(schedule.Properties.Target, provisioned, id) as {
            Arn: string;
            Input?: string;
          };
          const input = schedulerContext(
            target.Input ?? '{}',
            provisioned.resources.get(id)?.attributes.Arn ?? id,
            executionId,
            scheduledTime,
          );
          return lambda.invokeAsync(target.Arn, JSON.parse(input));
        }),
      );
    };
    const publishSesEvent = (sesEvent: unknown) =>
      publishToSesTopic(template, provisioned, lambda, sesEvent);
    // `bounce` checks the list as an operator would: through the table the TableName output names.
    const tableName = outputs.TableName;
    if (!tableName) {
      throw new RehearsalError(
        `The template in ${assembly.dir} has no TableName output: synthesize it again (npm run synth)`,
      );
    }
    const dynamo = new DynamoDBClient(clientOptions(dynamodb.endpoint, region));
    stoppers.push(async () => dynamo.destroy());
    routes.handle = routeRehearsalRequests({
      fireSchedule,
      publishSesEvent,
      isSubscriber: createSubscriberLookup(dynamo, tableName),
      env,
      outputs,
      stackName,
      urls,
    });

    return {
      stackName,
      region,
      env,
      urls,
      outputs,
      functions,
      eventSources,
      functionNamed,
      fireSchedule,
      invoke: (nameOrArn, event) => lambda.invoke(nameOrArn, event),
      publishSesEvent,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function matchesFunction(key: string, logicalId: string, name: string): boolean {
  return logicalId.startsWith(key) || name === key;
}

function defineFunction(
  logicalId: string,
  assembly: ReturnType<typeof readCloudAssembly>,
  context: ResolveContext,
  env: Record<string, string>,
  options: RehearsalOptions,
): FunctionDefinition {
  const properties = assembly.template.Resources[logicalId]?.Properties ?? {};
  const name = context.resources.get(logicalId)?.ref ?? logicalId;
  const arn = context.resources.get(logicalId)?.attributes.Arn ?? name;
  const codeDir = assetDirOf(assembly, logicalId);
  assertSdkResolvable(codeDir, logicalId);
  const variables =
    (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {};
  const environment: Record<string, string> = {};
  for (const [variable, value] of Object.entries(variables)) {
    environment[variable] = resolveString(
      value,
      context,
      `${logicalId}.Environment.Variables.${variable}`,
    );
  }
  for (const [key, overrides] of Object.entries(options.environment ?? {})) {
    if (matchesFunction(key, logicalId, name)) Object.assign(environment, overrides);
  }
  const timeoutOverride = Object.entries(options.timeScale?.functionTimeoutSeconds ?? {}).find(
    ([key]) => matchesFunction(key, logicalId, name),
  )?.[1];
  const memoryMb = Number(properties.MemorySize ?? 128);
  const logging = properties.LoggingConfig as
    | { LogGroup?: unknown; LogFormat?: unknown }
    | undefined;
  return {
    logicalId,
    name,
    arn,
    codeDir,
    handler: String(properties.Handler ?? 'index.handler'),
    timeoutSeconds: timeoutOverride ?? Number(properties.Timeout ?? 3),
    memoryMb,
    environment: {
      // The runtime's own variables, as Lambda sets them, then the template's.
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: codeDir,
      _HANDLER: String(properties.Handler ?? 'index.handler'),
      AWS_EXECUTION_ENV: `AWS_Lambda_${String(properties.Runtime ?? 'nodejs')}`,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_FORMAT: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text',
      AWS_LAMBDA_LOG_GROUP_NAME: logging?.LogGroup
        ? resolveString(logging.LogGroup, context, `${logicalId}.LoggingConfig.LogGroup`)
        : `/aws/lambda/${name}`,
      ...env,
      ...environment,
    },
  };
}

/** The bundles leave `@aws-sdk/*` to the Lambda runtime; here they resolve from node_modules above cdk.out. */
function assertSdkResolvable(codeDir: string, logicalId: string) {
  try {
    createRequire(path.join(codeDir, 'index.js')).resolve('@aws-sdk/client-sqs');
  } catch {
    throw new RehearsalError(
      `The bundle of ${logicalId} (${codeDir}) imports the AWS SDK from the Lambda runtime, and no ` +
        '@aws-sdk package resolves from there: keep cdk.out inside the project and run `npm ci`',
    );
  }
}

function asyncConfigOf(template: Template, logicalId: string, context: Provisioned) {
  const name = context.resources.get(logicalId)?.ref;
  const config = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
    ([id, resource]) => resolveValue(resource.Properties.FunctionName, context, id) === name,
  );
  if (!config) return { maximumRetryAttempts: 2 };
  const [id, resource] = config;
  const properties = resolveValue(resource.Properties, context, id) as {
    MaximumRetryAttempts?: number;
    DestinationConfig?: { OnFailure?: { Destination?: string } };
  };
  const destination = properties.DestinationConfig?.OnFailure?.Destination;
  const queueUrl = destination ? context.queueUrlsByArn.get(destination) : undefined;
  return {
    maximumRetryAttempts: properties.MaximumRetryAttempts ?? 2,
    ...(queueUrl ? { onFailureQueueUrl: queueUrl } : {}),
  };
}

function connectHttpApi(
  template: Template,
  context: ResolveContext,
  httpApi: Awaited<ReturnType<typeof startHttpApi>>,
  lambda: LambdaService,
) {
  for (const [id, integration] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
    const properties = resolveValue(integration.Properties, context, id) as {
      ApiId: string;
      IntegrationUri: string;
    };
    const host = lambda.find(properties.IntegrationUri);
    if (!host)
      throw new RehearsalError(
        `Integration ${id} targets ${properties.IntegrationUri}, not a function of the stack`,
      );
    const stage = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')
      .map(
        ([stageId, resource]) =>
          resolveValue(resource.Properties, context, stageId) as Record<string, never>,
      )
      .find((properties2) => properties2.ApiId === properties.ApiId) as
      | { DefaultRouteSettings?: { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number } }
      | undefined;
    httpApi.connect(host, {
      apiId: properties.ApiId,
      accountId: ACCOUNT_ID,
      rateLimit: stage?.DefaultRouteSettings?.ThrottlingRateLimit,
      burstLimit: stage?.DefaultRouteSettings?.ThrottlingBurstLimit,
    });
  }
}

function startEventSources(
  template: Template,
  context: Provisioned,
  lambda: LambdaService,
  sqs: SQSClient,
  region: string,
): SqsEventSource[] {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([id, mapping]) => {
    const properties = resolveValue(mapping.Properties, context, id) as {
      EventSourceArn: string;
      FunctionName: string;
      BatchSize?: number;
      Enabled?: boolean;
      ScalingConfig?: { MaximumConcurrency?: number };
      FunctionResponseTypes?: string[];
    };
    const queueUrl = context.queueUrlsByArn.get(properties.EventSourceArn);
    const host = lambda.find(properties.FunctionName);
    if (!queueUrl || !host) {
      throw new RehearsalError(
        `Event source mapping ${id}: only SQS queues of the stack feeding its functions are rehearsed`,
      );
    }
    return startSqsEventSource({
      sqs,
      queueUrl,
      queueArn: properties.EventSourceArn,
      region,
      host,
      batchSize: properties.BatchSize ?? 10,
      // Without a maximum, Lambda scales pollers up to 1,000; five keeps a laptop usable.
      maximumConcurrency: properties.ScalingConfig?.MaximumConcurrency ?? 5,
      reportBatchItemFailures:
        properties.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
    });
  });
}

function resolveOutputs(template: Template, context: ResolveContext): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    outputs[key] = resolveString(output.Value, context, `Outputs.${key}`);
  }
  return outputs;
}

/**
 * moto's CloudFormation cannot create the real template (no ApiGatewayV2), so the stack holds one
 * inert resource and the real template's outputs, resolved: DescribeStacks answers as in AWS.
 */
async function createOutputsStack(
  stackName: string,
  template: Template,
  outputs: Record<string, string>,
  clientConfig: ReturnType<typeof clientOptions>,
) {
  const cloudFormation = new CloudFormationClient(clientConfig);
  const body = {
    Description: 'Local rehearsal (npm run stack:local): the outputs of the synthesized stack',
    Resources: { RehearsalMarker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    Outputs: Object.fromEntries(
      Object.entries(outputs).map(([key, value]) => [
        key,
        { Value: value, Description: template.Outputs?.[key]?.Description ?? key },
      ]),
    ),
  };
  try {
    await cloudFormation.send(
      new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(body) }),
    );
  } finally {
    cloudFormation.destroy();
  }
}

/** SES event publishing → the configuration set's SNS topic → its Lambda subscriptions. */
function publishToSesTopic(
  template: Template,
  context: ResolveContext,
  lambda: LambdaService,
  sesEvent: unknown,
) {
  const topics = resourcesOfType(template, 'AWS::SES::ConfigurationSetEventDestination').map(
    ([id, destination]) => {
      const properties = resolveValue(destination.Properties, context, id) as {
        EventDestination: { SnsDestination?: { TopicARN?: string } };
      };
      return properties.EventDestination.SnsDestination?.TopicARN;
    },
  );
  const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription')
    .map(
      ([id, subscription]) =>
        resolveValue(subscription.Properties, context, id) as Record<string, string>,
    )
    .filter((s) => s.Protocol === 'lambda' && topics.includes(s.TopicArn));
  return Promise.all(
    subscriptions.map((subscription) =>
      lambda.invokeAsync(
        String(subscription.Endpoint),
        snsEvent(String(subscription.TopicArn), sesEvent),
      ),
    ),
  );
}

function snsEvent(topicArn: string, message: unknown) {
  const messageId = crypto.randomUUID();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${crypto.randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: null,
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'http://127.0.0.1/not-signed',
          UnsubscribeUrl: 'http://127.0.0.1/not-subscribed',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** EventBridge Scheduler's context attributes in a target's Input, filled for one execution. */
function schedulerContext(
  input: string,
  scheduleArn: string,
  executionId: string,
  scheduledTime: string,
): string {
  const values: Record<string, string> = {
    'aws.scheduler.execution-id': executionId,
    'aws.scheduler.schedule-arn': scheduleArn,
    'aws.scheduler.scheduled-time': scheduledTime,
    'aws.scheduler.attempt-number': '1',
  };
  return input.replace(
    /<(aws\.scheduler\.[a-z-]+)>/g,
    (whole, name: string) => values[name] ?? whole,
  );
}
