/**
 * The sign-up queue of `newsletter api`: what SQS and the confirmation-sender function do in AWS,
 * in this process. A sign-up is processed after the answer to POST /subscribe has been written
 * (the HTTP response is finished in the microtasks that follow the enqueue; processing starts on
 * a later turn of the event loop), one at a time, in order.
 */
import type { SignUpQueue, SignUpRequest } from '../core/ports';

export interface InProcessSignUpQueue extends SignUpQueue {
  /** Resolves once every sign-up enqueued so far has been processed (or has failed). */
  settled(): Promise<void>;
}

export function createInProcessSignUpQueue(
  processOne: (request: SignUpRequest) => Promise<unknown>,
  onError: (error: unknown) => void,
): InProcessSignUpQueue {
  let tail: Promise<void> = Promise.resolve();
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    async enqueue(request) {
      tail = tail
        .then(nextTurn)
        .then(() => processOne(request))
        .then(() => undefined, onError);
    },
    settled: () => tail,
  };
}
