/**
 * A test SES endpoint: a small HTTP server in front of aws-ses-v2-local that speaks the SES v1
 * query API the SDK uses. It answers GetSendQuota itself (the emulator never does), injects the
 * failures real SES produces (throttling, 5xx, an exhausted daily quota, rejected messages) in
 * SES's own XML error format, forwards everything else, and records every message it let through.
 * Fault decisions come from a seeded PRNG, so a run's sequence of faults is reproducible.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { listen } from '../../rehearsal/local-server';
import { seededRandom } from './seeded-random';

interface SendQuotaAnswer {
  /** -1: no daily limit, as SES says it. */
  readonly max24HourSend: number;
  readonly maxSendRate: number;
  /** Sends before this proxy started; the messages it accepts are added on top. */
  readonly sentLast24Hours: number;
}

export interface FaultOptions {
  /** What GetSendQuota answers; `'never'` leaves the request hanging, like the emulator. */
  readonly quota: SendQuotaAnswer | 'never';
  /** Share of SendRawEmail calls answered `Throttling: Maximum sending rate exceeded.` (400). */
  readonly throttleRate: number;
  /** Share of SendRawEmail calls answered HTTP 500 InternalFailure. */
  readonly serverErrorRate: number;
  /**
   * Accepted messages after which every send is answered `Throttling: Daily message quota
   * exceeded.`, as SES does once the day is used up. @default Max24HourSend − SentLast24Hours
   * (SES's own count can run ahead of what GetSendQuota said, so a test may set it lower)
   */
  readonly refuseAfter?: number;
  /** Recipients SES refuses with `MessageRejected` (e.g. an unverified address in the sandbox). */
  readonly reject: (recipient: string) => boolean;
  /**
   * What every SendRawEmail is answered (HTTP 400) while set: SES refusing the account rather
   * than one message, e.g. `MessageRejected: Sending paused for this account.`
   */
  readonly refuseAll?: { readonly code: string; readonly message: string };
  /** PRNG seed for the fault decisions. */
  readonly seed: number;
}

interface AcceptedMessage {
  /** The envelope recipient (Destinations.member.1, else the raw message's To header). */
  readonly recipient: string;
  /** Epoch ms when the request reached the proxy: what SES's rate limit would see. */
  readonly at: number;
  readonly messageId: string;
  /**
   * The sender's application id from the SDK user agent (`app/<id>`, set by AWS_SDK_UA_APP_ID),
   * e.g. the rehearsal's execution environment that made the call.
   */
  readonly sender?: string;
  /** The message's List-Unsubscribe header (`<url>`), which the emulator's store does not keep. */
  readonly listUnsubscribe?: string;
}

type SendOutcome = 'accepted' | 'throttled' | 'server-error' | 'quota-exceeded' | 'rejected';

export interface SesFaultProxy {
  /** `http://127.0.0.1:<port>`: give it to the SDK as AWS_ENDPOINT_URL_SES. */
  readonly endpoint: string;
  /** Every message forwarded and accepted by the emulator, in arrival order. */
  readonly accepted: readonly AcceptedMessage[];
  /** When each SendRawEmail call arrived (epoch ms), whatever its answer: the rate SES sees. */
  readonly attempts: readonly number[];
  /** How many SendRawEmail calls ended each way. */
  readonly outcomes: Readonly<Record<SendOutcome, number>>;
  /** Changes the faults from now on (the PRNG keeps its sequence). */
  configure(options: Partial<FaultOptions>): void;
  stop(): Promise<void>;
}

const DEFAULTS: FaultOptions = {
  quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0 },
  throttleRate: 0,
  serverErrorRate: 0,
  reject: () => false,
  seed: 1,
};

const NAMESPACE = 'http://ses.amazonaws.com/doc/2010-12-01/';

