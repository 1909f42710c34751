/**
 * One cold start of the deliver bundle, in a fresh Node process (plain JavaScript: no TypeScript
 * loader in the way): load the bundle, hand its createDeliverHandler in-memory stores, invoke it
 * with one SQS record for one recipient, and exit once the mailer holds that recipient's message.
 *
 *   node deliver-cold-start.cjs <job.json>
 *
 * Our own code's share of a cold start: no AWS service is called (lambda-cold-start.cjs measures
 * the whole of it). Prints {messageBytes, phasesMs} as JSON.
 */
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const load = (specifier) =>
  job.format === 'cjs' ? require(specifier) : import(pathToFileURL(specifier).href);

function memoryDeps(issue, sent) {
  const noop = () => {};
  const done = async () => {};
  return {
    subscribers: {
      get: async (id) => (id === issue.subscriber.id ? issue.subscriber : undefined),
    },
    ledger: {
      getMany: async () => [],
      claim: async () => ({ outcome: 'claimed', attempts: 1 }),
      markSent: done,
      markFailed: done,
      markSkipped: done,
      release: done,
      countByState: async () => ({ claimed: 0, sent: 1, failed: 0, skipped: 0 }),
    },
    issues: {
      // Compose writes the issue's record before any batch; deliver reads it first.
      get: async (id) => ({
        id,
        status: 'sending',
        counts: { recipients: 1, sent: 0, failed: 0, skipped: 0 },
      }),
      addCounts: async (id, delta) => ({
        id,
        status: 'sending',
        counts: { recipients: 1, sent: 0, failed: 0, skipped: 0, ...delta },
      }),
      changeStatus: async () => true,
    },
    queue: { enqueue: done },
    mailer: {
      send: async (message) => {
        sent.push(message);
        return { messageId: `cold-start-${sent.length}` };
      },
    },
    archive: { loadPrepared: async () => issue.prepared },
    secret: issue.secret,
    config: issue.config,
    concurrency: 1,
    sendQuota: async () => undefined,
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((done) => setTimeout(done, ms)) },
    logger: { info: noop, warn: noop, error: noop },
    metrics: { addMetric: noop, publishStoredMetrics: noop },
  };
}

async function main() {
  const started = performance.now();
  const bundle = await load(job.bundle);
  const loaded = performance.now();
  const issue = JSON.parse(readFileSync(job.issueFile, 'utf8'));
  const sent = [];
  const handler = bundle.createDeliverHandler(memoryDeps(issue, sent));
  const body = JSON.stringify({
    issueId: issue.prepared.issueId,
    subscriberIds: [issue.subscriber.id],
  });
  const record = { messageId: 'cold-start', body, attributes: { ApproximateReceiveCount: '1' } };
  const result = await handler({ Records: [record] }, { getRemainingTimeInMillis: () => 900_000 });
  const raw = sent[0] && Buffer.from(sent[0].raw).toString('latin1');
  if (!raw || !/(?:^|\r\n)To: /.test(raw) || result.batchItemFailures.length > 0) {
    throw new Error('the handler did not send the recipient a message with a To header');
  }
  // performance.now() counts from the process's start: Node's own boot, then our phases.
  const phasesMs = {
    boot: started,
    load: loaded - started,
    firstMessage: performance.now() - loaded,
  };
  process.stdout.write(JSON.stringify({ messageBytes: raw.length, phasesMs }));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
