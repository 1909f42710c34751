/**
 * What the rehearsal throws when it cannot run: a missing cdk.out or moto_server, a template it
 * cannot resolve. The message says what and how to fix it. (The rehearsal imports nothing from
 * lambda/, so it has its own error class rather than the core's hierarchy.)
 */
export class RehearsalError extends Error {
  override readonly name = 'RehearsalError';
}
