/**
 * The synthesized template holds the service issue 3 describes. The app is built once from the
 * example configuration in cdk.json, with cdk-nag's AwsSolutions checks on, as `npm run synth`
 * builds it, except that the functions are not bundled (seconds of esbuild; bundles.test.ts
 * builds them with the stack's settings) and the CloudFormation schema check is left to synth.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_INDEX, TTL_ATTRIBUTE } from '../../lambda/adapters/dynamo/schema';
import { STACK_OUTPUTS } from '../../lambda/local/stack/output-keys';
import { Alarms } from '../../lib/alarms';
import { DELIVER_TIMEOUT, MAX_RECEIVE_COUNT } from '../../lib/delivery-pipeline';
import { createNewsletterApp } from '../../lib/newsletter-app';
import type { NewsletterStack } from '../../lib/newsletter-stack';

const EXAMPLE_CONTEXT = JSON.parse(readFileSync('cdk.json', 'utf8')).context;
const OUTDIR = mkdtempSync(path.join(tmpdir(), 'newsletter-cdk-'));

let stack: NewsletterStack;
let template: Template;
interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}
interface Statement {
  readonly policy: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}
let json: { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };

beforeAll(() => {
  const app = new App({
    context: { ...EXAMPLE_CONTEXT, 'aws:cdk:bundling-stacks': [] },
    outdir: OUTDIR,
    builtinCloudFormationValidation: false,
  });
  stack = createNewsletterApp(app);
  // Throws when cdk-nag reports a finding nobody acknowledged.
  app.synth();
  template = Template.fromStack(stack);
  json = template.toJSON() as typeof json;
});

afterAll(() => {
  rmSync(OUTDIR, { recursive: true, force: true });
});

function logicalId(construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function resources(type: string) {
  return Object.entries(json.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

describe('the schedule', () => {
  it('invokes compose on the configured cron in the configured time zone, with retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.pipeline.compose.function), 'Arn'] },
        // The execution id is the same for each retry of one run: compose's idempotency key.
        Input: '{"idempotencyKey":"<aws.scheduler.execution-id>"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.pipeline.composeDlq), 'Arn'] } },
      },
    });
  });
});

describe('the fan-out', () => {
  it('feeds deliver from the recipients queue with MaximumConcurrency and partial batch failures', () => {
    const mapping = resources('AWS::Lambda::EventSourceMapping').find(([, resource]) =>
      JSON.stringify(resource.Properties.FunctionName).includes('Deliver'),
    )?.[1];
    expect(mapping?.Properties).toMatchObject({
      FunctionName: { Ref: expect.stringContaining('Deliver') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.pipeline.recipients), 'Arn'] },
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('hides a batch for at least six deliver timeouts, and dead-letters it after five receives', () => {
    const deliver = json.Resources?.[logicalId(stack.pipeline.deliver.function)]?.Properties;
    const queue = json.Resources?.[logicalId(stack.pipeline.recipients)]?.Properties;

    expect(deliver?.Timeout).toBe(DELIVER_TIMEOUT.toSeconds());
    expect(queue?.VisibilityTimeout).toBeGreaterThanOrEqual(6 * Number(deliver?.Timeout));
    expect(queue?.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.pipeline.recipientsDlq), 'Arn'] },
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
  });

  it('encrypts every queue and refuses plain-HTTP access to it', () => {
    const queues = resources('AWS::SQS::Queue');
    expect(queues).toHaveLength(6);
    for (const [, queue] of queues) expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(resources('AWS::SQS::QueuePolicy')).toHaveLength(6);
  });

  it('alarms when any dead-letter queue holds a message', () => {
    for (const queue of [
      stack.pipeline.recipientsDlq,
      stack.pipeline.composeDlq,
      stack.subscriptions.signUpsDlq,
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue), 'QueueName'] } },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });
});

describe('the functions', () => {
  it('run Node.js 24 on ARM64 with source maps, Powertools settings and their own log group', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: expect.any(String),
            POWERTOOLS_METRICS_NAMESPACE: 'Newsletter',
          }),
        },
      });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 6);
  });

  it('all get the subscription API’s URL as NEWSLETTER_PUBLIC_URL', () => {
    const apiId = logicalId(stack.subscriptions.api);
    for (const [, fn] of resources('AWS::Lambda::Function')) {
      const { Variables: variables } = fn.Properties.Environment as {
        Variables: Record<string, unknown>;
      };
      expect(variables.NEWSLETTER_PUBLIC_URL).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    }
  });
});

describe('least privilege', () => {
  const statements = (): Statement[] =>
    resources('AWS::IAM::Policy').flatMap(([id, policy]) =>
      (
        policy.Properties.PolicyDocument as { Statement: Omit<Statement, 'policy'>[] }
      ).Statement.map((statement) => ({ policy: id, ...statement })),
    );
  const actionsOf = (statement: Statement) => ([] as string[]).concat(statement.Action);

  it('grants no wildcard actions', () => {
    const wildcards = statements().filter((s) => actionsOf(s).some((a) => a.includes('*')));
    expect(wildcards).toEqual([]);
  });

  it('scopes SendRawEmail to the sender identity and the configuration set, for deliver and the confirmation sender only', () => {
    const sending = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('ses:Send')));
    const identityArn = stack.resolve(stack.email.identity.emailIdentityArn);
    const configurationSetArn = stack.resolve(stack.email.configurationSetArn);

    expect(sending.map((s) => s.policy).sort()).toEqual(
      [
        logicalId(stack.pipeline.deliver.role.node.findChild('DefaultPolicy')),
        logicalId(stack.subscriptions.confirmationSender.role.node.findChild('DefaultPolicy')),
      ].sort(),
    );
    for (const statement of sending) {
      expect(statement).toMatchObject({ Action: 'ses:SendRawEmail', Effect: 'Allow' });
      expect(statement.Resource).toHaveLength(2);
      expect(statement.Resource).toEqual(
        expect.arrayContaining([identityArn, configurationSetArn]),
      );
    }
  });

  it('lets only ses:GetSendQuota, which has no resource-level permissions, use Resource "*"', () => {
    const anyResource = statements().filter((s) =>
      ([] as unknown[]).concat(s.Resource).includes('*'),
    );
    expect(anyResource.map((s) => s.Action)).toEqual(['ses:GetSendQuota']);
  });

  /** The table, bucket, secret and queue actions in the default policy of a function's role. */
  const granted = (fn: { role: IConstruct }) => {
    const id = logicalId(fn.role.node.findChild('DefaultPolicy'));
    const actions = statements()
      .filter((s) => s.policy === id)
      .flatMap(actionsOf)
      .filter((action) => /^(dynamodb|s3|secretsmanager|sqs):/.test(action));
    return [...new Set(actions)].sort();
  };

  /** What an SQS event source mapping needs of its function's role. */
  const SQS_CONSUMER_ACTIONS = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];

  it('lets compose read articles, write issues and enqueue recipients, and nothing more', () => {
    expect(granted(stack.pipeline.compose)).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sqs:SendMessage',
    ]);
  });

  it('lets deliver read subscribers, claim and count deliveries, consume its queue and put deferred recipients back, and nothing more', () => {
    expect(granted(stack.pipeline.deliver)).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:GetObject',
      's3:ListBucket',
      'secretsmanager:GetSecretValue',
      ...SQS_CONSUMER_ACTIONS,
      'sqs:SendMessage',
    ]);
  });

  /** The DynamoDB statements of a function's default policy. */
  const tableStatements = (fn: { role: IConstruct }) => {
    const id = logicalId(fn.role.node.findChild('DefaultPolicy'));
    return statements().filter(
      (s) => s.policy === id && actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    ) as (Statement & { Condition?: unknown })[];
  };

  it('lets the subscription API get and put subscribers, count rates and queue sign-ups, on subscriber and counter items only', () => {
    const table = stack.resolve(stack.storage.table.tableArn);
    expect(granted(stack.subscriptions.handler)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
    ]);
    // The table itself (no index, no other table), and only keys starting SUB# or RATE#.
    expect(tableStatements(stack.subscriptions.handler)).toEqual([
      expect.objectContaining({
        Resource: table,
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*', 'RATE#*'] },
        },
      }),
    ]);
    const queueArn = { 'Fn::GetAtt': [logicalId(stack.subscriptions.signUps), 'Arn'] };
    const policy = logicalId(stack.subscriptions.handler.role.node.findChild('DefaultPolicy'));
    expect(
      statements().filter((s) => s.policy === policy && s.Action === 'sqs:SendMessage'),
    ).toEqual([expect.objectContaining({ Resource: queueArn })]);
  });

  it('lets the confirmation sender consume sign-ups, update subscribers and counters, and send', () => {
    expect(granted(stack.subscriptions.confirmationSender)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'secretsmanager:GetSecretValue',
      ...SQS_CONSUMER_ACTIONS,
    ]);
    expect(tableStatements(stack.subscriptions.confirmationSender)).toEqual([
      expect.objectContaining({
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*', 'RATE#*'] },
        },
      }),
    ]);
  });

  it('lets ses-events get and put subscribers and dead-letter its failures, and nothing more', () => {
    const sesEventsPolicy = logicalId(stack.sesEvents.role.node.findChild('DefaultPolicy'));
    expect(granted(stack.sesEvents)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
    ]);
    expect(tableStatements(stack.sesEvents)).toEqual([
      expect.objectContaining({
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUB#*'] } },
      }),
    ]);
    const dlqArn = { 'Fn::GetAtt': [logicalId(stack.sesEventsDlq), 'Arn'] };
    expect(
      statements().filter((s) => s.policy === sesEventsPolicy && s.Action === 'sqs:SendMessage'),
    ).toEqual([expect.objectContaining({ Resource: dlqArn })]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack.sesEvents.function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlqArn } },
    });
  });

  it('reads the token secret by its ARN only', () => {
    const secret = stack.resolve(stack.storage.secret.secretArn);
    const reading = statements().filter((s) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(reading).toHaveLength(4);
    for (const statement of reading) {
      expect(statement).toMatchObject({
        Action: 'secretsmanager:GetSecretValue',
        Resource: secret,
      });
    }
  });
});

