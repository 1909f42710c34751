/**
 * Cold starts, each measured from spawn to exit of a new Node process: a bare `node -e 0`, the
 * deliver bundle's own code (in-memory stores), and the bundled functions as Lambda starts them
 * (their SDK clients and the services of their first invocation included). All kinds run
 * interleaved, round after round, so a change in the machine's load shifts them together.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Subscriber } from '../../lambda/core/model';
import type { MessageRecipient } from '../../lambda/core/render/prepare-message';
import type { FunctionBundle } from './function-bundle';
import type { SeedIssue } from './seed-issue';
import { median, type Summary, summarize } from './stats';

const DELIVER_CHILD = fileURLToPath(new URL('./deliver-cold-start.cjs', import.meta.url));
const LAMBDA_CHILD = fileURLToPath(new URL('./lambda-cold-start.cjs', import.meta.url));

/** One process to start: its arguments and the variables it gets beyond the common ones. */
export interface ColdStartRun {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** What each kind runs in a given round (warm-up rounds count from 0 too). */
export type ColdStartPlan<Kind extends string> = Readonly<
  Record<Kind, (round: number) => ColdStartRun>
>;

export interface ColdStartResults<Kind extends string> {
  /** Milliseconds from spawn to exit, per kind. */
  readonly ms: Readonly<Record<Kind, Summary>>;
  /** What each kind's timed runs printed, in order. */
  readonly stdout: Readonly<Record<Kind, string[]>>;
}

/** Inside the deliver bundle's processes, median ms: Node's boot, loading the bundle, the first message. */
export type ColdStartPhase = 'boot' | 'load' | 'firstMessage';

interface DeliverChildReport {
  readonly messageBytes: number;
  readonly phasesMs: Readonly<Record<ColdStartPhase, number>>;
}

interface Exit {
  readonly ms: number;
  readonly stdout: string;
}

export const nodeBaseline = (): ColdStartRun => ({ args: ['-e', '0'] });

/** The deliver bundle with in-memory stores: our own code's share (job from writeColdStartJob). */
export const deliverOwnCode = (jobFile: string): ColdStartRun => ({
  args: [DELIVER_CHILD, jobFile],
});

/** A bundled function's exported handler, invoked once with `event`, in `env`. */
export function lambdaInvocation(
  bundle: Pick<FunctionBundle, 'file' | 'format'>,
  event: unknown,
  env: Readonly<Record<string, string>>,
): ColdStartRun {
  return { args: [LAMBDA_CHILD, bundle.file, bundle.format, JSON.stringify(event)], env };
}

/**
 * The children's environment, the same for every kind: no loader (NODE_OPTIONS, unless a run
 * sets the deployed functions' own), so they run plain JavaScript, and no NODE_EXTRA_CA_CERTS,
 * which makes every Node start read a certificate bundle (about 45 ms here) and so would shrink
 * the ratio to the baseline.
 */
function childEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _loader, NODE_EXTRA_CA_CERTS: _certificates, ...env } = process.env;
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

function runNode(nodeBinary: string, run: ColdStartRun): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(nodeBinary, run.args, {
      env: childEnvironment(run.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let exitedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', () => {
      exitedAt = performance.now();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ ms: exitedAt - started, stdout });
      else
        reject(
          new Error(`node ${run.args.slice(0, 2).join(' ')} exited with ${code}: ${stderr.trim()}`),
        );
    });
  });
}

/** Writes what the deliver child reads: the bundle to load and the issue, list and recipient. */
export async function writeColdStartJob(
  dir: string,
  bundle: FunctionBundle,
  seed: SeedIssue,
  secret: string,
  recipient: MessageRecipient,
): Promise<string> {
  const at = new Date().toISOString();
  const subscriber: Subscriber = {
    ...recipient,
    status: 'active',
    consent: { at, source: 'import' },
    bounces: 0,
    createdAt: at,
    updatedAt: at,
  };
  const issueFile = path.join(dir, 'issue.json');
  const jobFile = path.join(dir, 'job.json');
  await writeFile(
    issueFile,
    JSON.stringify({ prepared: seed.prepared, config: seed.config, secret, subscriber }),
  );
  await writeFile(
    jobFile,
    JSON.stringify({ bundle: bundle.file, format: bundle.format, issueFile }),
  );
  return jobFile;
}

export async function measureColdStarts<Kind extends string>(
  plan: ColdStartPlan<Kind>,
  options: {
    readonly rounds: number;
    readonly warmupRounds: number;
    /** The Node.js every child runs on, `node -e 0` included. @default process.execPath */
    readonly nodeBinary?: string;
  },
  onRound: (round: number) => void,
): Promise<ColdStartResults<Kind>> {
  const kinds = Object.keys(plan) as Kind[];
  const samples = Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<
    Kind,
    number[]
  >;
  const stdout = Object.fromEntries(kinds.map((kind) => [kind, [] as string[]])) as Record<
    Kind,
    string[]
  >;
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    onRound(round - options.warmupRounds);
    // Rotated each round, so no kind always follows the same one.
    const order = [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)];
    for (const kind of order) {
      const exit = await runNode(options.nodeBinary ?? process.execPath, plan[kind](round));
      if (round < options.warmupRounds) continue;
      samples[kind].push(exit.ms);
      stdout[kind].push(exit.stdout);
    }
  }
  const ms = Object.fromEntries(kinds.map((kind) => [kind, summarize(samples[kind])])) as Record<
    Kind,
    Summary
  >;
  return { ms, stdout };
}

/** The deliver children's reports, summarised: the last one's facts and the median phases. */
export function summarizeDeliverReports(outputs: readonly string[]) {
  const reports = outputs.map((output) => JSON.parse(output) as DeliverChildReport);
  const phase = (name: ColdStartPhase) => median(reports.map((report) => report.phasesMs[name]));
  const last = reports[reports.length - 1] as DeliverChildReport;
  return {
    messageBytes: last.messageBytes,
    phasesMs: { boot: phase('boot'), load: phase('load'), firstMessage: phase('firstMessage') },
  };
}
