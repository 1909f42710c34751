import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readArticleFile } from '../../../lambda/adapters/files/article-file';
import {
  compileTemplate,
  DEFAULT_TEMPLATES_DIR,
} from '../../../lambda/adapters/templates/compile-template';
import { draftIssue } from '../../../lambda/core/issue/compose-issue';
import type { Subscriber } from '../../../lambda/core/model';
import { runArchive } from '../../../lambda/local/commands/archive';
import { deliverIssue, runSend } from '../../../lambda/local/commands/send';
import { openLocalRuntime } from '../../../lambda/local/runtime';
import { SAMPLE_ARTICLE } from '../../../lambda/local/sample';
import { useDynalite, useSesEmulator } from '../../support/emulators';
import { runCli } from '../../support/run-cli';

const dynamo = useDynalite();
const ses = useSesEmulator();

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-send-'));
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SES', ses.endpoint);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(work, { recursive: true, force: true });
});

async function send(options: { force?: boolean } = {}): Promise<string[]> {
  const lines: string[] = [];
  await runSend({
    ...options,
    article: SAMPLE_ARTICLE,
    concurrency: 4,
    dataDir: path.join(work, 'data'),
    outbox: path.join(work, 'outbox'),
    log: (line) => lines.push(line),
  });
  return lines;
}