describe('the data', () => {
  it('lives in one on-demand table with point-in-time recovery, deletion protection, kept on delete', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: ACTIVE_INDEX.name,
            KeySchema: [
              { AttributeName: ACTIVE_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: ACTIVE_INDEX.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      },
    });
  });

  it('lets DynamoDB delete items once the time in the attribute the adapters write has passed', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
    // Pinned: a deployed table's TTL attribute cannot be renamed in one update (DynamoDB needs
    // TTL disabled first), so a rename must be a deliberate, two-step change.
    expect(TTL_ATTRIBUTE).toBe('expiresAt');
  });

  it('keeps articles and issues in an encrypted, versioned, private bucket that refuses plain HTTP', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('generates the token secret at deploy time and hands functions its ARN, never its value', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      },
    });
    const secretId = logicalId(stack.storage.secret);
    for (const fn of [stack.pipeline.deliver, stack.subscriptions.handler, stack.sesEvents]) {
      const variables = json.Resources?.[logicalId(fn.function)]?.Properties?.Environment as {
        Variables: Record<string, unknown>;
      };
      expect(variables.Variables.NEWSLETTER_SECRET_ARN).toEqual({ Ref: secretId });
    }
    expect(JSON.stringify(json)).not.toMatch(/"SecretString"|resolve:secretsmanager/);
  });
});

