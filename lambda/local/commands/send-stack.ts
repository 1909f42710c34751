/**
 * `newsletter send --stack NAME --article FILE [--force] [--wait]`: sends through the deployed
 * stack. The article is checked here first (a bad one changes nothing), uploaded under
 * `articles/<hash of its bytes>/`, and compose is invoked with an idempotency key drawn from the
 * article's bytes and --force, so running the same command again finds the same issue instead of
 * sending twice.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readArticleFile } from '../../adapters/files/article-file';
import { ARTICLES_PREFIX } from '../../adapters/s3/article-source';
import { readSesAccountStatus } from '../../adapters/ses/account-status';
import { isDailyQuotaPause } from '../../adapters/ses/classify-send-error';
import { NewsletterError } from '../../core/errors';
import { draftIssue, waitsForSubscribers } from '../../core/issue/compose-issue';
import { type IssueReport, reportIssue } from '../../core/issue/issue-report';
import { untilInterrupted } from '../interruption';
import { createProgress } from '../progress';
import type { StackRuntime } from '../stack/stack-runtime';
import { readIssueReports } from './status';
import { type Target, withTarget } from './target';

export interface StackSendOptions {
  readonly stack: string;
  readonly region?: string;
  readonly dataDir: string;
  readonly article: string;
  readonly force?: boolean;
  /** Follow the issue until it is sent or paused. */
  readonly wait?: boolean;
  /** Send even though the SES account is in the sandbox (a test to verified addresses). */
  readonly allowSandbox?: boolean;
  /** How often --wait reads the status. @default 2000 */
  readonly pollMs?: number;
  /** --wait gives up when nothing changed for this long. @default 10 minutes */
  readonly stallMs?: number;
  /** Where lines go. @default standard output */
  readonly log?: (line: string) => void;
  /** Where warnings go. @default standard error */
  readonly warn?: (line: string) => void;
}

/** What compose answers (lambda/handlers/compose.ts ComposeSummary), as far as the CLI reads it. */
interface ComposeAnswer {
  readonly status: 'planned' | 'already-sent' | 'nothing-to-send' | 'waiting-for-subscribers';
  readonly issueId?: string;
  readonly title?: string;
  readonly recipients?: number;
  readonly resumed?: boolean;
}

/** The same article (and the same --force) always gives the same key. */
export function idempotencyKeyFor(articleBytes: Uint8Array, force: boolean): string {
  return createHash('sha256')
    .update(articleBytes)
    .update(force ? '\0force' : '\0')
    .digest('hex')
    .slice(0, 32);
}

/**
 * `articles/<first 12 hex digits of the bytes' SHA-256>/<file name>`. The folder comes from the
 * content, so another article is never written over this one, nor this one over an article
 * someone uploaded under the same file name (waiting for the schedule); the same file always gets
 * the same key. The file name is kept (compose takes the format from its extension, and the title
 * of an article without one from the name), letters of every script included; anything else
 * unusual becomes `-`.
 */
export function articleKeyFor(file: string, articleBytes: Uint8Array): string {
  const name = basename(file)
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-')
    .replace(/^\.+/, '');
  const folder = createHash('sha256').update(articleBytes).digest('hex').slice(0, 12);
  return `${ARTICLES_PREFIX}${folder}/${name || 'article'}`;
}

function noSubscriberAdvice(where: string, stack: string, stage: string): string {
  return (
    `No active subscriber on ${where}: nothing was ${stage} or sent. Import some with ` +
    `\`newsletter subscribers import --stack ${stack} <file.csv>\` (with --send-confirmations ` +
    'for double opt-in).'
  );
}

