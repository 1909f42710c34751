/**
 * Context `waf`: AWS WAF cannot be attached to an API Gateway HTTP API, so a CloudFront
 * distribution is put in front of it and the web ACL is attached to the distribution. A web ACL
 * for CloudFront (and a certificate for it) can only be made in us-east-1: EdgeFirewall lives in
 * the newsletter stack when that is in us-east-1, else in a small stack of its own there.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../lambda/core/subscription/edge';
import { addAliasRecords, distributionBasics, type HostedZoneAttributes } from './distribution';
import { acknowledge } from './nag';

/** The only region CloudFront takes web ACLs and certificates from. */
export const EDGE_REGION = 'us-east-1';

/** The window a rate-based rule counts requests over (WAF's default; 60 to 600 allowed). */
const WAF_WINDOW_SECONDS = 300;

export interface EdgeFirewallProps {
  /** `POST /subscribe` requests one client IP may send in WAF_WINDOW_SECONDS. */
  readonly subscribeRateLimit: number;
  /** The API's own domain: a DNS-validated certificate for CloudFront is made for it. */
  readonly domain?: { readonly domainName: string; readonly hostedZone: HostedZoneAttributes };
}

/** The web ACL (scope CLOUDFRONT) and the distribution's certificate: both in us-east-1. */
export class EdgeFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly certificate?: acm.Certificate;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      metricName,
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
    });
    const matches = (fieldToMatch: object, searchString: string, transformation: string) => ({
      byteMatchStatement: {
        fieldToMatch,
        searchString,
        positionalConstraint: 'EXACTLY',
        textTransformations: [{ priority: 0, type: transformation }],
      },
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Newsletter subscription API: sign-ups per client IP',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('NewsletterSubscriptionApi'),
      rules: [
        {
          name: 'SubscribePerClientIp',
          priority: 0,
          // 429, like the API's own limits: the form tells a person to wait.
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: props.subscribeRateLimit,
              evaluationWindowSec: WAF_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    // `//subscribe` or `/x/../subscribe` are sign-ups too, if anything normalises them.
                    matches({ uriPath: {} }, '/subscribe', 'NORMALIZE_PATH'),
                    matches({ method: {} }, 'POST', 'NONE'),
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('SubscribePerClientIp'),
        },
      ],
    });

    if (props.domain) {
      const { domainName, hostedZone } = props.domain;
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', hostedZone);
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName,
        validation: acm.CertificateValidation.fromDns(zone),
      });
    }
  }
}

/** EdgeFirewall in a stack of its own in us-east-1, for a newsletter stack in another region. */
export class EdgeFirewallStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StackProps & EdgeFirewallProps) {
    super(scope, id, {
      description: 'Newsletter: the WAF web ACL (and certificate) CloudFront takes from us-east-1',
      ...props,
    });
    this.firewall = new EdgeFirewall(this, 'Firewall', props);
  }
}

export interface SubscriptionEdgeProps {
  readonly api: apigw.HttpApi;
  /** The ARN of a web ACL of scope CLOUDFRONT. */
  readonly webAclArn: string;
  /** The API's own domain, served by the distribution with this us-east-1 certificate. */
  readonly domain?: {
    readonly domainName: string;
    readonly hostedZone: HostedZoneAttributes;
    readonly certificate: acm.ICertificate;
  };
}

/**
 * The CloudFront distribution in front of the subscription API: nothing cached, every method,
 * the query string (tokens travel in it) and the headers the API reads forwarded, and a secret
 * header that proves to the API that a request came this way (see lambda/core/subscription/edge.ts).
 */
export class SubscriptionEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** CloudFront sends it in ORIGIN_SECRET_HEADER; the API reads it to recognise CloudFront. */
  readonly originSecret: secretsmanager.Secret;
  /** https://<domain>: the base of every link. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SubscriptionEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: 'CloudFront sends it to the subscription API: proof a request passed the WAF',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.originSecret,
      'SMG4',
      'A new value must reach the distribution and the function together; redeploying after ' +
        'deleting the secret does that. It only proves a request came through CloudFront.',
    );
    const origin = new HttpOrigin(
      `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        customHeaders: { [ORIGIN_SECRET_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
      },
    );
    const forwarded = new cloudfront.OriginRequestPolicy(this, 'Forwarded', {
      comment: 'Newsletter subscription API: what it reads of the request (not Host)',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
        // Whether to answer in JSON or HTML: a script that asks for JSON gets JSON.
        'Accept',
        'Content-Type',
        'User-Agent',
        // The viewer's IP and port: the API's own rate limits and consent records use the IP.
        'CloudFront-Viewer-Address',
      ),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const domain = props.domain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Newsletter subscription API behind AWS WAF',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: forwarded,
      },
      webAclId: props.webAclArn,
      ...distributionBasics(this, domain, 'apiDomainName'),
    });
    acknowledge(
      this.distribution,
      'CFR1',
      'Anyone anywhere may sign up or unsubscribe (mailbox providers POST one-click ' +
        'unsubscribes from their own networks): no geo restriction.',
    );
    acknowledge(
      this.distribution,
      'CFR3',
      'The API stage keeps an access log of every request that reaches it (without the query ' +
        'string, where tokens travel); WAF keeps sampled requests of the ones it blocks.',
    );
    if (domain) addAliasRecords(this, this.distribution, domain.domainName, domain.hostedZone);
    this.url = `https://${domain?.domainName ?? this.distribution.distributionDomainName}`;
  }
}
