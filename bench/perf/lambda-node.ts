/**
 * The Lambda runtime's Node.js for `npm run bench -- --lambda-node`: the official binary of
 * NODE_MAJOR (lib/bundling.ts) as the npm registry ships it, in the package `node-<os>-<cpu>` that
 * the `node` package installs. Fetched once with `npm pack` into node_modules/.cache/lambda-node/
 * and reused from there, so later runs need no network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { NewsletterError } from '../../lambda/core/errors';
import { NODE_MAJOR, PROJECT_ROOT } from '../../lib/bundling';

const LAMBDA_NODE_CACHE = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'lambda-node');

/** The registry package with the Node.js binary for this machine, or a reason there is none. */
export function nodePackageFor(platform: string, arch: string): string {
  if (platform !== 'linux' && platform !== 'darwin') {
    throw new NewsletterError(
      `--lambda-node: no Node.js package for ${platform}; pass --cold-start-node with the path of a Node.js ${NODE_MAJOR} binary instead`,
    );
  }
  return `node-${platform}-${arch}`;
}

/** The newest cached `v<NODE_MAJOR>.x.y/package/bin/node` under `cacheDir`, if any. */
export function cachedLambdaNode(cacheDir: string, major = NODE_MAJOR): string | undefined {
  if (!existsSync(cacheDir)) return undefined;
  const versions = readdirSync(cacheDir)
    .map((name) => /^v(\d+)\.(\d+)\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[1]) === major)
    .sort((a, b) => Number(b[2]) - Number(a[2]) || Number(b[3]) - Number(a[3]));
  for (const [name] of versions) {
    const binary = path.join(cacheDir, name, 'package', 'bin', 'node');
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

function run(command: string, args: readonly string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    const reason = result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' ');
    throw new NewsletterError(
      `--lambda-node: ${what} failed (${reason}); pass --cold-start-node with the path of a Node.js ${NODE_MAJOR} binary instead`,
    );
  }
  return result.stdout;
}

/** The path of a Node.js NODE_MAJOR binary, fetched from the npm registry the first time. */
export async function lambdaNode(progress: (message: string) => void): Promise<string> {
  const cached = cachedLambdaNode(LAMBDA_NODE_CACHE);
  if (cached) return cached;
  const spec = `${nodePackageFor(process.platform, process.arch)}@${NODE_MAJOR}`;
  progress(`--lambda-node: fetching ${spec} from the npm registry (about 50 MB, once)`);
  await mkdir(LAMBDA_NODE_CACHE, { recursive: true });
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', spec, '--json', '--pack-destination', LAMBDA_NODE_CACHE],
      `npm pack ${spec}`,
    ),
  ) as { filename: string; version: string }[];
  const { filename, version } = packed[0] ?? { filename: '', version: '' };
  const tarball = path.join(LAMBDA_NODE_CACHE, filename);
  // Unpacked aside and renamed when whole, so an interrupted run never leaves a cached half.
  const unpacking = path.join(LAMBDA_NODE_CACHE, `.unpacking-${process.pid}`);
  await mkdir(unpacking, { recursive: true });
  try {
    run('tar', ['-xzf', tarball, '-C', unpacking], `unpacking ${filename}`);
    await rename(unpacking, path.join(LAMBDA_NODE_CACHE, `v${version}`));
  } finally {
    await rm(tarball, { force: true });
    await rm(unpacking, { recursive: true, force: true });
  }
  const binary = cachedLambdaNode(LAMBDA_NODE_CACHE);
  if (!binary) {
    throw new NewsletterError(
      `--lambda-node: ${filename} has no package/bin/node; pass --cold-start-node with the path of a Node.js ${NODE_MAJOR} binary instead`,
    );
  }
  return binary;
}
