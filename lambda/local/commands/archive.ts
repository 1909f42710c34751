import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFolderArchiveWriter } from '../../adapters/files/archive-folder';
import {
  archiveSiteOf,
  buildArchiveSite,
  isArchiveIssuePage,
} from '../../core/archive/archive-site';
import { namesAPage, PAGE_NOT_FOLDER } from '../../core/config';
import { NewsletterError, ValidationError } from '../../core/errors';
import type { PreparedIssue } from '../../core/render/types';
import { createFileArchive } from '../outbox';
import { checkOutputFolder, writeOutput } from '../output-folder';
import { openLocalRuntime } from '../runtime';

export interface ArchiveOptions {
  /** Folder the site is written to (files of the same names are overwritten). */
  readonly out: string;
  readonly dataDir: string;
  /** Where the site will be served; the feed's links start with it. */
  readonly baseUrl?: string;
  readonly log?: (line: string) => void;
}

const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00.000Z';

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('--base-url', `"${value}" is not an absolute URL (https://…)`);
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    throw new ValidationError('--base-url', `"${value}" must be an http(s) or file URL`);
  }
  // The site's paths are appended to it, so a query or fragment would land before them.
  if (url.search || url.hash || value.includes('#') || value.endsWith('?')) {
    throw new ValidationError('--base-url', `"${value}" must have no query (?…) or fragment (#…)`);
  }
  // A file URL is a folder's: by default the --out folder's own, whatever its name.
  if (url.protocol !== 'file:' && namesAPage(url))
    throw new ValidationError('--base-url', `"${value}" ${PAGE_NOT_FOLDER}`);
  // The feed is public: credentials in its links would publish them.
  if (url.username || url.password) {
    throw new ValidationError('--base-url', `"${value}" must have no user name or password`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The issue pages in the folder that this build did not write: an issue moved aside since is not
 * listed any more, but its page is still there (and public wherever the folder is served). Only
 * named, never deleted: the folder may hold files of the user's own. A page is a folder whose
 * index.html has the archive's navigation (also a page in its article's language).
 */
async function pagesOfEarlierBuilds(out: string, archived: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(out, { withFileTypes: true });
  const left: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || archived.has(entry.name)) continue;
    const page = await readFile(path.join(out, entry.name, 'index.html'), 'utf8').catch(() => '');
    if (isArchiveIssuePage(page)) left.push(entry.name);
  }
  return left.sort();
}

/** What is where the site needs a file (`last`) or a folder, in the words of the refusal. */
function inTheWay(stats: Stats, last: boolean): string {
  if (stats.isDirectory()) return 'a folder';
  if (!last) return 'not a folder';
  return stats.isSymbolicLink() ? 'a link' : 'not a file';
}

/**
 * Every place the site writes a file must be a file or nothing, and every folder on the way a
 * folder or nothing: found while writing, a folder named feed.xml stopped the build with the
 * pages written and the feed not, half a site. Checked before the first file is written.
 */
async function refuseWhatIsInTheWay(
  out: string,
  files: readonly { readonly path: string }[],
): Promise<void> {
  for (const file of files) {
    const parts = file.path.split('/').map(decodeURIComponent);
    for (let depth = 1; depth <= parts.length; depth++) {
      const at = path.join(out, ...parts.slice(0, depth));
      const stats = await lstat(at).catch(() => undefined);
      if (stats === undefined) break;
      const last = depth === parts.length;
      if (last ? stats.isFile() : stats.isDirectory()) continue;
      throw new ValidationError(
        '--out',
        `${at} is ${inTheWay(stats, last)}, where the archive writes ${file.path} — move it aside`,
      );
    }
  }
}

/** The folder's path with its links followed, as far as it exists. */
async function realFolder(folder: string): Promise<string> {
  return realpath(folder).catch(() => path.resolve(folder));
}

