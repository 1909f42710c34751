/** Acknowledging cdk-nag findings: each one names its rule and says why it does not apply. */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges an AwsSolutions rule (e.g. "S1", or "IAM5[Resource::…]" for one finding) on a
 * construct and everything under it.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

/** How cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
export function arnInFinding(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}
