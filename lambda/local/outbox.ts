import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../adapters/files/make-folder';
import type { IssueArchive, Mailer } from '../core/ports';
import { parsePreparedIssue } from '../core/render/prepared-issue';
import { createWhole } from './data-dir';

/** Where the local run leaves what it sent, for people to open (git-ignored). */
export const DEFAULT_OUTBOX_DIR = 'outbox';

/**
 * Wraps a mailer so that every message SES accepts is also written, byte for byte as submitted,
 * to `<outbox>/<issue-id>/<n>.eml`. Numbers continue after the files already there, so a resumed
 * run (or another process sending to the same folder) adds to the folder instead of overwriting
 * it. A copy that cannot be written (a full disk, a folder made read-only) never fails the send
 * SES has accepted, which would leave it unmarked and send it again on the next run:
 * `onCopyFailed` hears of the first, and no more are tried.
 */
export function withOutbox(
  mailer: Mailer,
  outboxDir: string,
  onCopyFailed: (error: Error) => void,
): Mailer {
  let copying = true;
  const nextNumber = new Map<string, Promise<{ value: number }>>();
  // The folder is made once per issue, not once per message (the send path's hottest file call).
  const counterFor = (issueId: string) => {
    let counter = nextNumber.get(issueId);
    if (!counter) {
      const dir = path.join(outboxDir, issueId);
      counter = makeFolder(dir)
        .then(() => highestEmlNumber(dir))
        .then((n) => ({ value: n }));
      nextNumber.set(issueId, counter);
    }
    return counter;
  };
  return {
    async send(message) {
      const result = await mailer.send(message);
      if (!copying) return result;
      try {
        const counter = await counterFor(message.issueId);
        // Created whole under a number no file has: a kill mid-write leaves no empty .eml, and
        // a copy another process wrote to the same folder meanwhile is passed, not overwritten.
        const dir = path.join(outboxDir, message.issueId);
        while (!(await createWhole(path.join(dir, `${++counter.value}.eml`), message.raw))) {}
      } catch (error) {
        if (copying) onCopyFailed(error as Error);
        copying = false;
      }
      return result;
    },
  };
}

async function highestEmlNumber(dir: string): Promise<number> {
  try {
    const numbers = (await readdir(dir))
      .map((name) => /^(\d+)\.eml$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    return Math.max(0, ...numbers);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * The local issue archive: the rendered issue goes to `<outbox>/<id>/index.html` for people, the
 * prepared issue to `<data-dir>/issues/<id>.json` for resumed runs.
 */
export function createFileArchive(outboxDir: string, issuesDir: string): IssueArchive {
  return {
    async save(issueId, { prepared, html }) {
      await makeFolder(path.join(outboxDir, issueId));
      await makeFolder(issuesDir);
      await writeFile(path.join(outboxDir, issueId, 'index.html'), html);
      await writeFile(path.join(issuesDir, `${issueId}.json`), JSON.stringify(prepared));
    },
    async loadPrepared(issueId) {
      try {
        return parsePreparedIssue(await readFile(path.join(issuesDir, `${issueId}.json`), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
