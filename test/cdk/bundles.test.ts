/**
 * What the functions' bundles hold, built with esbuild exactly as the stack has NodejsFunction
 * build them (lib/bundling.ts), as ES modules: no bundle but compose carries mjml (deliver not the
 * Handlebars compiler either) and deliver stays small; compose, which does carry mjml, compiles the
 * templates shipped next to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CREDENTIAL_PROVIDERS_LAMBDA_NEVER_USES,
  copyTemplatesCommands,
  esbuildOptionsFor,
  HANDLER_ENTRIES,
  PROJECT_ROOT,
} from '../../lib/bundling';

/** The budget for the deliver bundle, AWS SDK excluded. */
const DELIVER_BUDGET_BYTES = 250 * 1024;
/** The AWS SDK's own packages: bundled, as lib/bundling.ts says, but outside the budget. */
const SDK_PACKAGE = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws)\//;
/** Inside the project, like the other build outputs (node_modules/.cache). */
const OUTDIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', `bundles-test-${process.pid}`);

afterAll(() => {
  rmSync(OUTDIR, { recursive: true, force: true });
});

const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);

/** Bytes in the bundle per package (or source file), largest first: what to cut when over budget. */
function sizeByPackage(inputs: Record<string, { bytesInOutput: number }>): string {
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'newsletter code';
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`)
    .join(', ');
}

describe('the deliver bundle', () => {
  const options = esbuildOptionsFor(HANDLER_ENTRIES.deliver, path.join(OUTDIR, 'deliver'));
  const bundleFile = options.outfile ?? '';
  let result: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    result = await build({ ...options, metafile: true });
  });

  it('carries no mjml and no Handlebars compiler (its runtime only), and fits the 250 KB budget', () => {
    const { inputs, outputs } = result.metafile ?? { inputs: {}, outputs: {} };
    const output = outputs[path.relative(PROJECT_ROOT, bundleFile)];
    const files = Object.keys(inputs);

    expect(files.filter((file) => /node_modules\/mjml/.test(file))).toEqual([]);
    expect(files.filter((file) => /node_modules\/handlebars\//.test(file))).not.toEqual([]);
    expect(
      files.filter((file) => /node_modules\/handlebars\/.*(compiler|precompiler)/.test(file)),
    ).toEqual([]);
    // The AWS SDK is inside, tree-shaken: only the credential providers Lambda never reaches are
    // left to the runtime's copy, and only behind import(), so loading the bundle never needs them.
    expect(files.some((file) => SDK_PACKAGE.test(file))).toBe(true);
    const leftOut = (output?.imports ?? []).filter(
      (imported) => imported.external && !/^node:|^[a-z_]+$/.test(imported.path),
    );
    expect(leftOut.map(({ path, kind }) => ({ path, kind })).sort(byPath)).toEqual(
      CREDENTIAL_PROVIDERS_LAMBDA_NEVER_USES.map((path) => ({ path, kind: 'dynamic-import' })),
    );
    const ownBytes = Object.entries(output?.inputs ?? {})
      .filter(([file]) => !SDK_PACKAGE.test(file))
      .reduce((total, [, { bytesInOutput }]) => total + bytesInOutput, 0);
    expect(ownBytes, sizeByPackage(output?.inputs ?? {})).toBeLessThanOrEqual(DELIVER_BUDGET_BYTES);
  });

  it('loads as an ES module, its SDK clients made at load, and reads its environment at the first invocation', async () => {
    expect(bundleFile.endsWith('.mjs')).toBe(true);
    const bundle = await import(bundleFile);
    vi.stubEnv('NEWSLETTER_TABLE', undefined);
    try {
      await expect(bundle.handler({ Records: [] }, {})).rejects.toThrow(
        'Configuration NEWSLETTER_TABLE is not set; the stack sets it on every function that needs it',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('every other bundle but compose', () => {
  // deliver's bundle is checked above; compose is the one that compiles MJML.
  const entries = Object.entries(HANDLER_ENTRIES).filter(
    ([name]) => name !== 'compose' && name !== 'deliver',
  );

  it.each(entries)(
    '%s carries no mjml (templates it sends are compiled at build time)',
    async (name, entry) => {
      const result = await build({
        ...esbuildOptionsFor(entry, path.join(OUTDIR, name)),
        metafile: true,
      });
      const files = Object.keys(result.metafile.inputs);
      expect(files.filter((file) => /node_modules\/(mjml|html-minifier|juice)/.test(file))).toEqual(
        [],
      );
    },
  );
});

describe('the compose bundle', () => {
  it('runs as an ES module and compiles the templates shipped next to it at cold start', async () => {
    const outdir = path.join(OUTDIR, 'compose');
    mkdirSync(outdir, { recursive: true });
    await build(esbuildOptionsFor(HANDLER_ENTRIES.compose, outdir));
    for (const command of copyTemplatesCommands(PROJECT_ROOT, outdir)) {
      execFileSync('bash', ['-c', command]);
    }
    for (const [name, value] of Object.entries({
      LAMBDA_TASK_ROOT: outdir,
      AWS_REGION: 'us-east-1',
      NEWSLETTER_TABLE: 'newsletter',
      NEWSLETTER_BUCKET: 'newsletter-articles',
      NEWSLETTER_ARCHIVE_BUCKET: 'newsletter-archive',
      NEWSLETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/recipients',
      NEWSLETTER_LIST_NAME: 'Weekly',
      NEWSLETTER_LIST_ID: 'weekly.example.com',
      NEWSLETTER_FROM_ADDRESS: 'news@example.com',
      NEWSLETTER_POSTAL_ADDRESS: '1 Example Street, Springfield',
      NEWSLETTER_PUBLIC_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      NEWSLETTER_SEND_RATE: '14',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    })) {
      vi.stubEnv(name, value);
    }
    try {
      const bundle = await import(path.join(outdir, 'index.mjs'));
      // Refused only after the cold start, which compiles the templates, succeeded.
      await expect(bundle.handler({ articleKey: 'nope' })).rejects.toThrow(
        /^compose event articleKey: must be a key under articles\//,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