describe('sending with SES', () => {
  it('verifies the sender domain with Easy DKIM and sends through the configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      DkimAttributes: { SigningEnabled: true },
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: logicalId(stack.email.configurationSet) },
      },
    });
    for (const n of [1, 2, 3]) {
      expect(JSON.stringify(json.Outputs)).toContain(`DkimRecord${n}`);
    }
  });

  it('tracks reputation and publishes bounces, complaints, rejects, delays and deliveries to ses-events', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        // Deliveries reset the transient-bounce count (three in a row suppress an address).
        MatchingEventTypes: ['bounce', 'complaint', 'reject', 'deliveryDelay', 'delivery'],
        SnsDestination: { TopicARN: { Ref: logicalId(stack.email.eventsTopic) } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalId(stack.email.eventsTopic) },
      Endpoint: { 'Fn::GetAtt': [logicalId(stack.sesEvents.function), 'Arn'] },
    });
  });

  it('alarms on bounce and complaint rates well below the levels SES reviews accounts at', () => {
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.02],
      ['Reputation.ComplaintRate', 0.0008],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
      });
    }
  });

  it('alarms on any error of any function', () => {
    const errorAlarms = resources('AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties?.MetricName === 'Errors',
    );
    expect(errorAlarms).toHaveLength(5);
    for (const [, alarm] of errorAlarms) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('alarms when the hourly cap on confirmation emails stopped one', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsletter',
      MetricName: 'ConfirmationCapReached',
      Dimensions: [{ Name: 'service', Value: 'confirmation-sender' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
    const sender = json.Resources?.[logicalId(stack.subscriptions.confirmationSender.function)];
    expect(sender?.Properties.Environment).toMatchObject({
      Variables: { NEWSLETTER_CONFIRMATIONS_PER_HOUR: '200' },
    });
  });
});

describe('the subscription API', () => {
  const ENDPOINTS = [
    'GET /confirm',
    'GET /subscribe',
    'GET /unsubscribe',
    'POST /confirm',
    'POST /subscribe',
    'POST /unsubscribe',
  ];
  const stageSettings = () => resources('AWS::ApiGatewayV2::Stage')[0]?.[1].Properties;

  it('throttles each route on its own, one-click unsubscribes most generously', () => {
    const settings = stageSettings()?.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    expect(Object.keys(settings).sort()).toEqual(ENDPOINTS);
    const unsubscribe = settings['POST /unsubscribe'];
    expect(unsubscribe).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    for (const [key, limit] of Object.entries(settings)) {
      if (key !== 'POST /unsubscribe') {
        expect(limit.ThrottlingRateLimit).toBeLessThan(unsubscribe?.ThrottlingRateLimit ?? 0);
      }
    }
    expect(stageSettings()?.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('has a route for each throttled key, created before the stage that names them', () => {
    const routes = resources('AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(['$default', ...ENDPOINTS].sort());
    const stage = json.Resources?.[logicalId(stack.subscriptions.stage)] as unknown as {
      DependsOn: string[];
    };
    const routeIds = resources('AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('queues sign-ups for the confirmation sender, which reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(stack.subscriptions.confirmationSender.function) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.subscriptions.signUps), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const api = json.Resources?.[logicalId(stack.subscriptions.handler.function)];
    expect(api?.Properties.Environment).toMatchObject({
      Variables: {
        NEWSLETTER_SIGN_UP_QUEUE_URL: { Ref: logicalId(stack.subscriptions.signUps) },
      },
    });
  });

  it('has no custom domain unless apiDomainName is set, and says its links change with the API', () => {
    expect(resources('AWS::ApiGatewayV2::DomainName')).toEqual([]);
    expect(JSON.stringify(json.Outputs.SubscriptionApiUrl)).toContain(
      'change if the API is replaced',
    );
  });

  it('alarms on an issue sending or paused for more than 6 h, from the age deliver reports', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsletter',
      MetricName: 'OldestUnfinishedIssueAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'deliver' }],
      Statistic: 'Maximum',
      Threshold: 6 * 3600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  });

  it('alarms when articles wait and no issue was sent for two schedule periods (capped at 7 days)', () => {
    const [idle] = resources('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      JSON.stringify(alarm.Properties?.Metrics ?? []).includes('ArticlesWaiting'),
    );
    expect(idle?.[1].Properties).toMatchObject({
      EvaluationPeriods: 168,
      DatapointsToAlarm: 168,
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
    const metrics = JSON.stringify(idle?.[1].Properties?.Metrics);
    expect(metrics).toContain('IF(FILL(waiting, REPEAT) > 0 AND FILL(sent, 0) == 0, 1, 0)');
    expect(metrics).toContain('IssuesSent');
  });

  it('alarms on any article compose passed over for good', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsletter',
      MetricName: 'ArticlesRejected',
      Dimensions: [{ Name: 'service', Value: 'compose' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  });

  it('alarms when SES refuses to send for a cause someone must fix, until deliver sends again', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsletter',
      MetricName: 'SendingRefused',
      Dimensions: [{ Name: 'service', Value: 'deliver' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
      AlarmActions: [{ Ref: logicalId(stack.alarms.topic) }],
    });
  });

  it('alarms on any 5xx of the subscription API and any throttled invocation of any function', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    // Every function of the stack: the same functions its error alarms watch.
    const watched = (metricName: string) =>
      resources('AWS::CloudWatch::Alarm')
        .filter(([, alarm]) => alarm.Properties?.MetricName === metricName)
        .filter(([, alarm]) => alarm.Properties?.Namespace === 'AWS/Lambda')
        .map(([, alarm]) => JSON.stringify(alarm.Properties?.Dimensions))
        .sort();
    expect(watched('Throttles')).toHaveLength(resources('AWS::Lambda::Function').length);
    expect(watched('Throttles')).toEqual(watched('Errors'));
  });
});

describe('with a Route 53 hosted zone and an alarm email', () => {
  let variant: Template;

  beforeAll(() => {
    const app = new App({
      context: {
        ...EXAMPLE_CONTEXT,
        'aws:cdk:bundling-stacks': [],
        fromAddress: 'news@mail.example.com',
        hostedZoneId: 'Z0123456789ABC',
        hostedZoneName: 'example.com',
        alarmEmail: 'ops@example.com',
        apiDomainName: 'news.example.com',
      },
      outdir: path.join(OUTDIR, 'with-zone'),
      builtinCloudFormationValidation: false,
    });
    const zoned = createNewsletterApp(app);
    app.synth();
    variant = Template.fromStack(zoned);
  });

  it('creates the three DKIM records in the zone instead of printing them', () => {
    variant.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.example.com' });
    variant.resourcePropertiesCountIs(
      'AWS::Route53::RecordSet',
      { HostedZoneId: 'Z0123456789ABC', Type: 'CNAME', TTL: '1800' },
      3,
    );
    expect(Object.keys(variant.toJSON().Outputs).filter((id) => id.includes('Dkim'))).toEqual([]);
  });

  it('serves the API on apiDomainName: certificate, custom domain, mapping and alias record, and every link uses it', () => {
    const resourcesOf = (type: string) =>
      Object.entries(
        variant.toJSON().Resources as Record<
          string,
          { Type: string; Properties: Record<string, unknown> }
        >,
      ).filter(([, resource]) => resource.Type === type);
    variant.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'news.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'news.example.com', HostedZoneId: 'Z0123456789ABC' }],
    });
    const [[domainId] = []] = resourcesOf('AWS::ApiGatewayV2::DomainName');
    variant.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'news.example.com',
      DomainNameConfigurations: [{ EndpointType: 'REGIONAL' }],
    });
    variant.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      DomainName: { Ref: domainId },
    });
    variant.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'news.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABC',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
        HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] },
      },
    });
    variant.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NEWSLETTER_PUBLIC_URL: 'https://news.example.com' },
      });
    }
    expect(variant.toJSON().Outputs.SubscriptionApiUrl.Value).toBe('https://news.example.com');
  });

  it('emails the alarms to the configured address', () => {
    variant.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('cdk-nag', () => {
  it('leaves no finding unacknowledged, and every acknowledgement gives its reason', () => {
    const report = JSON.parse(readFileSync(path.join(OUTDIR, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find(
      (p: { pluginName: string }) => p.pluginName === 'AwsSolutions',
    );
    const acknowledged = nag.suppressedViolations as { ruleName: string; reason: string }[];

    expect(nag.violations).toEqual([]);
    expect(acknowledged.map((a) => a.ruleName.replace(/\[.*$/, '')).sort()).toEqual([
      // One per route: each is public by design.
      ...Array(7).fill('AwsSolutions-APIG4'),
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS3',
    ]);
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(30);
  });
});

describe('what the operator CLI reads (--stack NAME)', () => {
  it('outputs every resource the CLI finds, under the keys it reads', () => {
    const expected = {
      tableName: logicalId(stack.storage.table),
      bucketName: logicalId(stack.storage.bucket),
      composeFunction: logicalId(stack.pipeline.compose.function),
      queueUrl: logicalId(stack.pipeline.recipients),
      recipientsDlqUrl: logicalId(stack.pipeline.recipientsDlq),
      composeDlqUrl: logicalId(stack.pipeline.composeDlq),
      sesEventsDlqUrl: logicalId(stack.sesEventsDlq),
      signUpsDlqUrl: logicalId(stack.subscriptions.signUpsDlq),
      secretArn: logicalId(stack.storage.secret),
      configurationSet: logicalId(stack.email.configurationSet),
    } satisfies Partial<Record<keyof typeof STACK_OUTPUTS, string>>;
    for (const [name, resource] of Object.entries(expected)) {
      const key = STACK_OUTPUTS[name as keyof typeof STACK_OUTPUTS];
      expect(JSON.stringify(json.Outputs[key]), key).toContain(`"${resource}"`);
    }
    expect(json.Outputs[STACK_OUTPUTS.fromAddress]).toMatchObject({
      Value: expect.stringContaining('@'),
    });
    expect(JSON.stringify(json.Outputs[STACK_OUTPUTS.publicUrl])).toContain('ApiEndpoint');
  });
});

describe('the template', () => {
  it('matches the reviewed snapshot (asset hashes normalised)', () => {
    const normalised = JSON.parse(
      JSON.stringify(json).replace(/[0-9a-f]{64}(\.zip)?/g, (_, zip) => `[asset]${zip ?? ''}`),
    );
    expect(normalised).toMatchSnapshot();
  });
});

/**
 * One stack with the alarms for schedules waiting these many hours between runs (one synth; the
 * CloudFormation schema check, seconds of it, is left to synth as above).
 */
const IDLE_PERIODS = [24, 72, 168, 169, 744];
const alarmStack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Alarms');
const key = new kms.Key(alarmStack, 'Key');
for (const hours of IDLE_PERIODS) {
  new Alarms(alarmStack, `Alarms${hours}h`, { key }).onIdleNewsletter('Newsletter', hours);
}
const idleAlarms = Template.fromStack(alarmStack).findResources('AWS::CloudWatch::Alarm');

/** The idle alarm's hourly periods for a schedule waiting this long between runs, or undefined. */
function idleAlarmHours(schedulePeriodHours: number): unknown {
  const [, idle] =
    Object.entries(idleAlarms).find(
      ([id, alarm]) =>
        id.startsWith(`Alarms${schedulePeriodHours}h`) &&
        JSON.stringify(alarm).includes('ArticlesWaiting'),
    ) ?? [];
  return idle?.Properties?.EvaluationPeriods;
}

describe('the idle-newsletter alarm', () => {
  it('waits two schedule periods, as far as CloudWatch looks back (7 days)', () => {
    expect(idleAlarmHours(24)).toBe(48);
    expect(idleAlarmHours(72)).toBe(144);
    expect(idleAlarmHours(168)).toBe(168);
  });

  it('is left out when runs are further apart than CloudWatch looks back', () => {
    // A monthly issue: 7 days of waiting articles would be told as a missed issue every month.
    expect(idleAlarmHours(744)).toBeUndefined();
    expect(idleAlarmHours(169)).toBeUndefined();
  });
});
