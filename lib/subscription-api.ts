import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { copyTemplatesCommands, HANDLER_ENTRIES } from './bundling';
import { acknowledge } from './nag';
import { NewsletterFunction } from './newsletter-function';

export interface SubscriptionApiProps {
  /** CloudWatch namespace of the function's metrics. */
  readonly metricsNamespace: string;
  /** The function's environment, given the API's URL (NEWSLETTER_PUBLIC_URL). */
  readonly environment: (publicUrl: string) => Readonly<Record<string, string>>;
  /** Requests per second the whole API accepts (then 429). @default 50 */
  readonly rateLimit?: number;
}

/**
 * The public HTTPS endpoint for subscribe, confirm and unsubscribe (including the one-click
 * unsubscribe POST that mailbox providers send): an API Gateway HTTP API whose `$default` route
 * sends every request to the subscription-api function, which does its own routing.
 *
 * Why an HTTP API rather than a Function URL: the API's URL is known before the function exists
 * (it comes from the API resource, which does not depend on the function), so every function,
 * the subscription-api one included, gets the same NEWSLETTER_PUBLIC_URL in its environment. A
 * Function URL cannot be an environment variable of its own function (a circular reference); the
 * handler would have to trust the request's host or read the URL from SSM at runtime instead.
 * The HTTP API also throttles the unauthenticated endpoint and writes access logs. Its events
 * are the same payload format 2.0 a Function URL delivers.
 */
export class SubscriptionApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: NewsletterFunction;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Newsletter subscribe, confirm and unsubscribe',
      createDefaultStage: false,
    });
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
            status: '$context.status',
            latencyMs: '$context.responseLatency',
          }),
        ),
      },
    });
    this.handler = new NewsletterFunction(this, 'Handler', {
      entry: HANDLER_ENTRIES.subscriptionApi,
      description: 'Newsletter subscription API: subscribe, confirm, unsubscribe',
      serviceName: 'subscription-api',
      metricsNamespace: props.metricsNamespace,
      timeout: Duration.seconds(10),
      // MJML compiles on the first sign-up of a container: more memory is more CPU.
      memorySize: 1024,
      environment: props.environment(this.url),
      // It compiles the confirmation email's template.
      afterBundling: copyTemplatesCommands,
    });
    const route = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Integration', this.handler.function),
    });
    acknowledge(
      route,
      'APIG4',
      'Public by design: anyone may ask to subscribe (double opt-in), and confirm and ' +
        'unsubscribe are authorised by the signed token in the link; the stage is throttled.',
    );
  }

  /** NEWSLETTER_PUBLIC_URL: the API's base URL, without a trailing slash. */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
