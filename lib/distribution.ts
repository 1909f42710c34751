/** What the stack's CloudFront distributions (the archive, the API behind WAF) share. */
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

export interface HostedZoneAttributes {
  readonly hostedZoneId: string;
  readonly zoneName: string;
}

/**
 * HTTP/2 and 3, the cheapest price class and, with a domain of its own, its names, certificate
 * and TLS 1.2 (2021) at least. Without one, CloudFront's default certificate, whose security
 * policy cannot be chosen: acknowledged for cdk-nag, naming the context key that would change it.
 */
export function distributionBasics(
  scope: Construct,
  domain: { readonly domainName: string; readonly certificate: acm.ICertificate } | undefined,
  domainKey: string,
) {
  if (!domain) {
    acknowledge(
      scope,
      'CFR4',
      `Without ${domainKey} the distribution uses CloudFront's default certificate, whose ` +
        'security policy cannot be chosen; with a domain it requires TLSv1.2_2021.',
    );
  }
  return {
    ...(domain && {
      domainNames: [domain.domainName],
      certificate: domain.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    }),
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
  };
}

/** Alias A and AAAA records that point `domainName` at the distribution. */
export function addAliasRecords(
  scope: Construct,
  distribution: cloudfront.IDistribution,
  domainName: string,
  hostedZone: HostedZoneAttributes,
): void {
  const zone = route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', hostedZone);
  const target = route53.RecordTarget.fromAlias(new CloudFrontTarget(distribution));
  new route53.ARecord(scope, 'Alias', { zone, recordName: domainName, target });
  new route53.AaaaRecord(scope, 'AliasIpv6', { zone, recordName: domainName, target });
}
