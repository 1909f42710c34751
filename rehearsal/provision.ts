/**
 * Creates, on the local servers, the resources the template declares that hold state (DynamoDB
 * tables on dynalite; S3 buckets, SQS queues with their redrive, Secrets Manager secrets and SSM
 * parameters on moto) and gives every resource the physical name, URL or ARN that `Ref` and
 * `Fn::GetAtt` answer. Names follow CloudFormation's `<stack>-<logicalId>-<suffix>` pattern.
 */
import { createHash, randomInt } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { resourcesOfType, type Template } from './cloud-assembly';
import { type PhysicalResource, type ResolveContext, resolveValue } from './intrinsics';
import { RehearsalError } from './rehearsal-error';

/** The account moto answers for. */
export const ACCOUNT_ID = '123456789012';
/** What an SSM-typed template parameter (e.g. the CDK bootstrap version) reads. */
const SSM_PARAMETER_VALUE = '30';

interface Endpoints {
  readonly moto: string;
  /** Where the functions reach SQS (moto, or the time-scale proxy in front of it). */
  readonly sqs: string;
  readonly dynamodb: string;
  /** The subscription API's local base URL (ApiGatewayV2 ApiEndpoint). */
  readonly httpApi: string;
}

export interface ProvisionOptions {
  readonly template: Template;
  readonly stackName: string;
  readonly region: string;
  readonly endpoints: Endpoints;
  /** Visibility timeout for every queue instead of the template's (time-scale override). */
  readonly visibilityTimeoutSeconds?: number;
}

export interface Provisioned extends ResolveContext {
  /** Queue URLs by ARN (event sources and destinations name queues by ARN). */
  readonly queueUrlsByArn: ReadonlyMap<string, string>;
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function clientOptions(endpoint: string, region: string) {
  return { endpoint, region, credentials: CREDENTIALS, forcePathStyle: true };
}

/** CloudFormation-style name: `<stack>-<logicalId>-<suffix>`, at most `max` characters. */
export function physicalName(stackName: string, logicalId: string, max = 64): string {
  const suffix = createHash('sha256')
    .update(`${stackName}/${logicalId}`)
    .digest('hex')
    .slice(0, 12)
    .toUpperCase();
  const room = max - suffix.length - 1;
  return `${`${stackName}-${logicalId}`.slice(0, room)}-${suffix}`;
}

export async function provisionResources(options: ProvisionOptions): Promise<Provisioned> {
  const { template, stackName, region, endpoints } = options;
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${ACCOUNT_ID}:${resource}`;
  const resources = new Map<string, PhysicalResource>();
  const parameters: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': ACCOUNT_ID,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': arn(
      'cloudformation',
      `stack/${stackName}/${createHash('sha256').update(stackName).digest('hex').slice(0, 36)}`,
    ),
    'AWS::NoValue': '',
  };
  const context: ResolveContext = { resources, parameters };
  const queueUrlsByArn = new Map<string, string>();

  const ssm = new SSMClient(clientOptions(endpoints.moto, region));
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (parameter.Type.startsWith('AWS::SSM::Parameter::Value') && parameter.Default) {
      await ssm.send(
        new PutParameterCommand({
          Name: parameter.Default,
          Value: SSM_PARAMETER_VALUE,
          Type: 'String',
          Overwrite: true,
        }),
      );
      parameters[name] = SSM_PARAMETER_VALUE;
    } else if (parameter.Default !== undefined) {
      parameters[name] = parameter.Default;
    } else {
      throw new RehearsalError(
        `Template parameter ${name} has no default: the rehearsal cannot fill it`,
      );
    }
  }

  // Names and ARNs first (anything may refer to anything), then the resources that hold state.
  for (const [id, resource] of Object.entries(template.Resources)) {
    resources.set(id, nameResource(id, resource.Type, { stackName, region, endpoints, arn }));
  }

  const dynamo = new DynamoDBClient(clientOptions(endpoints.dynamodb, region));
  for (const [id, table] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const p = resolveValue(table.Properties, context, id) as Record<string, never>;
    await dynamo.send(
      new CreateTableCommand({
        TableName: resources.get(id)?.ref,
        AttributeDefinitions: p.AttributeDefinitions,
        KeySchema: p.KeySchema,
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
        LocalSecondaryIndexes: p.LocalSecondaryIndexes,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }

  const s3 = new S3Client(clientOptions(endpoints.moto, region));
  for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const name = resources.get(id)?.ref;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const versioning = bucket.Properties.VersioningConfiguration as { Status?: string } | undefined;
    if (versioning?.Status === 'Enabled') {
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: name,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
    }
  }

  const sqs = new SQSClient(clientOptions(endpoints.moto, region));
  const queues = resourcesOfType(template, 'AWS::SQS::Queue');
  // Dead-letter queues before the queues that redrive to them.
  queues.sort(
    ([, a], [, b]) =>
      Number('RedrivePolicy' in a.Properties) - Number('RedrivePolicy' in b.Properties),
  );
  for (const [id, queue] of queues) {
    const p = resolveValue(queue.Properties, context, id) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    for (const key of [
      'DelaySeconds',
      'MaximumMessageSize',
      'MessageRetentionPeriod',
      'ReceiveMessageWaitTimeSeconds',
      'VisibilityTimeout',
      'FifoQueue',
      'ContentBasedDeduplication',
    ]) {
      if (p[key] !== undefined) attributes[key] = String(p[key]);
    }
    if (options.visibilityTimeoutSeconds !== undefined)
      attributes.VisibilityTimeout = String(options.visibilityTimeoutSeconds);
    if (p.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(p.RedrivePolicy);
    const name = resources.get(id)?.attributes.QueueName;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    if (!QueueUrl) throw new RehearsalError(`moto created no URL for queue ${id}`);
    const url = new URL(new URL(QueueUrl).pathname, endpoints.sqs).href;
    const queueArn = arn('sqs', String(name));
    resources.set(id, {
      ref: url,
      attributes: { Arn: queueArn, QueueName: String(name), QueueUrl: url },
    });
    queueUrlsByArn.set(queueArn, url);
  }

  const secrets = new SecretsManagerClient(clientOptions(endpoints.moto, region));
  for (const [id, secret] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
    const p = resolveValue(secret.Properties, context, id) as Record<string, unknown>;
    const created = await secrets.send(
      new CreateSecretCommand({
        Name: (p.Name as string | undefined) ?? physicalName(stackName, id),
        Description: p.Description as string | undefined,
        SecretString:
          (p.SecretString as string | undefined) ??
          generateSecretString(p.GenerateSecretString as GenerateSecretString | undefined),
      }),
    );
    if (!created.ARN) throw new RehearsalError(`moto created no ARN for secret ${id}`);
    resources.set(id, { ref: created.ARN, attributes: { Id: created.ARN } });
  }

  for (const [id, parameter] of resourcesOfType(template, 'AWS::SSM::Parameter')) {
    const p = resolveValue(parameter.Properties, context, id) as Record<string, string>;
    const name = p.Name ?? `/${stackName}/${id}`;
    await ssm.send(
      new PutParameterCommand({ Name: name, Value: p.Value, Type: 'String', Overwrite: true }),
    );
    resources.set(id, { ref: name, attributes: { Type: 'String', Value: String(p.Value) } });
  }

  for (const client of [dynamo, s3, sqs, secrets, ssm]) client.destroy();
  return { resources, parameters, queueUrlsByArn };
}

interface NamingContext {
  readonly stackName: string;
  readonly region: string;
  readonly endpoints: Endpoints;
  readonly arn: (service: string, resource: string) => string;
}

/** What Ref and Fn::GetAtt answer for one resource (before any stateful resource exists). */
function nameResource(id: string, type: string, naming: NamingContext): PhysicalResource {
  const { stackName, arn } = naming;
  const name = physicalName(stackName, id);
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return {
        ref: name,
        attributes: {
          Arn: arn('dynamodb', `table/${name}`),
          StreamArn: arn('dynamodb', `table/${name}/stream/local`),
        },
      };
    case 'AWS::S3::Bucket': {
      const bucket = physicalName(stackName, id, 63).toLowerCase();
      return {
        ref: bucket,
        attributes: {
          Arn: `arn:aws:s3:::${bucket}`,
          DomainName: `${bucket}.s3.amazonaws.com`,
          RegionalDomainName: `${bucket}.s3.${naming.region}.amazonaws.com`,
        },
      };
    }
    case 'AWS::SQS::Queue':
      // The URL is moto's, known once the queue exists (provisionResources replaces this).
      return { ref: '', attributes: { Arn: arn('sqs', name), QueueName: name } };
    case 'AWS::Lambda::Function':
      return { ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
    case 'AWS::SNS::Topic':
      return { ref: arn('sns', name), attributes: { TopicArn: arn('sns', name), TopicName: name } };
    case 'AWS::ApiGatewayV2::Api': {
      const apiId = createHash('sha256').update(name).digest('hex').slice(0, 10);
      return { ref: apiId, attributes: { ApiId: apiId, ApiEndpoint: naming.endpoints.httpApi } };
    }
    case 'AWS::IAM::Role':
      return {
        ref: name,
        attributes: { Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`, RoleId: name },
      };
    case 'AWS::KMS::Key':
      return { ref: name, attributes: { Arn: arn('kms', `key/${name}`), KeyId: name } };
    case 'AWS::Logs::LogGroup':
      return { ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
    default:
      return placeholder(id, name, arn);
  }
}

