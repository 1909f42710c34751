import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { ACTIVE_INDEX, TTL_ATTRIBUTE, tableDefinition } from '../lambda/adapters/dynamo/schema';
import { acknowledge, arnInFinding } from './nag';

/** The DynamoDB actions a function may be granted; never a wildcard. */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'Query';

/** The table as the adapters define it (schema.ts), translated key by key. */
const definition = tableDefinition('newsletter');

function attribute(name: string): dynamodb.Attribute {
  const type = definition.AttributeDefinitions.find((a) => a.AttributeName === name)?.AttributeType;
  if (type !== 'S') throw new Error(`schema.ts: attribute ${name} is not a string attribute`);
  return { name, type: dynamodb.AttributeType.STRING };
}

function keyOf(schema: readonly { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]) {
  const hash = schema.find((key) => key.KeyType === 'HASH');
  const range = schema.find((key) => key.KeyType === 'RANGE');
  if (!hash) throw new Error('schema.ts: a key schema has no HASH key');
  return {
    partitionKey: attribute(hash.AttributeName),
    sortKey: range && attribute(range.AttributeName),
  };
}

/**
 * What the newsletter keeps: the table (subscribers, issues, deliveries), the bucket (articles in,
 * archived issues out) and the secret that signs tokens and keys subscriber ids. All three are
 * kept when the stack is deleted: they hold the list, its consent records and its history.
 */
export class Storage extends Construct {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      ...keyOf(definition.KeySchema),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Items that carry it (rate-limit counters) are deleted by DynamoDB once it has passed.
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    for (const index of definition.GlobalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        ...keyOf(index.KeySchema),
        projectionType: dynamodb.ProjectionType.KEYS_ONLY,
      });
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // Versions protect against a wrong upload or delete; old ones need not live for ever.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.bucket,
      'S1',
      'Operators upload articles and compose writes issues; object access is auditable with ' +
        'CloudTrail data events where an account needs it, without a second bucket to keep.',
    );

    this.secret = new secretsmanager.Secret(this, 'TokenSecret', {
      description: 'Signs confirm/unsubscribe tokens and keys subscriber ids (generated at deploy)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      'SMG4',
      'Rotating this key would change every subscriber id (a keyed hash of the address) and ' +
        'break every unsubscribe link already sent, which must keep working (CAN-SPAM).',
    );
  }

  /**
   * Grants these actions on the table and, with `index`, on the active-subscriber index. With
   * `leadingKeys`, only on items whose partition key starts with one of these prefixes.
   */
  grantTable(
    grantee: iam.IGrantable,
    actions: readonly TableAction[],
    options: { index?: boolean; leadingKeys?: readonly string[] } = {},
  ) {
    const resources = [this.table.tableArn];
    if (options.index) resources.push(`${this.table.tableArn}/index/${ACTIVE_INDEX.name}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources,
        ...(options.leadingKeys && {
          conditions: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': options.leadingKeys.map((prefix) => `${prefix}*`),
            },
          },
        }),
      }),
    );
  }

  /**
   * Reading the token secret's value, which is all a function does with it: no DescribeSecret,
   * which grantRead adds. It is encrypted with the AWS managed key, so no KMS grant is needed.
   */
  grantSecretValue(grantee: iam.IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
  }

  /**
   * Reading the bucket's objects under these prefixes (and with `write`, writing them). Listing
   * is granted on the whole bucket: it lets S3 answer NoSuchKey for a missing key instead of
   * AccessDenied, and lets compose find the oldest article.
   */
  grantObjects(
    grantee: iam.IGrantable & IConstruct,
    prefixes: readonly string[],
    options: { write?: boolean } = {},
  ) {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: options.write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    for (const prefix of prefixes) {
      acknowledge(
        grantee,
        `IAM5[Resource::${arnInFinding(this.bucket)}/${prefix}*]`,
        `Object actions need object ARNs: limited to the keys under ${prefix}.`,
      );
    }
  }
}
