/**
 * How every function is bundled. The stack hands these settings to NodejsFunction (esbuild on
 * this machine, never Docker); test/cdk/bundles.test.ts builds with the same settings to check
 * what ends up in the bundles.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The repository root: entries, package-lock.json and templates/ are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda runtime's Node.js major version, which esbuild compiles for. */
export const NODE_MAJOR = 24;

/**
 * The SDK's default credential chain imports these with `import()`, and only when the environment
 * holds no credentials; Lambda puts the function role's there. Bundled, they and the STS, SSO and
 * sign-in clients they bring made the subscription API's bundle 480 KiB instead of 366, all of it
 * compiled at every cold start. Left out, they stay `import()`s that the runtime's own copy of the
 * SDK would answer; test/cdk/bundles.test.ts checks that nothing else is left out.
 */
export const CREDENTIAL_PROVIDERS_LAMBDA_NEVER_USES = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
] as const;

export const BUNDLE_SETTINGS = {
  target: `node${NODE_MAJOR}`,
  minify: true,
  /** Prefer packages' ES module builds: they tree-shake. */
  mainFields: ['module', 'main'],
  /**
   * The AWS SDK is bundled, tree-shaken and minified, rather than loaded from the runtime's copy:
   * `npm run bench` starts deliver and the subscription API both ways, and one file loads faster
   * than the runtime's hundreds (BENCHMARKS.md). Left out:
   * - `source-map`, only `require`d by handlebars inside a try/catch, for precompiling with
   *   source maps, which no function does;
   * - CREDENTIAL_PROVIDERS_LAMBDA_NEVER_USES.
   */
  externalModules: ['source-map', ...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_USES],
  /** Every function's NODE_OPTIONS: stack traces point into our sources, not the bundle. */
  nodeOptions: '--enable-source-maps',
  /**
   * For ES module bundles: CommonJS dependencies bundled into an ES module still call require()
   * for Node built-ins.
   */
  esmBanner:
    "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
} as const;

/** The handler modules, relative to PROJECT_ROOT. */
export const HANDLER_ENTRIES = {
  compose: 'lambda/handlers/compose.ts',
  deliver: 'lambda/handlers/deliver.ts',
  subscriptionApi: 'lambda/handlers/subscription-api.ts',
  sesEvents: 'lambda/handlers/ses-events.ts',
  confirmationSender: 'lambda/handlers/confirmation-sender.ts',
} as const;

/**
 * Shell commands that copy the templates (MJML, text and partials, not the preview data) next
 * to a bundle, for a function that compiles them at cold start (compose, confirmation-sender).
 */
export function copyTemplatesCommands(inputDir: string, outputDir: string): string[] {
  const from = path.join(inputDir, 'templates');
  const to = path.join(outputDir, 'templates');
  return [
    `mkdir -p "${to}"`,
    `cp "${from}"/*.mjml "${from}"/*.txt.hbs "${to}/"`,
    `cp -R "${from}/partials" "${to}/"`,
  ];
}

/**
 * Shell commands that compile a template's MJML at build time into `templates/<name>.json` next
 * to a bundle (bin/precompile-template.ts), for a function that must not carry mjml: the
 * confirmation sender.
 */
export function precompileTemplateCommands(
  name: string,
): (inputDir: string, outputDir: string) => string[] {
  return (inputDir, outputDir) => [
    `"${path.join(inputDir, 'node_modules', '.bin', 'tsx')}" "${path.join(inputDir, 'bin', 'precompile-template.ts')}" ${name} "${path.join(outputDir, 'templates')}"`,
  ];
}

/**
 * The esbuild options NodejsFunction derives from BUNDLE_SETTINGS (its `--platform`, `--format`,
 * `--outfile`, `--sourcemap`, … flags), for building a bundle outside CDK exactly as the stack does.
 */
export function esbuildOptionsFor(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    bundle: true,
    platform: 'node',
    // ES modules throughout: compose finds its templates through import.meta.url.
    format: 'esm',
    target: BUNDLE_SETTINGS.target,
    // Explicit extensions: the repository's package.json says "type": "module".
    outfile: path.join(outdir, 'index.mjs'),
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: true,
    sourcesContent: false,
    external: [...BUNDLE_SETTINGS.externalModules],
    banner: { js: BUNDLE_SETTINGS.esmBanner },
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    logLevel: 'silent',
  };
}
