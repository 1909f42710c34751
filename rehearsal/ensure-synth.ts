/**
 * Run before the rehearsal suites: synthesizes each cloud assembly named on the command line
 * when it is missing or older than any source it is built from, so the suites always rehearse
 * the code as it is:
 *   default  cdk.out, the stack as `npm run synth` makes it (cdk.json's settings): the smoke suite
 *   crash    cdk.out.crash, the same with `-c deliverConcurrency=8 -c sendRateCap=40`: the crash
 *            test sends 2,000 messages twice, which takes too long at 2 × 7/s
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['bin', 'lib', 'lambda', 'templates', 'package-lock.json', 'cdk.json'];

const ASSEMBLIES = {
  default: { dir: 'cdk.out', context: [] },
  crash: { dir: 'cdk.out.crash', context: ['deliverConcurrency=8', 'sendRateCap=40'] },
} as const;

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(entry, name))),
    stat.mtimeMs,
  );
}

const changedAt = Math.max(...SOURCES.map((source) => newestChange(path.join(ROOT, source))));
const names = process.argv.slice(2) as (keyof typeof ASSEMBLIES)[];
for (const name of names) {
  const assembly = ASSEMBLIES[name];
  if (!assembly)
    throw new Error(
      `ensure-synth: no assembly ${name}; use ${Object.keys(ASSEMBLIES).join(' or ')}`,
    );
  const { dir, context } = assembly;
  const manifest = path.join(ROOT, dir, 'manifest.json');
  const synthesizedAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (changedAt <= synthesizedAt) continue;
  const args = ['cdk', 'synth', '--quiet', '-o', dir, ...context.flatMap((c) => ['-c', c])];
  process.stdout.write(
    `${dir} is ${synthesizedAt ? 'older than the sources' : 'missing'}: npx ${args.join(' ')}\n`,
  );
  const synth = spawnSync('npx', args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  if (synth.status !== 0) {
    process.exitCode = synth.status ?? 1;
    break;
  }
}
