/**
 * The public archive in the stack: a private bucket served by CloudFront through origin access
 * control, the "view in browser" links pointing at it, and the optional custom domain.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readStackConfig } from '../../lib/config';
import { createNewsletterApp } from '../../lib/newsletter-app';
import { PublicArchive, type PublicArchiveProps } from '../../lib/public-archive';

const EXAMPLE_CONTEXT = JSON.parse(readFileSync('cdk.json', 'utf8')).context;

function synth(context: Record<string, unknown> = {}) {
  const app = new App({
    context: { ...EXAMPLE_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = createNewsletterApp(app);
  return { stack, template: Template.fromStack(stack) };
}

/** The archive alone in a stack of its own (a whole newsletter stack takes seconds to build). */
function archiveAlone(props: PublicArchiveProps, region = 'us-east-1') {
  const stack = new Stack(new App(), 'Archive', { env: { account: '123456789012', region } });
  new PublicArchive(stack, 'Archive', props);
  return Template.fromStack(stack);
}

const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

const { stack, template } = synth({ feeds: 'https://blog.example.com/feed.xml' });

function archiveBucketId(): string {
  return stack.getLogicalId(stack.archive.bucket.node.defaultChild as CfnElement);
}

describe('the public archive', () => {
  it('is a CloudFront distribution over a private bucket, HTTPS only, index.html at the root', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
        }),
        Origins: [
          Match.objectLike({
            DomainName: {
              'Fn::GetAtt': [archiveBucketId(), 'RegionalDomainName'],
            },
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it("answers an address the bucket does not hold with the archive's 404 page, not S3's AccessDenied XML", () => {
    // Without s3:ListBucket, S3 says 403 for a missing key: a taken-down issue, a mistyped link.
    const notFound = { ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 };
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [
          { ErrorCode: 403, ...notFound },
          { ErrorCode: 404, ...notFound },
        ],
      }),
    });
  });

  it("serves an issue's folder address ('<issue>/') as its page, as the root serves index.html", () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
        }),
      }),
    });
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    expect(fn?.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const handler = new Function(`${fn?.Properties.FunctionCode}; return handler;`)();
    const uriOf = (uri: string) => handler({ request: { uri } }).uri;
    expect(uriOf('/issue-0123456789/')).toBe('/issue-0123456789/index.html');
    for (const uri of ['/', '/feed.xml', '/issue-0123456789/index.html', '/404.html']) {
      expect(uriOf(uri)).toBe(uri);
    }
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: archiveBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': Match.anyValue(),
              },
            },
          }),
        ]),
      },
    });
  });

  it('points every function\'s "view in browser" link at the distribution', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const archiveUrls = Object.values(functions)
      .map((fn) => fn.Properties.Environment?.Variables?.NEWSLETTER_ARCHIVE_URL)
      .filter((value) => value !== undefined);
    expect(archiveUrls.length).toBeGreaterThanOrEqual(3);
    for (const url of archiveUrls) {
      expect(JSON.stringify(url)).toContain('DomainName');
      expect(JSON.stringify(url)).toContain('https://');
    }
  });

  it("gives compose the schedule's time zone, which the archive dates its issues in", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NEWSLETTER_ARCHIVE_BUCKET: Match.anyValue(),
          NEWSLETTER_TIME_ZONE: EXAMPLE_CONTEXT.timeZone,
        }),
      },
    });
  });

  it('gives compose the archive bucket, and the feeds with the scheduled time, through its schedule', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ NEWSLETTER_ARCHIVE_BUCKET: Match.anyValue() }),
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        Input: JSON.stringify({
          feeds: ['https://blog.example.com/feed.xml'],
          maxArticles: 5,
          scheduledTime: '<aws.scheduler.scheduled-time>',
          idempotencyKey: '<aws.scheduler.execution-id>',
        }),
      }),
    });
  });

  it('serves a custom domain with a DNS-validated certificate and alias records', () => {
    const custom = archiveAlone({ domainName: 'news.example.com', hostedZone: ZONE });
    custom.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'news.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        { DomainName: 'news.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ],
    });
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['news.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    for (const type of ['A', 'AAAA']) {
      custom.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'news.example.com.',
        Type: type,
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      });
    }
  });

  it('refuses a custom domain it cannot give a us-east-1 certificate, naming the way out', () => {
    expect(() =>
      archiveAlone({ domainName: 'news.example.com', hostedZone: ZONE }, 'eu-west-1'),
    ).toThrow(/archiveDomainName needs a certificate in us-east-1 .* archiveCertificateArn/);
    expect(() => archiveAlone({ domainName: 'news.example.com' })).toThrow(
      /archiveDomainName needs hostedZoneId/,
    );
  });

  it('takes a us-east-1 certificate for a stack elsewhere', () => {
    const certificateArn =
      'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const custom = archiveAlone({ domainName: 'news.example.com', certificateArn }, 'eu-west-1');
    custom.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    custom.resourceCountIs('AWS::Route53::RecordSet', 0);
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: certificateArn }),
      }),
    });
  });

  it('checks the domain belongs to the hosted zone', () => {
    expect(() =>
      readStackConfig(
        (key) =>
          ({
            ...EXAMPLE_CONTEXT,
            archiveDomainName: 'news.example.org',
            hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          })[key],
      ),
    ).toThrow('Configuration archiveDomainName is invalid (must be in the hosted zone example.com');
  });
});
