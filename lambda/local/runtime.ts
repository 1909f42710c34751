import { readFile, stat } from 'node:fs/promises';
import type { SESClient } from '@aws-sdk/client-ses';
import { createDocumentClient, createDynamoClient, createSesClient } from '../adapters/aws-clients';
import { createDynamoDeliveryLedger } from '../adapters/dynamo/delivery-ledger';
import { ensureTable } from '../adapters/dynamo/ensure-table';
import { createDynamoFeedStateStore } from '../adapters/dynamo/feed-state-store';
import { createDynamoIssueStore, type DynamoIssueStore } from '../adapters/dynamo/issue-store';
import { createDynamoRateCounter } from '../adapters/dynamo/rate-counter';
import { createDynamoSubscriberStore } from '../adapters/dynamo/subscriber-store';
import type { NewsletterConfig } from '../core/config';
import { NewsletterError, ValidationError } from '../core/errors';
import type { FeedStateStore } from '../core/feeds/types';
import type { DeliveryLedger, RateCounter, SubscriberStore } from '../core/ports';
import { importSubscribers } from '../core/subscribers/import-subscribers';
import { parseSubscriberCsv } from '../core/subscribers/parse-subscriber-csv';
import {
  type DataDir,
  hasLocalStore,
  loadOrCreateSecret,
  lockDataDir,
  preparedIssueCount,
  refuseStoreWithoutSecret,
  resolveDataDir,
} from './data-dir';
import { type RunningEmulator, startDynalite, startSesEmulator } from './emulators';
import { checkEndpointAnswers } from './endpoint-variables';
import { holdingInterruption } from './interruption';
import { loadLocalConfig, localTableName } from './local-config';
import { SAMPLE_SUBSCRIBERS } from './sample';

export interface LocalRuntime {
  readonly config: NewsletterConfig;
  readonly dataDir: DataDir;
  /** Signs tokens and keys subscriber ids. */
  readonly secret: string;
  /** Claims whose lease began before this belong to a process that died holding the lock. */
  readonly startedAt: number;
  readonly subscribers: SubscriberStore;
  readonly issues: DynamoIssueStore;
  readonly ledger: DeliveryLedger;
  /** Rate-limit counters of the subscription API. */
  readonly rateCounter: RateCounter;
  /** What each feed's last run read (`send --feed`). */
  readonly feedStates: FeedStateStore;
  readonly ses: SESClient;
  /** Where SES requests go: the embedded emulator or AWS_ENDPOINT_URL_SES. */
  readonly sesEndpoint: string;
  /** True when SES is the embedded emulator (which has no sending quota to ask for). */
  readonly sesEmbedded: boolean;
  /** Set when a new store was seeded with examples/subscribers.csv. */
  readonly seeded?: { readonly imported: number };
  close(): Promise<void>;
}

/** A --data-dir that is a file, or under one, is named as such, not as a folder with no store. */
async function refuseFileAsDataDir(given: string, root: string): Promise<void> {
  const code = await stat(root).then(
    (stats) => (stats.isDirectory() ? undefined : 'ENOTDIR'),
    (error: NodeJS.ErrnoException) => error.code,
  );
  if (code === 'ENOTDIR') {
    throw new ValidationError(
      '--data-dir',
      `${given} is a file (or inside one), not a folder — pass the data folder of a local store`,
    );
  }
}

/**
 * Opens the local world every command shares: the data-folder lock, the secret, DynamoDB and SES
 * (embedded dynalite and aws-ses-v2-local, each only when AWS_ENDPOINT_URL_DYNAMODB /
 * AWS_ENDPOINT_URL_SES does not point elsewhere), the table, and on a new store the example
 * subscribers. `close()` stops everything so the process can exit.
 */
export async function openLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const config = loadLocalConfig();
  const tableName = localTableName();
  const dataDir = resolveDataDir(options.dataDir);
  if (options.existingOnly && !hasLocalStore(dataDir)) {
    await refuseFileAsDataDir(options.dataDir, dataDir.root);
    await refuseStoreWithoutSecret(dataDir);
    throw new NewsletterError(
      `No local store in ${dataDir.root}: \`newsletter ${options.command}\` makes none. Check ` +
        '--data-dir, or make one with `newsletter send` or `newsletter subscribers import`.',
    );
  }
  // Ctrl-C between making a new table and importing the example subscribers into it would leave
  // a table no later run seeds (it is no longer new): the store is opened whole first.
  const { value: runtime, interrupted } = await holdingInterruption(
    'Stopping once the local store is open',
    () => openStore(options, { config, tableName, dataDir }),
  );
  if (interrupted) {
    await runtime.close();
    throw new NewsletterError(
      `Interrupted while the local store in ${dataDir.root} was being opened: it is whole, and ` +
        'nothing else was done. Run the same command again.',
    );
  }
  return runtime;
}

