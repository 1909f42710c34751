/**
 * The floors of `npm run bench` stand for the functions only while they build the same AWS SDK
 * clients: a client added to or dropped from a handler must be added to or dropped from its floor.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptionsFor, HANDLER_ENTRIES } from '../../../lib/bundling';

/** The `@aws-sdk/client-*` packages an entry's bundle holds, as the stack would build it. */
async function sdkClientsIn(entry: string): Promise<string[]> {
  const result = await build({
    ...esbuildOptionsFor(entry, 'unused'),
    write: false,
    metafile: true,
  });
  // The output's inputs, not the metafile's: those list every file read, tree-shaken away or not.
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const clients = Object.entries(output?.inputs ?? {}).flatMap(([file, { bytesInOutput }]) =>
    bytesInOutput > 0 ? (/node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(file)?.[1] ?? []) : [],
  );
  return [...new Set(clients)].sort();
}

describe('the SDK-clients-only floors', () => {
  it.each([
    ['deliver', HANDLER_ENTRIES.deliver, 'bench/perf/sdk-clients-only/deliver.ts'],
    ['the subscription API', HANDLER_ENTRIES.subscriptionApi, 'bench/perf/sdk-clients-only/api.ts'],
  ])('build the clients %s builds', async (_name, handler, floor) => {
    const [handlerClients, floorClients] = await Promise.all([
      sdkClientsIn(handler),
      sdkClientsIn(floor),
    ]);
    expect(handlerClients.length).toBeGreaterThan(0);
    expect(floorClients).toEqual(handlerClients);
  });
});
