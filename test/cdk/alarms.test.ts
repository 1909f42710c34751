import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { Alarms } from '../../lib/alarms';

/** The idle alarm's hourly periods for a schedule waiting this long between runs, or undefined. */
function idleAlarmHours(schedulePeriodHours: number): unknown {
  const stack = new Stack(new App(), 'Alarms');
  const alarms = new Alarms(stack, 'Alarms', { key: new kms.Key(stack, 'Key') });
  alarms.onIdleNewsletter('Newsletter', schedulePeriodHours);
  const idle = Object.values(
    Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'),
  ).find((alarm) => JSON.stringify(alarm).includes('ArticlesWaiting'));
  return idle?.Properties?.EvaluationPeriods;
}

describe('the idle-newsletter alarm', () => {
  it('waits two schedule periods, as far as CloudWatch looks back (7 days)', () => {
    expect(idleAlarmHours(24)).toBe(48);
    expect(idleAlarmHours(72)).toBe(144);
    expect(idleAlarmHours(168)).toBe(168);
  });

  it('is left out when runs are further apart than CloudWatch looks back', () => {
    // A monthly issue: 7 days of waiting articles would be told as a missed issue every month.
    expect(idleAlarmHours(744)).toBeUndefined();
    expect(idleAlarmHours(169)).toBeUndefined();
  });
});
