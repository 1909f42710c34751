import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Where SES starts reviewing an account (5 % bounces, 0.1 % complaints) is too late to react;
 * these alarms go off well below.
 */
const BOUNCE_RATE_ALARM = 0.02;
const COMPLAINT_RATE_ALARM = 0.0008;

/** CloudWatch evaluates at most 7 days of hourly periods. */
const MAX_ALARM_HOURS = 168;

export interface AlarmsProps {
  /** Encrypts the alarm topic; CloudWatch must be allowed to use it. */
  readonly key: kms.IKey;
  /** Subscribed to the topic when given (the address must confirm the subscription). */
  readonly email?: string;
}

/** An SNS topic for every alarm, and the alarms the newsletter needs. */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Newsletter alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);

    this.add('BounceRate', {
      metric: sesReputation('Reputation.BounceRate'),
      threshold: BOUNCE_RATE_ALARM,
      description: `SES bounce rate is at or above ${BOUNCE_RATE_ALARM * 100} % (SES reviews accounts at 5 %)`,
    });
    this.add('ComplaintRate', {
      metric: sesReputation('Reputation.ComplaintRate'),
      threshold: COMPLAINT_RATE_ALARM,
      description: `SES complaint rate is at or above ${COMPLAINT_RATE_ALARM * 100} % (SES reviews accounts at 0.1 %)`,
    });
  }

  /** Any error of the function in five minutes. */
  onErrors(id: string, fn: lambda.IFunction, name: string) {
    this.add(id, {
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `The ${name} function failed; see its logs`,
    });
  }

  /**
   * An issue `sending` or `paused` for longer than `hours`: deliver publishes the age of the
   * oldest unfinished issue it works on (a paused issue's re-checks keep it coming).
   */
  onStuckIssue(namespace: string, hours: number) {
    this.add('IssueStuck', {
      metric: new cloudwatch.Metric({
        namespace,
        metricName: 'OldestUnfinishedIssueAgeSeconds',
        dimensionsMap: { service: 'deliver' },
        statistic: 'Maximum',
        period: Duration.minutes(15),
      }),
      threshold: hours * 3600,
      description: `An issue has been sending or paused for more than ${hours} h; see newsletter status and deliver's logs`,
    });
  }

  /**
   * Articles waiting while no issue was sent for two schedule periods: compose reports the
   * articles it found waiting (held until its next run), deliver each issue it finished. None
   * for a schedule with runs more than 7 days apart (monthly): CloudWatch looks back no further,
   * so articles waiting a week between two runs on time would be told as a missed issue.
   */
  onIdleNewsletter(namespace: string, schedulePeriodHours: number) {
    if (schedulePeriodHours > MAX_ALARM_HOURS) return;
    const metric = (metricName: string, service: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap: { service },
        statistic,
        period: Duration.hours(1),
      });
    const hours = Math.min(MAX_ALARM_HOURS, 2 * schedulePeriodHours);
    const alarm = new cloudwatch.Alarm(this, 'NewsletterIdle', {
      metric: new cloudwatch.MathExpression({
        expression: 'IF(FILL(waiting, REPEAT) > 0 AND FILL(sent, 0) == 0, 1, 0)',
        usingMetrics: {
          waiting: metric('ArticlesWaiting', 'compose', 'Maximum'),
          sent: metric('IssuesSent', 'deliver', 'Sum'),
        },
        period: Duration.hours(1),
        label: 'articles waiting, no issue sent',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Articles have been waiting and no issue was sent for ${hours} h (two schedule periods); see compose's and deliver's logs`,
    });
    alarm.addAlarmAction(this.action);
  }

  /**
   * Any article compose passed over for good (it cannot be used, or it is a changed copy under a
   * key already sent): compose counts each upload once, the first time it sees it, and otherwise
   * only logs it.
   */
  onRejectedArticles(namespace: string) {
    this.add('ArticlesRejected', {
      ...anyOf(namespace, 'ArticlesRejected', 'compose'),
      description:
        "An article under articles/ was passed over and will not be sent (it cannot be used, or it changes an article already sent under the same key); compose's logs say which and why",
    });
  }

  /**
   * SES refusing to send for a cause someone must fix (a paused account or configuration set, a
   * deleted configuration set, an unverified sender, refused credentials): deliver counts each
   * invocation it paused an issue in. The paused issue's re-checks come every 15 minutes, so a
   * period without data keeps the alarm as it is; the first invocation SES sends again ends it.
   */
  onSendingRefused(namespace: string) {
    this.add('SendingRefused', {
      ...anyOf(namespace, 'SendingRefused', 'deliver'),
      missingData: cloudwatch.TreatMissingData.IGNORE,
      description:
        "SES refuses to send for the account, and the issue waits paused until the cause is fixed; deliver's error log 'SES refuses to send' and newsletter status give SES's reason",
    });
  }

  /** Any 5xx answer of the subscription API in five minutes. */
  onServerErrors(id: string, api: apigw.IHttpApi) {
    this.add(id, {
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'The subscription API answered 5xx; see subscription-api logs',
    });
  }

  /** Any throttled invocation of the function in five minutes (concurrency limits). */
  onThrottles(id: string, fn: lambda.IFunction, name: string) {
    this.add(id, {
      metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Invocations of the ${name} function were throttled; check the account's Lambda concurrency`,
    });
  }

  /** Any message in the dead-letter queue. */
  onDeadLetters(id: string, queue: sqs.IQueue, what: string) {
    this.add(id, {
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `${what} in ${queue.queueName}; inspect them, then redrive or delete them`,
    });
  }

  private add(
    id: string,
    options: {
      metric: cloudwatch.IMetric;
      threshold: number;
      description: string;
      /** @default at or above the threshold */
      comparison?: cloudwatch.ComparisonOperator;
      /** @default not breaching */
      missingData?: cloudwatch.TreatMissingData;
    },
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator:
        options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: options.missingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}

/** Any count above zero in five minutes of one of the newsletter's own metrics. */
function anyOf(namespace: string, metricName: string, service: string) {
  return {
    metric: new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { service },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  };
}

/** Account-wide reputation rates: the figures SES itself reviews an account by. */
function sesReputation(metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    statistic: 'Maximum',
    period: Duration.hours(1),
  });
}
