/**
 * The one retry-with-backoff loop of the code base: SES sends, DynamoDB batch reads, SQS batch
 * writes and the local runtime all retry through it, so jitter, the attempt limit and the
 * deadline behave the same everywhere. It sleeps through the Clock port, so tests run it on
 * virtual time.
 */
import { NewsletterError } from './errors';
import type { Clock } from './ports';

export interface RetryPolicy {
  /** Attempts, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
};

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a random delay between 0 and base·2^(attempt-1), capped. Jitter keeps parallel callers that
 * failed together from retrying together.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  /** Only errors this accepts are retried; any other is thrown at once. */
  readonly retryable: (error: unknown) => boolean;
  /**
   * Epoch ms (on `clock`) no backoff sleep may run past: a Lambda function's deadline. When the
   * next sleep would end after it, the loop gives up at once instead of being killed mid-sleep.
   */
  readonly deadline?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** Called before each backoff sleep, e.g. to count throttles. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Every attempt failed with a retryable error, or the deadline came first. `cause` is the last error. */
export class RetriesExhaustedError extends NewsletterError {
  override name = 'RetriesExhaustedError';

  constructor(
    readonly attempts: number,
    /** Why the loop stopped: the attempt limit, or the deadline. */
    readonly stoppedBy: 'attempts' | 'deadline',
    readonly lastError: unknown,
  ) {
    const last = lastError instanceof Error ? lastError.message : String(lastError);
    super(
      stoppedBy === 'attempts'
        ? `gave up after ${attempts} attempts: ${last}`
        : `stopped after ${attempts} attempts, the deadline being near: ${last}`,
      { cause: lastError },
    );
  }
}

/** Runs `attempt(1)`, `attempt(2)`, … until one resolves, sleeping a jittered backoff between them. */
export async function retryWithBackoff<T>(
  attempt: (number: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let number = 1; ; number++) {
    try {
      return await attempt(number);
    } catch (error) {
      if (!options.retryable(error)) throw error;
      if (number >= options.policy.maxAttempts) {
        throw new RetriesExhaustedError(number, 'attempts', error);
      }
      const delay = backoffDelay(number, options.policy, random);
      if (options.deadline !== undefined && options.clock.now() + delay > options.deadline) {
        throw new RetriesExhaustedError(number, 'deadline', error);
      }
      options.onRetry?.(error, number, delay);
      await options.clock.sleep(delay);
    }
  }
}
