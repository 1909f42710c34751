import {
  Annotations,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RATE_PREFIX, SUBSCRIBER_PREFIX } from '../lambda/adapters/dynamo/schema';
import { CONFIG_ENV, type NewsletterConfig } from '../lambda/core/config';
import { ConfigError } from '../lambda/core/errors';
import { CONFIRMATION_CAP_METRIC } from '../lambda/core/subscription/rate-limits';
import { ENVIRONMENT_VARIABLES } from '../lambda/handlers/environment';
import { STACK_OUTPUTS } from '../lambda/local/stack/output-keys';
import { Alarms } from './alarms';
import { HANDLER_ENTRIES } from './bundling';
import { FIREWALL_STACK_SUFFIX, type StackConfig } from './config';
import { DeliveryPipeline } from './delivery-pipeline';
import { EmailSending } from './email-sending';
import { acknowledge } from './nag';
import { NewsletterFunction } from './newsletter-function';
import { PublicArchive } from './public-archive';
import { encryptedQueue, failureQueue } from './queues';
import { Storage } from './storage';
import { SubscriptionApi } from './subscription-api';
import {
  EDGE_REGION,
  EdgeFirewall,
  type EdgeFirewallProps,
  EdgeFirewallStack,
} from './subscription-edge';

export interface NewsletterStackProps extends StackProps {
  readonly config: StackConfig;
}

/** The NEWSLETTER_* variables of the list's configuration (lambda/core/config.ts). */
function configEnvironment(config: Omit<NewsletterConfig, 'publicUrl'>, publicUrl: string) {
  const values: Partial<Record<keyof NewsletterConfig, string | number>> = {
    ...config,
    publicUrl,
  };
  const environment: Record<string, string> = {};
  for (const [key, variable] of Object.entries(CONFIG_ENV)) {
    const value = values[key as keyof NewsletterConfig];
    if (value !== undefined) environment[variable] = String(value);
  }
  return environment;
}

/** A sender domain from the example configuration, which SES can never verify: synth warns. */
const EXAMPLE_DOMAIN = /(^|\.)example\.(com|org|net)$/;

/**
 * The scheduled newsletter service: storage, SES sending and events, the subscription API, the
 * schedule → compose → SQS → deliver pipeline, and alarms.
 */
export class NewsletterStack extends Stack {
  readonly storage: Storage;
  readonly email: EmailSending;
  readonly subscriptions: SubscriptionApi;
  readonly pipeline: DeliveryPipeline;
  readonly sesEvents: NewsletterFunction;
  /** ses-events invocations that failed every retry. */
  readonly sesEventsDlq: sqs.Queue;
  readonly alarms: Alarms;
  readonly archive: PublicArchive;
  /** With `waf`: the web ACL and certificate CloudFront takes from us-east-1. */
  readonly firewall?: EdgeFirewall;

