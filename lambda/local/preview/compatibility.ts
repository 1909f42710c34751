import { Worker } from 'node:worker_threads';

/** The clients the checks panel reports on (caniemail's names, as doiuse-email globs). */
const CHECKED_CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'] as const;

type SupportLevel = 'unsupported' | 'partial';

/** One HTML or CSS feature the email uses that some checked client does not fully support. */
export interface CompatibilityIssue {
  readonly feature: string;
  readonly support: SupportLevel;
  /** Readable client names, e.g. "Outlook Windows". */
  readonly clients: readonly string[];
  /** caniemail's notes on the feature for those clients, e.g. "Only supported on table cells." */
  readonly notes: readonly string[];
  /** How often the email uses it, as doiuse-email counts (per rule or element). */
  readonly occurrences: number;
}

const FAMILIES: Record<string, string> = {
  gmail: 'Gmail',
  outlook: 'Outlook',
  'apple-mail': 'Apple Mail',
};
const PLATFORMS: Record<string, string> = {
  'desktop-webmail': 'webmail',
  'mobile-webmail': 'mobile webmail',
  ios: 'iOS',
  android: 'Android',
  windows: 'Windows',
  'windows-mail': 'Windows Mail',
  macos: 'macOS',
};

/** "outlook.windows-mail" → "Outlook Windows Mail". */
export function clientName(client: string): string {
  const [family = client, platform = ''] = client.split('.');
  return `${FAMILIES[family] ?? family} ${PLATFORMS[platform] ?? platform}`.trim();
}

const UNSUPPORTED = /^`(.+)` is not supported by `([^`]+)`$/;
const PARTIAL = /^`(.+)` is only partially supported by `([^`]+)`$/;
const NOTE = /^Note about `(.+)` support for `([^`]+)`: (.+)$/;

/** doiuse-email's findings: what no checked client supports (`errors`), or only in part. */
interface DoIUseFindings {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}

/** doiuse-email run in a worker thread (compatibility-worker.mjs), off the event loop. */
function inWorker(html: string): Promise<DoIUseFindings> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./compatibility-worker.mjs', import.meta.url), {
      workerData: { html, clients: CHECKED_CLIENTS },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the compatibility check stopped (${code})`)));
  });
}

/**
 * The email's HTML checked against the caniemail data for Gmail, Outlook and Apple Mail.
 * doiuse-email reports every use of a feature for every client; this folds them into one issue
 * per feature and support level, unsupported first.
 */
export async function checkCompatibility(html: string): Promise<CompatibilityIssue[]> {
  const result = await inWorker(html);
  const issues = new Map<
    string,
    { feature: string; support: SupportLevel; clients: Set<string>; occurrences: number }
  >();
  const add = (support: SupportLevel, message: string, pattern: RegExp) => {
    const match = pattern.exec(message);
    if (!match?.[1] || !match[2]) return;
    const key = `${support}\0${match[1]}`;
    const issue = issues.get(key) ?? {
      feature: match[1],
      support,
      clients: new Set(),
      occurrences: 0,
    };
    issue.clients.add(match[2]);
    issue.occurrences++;
    issues.set(key, issue);
  };
  for (const message of result.errors) add('unsupported', message, UNSUPPORTED);
  for (const message of result.warnings) add('partial', message, PARTIAL);

  const notes = new Map<string, Set<string>>();
  for (const message of result.notes) {
    const match = NOTE.exec(message);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const key = `${match[1]}\0${match[2]}`;
    // caniemail's notes are Markdown; a panel line keeps the link texts.
    const note = match[3].replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
    notes.set(key, (notes.get(key) ?? new Set()).add(note));
  }

  return [...issues.values()]
    .map((issue) => {
      const clients = [...issue.clients].sort();
      return {
        feature: issue.feature,
        support: issue.support,
        clients: clients.map(clientName),
        notes: [
          ...new Set(
            clients.flatMap((client) => [...(notes.get(`${issue.feature}\0${client}`) ?? [])]),
          ),
        ],
        // Each use is reported once per client.
        occurrences: Math.ceil(issue.occurrences / clients.length),
      };
    })
    .sort(
      (a, b) =>
        Number(a.support === 'partial') - Number(b.support === 'partial') ||
        b.clients.length - a.clients.length ||
        a.feature.localeCompare(b.feature),
    );
}