describe('the local send (npm start) against dynalite and the SES emulator', () => {
  it('sends the seed issue once to each example subscriber, with both RFC 8058 headers and both parts', async () => {
    const summary = (await send()).join('\n');
    expect(summary).toContain('New local store: imported 5 example subscribers.');
    expect(summary).toMatch(/Sent\s+5\s+skipped 0\s+failed 0/);
    expect(summary).toContain('• Putin wants guns');

    const accepted = await ses.emulator.messages();
    // The emulator records the To header: "Name" <address>.
    const addresses = accepted
      .flatMap((m) => m.destination.to)
      .map((to) => /[^<\s]+@[^>\s]+/.exec(to)?.[0]);
    expect(addresses.sort()).toEqual([
      'ada@example.com',
      'alan@example.com',
      'grace@example.com',
      'katherine@example.com',
      'linus@example.com',
    ]);

    const [issueId] = await readdir(path.join(work, 'outbox'));
    const files = (await readdir(path.join(work, 'outbox', issueId as string))).sort();
    expect(files).toEqual(['1.eml', '2.eml', '3.eml', '4.eml', '5.eml', 'index.html']);
    for (const file of files.filter((f) => f.endsWith('.eml'))) {
      const raw = await readFile(path.join(work, 'outbox', issueId as string, file));
      const mail = await simpleParser(raw);
      expect(raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
      expect(raw.toString()).toMatch(
        /^List-Unsubscribe: <http:\/\/127\.0\.0\.1:8787\/unsubscribe\?token=[\w.-]+>\r$/m,
      );
      expect(mail.text).toContain('Putin wants guns');
      expect(mail.html).toContain('Putin wants guns');
      expect(mail.subject).toBe('What Xi and Putin want to gain from their joint meeting');
    }
  });

  it.each([
    [
      'cannot be compiled',
      '{{shout issue.title}}',
      /^Template newsletter\.txt\.hbs:\d+: \{\{shout …\}\} calls "shout", which is not a helper/,
    ],
    [
      'cannot render the article',
      '{{issue.keyPoints}}',
      /^Template newsletter\.txt\.hbs:\d+: \{\{issue\.keyPoints\}\} prints a list/,
    ],
  ])(
    'makes no local store and sends nothing when the template %s, into a data folder that had none',
    async (_, written, message) => {
      const templatesDir = path.join(work, `templates-${written.replace(/\W+/g, '-')}`);
      await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
      const text = path.join(templatesDir, 'newsletter.txt.hbs');
      await writeFile(text, (await readFile(text, 'utf8')).replace('{{issue.title}}', written));
      const before = (await ses.emulator.messages()).length;
      const dataDir = path.join(work, `never-made-${written.replace(/\W+/g, '-')}`);
      await expect(
        runSend({
          article: SAMPLE_ARTICLE,
          concurrency: 1,
          dataDir,
          outbox: path.join(dataDir, 'outbox'),
          templatesDir,
          log: () => {},
        }),
      ).rejects.toThrow(message);
      await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
      expect(await ses.emulator.messages()).toHaveLength(before);
    },
  );

  it('sends nothing the second time and says the issue was already sent', async () => {
    const before = (await ses.emulator.messages()).length;
    const summary = (await send()).join('\n');
    expect(summary).toMatch(/was already sent \(5 sent on .*\); nothing to do/);
    expect((await ses.emulator.messages()).length).toBe(before);
  });

  it('sends a forced copy once, and then says an unchanged article makes the same forced issue', async () => {
    const before = (await ses.emulator.messages()).length;
    expect((await send({ force: true })).join('\n')).toMatch(/Sent\s+5 /);
    const again = (await send({ force: true })).join('\n');
    expect(again).toContain('It is this article sent again with --force');
    expect(again).not.toContain('Use --force');
    expect((await ses.emulator.messages()).length).toBe(before + 5);
  });

  it('stops at an interruption with the sends in flight recorded; the next run sends the rest, once each', async () => {
    vi.stubEnv('NEWSLETTER_SEND_RATE', '2');
    const runtime = await openLocalRuntime({ dataDir: path.join(work, 'data'), command: 'send' });
    try {
      const draft = draftIssue(await readArticleFile('examples/articles/night-trains.html'));
      const template = await compileTemplate('newsletter');
      const interruption = new AbortController();
      // Two sends a second: Ctrl-C comes long before the fifth.
      const options = {
        template,
        pacing: { rate: 2 },
        concurrency: 2,
        outbox: path.join(work, 'ob'),
      };
      setTimeout(() => interruption.abort(), 700);

      const first = await deliverIssue(runtime, draft, {
        ...options,
        interrupted: interruption.signal,
      });
      const second = await deliverIssue(runtime, draft, options);

      expect(first).toMatchObject({ status: 'unfinished', stopped: 'interrupted (Ctrl-C)' });
      const firstSent = first.status === 'unfinished' ? first.tally.sent : 0;
      expect(first).toMatchObject({ pending: 5 - firstSent });
      expect(second).toMatchObject({ status: 'finished', counts: { recipients: 5, sent: 5 } });
      const received = (await ses.emulator.messages())
        .filter((m) => m.subject.includes('Night trains'))
        .map((m) => m.destination.to[0]);
      expect(received).toHaveLength(5);
      expect(new Set(received).size).toBe(5);
    } finally {
      await runtime.close();
      vi.stubEnv('NEWSLETTER_SEND_RATE', undefined);
    }
  });

  it('says which sends it took over from a run killed mid-send, as they may arrive twice', async () => {
    const dataDir = path.join(work, 'data-killed');
    const article = path.join(work, 'killed.md');
    await writeFile(
      article,
      '# Ferry timetable changes\n\nThe harbour ferry will leave every twenty minutes from Monday, the council said.\n',
    );
    const runtime = await openLocalRuntime({ dataDir, command: 'send', seedExamples: true });
    try {
      const { issueId } = draftIssue(await readArticleFile(article));
      const [first] = (await runtime.subscribers.activeIds()[Symbol.asyncIterator]().next())
        .value as string[];
      // What a run killed between SendRawEmail and the `sent` mark leaves: a claim whose lease ran out.
      await runtime.ledger.claim(issueId, first as string, Date.now() - 1, Date.now() - 61_000);
    } finally {
      await runtime.close();
    }

    const lines: string[] = [];
    const outbox = path.join(work, 'ob-killed');
    await runSend({ article, concurrency: 2, dataDir, outbox, log: (line) => lines.push(line) });

    expect(lines).toContain(
      'Taken over 1 whose send a stopped run had started (killed mid-send) or SES did not answer in time: SES may have had it, so each may have this issue twice',
    );
    expect(lines.join('\n')).toContain('Status     sent: every active subscriber is done');
  });

  it('finishes an interrupted issue whose subscribers all left since, counting as recipients only those it reached', async () => {
    const dataDir = path.join(work, 'data');
    const outbox = path.join(work, 'ob-left');
    const article = 'examples/articles/community-solar.md';
    vi.stubEnv('NEWSLETTER_SEND_RATE', '2');
    const runtime = await openLocalRuntime({ dataDir, command: 'send', seedExamples: true });
    const left: Subscriber[] = [];
    let firstSent = 0;
    try {
      const draft = draftIssue(await readArticleFile(article));
      const interruption = new AbortController();
      setTimeout(() => interruption.abort(), 700);
      const first = await deliverIssue(runtime, draft, {
        template: await compileTemplate('newsletter'),
        pacing: { rate: 2 },
        concurrency: 2,
        outbox,
        interrupted: interruption.signal,
      });
      expect(first.status).toBe('unfinished');
      firstSent = first.status === 'unfinished' ? first.tally.sent : 0;
      // Everyone unsubscribes, those it reached and those it had not.
      for await (const page of runtime.subscribers.all()) {
        for (const subscriber of page) {
          if (subscriber.status !== 'active') continue;
          left.push(subscriber);
          await runtime.subscribers.put({ ...subscriber, status: 'unsubscribed' });
        }
      }
      expect(left.length).toBeGreaterThan(0);
    } finally {
      await runtime.close();
      vi.stubEnv('NEWSLETTER_SEND_RATE', undefined);
    }
    try {
      const lines: string[] = [];
      await runSend({ article, concurrency: 2, dataDir, outbox, log: (line) => lines.push(line) });
      const summary = lines.join('\n');
      expect(summary).toContain('Status     sent: every active subscriber is done');
      expect(summary).toContain(`Recipients ${firstSent} active subscribers`);
      const status = await runCli(['--data-dir', dataDir, 'status', '--json']);
      const issue = JSON.parse(status.out).issues.find(
        (i: { articleKey: string }) => i.articleKey === article,
      );
      expect(issue).toMatchObject({
        status: 'sent',
        recipients: firstSent,
        sent: firstSent,
        pending: 0,
      });
    } finally {
      const runtime = await openLocalRuntime({ dataDir, command: 'send' });
      for (const subscriber of left) await runtime.subscribers.put(subscriber);
      await runtime.close();
    }
  });

  it('names the page a rebuild left of an issue whose article declares its language, once it is no longer archived', async () => {
    const dataDir = path.join(work, 'data-declared-language');
    const out = path.join(work, 'site-declared-language');
    const article = path.join(work, 'tramway.html');
    const sentences = [
      'Le conseil municipal a voté lundi la prolongation du tramway vers le nord de la ville.',
      'Les travaux commenceront au printemps et dureront deux ans selon la mairie.',
      'Six nouvelles stations desserviront les quartiers qui en étaient privés depuis des décennies.',
      'Les commerçants craignent une baisse de fréquentation pendant le chantier.',
    ];
    await writeFile(
      article,
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Le tramway prolongé vers le nord</title></head><body><article><h1>Le tramway prolongé vers le nord</h1>${sentences.map((text) => `<p>${text}</p>`).join('')}</article></body></html>`,
    );
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    await runSend({ article, concurrency: 2, dataDir, outbox: path.join(work, 'ob-fr'), log });
    await runArchive({ out, dataDir, log });
    const [copy] = await readdir(path.join(dataDir, 'issues'));
    const id = (copy ?? '').replace(/\.json$/, '');
    expect(await readFile(path.join(out, id, 'index.html'), 'utf8')).toContain('<html lang="fr"');
    await rename(path.join(dataDir, 'issues', `${id}.json`), path.join(work, `${id}.json.aside`));
    lines.length = 0;
    await runArchive({ out, dataDir, log });
    expect(lines).toContain(
      `Left       ${path.join(out, id)}/ from an earlier build: no issue of this archive now — delete it to take the page down`,
    );
  });
});