/** A resource the rehearsal does not run (alarms, policies, DKIM identity): names only. */
function placeholder(id: string, name: string, arn: NamingContext['arn']): PhysicalResource {
  const attributes = new Proxy({} as Record<string, string>, {
    get: (_, attribute) =>
      attribute === 'Arn' ? arn('local', name) : `local-${id}-${String(attribute)}`.toLowerCase(),
  });
  return { ref: name, attributes };
}

interface GenerateSecretString {
  readonly PasswordLength?: number;
  readonly ExcludePunctuation?: boolean;
  readonly IncludeSpace?: boolean;
  readonly ExcludeCharacters?: string;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly ExcludeNumbers?: boolean;
  readonly SecretStringTemplate?: string;
  readonly GenerateStringKey?: string;
}

/** A value as Secrets Manager would generate it for the template's GenerateSecretString. */
export function generateSecretString(spec: GenerateSecretString | undefined): string {
  const settings = spec ?? {};
  let alphabet = '';
  if (!settings.ExcludeLowercase) alphabet += 'abcdefghijklmnopqrstuvwxyz';
  if (!settings.ExcludeUppercase) alphabet += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (!settings.ExcludeNumbers) alphabet += '0123456789';
  if (!settings.ExcludePunctuation) alphabet += '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  if (settings.IncludeSpace) alphabet += ' ';
  const excluded = new Set(settings.ExcludeCharacters ?? '');
  const characters = [...alphabet].filter((c) => !excluded.has(c));
  const length = settings.PasswordLength ?? 32;
  const value = Array.from({ length }, () => characters[randomInt(characters.length)]).join('');
  if (settings.SecretStringTemplate && settings.GenerateStringKey) {
    return JSON.stringify({
      ...JSON.parse(settings.SecretStringTemplate),
      [settings.GenerateStringKey]: value,
    });
  }
  return value;
}
