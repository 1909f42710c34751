/**
 * Context `waf`: CloudFront in front of the subscription API with an AWS WAF web ACL whose
 * rate-based rule limits sign-ups per client IP, and every link through CloudFront. The web ACL
 * (and a certificate for apiDomainName) is made in us-east-1: in the stack when it is there, in
 * a stack of its own otherwise. Each app is synthesized, so cdk-nag's checks run on it (an
 * unacknowledged finding throws).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, type Environment, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_HEADER } from '../../lambda/core/subscription/edge';
import { createNewsletterApp } from '../../lib/newsletter-app';

const EXAMPLE_CONTEXT = JSON.parse(readFileSync('cdk.json', 'utf8')).context;
const OUTDIR = mkdtempSync(path.join(tmpdir(), 'newsletter-waf-'));

afterAll(() => {
  rmSync(OUTDIR, { recursive: true, force: true });
});

function synth(name: string, env: Environment | undefined, context: Record<string, unknown>) {
  const app = new App({
    context: { ...EXAMPLE_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] },
    outdir: path.join(OUTDIR, name),
    builtinCloudFormationValidation: false,
  });
  const stack = createNewsletterApp(app, { env });
  app.synth();
  return { app, stack, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function functionsOf(template: Template) {
  return Object.values(template.toJSON().Resources as Resources).filter(
    (resource) => resource.Type === 'AWS::Lambda::Function',
  );
}

describe('with -c waf=true in us-east-1', () => {
  const { stack, template } = synth('us-east-1', { region: 'us-east-1' }, { waf: 'true' });
  const distributionId = () =>
    logicalId(stack, stack.subscriptions.edge?.distribution as IConstruct);

  it('has a CLOUDFRONT web ACL that blocks an IP sending more than 100 POST /subscribe in 5 minutes', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: 'IP',
              Limit: 100,
              EvaluationWindowSec: 300,
              ScopeDownStatement: {
                AndStatement: {
                  Statements: [
                    {
                      ByteMatchStatement: Match.objectLike({
                        FieldToMatch: { UriPath: {} },
                        PositionalConstraint: 'EXACTLY',
                        SearchString: '/subscribe',
                      }),
                    },
                    {
                      ByteMatchStatement: Match.objectLike({
                        FieldToMatch: { Method: {} },
                        SearchString: 'POST',
                      }),
                    },
                  ],
                },
              },
            },
          },
        }),
      ],
    });
  });

  it('attaches it to a distribution in front of the API: nothing cached, every method, query and needed headers forwarded', () => {
    const webAcl = Object.entries(template.toJSON().Resources as Resources).find(
      ([, resource]) => resource.Type === 'AWS::WAFv2::WebACL',
    )?.[0];
    const api = logicalId(stack, stack.subscriptions.api);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [webAcl, 'Arn'] },
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayWith(['GET', 'HEAD', 'POST']),
          // The managed CachingDisabled policy.
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: { Ref: Match.anyValue() },
        }),
        Origins: [
          Match.objectLike({
            DomainName: {
              'Fn::Join': [
                '',
                [{ Ref: api }, Match.stringLikeRegexp('execute-api'), Match.anyValue()],
              ],
            },
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
            OriginCustomHeaders: [
              { HeaderName: ORIGIN_SECRET_HEADER, HeaderValue: Match.anyValue() },
            ],
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          // Accept: a script asking for JSON (Accept: application/json) gets JSON, as without waf.
          Headers: ['Accept', 'Content-Type', 'User-Agent', 'CloudFront-Viewer-Address'],
        },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      }),
    });
  });

  it('puts every link on the distribution, and gives only the API function the origin secret', () => {
    const functions = functionsOf(template);
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: {
          NEWSLETTER_PUBLIC_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]],
          },
        },
      });
    }
    const secret = logicalId(stack, stack.subscriptions.edge?.originSecret as IConstruct);
    const handler = logicalId(stack, stack.subscriptions.handler.function);
    const resources = template.toJSON().Resources as Resources;
    expect(resources[handler]?.Properties.Environment).toMatchObject({
      Variables: { NEWSLETTER_ORIGIN_SECRET_ARN: { Ref: secret } },
    });
    expect(functions.filter((fn) => JSON.stringify(fn).includes('ORIGIN_SECRET'))).toHaveLength(1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: Match.arrayWith([{ Ref: secret }]),
          },
        ]),
      },
    });
    expect(template.toJSON().Outputs.SubscriptionApiUrl.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]],
    });
  });
});

describe('with -c waf=true and apiDomainName in another region', () => {
  const { app, stack, template } = synth(
    'eu-central-1',
    { account: '123456789012', region: 'eu-central-1' },
    {
      waf: true,
      wafSubscribeRateLimit: '20',
      hostedZoneId: 'Z0123456789ABC',
      apiDomainName: 'news.example.com',
    },
  );
  const companion = app.node.findChild('NewsletterFirewall') as Stack;
  const edge = Template.fromStack(companion);

  it('makes the web ACL and the certificate in a us-east-1 stack of their own', () => {
    expect(companion.region).toBe('us-east-1');
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 20 }) } }),
      ],
    });
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'news.example.com',
      ValidationMethod: 'DNS',
    });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(stack.dependencies).toContain(companion);
  });

  it('serves apiDomainName from the distribution, which the alias records point at, and every link uses it', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['news.example.com'],
        // Read from the us-east-1 stack's outputs at deploy time.
        WebACLId: {
          'Fn::GetStackOutput': Match.objectLike({
            StackName: 'NewsletterFirewall',
            Region: 'us-east-1',
          }),
        },
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    const distribution = logicalId(stack, stack.subscriptions.edge?.distribution as IConstruct);
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'news.example.com.',
        Type: type,
        AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [distribution, 'DomainName'] } }),
      });
    }
    // CloudFront's origin: the execute-api endpoint stays on, the API's own domain is not made.
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    for (const fn of functionsOf(template)) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NEWSLETTER_PUBLIC_URL: 'https://news.example.com' },
      });
    }
  });
});

describe('with -c waf=true and no known region', () => {
  it('refuses at synth, saying why the region matters and how to give it', () => {
    const app = new App({
      context: { ...EXAMPLE_CONTEXT, waf: true, 'aws:cdk:bundling-stacks': [] },
    });
    expect(() => createNewsletterApp(app)).toThrow(
      /^Configuration waf needs the stack's region \(CloudFront takes web ACLs only from us-east-1\): .*CDK_DEFAULT_REGION/,
    );
  });
});
