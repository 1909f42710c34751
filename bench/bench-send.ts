/**
 * `npm run bench:send -- --subscribers 10000`: is our delivery pipeline ever the bottleneck?
 *
 * dynalite and the SES emulator each run in a child process of their own (bench/perf/
 * send-pipeline.ts), for both measurements. In one run it measures (a) the full local pipeline —
 * compose → dispatcher → deliverBatch (claim, subscriber read, message, SendRawEmail, ledger) →
 * SES emulator, outbox included — with the rate cap lifted so SES is the limit; (b) a bare
 * SendRawEmail loop through the same SES client at the same concurrency; and (c) the time to plan
 * an issue for a large list with the memory that takes. The emulator keeps every message in
 * memory until cleared, so it is cleared every second during (a) and (b).
 */
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import {
  measureBareSends,
  measurePipeline,
  measurePlanning,
  openSendBench,
} from './perf/send-pipeline';

interface Options {
  readonly subscribers: number;
  readonly planSubscribers: number;
  readonly concurrency: number;
  readonly json?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const perSecond = (count: number, ms: number) => count / (ms / 1000);

async function run(options: Options) {
  const bench = await openSendBench();
  try {
    log('(a) Full pipeline…');
    const pipeline = await measurePipeline(bench, { ...options, prefix: 's' });

    log('(b) Bare SendRawEmail loop…');
    const bare = await measureBareSends(bench, pipeline, {
      messages: options.subscribers,
      concurrency: options.concurrency,
    });

    log('(c) Planning…');
    const plan = await measurePlanning(bench, { subscribers: options.planSubscribers });

    const pipelineRate = perSecond(pipeline.sent, pipeline.ms);
    const bareRate = perSecond(options.subscribers, bare.ms);
    const cores = availableParallelism();
    const pipelineCpuMs = sum(Object.values(pipeline.cpuMsPerMessage));
    // Every process's CPU per message, spread over every core: a rate (a) cannot exceed here.
    const cpuBound = (cores * 1000) / pipelineCpuMs;
    return {
      cores,
      subscribers: options.subscribers,
      concurrency: options.concurrency,
      pipelineMessagesPerSecond: Math.round(pipelineRate),
      bareSendRawEmailPerSecond: Math.round(bareRate),
      ratio: Number((pipelineRate / bareRate).toFixed(3)),
      pipelineSeconds: Number((pipeline.ms / 1000).toFixed(2)),
      bareSeconds: Number((bare.ms / 1000).toFixed(2)),
      pipelineCpuMsPerMessage: pipeline.cpuMsPerMessage,
      bareCpuMsPerMessage: bare.cpuMsPerMessage,
      pipelineCpuBoundMessagesPerSecond: Math.round(cpuBound),
      ratioCpuBound: Number((cpuBound / bareRate).toFixed(2)),
      emulatorsCpuMsPerPipelineMessage: Number(
        (pipeline.cpuMsPerMessage.dynalite + pipeline.cpuMsPerMessage.ses).toFixed(2),
      ),
      planSubscribers: options.planSubscribers,
      planned: plan.planned,
      plannedBatches: plan.batches,
      planSeconds: plan.seconds,
      planPeakRssMb: plan.peakRssMb,
      planHeapGrowthMb: plan.heapGrowthMb,
    };
  } finally {
    await bench.close();
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function formatCpu(cpu: Record<string, number>): string {
  return `${Object.entries(cpu)
    .map(([process, ms]) => `${process} ${ms}`)
    .join(' + ')} = ${sum(Object.values(cpu)).toFixed(2)} ms`;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

const program = new Command('bench-send')
  .description(
    'Measure the local delivery pipeline against a bare SendRawEmail loop on the same SES ' +
      'emulator (the ratio is the figure: ≥ 0.9 means the pipeline is not the bottleneck), and ' +
      'the time and memory to plan an issue for a large list. Progress goes to stderr.',
  )
  .option('--subscribers <n>', 'messages for (a) and (b)', positiveInteger, 10_000)
  .option(
    '--plan-subscribers <n>',
    'list size for the planning measure (c)',
    positiveInteger,
    100_000,
  )
  .option('--concurrency <n>', 'batches (a) / loops (b) in parallel', positiveInteger, 8)
  .option('--json', 'print one JSON object as the last line')
  .action(async (options: Options) => {
    const result = await run(options);
    if (options.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      [
        `Setup               dynalite and the SES emulator in child processes of their own (both measurements); ${result.cores} cores shared by all three`,
        `Messages            ${result.subscribers} at concurrency ${result.concurrency}`,
        `(a) full pipeline   ${result.pipelineMessagesPerSecond} messages/s (${result.pipelineSeconds} s)`,
        `(b) bare loop       ${result.bareSendRawEmailPerSecond} SendRawEmail/s (${result.bareSeconds} s)`,
        `ratio (a)/(b)       ${result.ratio}`,
        `    CPU per message (a) ${formatCpu(result.pipelineCpuMsPerMessage)}`,
        `                    (b) ${formatCpu(result.bareCpuMsPerMessage)}`,
        `    CPU bound       ${result.cores} cores allow (a) at most ${result.pipelineCpuBoundMessagesPerSecond} messages/s at that cost (ratio ≤ ${result.ratioCpuBound}); the emulators alone take ${result.emulatorsCpuMsPerPipelineMessage} ms per message`,
        `(c) planning        ${result.planned} recipients in ${result.plannedBatches} batches: ${result.planSeconds} s`,
        `    memory          sender's peak RSS ${result.planPeakRssMb} MB; its heap grew ${result.planHeapGrowthMb} MB`,
      ].join('\n'),
    );
  });

await program.parseAsync(process.argv);
