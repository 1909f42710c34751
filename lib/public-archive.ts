import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { NOT_FOUND_PAGE } from '../lambda/core/archive/archive-site';
import { ConfigError } from '../lambda/core/errors';
import { addAliasRecords, distributionBasics } from './distribution';
import { acknowledge, arnInFinding } from './nag';

export interface PublicArchiveProps {
  /**
   * The archive's own domain name (e.g. news.example.com).
   * @default the distribution's cloudfront.net name
   */
  readonly domainName?: string;
  /**
   * The Route 53 public hosted zone holding `domainName`: the certificate is validated through it
   * and an alias record points the name at the distribution.
   * @default no zone: `certificateArn` is needed with `domainName`
   */
  readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
  /**
   * An ACM certificate in us-east-1 for `domainName`, when the stack is deployed to another
   * region (CloudFront only takes certificates from us-east-1).
   * @default a DNS-validated certificate made in the stack, which must then be in us-east-1
   */
  readonly certificateArn?: string;
}

/**
 * The public archive: a bucket holding only the archive's files (an issue page per issue,
 * index.html, feed.xml), served by CloudFront through origin access control. The bucket stays
 * private; nothing but the distribution reads it, and nothing but compose writes it.
 */
export class PublicArchive extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<domain>: the base of every "view in browser" link. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicArchiveProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.bucket,
      'S1',
      'Public pages written by compose and read through CloudFront only; CloudFront is where ' +
        'reads would be logged, and the archive can be rebuilt from the issues it copies.',
    );

    const certificate = this.certificate(props);
    // CloudFront serves index.html only at the root (defaultRootObject): an issue's address
    // with 'index.html' left off ('<issue>/', as people shorten links) is its page too.
    const folderIndex = new cloudfront.Function(this, 'FolderIndex', {
      comment: "Serves '<folder>/' as '<folder>/index.html'",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { var request = event.request; if (request.uri.length > 1 && request.uri.endsWith('/')) { request.uri += 'index.html'; } return request; }",
      ),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Newsletter public archive',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
        functionAssociations: [
          { function: folderIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      // Without s3:ListBucket, S3 answers a key it does not hold (a taken-down issue, a link cut
      // short) 403 with its AccessDenied XML: visitors get the archive's 404 page instead, and
      // a page published since is found a minute later.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: `/${NOT_FOUND_PAGE}`,
        ttl: Duration.minutes(1),
      })),
      ...distributionBasics(
        this,
        certificate && props.domainName ? { domainName: props.domainName, certificate } : undefined,
        'archiveDomainName',
      ),
    });
    acknowledge(
      this.distribution,
      'CFR1',
      'A public newsletter archive is meant to be read from anywhere: no geo restriction.',
    );
    acknowledge(
      this.distribution,
      'CFR2',
      'Static public pages from a private bucket, GET and HEAD only: a WAF web ACL would add ' +
        'cost without anything to protect; attach one if your account requires it.',
    );
    acknowledge(
      this.distribution,
      'CFR3',
      'The archive is public and anonymous: no access log is kept (turn on standard logging ' +
        'to a log bucket if you need request counts).',
    );
    if (props.domainName && props.hostedZone) {
      addAliasRecords(this, this.distribution, props.domainName, props.hostedZone);
    }
    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
  }

  private certificate(props: PublicArchiveProps): acm.ICertificate | undefined {
    const { domainName, hostedZone, certificateArn } = props;
    if (!domainName) return undefined;
    if (certificateArn) {
      return acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn);
    }
    if (!hostedZone) {
      throw new ConfigError(
        'archiveDomainName',
        'needs hostedZoneId (to validate its certificate and point the name at CloudFront) or ' +
          'archiveCertificateArn (a us-east-1 certificate you made)',
      );
    }
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== 'us-east-1') {
      throw new ConfigError(
        'archiveDomainName',
        `needs a certificate in us-east-1 (CloudFront takes no other) but the stack is in ${
          Token.isUnresolved(region) ? 'an unknown region' : region
        }: deploy with CDK_DEFAULT_REGION=us-east-1, or make a certificate there and pass ` +
          '-c archiveCertificateArn=arn:aws:acm:us-east-1:…',
      );
    }
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'CertificateZone', hostedZone);
    return new acm.Certificate(this, 'Certificate', {
      domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
  }

  /** Lets compose write the archive's files (and nothing else in any bucket). */
  grantWrite(grantee: iam.IGrantable & IConstruct) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    acknowledge(
      grantee,
      `IAM5[Resource::${arnInFinding(this.bucket)}/*]`,
      'Compose writes any page of the archive bucket, which holds nothing but the archive.',
    );
  }
}
