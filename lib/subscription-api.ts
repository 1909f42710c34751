import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONFIRMATION_TEMPLATE } from '../lambda/core/subscription/confirmation-email';
import { ROUTE_SUMMARY } from '../lambda/core/subscription/subscription-api';
import { ENVIRONMENT_VARIABLES } from '../lambda/handlers/environment';
import { HANDLER_ENTRIES, precompileTemplateCommands } from './bundling';
import { acknowledge } from './nag';
import { NewsletterFunction } from './newsletter-function';
import { encryptedQueue, grantSendMessage } from './queues';
import { SubscriptionEdge } from './subscription-edge';

interface RouteThrottle {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Requests the route takes at once above the steady rate. */
  readonly burstLimit: number;
}

/**
 * Each route has its own bucket, so a flood of sign-ups (or of anything else) never makes a
 * mailbox provider's one-click unsubscribe POST wait or get 429: it has the most generous limit.
 */
const ROUTE_THROTTLES: Readonly<Record<string, RouteThrottle>> = {
  'GET /subscribe': { rateLimit: 20, burstLimit: 40 },
  'POST /subscribe': { rateLimit: 10, burstLimit: 20 },
  'GET /confirm': { rateLimit: 20, burstLimit: 40 },
  'POST /confirm': { rateLimit: 20, burstLimit: 40 },
  'GET /unsubscribe': { rateLimit: 100, burstLimit: 200 },
  'POST /unsubscribe': { rateLimit: 500, burstLimit: 1000 },
};

/** How long the confirmation sender may take for a batch of sign-ups. */
const SENDER_TIMEOUT = Duration.seconds(30);

export interface SubscriptionApiProps {
  /** CloudWatch namespace of the functions' metrics. */
  readonly metricsNamespace: string;
  /** The functions' environment, given the API's public URL (NEWSLETTER_PUBLIC_URL). */
  readonly environment: (publicUrl: string) => Readonly<Record<string, string>>;
  /** Requests per second any other route (`$default`: unknown paths) accepts. @default 50 */
  readonly rateLimit?: number;
  /**
   * The API's own domain in a Route 53 public hosted zone: a certificate, a custom domain, the
   * mapping and the alias record are created, and links use `https://<domainName>`.
   * @default none: links use the execute-api URL, which changes if the API is replaced
   */
  readonly customDomain?: {
    readonly domainName: string;
    readonly hostedZone: { readonly hostedZoneId: string; readonly zoneName: string };
  };
  /**
   * Context `waf`: a CloudFront distribution with this web ACL in front of the API. Links use
   * the distribution, or `customDomain`, which then points at it and is served with `certificate`.
   * @default none: clients reach the API directly
   */
  readonly edge?: { readonly webAclArn: string; readonly certificate?: acm.ICertificate };
}

/**
 * The public HTTPS endpoint for subscribe, confirm and unsubscribe (including the one-click
 * unsubscribe POST that mailbox providers send): an API Gateway HTTP API with one route per
 * endpoint, each throttled on its own (ROUTE_THROTTLES), and `$default` for the rest, all to the
 * subscription-api function, which does its own routing. Sign-ups it accepts go to an SQS queue
 * that the confirmation-sender function consumes, after the answer.
 *
 * Why an HTTP API rather than a Function URL: the API's URL is known before the function exists
 * (it comes from the API resource, which does not depend on the function), so every function,
 * the subscription-api one included, gets the same NEWSLETTER_PUBLIC_URL in its environment. A
 * Function URL cannot be an environment variable of its own function (a circular reference); the
 * handler would have to trust the request's host or read the URL from SSM at runtime instead.
 * The HTTP API also throttles the unauthenticated endpoint per route and writes access logs. Its events
 * are the same payload format 2.0 a Function URL delivers.
 */
