/**
 * Real local servers for integration tests: call `useDynalite()` / `useSesEmulator()` at the top
 * of a test file to get one emulator per file on a random port (started in beforeAll, stopped in
 * afterAll) and SDK clients built exactly as the application builds them.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import {
  createDocumentClient,
  createDynamoClient,
  createSesClient,
} from '../../lambda/adapters/aws-clients';
import { ensureTable } from '../../lambda/adapters/dynamo/ensure-table';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo/subscriber-store';
import type { SubscriberStore } from '../../lambda/core/ports';
import {
  type RunningEmulator,
  type SesEmulator,
  startDynalite,
  startSesEmulator,
} from '../../lambda/local/emulators';
import { type SesFaultProxy, startSesFaultProxy } from './ses-fault-proxy';

export interface TestDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** Creates a fresh, empty table (with the application's schema) and returns its name. */
  createTable(): Promise<string>;
  /** A subscriber store on a fresh table. */
  createSubscriberStore(): Promise<{ tableName: string; store: SubscriberStore }>;
}

export function useDynalite(): TestDynamo {
  let emulator: RunningEmulator | undefined;
  let client: DynamoDBClient | undefined;
  let documentClient: DynamoDBDocumentClient | undefined;
  let tables = 0;

  beforeAll(async () => {
    emulator = await startDynalite();
    client = createDynamoClient({ endpoint: emulator.endpoint });
    documentClient = createDocumentClient(client);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  return {
    get endpoint() {
      return started(emulator).endpoint;
    },
    get client() {
      return started(client);
    },
    get documentClient() {
      return started(documentClient);
    },
    async createTable() {
      tables += 1;
      const name = `newsletter-test-${tables}`;
      await ensureTable(started(client), name);
      return name;
    },
    async createSubscriberStore() {
      const tableName = await this.createTable();
      return {
        tableName,
        store: createDynamoSubscriberStore({ client: this.documentClient, tableName }),
      };
    },
  };
}

export interface TestSes {
  readonly emulator: SesEmulator;
  /**
   * The emulator as the application meets SES in AWS: behind a front that answers GetSendQuota
   * (MaxSendRate 14, 50,000 a day) and injects no faults. The emulator alone never answers
   * GetSendQuota, so a local send pointed at it waits out the 1.5 s timeout before sending.
   */
  readonly endpoint: string;
  readonly client: SESClient;
}

export function useSesEmulator(): TestSes {
  let emulator: SesEmulator | undefined;
  let front: SesFaultProxy | undefined;
  let client: SESClient | undefined;

  beforeAll(async () => {
    emulator = await startSesEmulator();
    front = await startSesFaultProxy(emulator.endpoint);
    client = createSesClient({ endpoint: emulator.endpoint });
  });
  afterAll(async () => {
    client?.destroy();
    await front?.stop();
    await emulator?.stop();
  });

  return {
    get emulator() {
      return started(emulator);
    },
    get endpoint() {
      return started(front).endpoint;
    },
    get client() {
      return started(client);
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined)
    throw new Error('The emulator is used outside a test (before beforeAll ran)');
  return value;
}