  constructor(scope: Construct, id: string, props: NewsletterStackProps) {
    super(scope, id, {
      description: 'Scheduled newsletter: article → key points → email → Amazon SES',
      ...props,
    });
    const { config } = props;
    const metricsNamespace = 'Newsletter';
    if (EXAMPLE_DOMAIN.test(config.senderDomain)) {
      Annotations.of(this).addWarningV2(
        'newsletter:example-configuration',
        `Sender domain ${config.senderDomain} is an example value: deploy with -c fromAddress=<your address> (see docs/deploy.md)`,
      );
    }

    const storage = new Storage(this, 'Storage');
    const key = new kms.Key(this, 'NotificationsKey', {
      description: 'Encrypts the SES events and alarm topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }
    const alarms = new Alarms(this, 'Alarms', { key, email: config.alarmEmail });
    const email = new EmailSending(this, 'Email', {
      senderDomain: config.senderDomain,
      hostedZone: config.hostedZone,
      key,
    });

    const archive = new PublicArchive(this, 'Archive', {
      domainName: config.archiveDomainName,
      hostedZone: config.hostedZone,
      certificateArn: config.archiveCertificateArn,
    });
    // Every email's "view in browser" link points at the archive, unless told to look elsewhere.
    const listConfig = { ...config, archiveUrl: config.archiveUrl ?? archive.url };
    const shared = (publicUrl: string) => ({
      ...configEnvironment(listConfig, publicUrl),
      [ENVIRONMENT_VARIABLES.tableName]: storage.table.tableName,
    });
    const apiDomain =
      config.apiDomainName && config.hostedZone
        ? { domainName: config.apiDomainName, hostedZone: config.hostedZone }
        : undefined;
    const firewall = config.waf
      ? this.makeFirewall(scope, id, props, {
          subscribeRateLimit: config.wafSubscribeRateLimit,
          ...(apiDomain && { domain: apiDomain }),
        })
      : undefined;
    const subscriptions = new SubscriptionApi(this, 'Subscriptions', {
      metricsNamespace,
      environment: (publicUrl) => ({
        ...shared(publicUrl),
        [ENVIRONMENT_VARIABLES.secretArn]: storage.secret.secretArn,
        [ENVIRONMENT_VARIABLES.configurationSetName]: email.configurationSet.configurationSetName,
        [ENVIRONMENT_VARIABLES.confirmationsPerHour]: String(config.confirmationsPerHour),
      }),
      ...(apiDomain && { customDomain: apiDomain }),
      ...(firewall && {
        edge: {
          webAclArn: firewall.webAcl.attrArn,
          ...(firewall.certificate && { certificate: firewall.certificate }),
        },
      }),
    });
    const api = subscriptions.handler;
    const sender = subscriptions.confirmationSender;
    // Subscribers are read (GetItem) and written conditionally (PutItem); rate counters are
    // incremented in place (UpdateItem). Both only under their own key prefixes.
    for (const grantee of [api, sender]) {
      storage.grantTable(grantee, ['GetItem', 'PutItem', 'UpdateItem'], {
        leadingKeys: [SUBSCRIBER_PREFIX, RATE_PREFIX],
      });
      storage.grantSecretValue(grantee);
    }
    // Only the sender mails: through the configuration set, so a confirmation's bounce or
    // complaint suppresses the address like a newsletter's.
    email.grantSendRawEmail(sender);

    const pipeline = new DeliveryPipeline(this, 'Delivery', {
      storage,
      email,
      schedule: config.cron,
      timeZone: config.timeZone,
      deliverConcurrency: config.deliverConcurrency,
      feeds: config.feeds,
      maxArticles: config.maxArticles,
      archive,
      environment: shared(subscriptions.url),
      metricsNamespace,
    });

    const sesEventsDlq = encryptedQueue(this, 'SesEventsDlq', {
      retentionPeriod: Duration.days(14),
    });
    acknowledge(sesEventsDlq, 'SQS3', 'This is a dead-letter queue: of ses-events invocations.');
    const sesEvents = new NewsletterFunction(this, 'SesEvents', {
      entry: HANDLER_ENTRIES.sesEvents,
      description:
        'Newsletter SES events: bounces and complaints suppress subscribers, deliveries reset the bounce count',
      serviceName: 'ses-events',
      metricsNamespace,
      environment: {
        ...shared(subscriptions.url),
        // Finds a subscriber by address: the id is a keyed hash of it.
        [ENVIRONMENT_VARIABLES.secretArn]: storage.secret.secretArn,
      },
    });
    // Read, decide, conditional put (updateSubscriber): no UpdateItem, subscribers only.
    storage.grantTable(sesEvents, ['GetItem', 'PutItem'], { leadingKeys: [SUBSCRIBER_PREFIX] });
    storage.grantSecretValue(sesEvents);
    sesEvents.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: failureQueue(sesEventsDlq),
    });
    email.eventsTopic.addSubscription(new LambdaSubscription(sesEvents.function));

    alarms.onErrors('ComposeErrors', pipeline.compose.function, 'compose');
    alarms.onErrors('DeliverErrors', pipeline.deliver.function, 'deliver');
    alarms.onErrors('SubscriptionApiErrors', api.function, 'subscription-api');
    alarms.onErrors('SesEventsErrors', sesEvents.function, 'ses-events');
    alarms.onErrors('ConfirmationSenderErrors', sender.function, 'confirmation-sender');
    alarms.onDeadLetters('SignUpsDlqDepth', subscriptions.signUpsDlq, 'Sign-ups that kept failing');
    const capReached = new cloudwatch.Alarm(this, 'ConfirmationCapReached', {
      metric: new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName: CONFIRMATION_CAP_METRIC,
        dimensionsMap: { service: 'confirmation-sender' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `More than ${config.confirmationsPerHour} confirmation emails were asked for in an hour (confirmationsPerHour): none are sent until the hour ends. Someone may be using the sign-up form to mail strangers; see the confirmation-sender logs`,
    });
    capReached.addAlarmAction(new SnsAction(alarms.topic));
    alarms.onDeadLetters(
      'RecipientsDlqDepth',
      pipeline.recipientsDlq,
      'Recipient batches that kept failing',
    );
    alarms.onDeadLetters(
      'ComposeDlqDepth',
      pipeline.composeDlq,
      'Failed schedule runs or compose runs',
    );
    alarms.onDeadLetters('SesEventsDlqDepth', sesEventsDlq, 'SES events that could not be handled');
    alarms.onStuckIssue(metricsNamespace, config.stuckIssueHours);
    alarms.onIdleNewsletter(metricsNamespace, config.schedulePeriodHours);
    alarms.onRejectedArticles(metricsNamespace);
    alarms.onSendingRefused(metricsNamespace);
    alarms.onServerErrors('SubscriptionApi5xx', subscriptions.api);
    alarms.onThrottles('ComposeThrottles', pipeline.compose.function, 'compose');
    alarms.onThrottles('DeliverThrottles', pipeline.deliver.function, 'deliver');
    alarms.onThrottles('SubscriptionApiThrottles', api.function, 'subscription-api');
    alarms.onThrottles('SesEventsThrottles', sesEvents.function, 'ses-events');
    alarms.onThrottles('ConfirmationSenderThrottles', sender.function, 'confirmation-sender');

    this.storage = storage;
    this.email = email;
    this.subscriptions = subscriptions;
    this.pipeline = pipeline;
    this.sesEvents = sesEvents;
    this.sesEventsDlq = sesEventsDlq;
    this.alarms = alarms;
    this.archive = archive;
    this.firewall = firewall;

    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    // The operator CLI (`--stack NAME`) finds the stack's resources through these outputs.
    output(
      STACK_OUTPUTS.publicUrl,
      subscriptions.url,
      config.apiDomainName
        ? 'NEWSLETTER_PUBLIC_URL: subscribe, confirm and unsubscribe links start here'
        : 'NEWSLETTER_PUBLIC_URL: links start here, and change if the API is replaced (set apiDomainName to keep them)',
    );
    output(
      STACK_OUTPUTS.bucketName,
      storage.bucket.bucketName,
      'Upload articles to s3://<bucket>/articles/; issues are archived under issues/<id>/',
    );
    output(
      STACK_OUTPUTS.composeFunction,
      pipeline.compose.function.functionName,
      'Invoke it to send now: {"articleKey": "articles/<file>"} or {} for the oldest unsent article',
    );
    output(
      'ArchiveUrl',
      listConfig.archiveUrl,
      'The public archive: index.html, feed.xml (Atom) and one page per issue',
    );
    output(
      'ArchiveDistributionDomain',
      archive.distribution.distributionDomainName,
      'Point archiveDomainName here (CNAME or alias) when its DNS is not in Route 53',
    );
    output(STACK_OUTPUTS.tableName, storage.table.tableName, 'Subscribers, issues and deliveries');
    output(
      STACK_OUTPUTS.secretArn,
      storage.secret.secretArn,
      'Secrets Manager secret that signs links and keys subscriber ids (the CLI reads it)',
    );
    output(
      STACK_OUTPUTS.configurationSet,
      email.configurationSet.configurationSetName,
      'SES configuration set every message is sent with',
    );
    output(STACK_OUTPUTS.fromAddress, config.fromAddress, 'Sender address of every message');
    output(
      STACK_OUTPUTS.queueUrl,
      pipeline.recipients.queueUrl,
      'Recipient batches on their way to deliver',
    );
    output(
      STACK_OUTPUTS.signUpQueueUrl,
      subscriptions.signUps.queueUrl,
      'Sign-ups on their way to the confirmation sender (subscribers import --send-confirmations queues here)',
    );
    output(
      STACK_OUTPUTS.confirmationsPerHour,
      String(config.confirmationsPerHour),
      'Confirmation emails sent an hour at most (confirmationsPerHour); an import queues no more than is left',
    );
    output(
      STACK_OUTPUTS.recipientsDlqUrl,
      pipeline.recipientsDlq.queueUrl,
      'Recipient batches that failed 5 times (newsletter dlq --redrive after fixing the cause)',
    );
    output(
      STACK_OUTPUTS.composeDlqUrl,
      pipeline.composeDlq.queueUrl,
      'Scheduled runs and compose runs that failed',
    );
    output(
      STACK_OUTPUTS.sesEventsDlqUrl,
      sesEventsDlq.queueUrl,
      'SES bounce and complaint events that could not be handled',
    );
    output(
      STACK_OUTPUTS.signUpsDlqUrl,
      subscriptions.signUpsDlq.queueUrl,
      'Sign-ups whose confirmation email failed 5 times',
    );
    output('AlarmTopic', alarms.topic.topicArn, 'Every alarm notifies this SNS topic');
    if (subscriptions.edge) {
      output(
        'SubscriptionDistributionDomain',
        subscriptions.edge.distribution.distributionDomainName,
        'CloudFront in front of the API (waf); apiDomainName, if set, points here',
      );
    }
  }

  /**
   * The web ACL must be made in us-east-1: here if the stack is there, else in a stack of its
   * own there, whose ARN this stack reads (a cross-region reference, which needs both regions).
   */
  private makeFirewall(
    scope: Construct,
    id: string,
    props: NewsletterStackProps,
    firewall: EdgeFirewallProps,
  ): EdgeFirewall {
    if (Token.isUnresolved(this.region)) {
      throw new ConfigError(
        'waf',
        `needs the stack's region (CloudFront takes web ACLs only from ${EDGE_REGION}): ` +
          'run the app through the cdk CLI, or set CDK_DEFAULT_REGION',
      );
    }
    if (this.region === EDGE_REGION) return new EdgeFirewall(this, 'Firewall', firewall);
    return new EdgeFirewallStack(scope, `${id}${FIREWALL_STACK_SUFFIX}`, {
      ...firewall,
      env: { account: props.env?.account, region: EDGE_REGION },
    }).firewall;
  }
}
