/**
 * Cold starts of the deliver bundle against a bare Node start, measured from spawn to exit of a
 * new process each time. The three kinds run interleaved, round after round, so a change in the
 * machine's load shifts them together.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Subscriber } from '../../lambda/core/model';
import type { MessageRecipient } from '../../lambda/core/render/prepare-message';
import type { DeliverBundle } from './deliver-bundle';
import type { SeedIssue } from './seed-issue';
import { median, type Summary, summarize } from './stats';

const CHILD = fileURLToPath(new URL('./deliver-cold-start.cjs', import.meta.url));

export type ColdStartKind = 'node' | 'bundle' | 'bundleWithSdk';

export interface ColdStarts {
  /** Milliseconds from spawn to exit, per kind. */
  readonly ms: Readonly<Record<ColdStartKind, Summary>>;
  /** Whether loading the bundle alone already loaded the AWS SDK (as an ES module's static imports do). */
  readonly sdkLoadedWithBundle: boolean;
  /** Size of the message the bundle prepared in its first invocation. */
  readonly messageBytes: number;
  /** Inside the bundle's processes, median ms: Node's boot, loading the bundle, the first message. */
  readonly phasesMs: Readonly<Record<ColdStartPhase, number>>;
}

export type ColdStartPhase = 'boot' | 'load' | 'firstMessage';

interface ChildReport {
  readonly messageBytes: number;
  readonly sdkLoadedWithBundle: boolean;
  readonly phasesMs: Readonly<Record<ColdStartPhase, number>>;
}

interface Exit {
  readonly ms: number;
  readonly stdout: string;
}

/**
 * The children's environment, the same for all three kinds: no loader (NODE_OPTIONS), so they
 * run plain JavaScript, and no NODE_EXTRA_CA_CERTS, which makes every Node start read a
 * certificate bundle (about 45 ms here) and so would shrink the ratio to the baseline.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _loader, NODE_EXTRA_CA_CERTS: _certificates, ...env } = process.env;
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
}

function runNode(args: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: childEnvironment(),
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
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Writes what the child reads: the bundle to load and the issue, list and recipient to send. */
export async function writeColdStartJob(
  dir: string,
  bundle: DeliverBundle,
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
    JSON.stringify({
      bundle: bundle.file,
      format: bundle.format,
      sdkPackages: bundle.sdkPackages,
      issueFile,
    }),
  );
  return jobFile;
}

export async function measureColdStarts(
  jobFile: string,
  options: { readonly rounds: number; readonly warmupRounds: number },
  onRound: (round: number) => void,
): Promise<ColdStarts> {
  const runs: Record<ColdStartKind, () => Promise<Exit>> = {
    node: () => runNode(['-e', '0']),
    bundle: () => runNode([CHILD, jobFile]),
    bundleWithSdk: () => runNode([CHILD, jobFile, 'with-sdk']),
  };
  const samples: Record<ColdStartKind, number[]> = { node: [], bundle: [], bundleWithSdk: [] };
  const reports: ChildReport[] = [];
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    onRound(round - options.warmupRounds);
    // Rotated each round, so no kind always follows the same one.
    const kinds = Object.keys(runs) as ColdStartKind[];
    const order = [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)];
    for (const kind of order) {
      const exit = await runs[kind]();
      if (round < options.warmupRounds) continue;
      samples[kind].push(exit.ms);
      if (kind === 'bundle') reports.push(JSON.parse(exit.stdout));
    }
  }
  const phase = (name: ColdStartPhase) => median(reports.map((report) => report.phasesMs[name]));
  const last = reports[reports.length - 1] as ChildReport;
  return {
    ms: {
      node: summarize(samples.node),
      bundle: summarize(samples.bundle),
      bundleWithSdk: summarize(samples.bundleWithSdk),
    },
    sdkLoadedWithBundle: last.sdkLoadedWithBundle,
    messageBytes: last.messageBytes,
    phasesMs: { boot: phase('boot'), load: phase('load'), firstMessage: phase('firstMessage') },
  };
}