export class SubscriptionApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: NewsletterFunction;
  /** Accepted sign-ups, consumed by `confirmationSender`. */
  readonly signUps: sqs.Queue;
  readonly signUpsDlq: sqs.Queue;
  /** Decides each sign-up and sends the double opt-in email (it carries mjml; the API does not). */
  readonly confirmationSender: NewsletterFunction;
  /** NEWSLETTER_PUBLIC_URL: the API's base URL, without a trailing slash. */
  readonly url: string;
  /** With `edge`: CloudFront and the web ACL in front of the API. */
  readonly edge?: SubscriptionEdge;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Newsletter subscribe, confirm and unsubscribe',
      createDefaultStage: false,
      // With a custom domain, links never use the execute-api URL; nothing else should either,
      // except CloudFront, whose origin it is.
      disableExecuteApiEndpoint: props.customDomain !== undefined && props.edge === undefined,
    });
    this.edge = props.edge && this.addEdge(props.edge, props.customDomain);
    this.url =
      this.edge?.url ??
      (props.customDomain ? `https://${props.customDomain.domainName}` : this.api.apiEndpoint);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const rateLimit = props.rateLimit ?? 50;
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit, burstLimit: rateLimit * 2 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No query string: tokens travel in it.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
          }),
        ),
      },
    });

    this.signUpsDlq = encryptedQueue(this, 'SignUpsDlq', { retentionPeriod: Duration.days(4) });
    this.signUps = encryptedQueue(this, 'SignUps', {
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      // A confirmation a day late is no use: the sign-up is retried by the person instead.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.signUpsDlq, maxReceiveCount: 5 },
    });

    const environment = props.environment(this.url);
    this.handler = new NewsletterFunction(this, 'Handler', {
      entry: HANDLER_ENTRIES.subscriptionApi,
      description: 'Newsletter subscription API: subscribe, confirm, unsubscribe',
      serviceName: 'subscription-api',
      metricsNamespace: props.metricsNamespace,
      timeout: Duration.seconds(10),
      environment: {
        ...environment,
        [ENVIRONMENT_VARIABLES.signUpQueueUrl]: this.signUps.queueUrl,
        ...(this.edge && {
          [ENVIRONMENT_VARIABLES.originSecretArn]: this.edge.originSecret.secretArn,
        }),
      },
    });
    grantSendMessage(this.signUps, this.handler);
    if (this.edge) {
      this.handler.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.edge.originSecret.secretArn],
        }),
      );
    }

    this.confirmationSender = new NewsletterFunction(this, 'ConfirmationSender', {
      entry: HANDLER_ENTRIES.confirmationSender,
      description:
        'Newsletter confirmation sender: decides each sign-up, sends the double opt-in email',
      serviceName: 'confirmation-sender',
      metricsNamespace: props.metricsNamespace,
      timeout: SENDER_TIMEOUT,
      environment,
      afterBundling: precompileTemplateCommands(CONFIRMATION_TEMPLATE),
    });
    this.confirmationSender.function.addEventSource(
      new SqsEventSource(this.signUps, {
        batchSize: 10,
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );

    const integration = new HttpLambdaIntegration('Integration', this.handler.function);
    const routes = [
      new apigw.HttpRoute(this, 'DefaultRoute', {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.DEFAULT,
        integration,
      }),
    ];
    const routeSettings: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};
    for (const key of ROUTE_SUMMARY) {
      const throttle = ROUTE_THROTTLES[key];
      if (!throttle) throw new Error(`ROUTE_THROTTLES has no limit for ${key}; add one`);
      const [method = '', path = ''] = key.split(' ');
      routes.push(
        new apigw.HttpRoute(this, `Route${method}${path.replaceAll('/', '-')}`, {
          httpApi: this.api,
          routeKey: apigw.HttpRouteKey.with(path, method as apigw.HttpMethod),
          integration,
        }),
      );
      routeSettings[key] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
    }
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = routeSettings;
    // Route settings name routes, which must exist when the stage is updated.
    for (const route of routes) {
      cfnStage.node.addDependency(route);
      acknowledge(
        route,
        'APIG4',
        'Public by design: anyone may ask to subscribe (double opt-in), and confirm and ' +
          'unsubscribe are authorised by the signed token in the link; every route is throttled.',
      );
    }

    if (props.customDomain && !this.edge) this.addCustomDomain(props.customDomain);
  }

  private addEdge(
    edge: NonNullable<SubscriptionApiProps['edge']>,
    custom: SubscriptionApiProps['customDomain'],
  ): SubscriptionEdge {
    const { webAclArn, certificate } = edge;
    if (custom && !certificate) {
      throw new Error('SubscriptionApi: a custom domain behind CloudFront needs edge.certificate');
    }
    return new SubscriptionEdge(this, 'Edge', {
      api: this.api,
      webAclArn,
      ...(custom && certificate && { domain: { ...custom, certificate } }),
    });
  }

  private addCustomDomain(custom: NonNullable<SubscriptionApiProps['customDomain']>): void {
    const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(
      this,
      'Zone',
      custom.hostedZone,
    );
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: custom.domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const domainName = new apigw.DomainName(this, 'DomainName', {
      domainName: custom.domainName,
      certificate,
    });
    new apigw.ApiMapping(this, 'Mapping', { api: this.api, domainName, stage: this.stage });
    new route53.ARecord(this, 'Alias', {
      zone,
      recordName: custom.domainName,
      target: route53.RecordTarget.fromAlias(
        new ApiGatewayv2DomainProperties(
          domainName.regionalDomainName,
          domainName.regionalHostedZoneId,
        ),
      ),
    });
  }
}