/** Whether `inner` is a folder below `outer`. */
function isBelow(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

/**
 * The site is made to be published as it is: written into the data folder, or into a folder that
 * holds it, it would publish the store and the secret that signs every unsubscribe link.
 */
async function refuseSiteAroundDataFolder(out: string, dataDir: string): Promise<void> {
  const [site, data] = await Promise.all([realFolder(out), realFolder(dataDir)]);
  const where =
    site === data
      ? 'is the data folder'
      : isBelow(site, data)
        ? `is inside the data folder ${data}`
        : isBelow(data, site)
          ? `holds the data folder ${data}`
          : undefined;
  if (where === undefined) return;
  throw new ValidationError(
    '--out',
    `${out} ${where}, whose secret signs every link the newsletter sends: the site is ` +
      'published as it is, so pass a folder outside it',
  );
}

/**
 * How far below the site's folder a sent message is looked for: far enough for the outbox's
 * `<issue id>/<n>.eml` in a folder that holds the outbox.
 */
const SENT_MESSAGE_DEPTH = 2;

/** The first sent message (.eml) in `folder` or in the folders below it, `depth` levels down. */
async function sentMessageIn(folder: string, depth: number): Promise<string | undefined> {
  const entries = (await readdir(folder, { withFileTypes: true }).catch(() => [])).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  const message = entries.find((entry) => entry.isFile() && /\.eml$/i.test(entry.name));
  if (message) return path.join(folder, message.name);
  if (depth === 0) return undefined;
  for (const entry of entries.filter((entry) => entry.isDirectory())) {
    const found = await sentMessageIn(path.join(folder, entry.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Sent messages (the outbox: an issue's folder of .eml beside its index.html) each carry their
 * recipient's address, name and unsubscribe link: a site written among them would publish them.
 */
async function refuseSiteAroundSentMessages(out: string): Promise<void> {
  const message = await sentMessageIn(path.resolve(out), SENT_MESSAGE_DEPTH);
  if (message === undefined) return;
  throw new ValidationError(
    '--out',
    `${out} holds sent messages (${message}), each with its recipient's address and unsubscribe ` +
      'link: the site is published as it is, so pass a folder of its own',
  );
}

/**
 * `newsletter archive --out DIR`: the public archive of every issue sent from this data folder,
 * as the deployed stack publishes it: one page per issue, index.html and feed.xml (Atom).
 */
export async function runArchive(options: ArchiveOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  await refuseSiteAroundDataFolder(options.out, options.dataDir);
  await refuseSiteAroundSentMessages(options.out);
  const runtime = await openLocalRuntime({
    dataDir: options.dataDir,
    command: 'archive',
    existingOnly: true,
  });
  try {
    // Only checked (a file in the way is one line now): the writer makes the folder with the
    // first file, so an archive that stops before (a bad --base-url) leaves no empty folder.
    await checkOutputFolder('--out', options.out);
    const issuesDir = runtime.dataDir.issuesPath;
    const store = createFileArchive(options.out, issuesDir);
    const ids = (await readdir(issuesDir).catch(() => []))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length));
    const issues: { prepared: PreparedIssue; publishedAt: string }[] = [];
    for (const id of ids) {
      const [record, prepared] = await Promise.all([
        runtime.issues.get(id),
        store.loadPrepared(id),
      ]);
      // Only issues that went out: a composing one may still change or never be sent.
      if (!record || record.status === 'composing') continue;
      if (!prepared) {
        // Its file is listed, so it is there but unreadable: leaving the issue out would be silent.
        throw new NewsletterError(
          `Issue ${id} went out, but its prepared copy ${path.join(issuesDir, `${id}.json`)} is damaged or from another version, ` +
            'so the archive would leave it out: restore the file from a backup (or move it aside to archive without the issue)',
        );
      }
      issues.push({ prepared, publishedAt: record.createdAt });
    }
    const out = path.resolve(options.out);
    const baseUrl = checkBaseUrl(
      options.baseUrl ?? runtime.config.archiveUrl ?? pathToFileURL(out).href,
    );
    const files = buildArchiveSite(
      issues,
      archiveSiteOf(runtime.config, baseUrl),
      // The feed's date when it has no entry: a fixed one, not the clock's, so building the same
      // archive again writes the same bytes (a feed with entries is as new as its newest).
      EMPTY_FEED_UPDATED,
    );
    await refuseWhatIsInTheWay(out, files);
    const writer = createFolderArchiveWriter(out);
    await writeOutput('--out', async () => {
      for (const file of files) await writer.write(file);
    });
    log(
      `Archive    ${issues.length} issue${issues.length === 1 ? '' : 's'} → ${out}/ ` +
        '(index.html, feed.xml, 404.html, <issue>/index.html)',
    );
    log(`Feed       ${baseUrl}/feed.xml`);
    const archived = new Set(issues.map(({ prepared }) => prepared.issueId));
    for (const folder of await pagesOfEarlierBuilds(out, archived)) {
      log(
        `Left       ${path.join(out, folder)}/ from an earlier build: no issue of this archive now — delete it to take the page down`,
      );
    }
  } finally {
    await runtime.close();
  }
}
