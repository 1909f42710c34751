import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  createDynamoClient,
  createSesClient,
} from '../../../lambda/adapters/aws-clients';
import { ensureTable } from '../../../lambda/adapters/dynamo/ensure-table';
import { ACTIVE_INDEX, tableDefinition } from '../../../lambda/adapters/dynamo/schema';
import { createDynamoSubscriberStore } from '../../../lambda/adapters/dynamo/subscriber-store';
import { getSendQuota } from '../../../lambda/adapters/ses/send-quota';
import { createSesMailer } from '../../../lambda/adapters/ses/ses-mailer';
import type { SubscriberStore } from '../../../lambda/core/ports';
import { startDynalite, startSesEmulator } from '../../../lambda/local/emulators';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('the embedded emulators', () => {
  it('keep DynamoDB data on disk across a restart when given a folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'newsletter-dynalite-'));
    const subscriber = {
      id: 'kept',
      email: 'kept@example.com',
      name: null,
      status: 'active' as const,
      consent: { at: '2026-11-01T00:00:00.000Z', source: 'import' },
      bounces: 0,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
    const withStore = async <T>(use: (store: SubscriberStore) => Promise<T>) => {
      const emulator = await startDynalite({ path: folder });
      const client = createDynamoClient({ endpoint: emulator.endpoint });
      try {
        const table = await ensureTable(client, 'newsletter');
        const store = createDynamoSubscriberStore({
          client: createDocumentClient(client),
          tableName: 'newsletter',
        });
        return { table, result: await use(store) };
      } finally {
        client.destroy();
        await emulator.stop();
      }
    };
    try {
      expect(await withStore((store) => store.create(subscriber))).toEqual({
        table: 'created',
        result: true,
      });
      expect(await withStore((store) => store.get('kept'))).toEqual({
        table: 'existed',
        result: subscriber,
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuse a table of the same name with another shape (no active-subscriber index) instead of failing on the first query', async () => {
    const emulator = await startDynalite();
    const client = createDynamoClient({ endpoint: emulator.endpoint });
    try {
      const definition = tableDefinition('newsletter');
      await client.send(
        new CreateTableCommand({
          ...definition,
          AttributeDefinitions: definition.AttributeDefinitions.slice(0, 2),
          GlobalSecondaryIndexes: undefined,
        }),
      );
      await expect(ensureTable(client, 'newsletter')).rejects.toThrow(
        `DynamoDB table newsletter was not made by this version of newsletter (it has no index ${ACTIVE_INDEX.name}), so subscribers cannot be found in it: use another --data-dir (or NEWSLETTER_TABLE), or point AWS_ENDPOINT_URL_DYNAMODB at the right DynamoDB`,
      );
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('refuse a DynamoDB folder that cannot be opened with one line naming it, before listening', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dynalite-damaged-'));
    try {
      // A LevelDB whose CURRENT file was emptied (a crash while writing it, a bad copy).
      await writeFile(join(folder, 'CURRENT'), '');
      await expect(startDynalite({ path: folder })).rejects.toThrow(
        `The local store in ${folder} cannot be opened (Corruption: CURRENT file does not end with newline)`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('stop the SES emulator at once even while it holds a request it never answers', async () => {
    const ses = await startSesEmulator();
    const client = createSesClient({ endpoint: ses.endpoint });
    const quota = getSendQuota(client, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Had stop() waited for the open request, the client's 10 s timeout would end it first.
    const first = await Promise.race([
      ses.stop().then(() => 'stopped'),
      quota.then(() => 'request ended'),
    ]);

    expect(first).toBe('stopped');
    expect(await quota).toBeUndefined();
    client.destroy();
  });

  it('forget the recorded messages when the SES emulator store is cleared', async () => {
    const ses = await startSesEmulator();
    const client = createSesClient({ endpoint: ses.endpoint });
    try {
      await createSesMailer({ client }).send({
        raw: new TextEncoder().encode('From: a@example.com\r\nTo: b@example.com\r\n\r\nhi'),
        to: 'b@example.com',
        subscriberId: 's',
        issueId: 'i',
      });
      expect(await ses.messages()).toHaveLength(1);

      await ses.clear();

      expect(await ses.messages()).toEqual([]);
    } finally {
      client.destroy();
      await ses.stop();
    }
  });

  it('leave nothing behind that keeps a process alive once stopped', async () => {
    const script = `
      import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
      import { startDynalite, startSesEmulator } from './lambda/local/emulators.ts';
      import { createDynamoClient, createSesClient } from './lambda/adapters/aws-clients.ts';
      import { getSendQuota } from './lambda/adapters/ses/send-quota.ts';
      const dynamo = await startDynalite();
      const ses = await startSesEmulator();
      await createDynamoClient({ endpoint: dynamo.endpoint }).send(new ListTablesCommand({}));
      const quota = getSendQuota(createSesClient({ endpoint: ses.endpoint }), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.all([dynamo.stop(), ses.stop()]);
      console.log('stopped', await quota);
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: repoRoot, timeout: 15_000 },
    );
    expect(stdout.trim()).toBe('stopped undefined');
  });
});
