/**
 * Where an operator command works: the local store in the data folder, or with `--stack NAME` the
 * deployed stack's table, keyed with its secret from Secrets Manager. The commands are written
 * once against this and behave the same on both.
 */
import path from 'node:path';
import type { DynamoIssueStore } from '../../adapters/dynamo/issue-store';
import type { DeliveryLedger, SubscriberStore } from '../../core/ports';
import { openLocalRuntime } from '../runtime';
import { openStack, type StackRuntime } from '../stack/stack-runtime';

export interface TargetOptions {
  readonly dataDir: string;
  /** The deployed stack to work on; the local store when absent. */
  readonly stack?: string;
  /** The stack's region. @default the SDK's (AWS_REGION, the profile) */
  readonly region?: string;
}

export interface Target {
  /** For messages: "the local store in /…/data" or "stack Newsletter (eu-west-1)". */
  readonly where: string;
  readonly subscribers: SubscriberStore;
  readonly issues: DynamoIssueStore;
  readonly ledger: DeliveryLedger;
  /** Signs tokens and keys subscriber ids: the data folder's, or the stack's. */
  secret(): Promise<string>;
  /** Set with `--stack`. */
  readonly stack?: StackRuntime;
}

/**
 * Opens the target, runs `work` on it and closes it, whatever happens. Locally only an existing
 * store is opened (a mistyped --data-dir is refused, not made empty) unless `makesStore`.
 */
export async function withTarget<T>(
  options: TargetOptions,
  command: string,
  work: (target: Target) => Promise<T>,
  { makesStore = false }: { readonly makesStore?: boolean } = {},
): Promise<T> {
  if (options.stack !== undefined) {
    const stack = await openStack({ stack: options.stack, region: options.region });
    try {
      return await work({
        where: `stack ${stack.stack.name} (${stack.region})`,
        get subscribers() {
          return stack.subscribers;
        },
        get issues() {
          return stack.issues;
        },
        get ledger() {
          return stack.ledger;
        },
        secret: () => stack.secret(),
        stack,
      });
    } finally {
      stack.close();
    }
  }
  const runtime = await openLocalRuntime({
    dataDir: options.dataDir,
    command,
    existingOnly: !makesStore,
  });
  try {
    return await work({
      where: `the local store in ${path.resolve(options.dataDir)}`,
      subscribers: runtime.subscribers,
      issues: runtime.issues,
      ledger: runtime.ledger,
      secret: async () => runtime.secret,
    });
  } finally {
    await runtime.close();
  }
}