export async function startSesFaultProxy(
  upstream: string,
  options: Partial<FaultOptions> = {},
): Promise<SesFaultProxy> {
  let faults: FaultOptions = { ...DEFAULTS, ...options };
  const random = seededRandom(faults.seed);
  const accepted: AcceptedMessage[] = [];
  const attempts: number[] = [];
  let admitted = 0;
  const outcomes: Record<SendOutcome, number> = {
    accepted: 0,
    throttled: 0,
    'server-error': 0,
    'quota-exceeded': 0,
    rejected: 0,
  };
  const agent = new Agent({ keepAlive: true });
  const target = new URL(upstream);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
            agent,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers,
                body: Buffer.concat(chunks),
              }),
            );
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      },
    );

  const sendRawEmail = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    at: number,
  ) => {
    attempts.push(at);
    const headers = messageHeaders(body.toString());
    const recipient = recipientOf(body.toString(), headers);
    const sender = senderOf(req);
    const quota = faults.quota;
    const draw = random();
    if (draw < faults.throttleRate) {
      outcomes.throttled++;
      return sendError(res, 400, 'Sender', 'Throttling', 'Maximum sending rate exceeded.');
    }
    if (draw < faults.throttleRate + faults.serverErrorRate) {
      outcomes['server-error']++;
      return sendError(res, 500, 'Receiver', 'InternalFailure', 'An internal error occurred.');
    }
    const dailyLimit =
      faults.refuseAfter ??
      (quota === 'never' || quota.max24HourSend < 0
        ? Number.POSITIVE_INFINITY
        : quota.max24HourSend - quota.sentLast24Hours);
    if (admitted >= dailyLimit) {
      outcomes['quota-exceeded']++;
      return sendError(res, 400, 'Sender', 'Throttling', 'Daily message quota exceeded.');
    }
    if (faults.refuseAll) {
      outcomes.rejected++;
      return sendError(res, 400, 'Sender', faults.refuseAll.code, faults.refuseAll.message);
    }
    if (faults.reject(recipient)) {
      outcomes.rejected++;
      return sendError(
        res,
        400,
        'Sender',
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region US-EAST-1: ${recipient}`,
      );
    }
    // Counted before forwarding, so parallel sends cannot slip past the daily limit together.
    admitted++;
    const answer = await forward(req, body).catch((error: unknown) => {
      admitted--;
      throw error;
    });
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.body.toString())?.[1];
    if (answer.status === 200 && messageId) {
      const listUnsubscribe = headerField(headers, 'List-Unsubscribe');
      accepted.push({
        recipient,
        at,
        messageId,
        ...(sender ? { sender } : {}),
        ...(listUnsubscribe ? { listUnsubscribe } : {}),
      });
      outcomes.accepted++;
    } else {
      admitted--;
    }
    res.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'text/xml' });
    res.end(answer.body);
  };

  const getSendQuota = (res: ServerResponse) => {
    const quota = faults.quota;
    if (quota === 'never') return; // the SDK's timeout (or our stop()) ends the request
    sendXml(
      res,
      200,
      `<GetSendQuotaResponse xmlns="${NAMESPACE}"><GetSendQuotaResult>` +
        `<SentLast24Hours>${(quota.sentLast24Hours + accepted.length).toFixed(1)}</SentLast24Hours>` +
        `<Max24HourSend>${quota.max24HourSend.toFixed(1)}</Max24HourSend>` +
        `<MaxSendRate>${quota.maxSendRate.toFixed(1)}</MaxSendRate>` +
        `</GetSendQuotaResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId>` +
        '</ResponseMetadata></GetSendQuotaResponse>',
    );
  };

  const server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = formField(body.toString('latin1', 0, 200), 'Action');
      const handled =
        action === 'GetSendQuota'
          ? Promise.resolve(getSendQuota(res))
          : action === 'SendRawEmail'
            ? sendRawEmail(req, res, body, at)
            : forward(req, body).then((answer) => {
                res.writeHead(answer.status, answer.headers);
                res.end(answer.body);
              });
      handled.catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 502, 'Receiver', 'ProxyError', String(error));
        else res.destroy();
      });
    });
  });
  const local = await listen(server);

  return {
    endpoint: local.endpoint,
    accepted,
    attempts,
    outcomes,
    configure(changes) {
      faults = { ...faults, ...changes };
    },
    async stop() {
      agent.destroy();
      await local.stop();
    },
  };
}

/** SES's error document for the query API, which the SDK turns into an error named `code`. */
function sendError(
  res: ServerResponse,
  status: number,
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
) {
  const requestId = randomUUID();
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    requestId,
  );
}

function sendXml(res: ServerResponse, status: number, xml: string, requestId = randomUUID()) {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

/**
 * One field of an `application/x-www-form-urlencoded` body, found without decoding the rest (the
 * raw message is most of it).
 */
function formField(body: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|&)${name.replace(/\./g, '\\.')}=([^&]*)`).exec(body);
  return match ? decodeURIComponent((match[1] as string).replace(/\+/g, ' ')) : undefined;
}

/**
 * The `app/<id>` of the SDK's user agent headers, if the client set one. Powertools appends its
 * own tag to the app id (`<id>-PT-NO-OP-2.36.0-PTEnv-…`); that suffix is not part of the id.
 */
function senderOf(req: IncomingMessage): string | undefined {
  const agents = `${req.headers['user-agent'] ?? ''} ${req.headers['x-amz-user-agent'] ?? ''}`;
  return /(?:^|\s)app\/([^\s]+)/.exec(agents)?.[1]?.replace(/-PT-.*$/, '');
}

/** The header block of one SendRawEmail call's raw message. */
function messageHeaders(body: string): string {
  const raw = Buffer.from(formField(body, 'RawMessage.Data') ?? '', 'base64').toString();
  return raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
}

/** A header's value, its folded lines unfolded; undefined when the message has none. */
function headerField(headers: string, name: string): string | undefined {
  const field = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(headers);
  return field?.[1]?.replace(/\r?\n/g, '').trim();
}

/** The recipient of one SendRawEmail call: the envelope first, the To header otherwise. */
function recipientOf(body: string, headers: string): string {
  const envelope = formField(body, 'Destinations.member.1');
  if (envelope) return envelope;
  return /[^\s<>",]+@[^\s<>",]+/.exec(headerField(headers, 'To') ?? '')?.[0] ?? '';
}
