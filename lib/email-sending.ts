import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** The domain SES sends from (DKIM-signed). */
  readonly senderDomain: string;
  /** The public hosted zone that holds senderDomain; the DKIM records are created in it. */
  readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
  /** Encrypts the topic that carries SES events (they contain recipient addresses). */
  readonly key: kms.IKey;
}

/**
 * Sending with SES: the domain identity with Easy DKIM, and a configuration set with reputation
 * metrics whose bounces, complaints, rejects, delivery delays and deliveries are published to an
 * SNS topic. Deliveries are there because ses-events resets an address's count of transient
 * bounces when a message reaches it: only three bounces in a row suppress it.
 * Without a hosted zone the three DKIM CNAME records become stack outputs to enter at the DNS
 * provider.
 */
export class EmailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** SES bounce, complaint, reject, delivery-delay and delivery events. */
  readonly eventsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const zone =
      props.hostedZone &&
      route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', props.hostedZone);
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      // The zone may be a parent of the sender domain: the DKIM records go in it either way.
      identity: zone
        ? { value: props.senderDomain, hostedZone: zone }
        : ses.Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });
    if (!zone) {
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `DKIM CNAME record ${index + 1} of 3 to create at the DNS provider of ${props.senderDomain}`,
          value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        });
      });
    }

    this.eventsTopic = new sns.Topic(this, 'EventsTopic', {
      displayName: 'Newsletter SES events',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.DELIVERY,
      ],
    });
  }

  /** The configuration set's ARN (IAM scopes sending to it). */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /**
   * Lets the grantee send raw email from this identity with this configuration set, and nothing
   * else: one action, two resources.
   */
  grantSendRawEmail(grantee: iam.IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      }),
    );
  }
}
