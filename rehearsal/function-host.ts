/**
 * Runs one Lambda function of the stack the way Lambda does: each execution environment is a
 * child process (rehearsal/runtime-bootstrap.mjs) holding the bundled handler, used by one
 * invocation at a time and kept warm for the next; a new one starts when all are busy. An
 * invocation that passes the function's timeout has its environment killed (Lambda discards it
 * too), and so has one the crash test kills. Child processes rather than worker threads: a kill
 * is a real SIGKILL of everything the handler had in flight (sockets, timers, memory), and a
 * handler's process.exit() or crash ends only its own environment, as in Lambda.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FunctionDefinition {
  /** The template's logical id, e.g. DeliveryDeliverFunctionF40C1E5D. */
  readonly logicalId: string;
  /** The physical name (what `Ref` answers). */
  readonly name: string;
  readonly arn: string;
  /** The folder of the bundled code (LAMBDA_TASK_ROOT). */
  readonly codeDir: string;
  /** The template's Handler, e.g. `index.handler`. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The template's variables, resolved, plus the runtime's own (region, endpoints, …). */
  readonly environment: Readonly<Record<string, string>>;
}

interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InvocationResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: FunctionError };

/** An invocation running now, which the crash test may kill. */
export interface RunningInvocation {
  readonly requestId: string;
  readonly startedAt: number;
  /** The environment's id (in its AWS_LAMBDA_LOG_STREAM_NAME, and its user agent if tagged). */
  readonly containerId: string;
  /** The event it was invoked with. */
  readonly event: unknown;
  /** Kills the environment running it (SIGKILL); the invocation fails like a timeout. */
  kill(): void;
}

/** Where function output goes: this process's stderr, nowhere, or one file per function. */
export type FunctionLogs = 'inherit' | 'ignore' | { readonly dir: string };

export interface FunctionHostOptions {
  readonly logs: FunctionLogs;
  /**
   * Puts each environment's id in the user agent of its AWS SDK calls (`AWS_SDK_UA_APP_ID`), so
   * a local endpoint can tell which environment sent a request. Off by default: Lambda does not.
   */
  readonly tagUserAgent?: boolean;
}

const BOOTSTRAP = fileURLToPath(new URL('./runtime-bootstrap.mjs', import.meta.url));
/** Lambda allows 10 s of init; a loaded 2-core machine needs more to load a 4 MB bundle. */
const INIT_TIMEOUT_MS = 60_000;

type ResultMessage =
  | { type: 'result'; id: string; ok: true; payload: string }
  | { type: 'result'; id: string; ok: false; error: FunctionError };

interface Container {
  readonly id: string;
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  busy: boolean;
  /** Set when the process is gone or going. */
  dead: boolean;
  /** Ends the invocation running in it, if any, when the process dies. */
  onExit?: (reason: string) => void;
}

export class FunctionHost {
  readonly definition: FunctionDefinition;
  private readonly containers = new Set<Container>();
  private readonly running = new Map<string, RunningInvocation>();
  private readonly log: WriteStream | 'inherit' | 'ignore';
  private readonly tagUserAgent: boolean;
  private counter = 0;
  private stopped = false;

  constructor(definition: FunctionDefinition, { logs, tagUserAgent = false }: FunctionHostOptions) {
    this.definition = definition;
    this.tagUserAgent = tagUserAgent;
    this.log =
      typeof logs === 'string'
        ? logs
        : createWriteStream(path.join(logs.dir, `${definition.logicalId}.log`), { flags: 'a' });
  }

  /** Invocations running now. */
  runningInvocations(): RunningInvocation[] {
    return [...this.running.values()];
  }

  /** Environments started so far that are still alive (warm or busy). */
  containerCount(): number {
    return [...this.containers].filter((c) => !c.dead).length;
  }