export async function runStackSend(options: StackSendOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const input = await readArticleFile(options.article);
  // Parse and find key points before anything is uploaded: a bad article changes nothing.
  draftIssue(input);
  const force = options.force === true;
  const articleKey = articleKeyFor(options.article, input.bytes);
  const idempotencyKey = idempotencyKeyFor(input.bytes, force);
  // The issue compose makes of this upload: drafted as compose drafts it, from the key.
  const { issueId } = draftIssue(
    { name: articleKey, bytes: input.bytes },
    force ? { forceKey: idempotencyKey } : {},
  );

  await withTarget(options, 'send', (target) =>
    // Ctrl-C: nothing is started after it, but an upload is always followed by its compose (an
    // article left under articles/ would go out with the schedule), and a send compose planned
    // goes on in AWS whatever this command does: it stops following it and says so.
    untilInterrupted(
      'Stopping: nothing more is started; an issue compose has planned goes on in AWS',
      (interrupted) => sendThroughStack(target, interrupted),
    ),
  );

  async function sendThroughStack(target: Target, interrupted: AbortSignal): Promise<void> {
    const stack = target.stack as StackRuntime;
    const issue = await target.issues.get(issueId);
    if (issue?.status === 'paused' && isDailyQuotaPause(issue.pausedReason)) {
      // Compose would put every active subscriber on the queue again, beside the deferred batches
      // that already come back every 15 minutes: a second chain of them, for nothing.
      const report = reportIssue(issue, await target.ledger.countByState(issueId));
      for (const line of formatIssueSummary(report)) log(line);
      log(quotaPauseAdvice(issueId, stack.stack.name));
      return;
    }
    if (await waitsForSubscribers(target, issueId)) {
      throw new NewsletterError(noSubscriberAdvice(target.where, stack.stack.name, 'uploaded'));
    }
    await checkSesAccount(stack, options.allowSandbox === true, warn);
    const bucket = stack.output('bucketName');
    const composeFunction = stack.output('composeFunction');
    if (interrupted.aborted) {
      throw new NewsletterError(
        `Interrupted before ${articleKey} was uploaded: nothing was uploaded or sent`,
      );
    }
    await stack.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: articleKey, Body: input.bytes }),
    );
    const answer = await invokeCompose(
      stack,
      composeFunction,
      { articleKey, ...(force ? { force } : {}), idempotencyKey },
      `s3://${bucket}/${articleKey}`,
    );
    if (answer.status === 'already-sent') {
      log(
        `Issue ${answer.issueId} was already sent; nothing to do. ` +
          'Use --force to send this article again as a new issue.',
      );
      return;
    }
    if (answer.status === 'waiting-for-subscribers') {
      // The last subscriber left since the check: the upload waits for the schedule.
      throw new NewsletterError(
        `${noSubscriberAdvice(target.where, stack.stack.name, 'composed')} s3://${bucket}/${articleKey} waits for the schedule.`,
      );
    }
    if (answer.status !== 'planned' || !answer.issueId) {
      throw new NewsletterError(
        `Compose (${composeFunction}) answered ${JSON.stringify(answer)} for s3://${bucket}/${articleKey}; expected a planned issue`,
      );
    }
    log(
      `Issue ${answer.issueId} ("${answer.title}")${answer.resumed ? ' resumed' : ' planned'}: ` +
        `${answer.recipients} recipients, from s3://${bucket}/${articleKey}`,
    );
    if (!options.wait) {
      log(
        `Follow it with: newsletter status --stack ${stack.stack.name} --issue ${answer.issueId}`,
      );
      return;
    }
    const report = await waitForIssue(target, answer.issueId, {
      pollMs: options.pollMs ?? 2_000,
      stallMs: options.stallMs ?? 10 * 60_000,
      stack: stack.stack.name,
      interrupted,
    });
    for (const line of formatIssueSummary(report)) log(line);
    if (report.status !== 'paused') return;
    if (isDailyQuotaPause(report.reason)) {
      log(quotaPauseAdvice(report.id, stack.stack.name));
      return;
    }
    throw new NewsletterError(
      `Issue ${report.id} is paused (${report.reason ?? 'no reason recorded'}): fix the cause, then run the same command again to resume it`,
    );
  }
}

/**
 * A pause for the daily quota is not the command's failure and needs nobody: deliver's deferred
 * batches come back every 15 minutes and finish the issue once SES sends again.
 */
function quotaPauseAdvice(issueId: string, stackName: string): string {
  return (
    `Issue ${issueId} is paused: SES's daily sending quota is spent. It resumes by itself: every ` +
    '15 minutes its waiting recipients are tried again, and it finishes once SES sends again. ' +
    `Nothing to run again; follow it with: newsletter status --stack ${stackName} --issue ${issueId}`
  );
}

/**
 * A sandboxed account sends only to verified addresses: refuse, unless the operator says this is
 * a test. When SES does not say, warn and go on (the emulators, or no ses:GetAccount permission).
 */
