import type { DeliveryReport } from './deliver-batch';

/** Every outcome of a run (or of one Lambda invocation), counted: the run summary and metrics. */
export interface DeliveryTally {
  sent: number;
  /** Failed for good: rejected by SES, or an address that cannot be sent to. */
  failed: number;
  /** No longer active when their turn came. */
  skipped: number;
  /** Sent, failed or skipped by an earlier run. */
  alreadyDone: number;
  /** Times a recipient was handed back unfinished (a later receive may still send it). */
  deferred: number;
  /** SES answers "Maximum sending rate exceeded", each followed by a backoff. */
  throttles: number;
  /** 5xx answers, timeouts and network errors, each followed by a backoff. */
  transientErrors: number;
  /** Claims taken over from a sender that stopped mid-send: recipients who may get it twice. */
  takenOver: number;
  /**
   * Why the last recipient handed back was (`gave up after 8 attempts: connect ECONNREFUSED …`):
   * what a run that ends with recipients pending and no stop of its own tells the operator.
   */
  lastDeferral?: string;
}

export function createDeliveryTally(): DeliveryTally {
  return {
    sent: 0,
    failed: 0,
    skipped: 0,
    alreadyDone: 0,
    deferred: 0,
    throttles: 0,
    transientErrors: 0,
    takenOver: 0,
  };
}

export function addToTally(tally: DeliveryTally, report: DeliveryReport): void {
  switch (report.outcome) {
    case 'sent':
      tally.sent++;
      break;
    case 'failed':
      tally.failed++;
      break;
    case 'skipped':
      tally.skipped++;
      break;
    case 'already-done':
      tally.alreadyDone++;
      break;
    case 'pending':
      tally.deferred++;
      if (report.reason !== undefined) tally.lastDeferral = report.reason;
      break;
  }
  tally.throttles += report.throttles;
  tally.transientErrors += report.transientErrors;
  if (report.tookOver) tally.takenOver++;
}
