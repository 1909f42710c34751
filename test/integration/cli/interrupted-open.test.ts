/**
 * Ctrl-C while a command opens the local store. A first `send` into a new data folder makes the
 * table and then imports the example subscribers into it; Ctrl-C between the two ended the
 * process there, and the table, no longer new, was never given them: every later send stopped
 * at "No active subscriber". The table is on a DynamoDB endpoint of the test's own, so the
 * press can come at the first example subscriber's write.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startDynalite } from '../../../lambda/local/emulators';
import { listen } from '../../../rehearsal/local-server';
import { runCli } from '../../support/run-cli';

let work: string;
let dynamo: RunningEmulator;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-interrupted-open-'));
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  await rm(work, { recursive: true, force: true });
});

/**
 * A DynamoDB endpoint in front of `dynamo` that calls `press` at the first write after the
 * table is made (the first example subscriber), and passes that write on a moment later.
 */
async function pressingAtFirstWrite(press: () => void) {
  let made = false;
  let pressed = false;
  return listen(
    createServer(async (incoming, answer) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const target = String(incoming.headers['x-amz-target']);
      if (made && !pressed && !target.endsWith('.DescribeTable')) {
        pressed = true;
        press();
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (target.endsWith('.CreateTable')) made = true;
      const forwarded = request(
        `${dynamo.endpoint}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (reply) => {
          answer.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(answer);
        },
      );
      forwarded.end(Buffer.concat(chunks));
    }),
  );
}

describe('Ctrl-C while the local store is being made', () => {
  it('makes it whole, with its example subscribers, then stops sending nothing; the same command again sends', async () => {
    const data = path.join(work, 'data');
    const send = ['--data-dir', data, 'send', '--outbox', path.join(work, 'outbox')];
    // In this process, the signal's listeners are what a real Ctrl-C runs.
    const proxy = await pressingAtFirstWrite(() => process.emit('SIGINT', 'SIGINT'));
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.endpoint);
      expect(await runCli(send)).toEqual({
        code: 1,
        out: '',
        err:
          '\nStopping once the local store is open (Ctrl-C again quits at once).\n' +
          `newsletter: Interrupted while the local store in ${data} was being opened: it is ` +
          'whole, and nothing else was done. Run the same command again.\n',
      });
    } finally {
      await proxy.stop();
    }

    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    const listed = await runCli(['--data-dir', data, 'subscribers', 'list', '--json']);
    expect(JSON.parse(listed.out)).toHaveLength(5);
    expect((await runCli(['--data-dir', data, 'status'])).out).toContain('No issues yet');
    const again = await runCli(send);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Sent\s+5\s+skipped 0\s+failed 0/);
  });
});
