import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSesClient } from '../../../lambda/adapters/aws-clients';
import { getSendQuota } from '../../../lambda/adapters/ses/send-quota';
import { createSesMailer } from '../../../lambda/adapters/ses/ses-mailer';
import { SendFailure } from '../../../lambda/core/ports';
import { useSesEmulator } from '../../support/emulators';

const ses = useSesEmulator();

function rawMessage(to: string): Uint8Array {
  return new TextEncoder().encode(
    [
      'From: Weekly <news@example.com>',
      `To: ${to}`,
      'Subject: Issue 12',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello from the emulator.',
      '',
    ].join('\r\n'),
  );
}

/** An address where nothing listens: a port that was free a moment ago. */
async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('the SES mailer', () => {
  it('sends a raw message that arrives in the emulator with the MessageId it returned', async () => {
    await ses.emulator.clear();
    const mailer = createSesMailer({ client: ses.client, configurationSetName: 'newsletter' });

    const { messageId } = await mailer.send({
      raw: rawMessage('reader@example.org'),
      to: 'reader@example.org',
      subscriberId: 'sub-1',
      issueId: '2026-11-26',
    });

    const [stored, ...others] = await ses.emulator.messages();
    expect(others).toEqual([]);
    expect(stored).toMatchObject({
      messageId,
      from: '"Weekly" <news@example.com>',
      destination: { to: ['reader@example.org'] },
      subject: 'Issue 12',
    });
    expect(stored?.body.text?.trim()).toBe('Hello from the emulator.');
  });

  it('reports an SES endpoint that refuses connections as a transient failure', async () => {
    const failure = await failureAt(await closedEndpoint());

    expect(failure).toMatchObject({ kind: 'transient' });
    expect(failure.message).not.toContain('reader@example.org');
  });
});

/** An SES endpoint that answers every request as `answer` does (or never). */
async function fakeEndpoint(answer: RequestListener) {
  const server = createHttpServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What sending one message to `endpoint` throws (one attempt, 200 ms to answer). */
async function failureAt(endpoint: string): Promise<SendFailure> {
  const client = createSesClient({ endpoint, maxAttempts: 1, requestTimeoutMs: 200 });
  try {
    const failure = await createSesMailer({ client })
      .send({
        raw: rawMessage('reader@example.org'),
        to: 'reader@example.org',
        subscriberId: 'sub-1',
        issueId: 'i1',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SendFailure);
    return failure as SendFailure;
  } finally {
    client.destroy();
  }
}

async function failureFrom(answer: RequestListener): Promise<SendFailure> {
  const fake = await fakeEndpoint(answer);
  try {
    return await failureAt(fake.endpoint);
  } finally {
    await fake.stop();
  }
}

describe('what a failed send says', () => {
  it('names the HTTP status of an answer that holds no SES error (a proxy or load balancer page)', async () => {
    const failure = await failureFrom((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });

    expect(failure.kind).toBe('transient');
    expect(failure.message).toContain('HTTP 502');
    expect(failure.message).not.toContain('Unknown');
  });

  it("keeps the SDK's words about a request that timed out: no address is in them to hide", async () => {
    // Never answers: the client's request timeout ends the call.
    const failure = await failureFrom(() => {});

    expect(failure.kind).toBe('transient');
    expect(failure.message).toContain('@smithy/node-http-handler');
    expect(failure.message).toContain('requestTimeout');
    expect(failure.message).not.toContain('<address>');
  });
});

describe('reading the send quota', () => {
  it('gives up within its timeout when SES never answers, as the emulator does', async () => {
    // The emulator never answers GetSendQuota: only the timeout can end the call.
    expect(await getSendQuota(ses.client, 300)).toBeUndefined();
  });
});