async function checkSesAccount(
  stack: StackRuntime,
  allowSandbox: boolean,
  warn: (line: string) => void,
): Promise<void> {
  const account = await readSesAccountStatus(stack.clients.sesv2);
  if (account.state === 'sending-paused') {
    throw new NewsletterError(
      `SES sending is paused for this account in ${stack.region} (enforcement status ${account.enforcement}): resolve it in the SES console (Reputation) before sending`,
    );
  }
  if (account.state === 'sandbox' && !allowSandbox) {
    throw new NewsletterError(
      `The SES account in ${stack.region} is still in the sandbox: it sends only to verified addresses. Request production access (SES console → Account dashboard), or pass --allow-sandbox for a test to verified addresses`,
    );
  }
  if (account.state === 'unknown') {
    warn(
      `newsletter: could not tell whether SES is out of the sandbox (${account.why}); sending anyway`,
    );
  }
}

async function invokeCompose(
  stack: StackRuntime,
  functionName: string,
  event: Record<string, unknown>,
  upload: string,
): Promise<ComposeAnswer> {
  const response = await stack.clients.lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
  let payload: unknown;
  try {
    payload = JSON.parse(text || 'null');
  } catch {
    payload = text;
  }
  if (response.FunctionError) {
    const message =
      (payload as { errorMessage?: string } | null)?.errorMessage ?? String(text).slice(0, 300);
    // The upload is not taken back: under articles/ it is what the schedule sends next, and the
    // same command again resumes the issue under the same idempotency key.
    throw new NewsletterError(
      `Compose (${functionName}) failed: ${message}. Its log group has the details. ${upload} stays uploaded, so the next scheduled run sends it: run the same command again once the cause is fixed (nobody is sent it twice), or delete the object if it should not go out`,
    );
  }
  return payload as ComposeAnswer;
}

/** Reads the status until the issue is sent or paused, with a progress bar on standard error. */
async function waitForIssue(
  target: Target,
  issueId: string,
  wait: {
    readonly pollMs: number;
    readonly stallMs: number;
    readonly stack: string;
    readonly interrupted: AbortSignal;
  },
): Promise<IssueReport> {
  const stopped = () =>
    new NewsletterError(
      `Stopped following issue ${issueId}: it goes on in AWS (Ctrl-C does not stop a send); follow it with newsletter status --stack ${wait.stack} --issue ${issueId}`,
    );
  const progress = createProgress(process.stderr);
  let last = -1;
  let changedAt = Date.now();
  try {
    for (;;) {
      const [report] = await readIssueReports(target, issueId);
      if (!report) throw new NewsletterError(`Issue ${issueId} vanished from ${target.where}`);
      progress.setTotal(report.recipients);
      progress.update(report.sent + report.failed + report.skipped, {
        sent: report.sent,
        failed: report.failed,
        skipped: report.skipped,
      });
      if (report.status === 'sent' || report.status === 'paused') return report;
      const done = report.sent + report.failed + report.skipped;
      if (done !== last) {
        last = done;
        changedAt = Date.now();
      } else if (Date.now() - changedAt >= wait.stallMs) {
        throw new NewsletterError(
          `Issue ${issueId} made no progress for ${Math.round(wait.stallMs / 60_000)} min (${report.pending} pending): see newsletter dlq --stack ${wait.stack} and the deliver function's log; the issue goes on in AWS, newsletter status follows it`,
        );
      }
      if (wait.interrupted.aborted) throw stopped();
      await sleep(wait.pollMs, undefined, { signal: wait.interrupted }).catch(() => {});
      if (wait.interrupted.aborted) throw stopped();
    }
  } finally {
    progress.stop();
  }
}

export function formatIssueSummary(report: IssueReport): string[] {
  return [
    `Issue      ${report.id}`,
    `Title      ${report.title}`,
    `Status     ${report.status}${report.reason ? `: ${report.reason}` : ''}`,
    `Recipients ${report.recipients}`,
    `Sent       ${report.sent}   failed ${report.failed}   skipped ${report.skipped}   pending ${report.pending}`,
    `Started    ${report.startedAt}`,
    `Finished   ${report.finishedAt ?? '-'}`,
  ];
}