  async invoke(event: unknown, requestId = randomUUID()): Promise<InvocationResult> {
    if (this.stopped) return failure('Rehearsal.Stopped', 'The rehearsal is shutting down');
    const container = this.takeContainer();
    try {
      await container.ready;
    } catch (error) {
      this.discard(container);
      return failure('Runtime.InitError', (error as Error).message);
    }
    const timeoutMs = this.definition.timeoutSeconds * 1000;
    const startedAt = Date.now();
    const id = requestId;
    const result = new Promise<InvocationResult>((resolve) => {
      const finish = (outcome: InvocationResult) => {
        clearTimeout(timer);
        container.child.off('message', onMessage);
        container.onExit = undefined;
        this.running.delete(id);
        resolve(outcome);
      };
      const onMessage = (message: ResultMessage) => {
        if (message.type !== 'result' || message.id !== id) return;
        container.busy = false;
        finish(
          message.ok
            ? { ok: true, value: JSON.parse(message.payload) }
            : { ok: false, error: message.error },
        );
      };
      const timer = setTimeout(() => {
        this.discard(container);
        finish(
          failure(
            'Sandbox.Timedout',
            `Task timed out after ${this.definition.timeoutSeconds.toFixed(2)} seconds`,
          ),
        );
      }, timeoutMs);
      container.onExit = (reason) => finish(failure('Runtime.ExitError', reason));
      container.child.on('message', onMessage);
    });
    this.running.set(id, {
      requestId: id,
      startedAt,
      containerId: container.id,
      event,
      kill: () => this.discard(container),
    });
    container.child.send({
      type: 'invoke',
      id,
      requestId,
      functionArn: this.definition.arn,
      deadline: startedAt + timeoutMs,
      event,
    });
    return result;
  }

  /** Kills every environment and waits for them to exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    const exits = [...this.containers].map(
      (container) =>
        new Promise<void>((resolve) => {
          if (container.child.exitCode !== null || container.child.signalCode !== null) resolve();
          else container.child.once('exit', () => resolve());
          this.discard(container);
        }),
    );
    await Promise.all(exits);
    const log = this.log;
    if (typeof log !== 'string') await new Promise((resolve) => log.end(resolve));
  }

  private takeContainer(): Container {
    for (const container of this.containers) {
      if (!container.busy && !container.dead) {
        container.busy = true;
        return container;
      }
    }
    const container = this.startContainer();
    container.busy = true;
    return container;
  }

  private startContainer(): Container {
    this.counter += 1;
    const { definition } = this;
    const id = `${definition.logicalId.replace(/[^A-Za-z]/g, '').slice(0, 24)}-${this.counter}`;
    const logStream = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${id}`;
    const child = fork(BOOTSTRAP, [], {
      cwd: definition.codeDir,
      env: {
        ...definition.environment,
        AWS_LAMBDA_LOG_STREAM_NAME: logStream,
        ...(this.tagUserAgent ? { AWS_SDK_UA_APP_ID: id } : {}),
      },
      execArgv: [`--max-old-space-size=${definition.memoryMb}`],
      stdio: [
        'ignore',
        this.log === 'inherit' ? 'inherit' : 'pipe',
        this.log === 'inherit' ? 'inherit' : 'pipe',
        'ipc',
      ],
    });
    const log = this.log;
    if (typeof log !== 'string') {
      // Not pipe(): every environment would add its listeners to the one log stream.
      const write = (chunk: Buffer) => void log.write(chunk);
      child.stdout?.on('data', write);
      child.stderr?.on('data', write);
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`${definition.logicalId} did not initialise within ${INIT_TIMEOUT_MS} ms`),
        );
      }, INIT_TIMEOUT_MS);
      child.once('message', (message: { type: string; error?: FunctionError }) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolve();
        else reject(new Error(`${message.error?.errorType}: ${message.error?.errorMessage}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${definition.logicalId} exited during init (${signal ?? code})`));
      });
    });
    ready.catch(() => {});
    const container: Container = { id, child, ready, busy: false, dead: false };
    child.on('exit', (code, signal) => {
      container.dead = true;
      this.containers.delete(container);
      container.onExit?.(
        signal === 'SIGKILL'
          ? `The execution environment was killed (${signal})`
          : `RequestId: the runtime exited with ${signal ?? `code ${code}`}`,
      );
    });
    child.on('error', () => {
      container.dead = true;
    });
    this.containers.add(container);
    return container;
  }

  private discard(container: Container) {
    container.dead = true;
    if (container.child.exitCode === null && container.child.signalCode === null) {
      container.child.kill('SIGKILL');
    }
  }
}

function failure(errorType: string, errorMessage: string): InvocationResult {
  return { ok: false, error: { errorType, errorMessage } };
}
