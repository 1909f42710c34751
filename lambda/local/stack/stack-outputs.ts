/** The deployed stack's CloudFormation outputs, as the operator CLI reads them. */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { NewsletterError } from '../../core/errors';
import { STACK_OUTPUTS } from './output-keys';

export { STACK_OUTPUTS };

export type StackOutput = keyof typeof STACK_OUTPUTS;

/** A stack the CLI has found: its name, region and outputs by key. */
export interface FoundStack {
  readonly name: string;
  readonly region: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** CloudFormation's StackStatus (`UPDATE_COMPLETE`, `UPDATE_IN_PROGRESS`, …), when it said. */
  readonly status?: string;
}

/** The stack is missing an output this command needs: it was deployed by an older version. */
export class StackOutputMissingError extends NewsletterError {
  override name = 'StackOutputMissingError';
}

/**
 * Reads the stack's outputs (DescribeStacks). AWS errors are translated by the client's
 * middleware. `where` names the region in a "not found" (how it was chosen, too).
 */
export async function findStack(
  client: CloudFormationClient,
  name: string,
  region: string,
  where: string,
): Promise<FoundStack> {
  let stacks: Stack[] | undefined;
  try {
    ({ Stacks: stacks } = await client.send(new DescribeStacksCommand({ StackName: name })));
  } catch (error) {
    // CloudFormation answers a name it does not know in this region with a ValidationError.
    if (error instanceof Error && /does not exist/.test(error.message)) {
      throw stackNotFound(name, where);
    }
    throw error;
  }
  const stack = stacks?.[0];
  if (!stack) throw stackNotFound(name, where);
  const status = stack.StackStatus ?? '';
  const unusable = unusableStack(name, status);
  if (unusable) throw unusable;
  const outputs: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) {
      outputs[output.OutputKey] = output.OutputValue;
    }
  }
  // Every version of the newsletter's stack has some of these; a stack with none of them is
  // another application's (a mistyped or reused name), not one to redeploy.
  if (!Object.values(STACK_OUTPUTS).some((key) => outputs[key] !== undefined)) {
    throw new NewsletterError(
      `Stack ${name} is not a newsletter stack: it has none of its outputs (${STACK_OUTPUTS.tableName}, ${STACK_OUTPUTS.bucketName}, …); check the name (npx cdk list shows yours) and the region (--region or AWS_REGION)`,
    );
  }
  return { name, region, outputs, ...(status ? { status } : {}) };
}

/**
 * A stack a command cannot work on, by its status: still being created, rolled back from its
 * first deployment (CloudFormation keeps such a stack, empty), or being deleted. Its outputs are
 * missing or name resources that are going, so "another application" or "an older version" would
 * send the operator the wrong way.
 */
function unusableStack(name: string, status: string): NewsletterError | undefined {
  if (status === 'CREATE_IN_PROGRESS' || status === 'REVIEW_IN_PROGRESS') {
    return new NewsletterError(
      `Stack ${name} is still being created (${status}): wait until npx cdk deploy finishes, then run the command again`,
    );
  }
  if (status === 'CREATE_FAILED' || status.startsWith('ROLLBACK_')) {
    return new NewsletterError(
      `Stack ${name} failed its first deployment and holds nothing to work on (${status}): see why in its events (aws cloudformation describe-stack-events --stack-name ${name}), delete it (npx cdk destroy) and deploy again`,
    );
  }
  if (status.startsWith('DELETE_')) {
    return new NewsletterError(
      `Stack ${name} is being deleted or was partly deleted (${status}): deploy it again (npx cdk deploy) before running commands on it`,
    );
  }
  return undefined;
}

export function stackNotFound(name: string, region: string): NewsletterError {
  return new NewsletterError(
    `Stack ${name} was not found in region ${region}: check the name (npx cdk list) and the region (--region or AWS_REGION)`,
  );
}

/** The value of an output, or a one-line error saying the stack needs redeploying. */
export function stackOutput(stack: FoundStack, output: StackOutput): string {
  const key = STACK_OUTPUTS[output];
  const value = stack.outputs[key];
  if ((value === undefined || value === '') && stack.status?.endsWith('_IN_PROGRESS')) {
    throw new StackOutputMissingError(
      `Stack ${stack.name} has no output ${key} yet: it is being updated (${stack.status}); wait until the deployment finishes, then run the command again`,
    );
  }
  if (value === undefined || value === '') {
    throw new StackOutputMissingError(
      `Stack ${stack.name} has no output ${key}: it was deployed by an older version of the newsletter; deploy this version (npx cdk deploy) and run the command again`,
    );
  }
  return value;
}