interface LocalRuntimeOptions {
  readonly dataDir: string;
  readonly command: string;
  /** Import examples/subscribers.csv when the table is new (what `npm start` wants). */
  readonly seedExamples?: boolean;
  /** A command that only reads or removes: a store that is not there is refused, not made. */
  readonly existingOnly?: boolean;
}

/** The lock, the secret, both emulators, the table and, on a new store, the examples. */
async function openStore(
  options: LocalRuntimeOptions,
  { config, tableName, dataDir }: Pick<LocalRuntime, 'config' | 'dataDir'> & { tableName: string },
): Promise<LocalRuntime> {
  const lock = await lockDataDir(dataDir, options.command);
  const cleanups: (() => Promise<void> | void)[] = [() => lock.release()];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const secret = await loadOrCreateSecret(dataDir);
    const dynamoEndpoint = await endpointFor('DYNAMODB', () =>
      startDynalite({ path: dataDir.dynamodbPath }),
    );
    cleanups.push(dynamoEndpoint.stop);
    const sesEndpoint = await endpointFor('SES', startSesEmulator);
    cleanups.push(sesEndpoint.stop);

    const dynamo = createDynamoClient({ endpoint: dynamoEndpoint.endpoint });
    const ses = createSesClient({ endpoint: sesEndpoint.endpoint, maxAttempts: 1 });
    cleanups.push(
      () => dynamo.destroy(),
      () => ses.destroy(),
    );
    const client = createDocumentClient(dynamo);
    // Only the embedded dynalite keeps its table in this data folder.
    const table = await ensureTable(dynamo, tableName, {
      ...(dynamoEndpoint.embedded ? { beforeCreate: () => refuseLostStore(dataDir) } : {}),
    });
    const subscribers = createDynamoSubscriberStore({ client, tableName });

    let seeded: { imported: number } | undefined;
    if (table === 'created' && options.seedExamples) {
      const parsed = parseSubscriberCsv(
        await readFile(SAMPLE_SUBSCRIBERS, 'utf8'),
        SAMPLE_SUBSCRIBERS,
      );
      const problem = parsed.problems[0];
      if (problem)
        throw new ValidationError(`${SAMPLE_SUBSCRIBERS}:${problem.line}`, problem.reason);
      const result = await importSubscribers(subscribers, parsed.rows, {
        idKey: secret,
        now: new Date(),
      });
      seeded = { imported: result.imported };
    }

    return {
      config,
      dataDir,
      secret,
      startedAt: lock.acquiredAt,
      subscribers,
      issues: createDynamoIssueStore({ client, tableName }),
      ledger: createDynamoDeliveryLedger({ client, tableName }),
      rateCounter: createDynamoRateCounter({ client, tableName }),
      feedStates: createDynamoFeedStateStore({ client, tableName }),
      ses,
      sesEndpoint: sesEndpoint.endpoint,
      sesEmbedded: sesEndpoint.embedded,
      seeded,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * No table in a folder that has prepared issues: its DynamoDB files were lost or damaged
 * (LevelDB drops what it cannot read). Going on would import the examples again and send every
 * issue again, so the command stops before creating anything.
 */
async function refuseLostStore(dataDir: DataDir): Promise<void> {
  const issues = await preparedIssueCount(dataDir);
  if (issues === 0) return;
  throw new NewsletterError(
    `The local store in ${dataDir.root} has lost its table but holds ${issues} prepared ` +
      `issue(s) in ${dataDir.issuesPath}: its dynamodb folder was lost or damaged, and starting ` +
      `over would send them again. Restore ${dataDir.dynamodbPath} from a backup, or move the ` +
      'whole folder aside to start a new store',
  );
}

/** The SDK's own endpoint variable wins; otherwise start the embedded emulator. */
async function endpointFor(
  service: 'DYNAMODB' | 'SES',
  start: () => Promise<RunningEmulator>,
): Promise<Pick<RunningEmulator, 'endpoint' | 'stop'> & { readonly embedded: boolean }> {
  const variable = `AWS_ENDPOINT_URL_${service}`;
  const configured = process.env[variable];
  if (configured) {
    // Every command reads the table first; SES is reached only by those that send, which check
    // it themselves (resolvePacing, startLocalApi).
    if (service === 'DYNAMODB') {
      await checkEndpointAnswers(
        variable,
        configured,
        'to work on the local store in the data folder',
      );
    }
    return { endpoint: configured, stop: async () => {}, embedded: false };
  }
  const { endpoint, stop } = await start();
  return { endpoint, stop, embedded: true };
}
