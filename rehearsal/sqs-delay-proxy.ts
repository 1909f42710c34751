/**
 * A time-scale lens in front of moto's SQS: it forwards every request unchanged except that the
 * DelaySeconds of SendMessage and SendMessageBatch (AWS JSON protocol) is multiplied by `factor`,
 * so a function that defers work by 15 minutes sees it come back in 15 seconds at 1/60. Only
 * the rehearsal's time-scale option starts it; the functions' own settings stay as they are.
 */
import { createServer, request } from 'node:http';
import { readBody } from './lambda-service';
import { type LocalServer, listen } from './local-server';

const SCALED_ACTIONS = new Set(['AmazonSQS.SendMessage', 'AmazonSQS.SendMessageBatch']);
/** Far above any SQS request; a batch of ten 256 KB messages is ~2.6 MB. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function startSqsDelayProxy(upstream: string, factor: number): Promise<LocalServer> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    readBody(req, MAX_BODY_BYTES)
      .then((body) => {
        const action = String(req.headers['x-amz-target'] ?? '');
        const forwarded = SCALED_ACTIONS.has(action) ? scaleDelays(body, factor) : body;
        const headers = {
          ...req.headers,
          host: target.host,
          'content-length': String(forwarded.length),
        };
        const outgoing = request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        outgoing.on('error', () => {
          if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        });
        outgoing.end(forwarded);
      })
      .catch(() => res.writeHead(400).end());
  });
  return listen(server);
}

function scaleDelays(body: Buffer, factor: number): Buffer {
  let input: { DelaySeconds?: number; Entries?: { DelaySeconds?: number }[] };
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    return body; // not ours to judge: moto answers it
  }
  const scale = (seconds: number | undefined) =>
    seconds === undefined ? undefined : Math.max(0, Math.round(seconds * factor));
  if (input.DelaySeconds !== undefined) input.DelaySeconds = scale(input.DelaySeconds);
  for (const entry of input.Entries ?? []) {
    if (entry.DelaySeconds !== undefined) entry.DelaySeconds = scale(entry.DelaySeconds);
  }
  return Buffer.from(JSON.stringify(input));
}
