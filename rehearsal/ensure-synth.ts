/**
 * Run before the rehearsal suites (`npm run test:aws`): synthesizes the stack when cdk.out is
 * missing or older than any source it is built from, so the suites always rehearse the code as
 * it is. `npm run synth` is a few seconds when nothing changed, but tens on a loaded machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['bin', 'lib', 'lambda', 'templates', 'package-lock.json', 'cdk.json'];

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(entry, name))),
    stat.mtimeMs,
  );
}

const manifest = path.join(ROOT, 'cdk.out', 'manifest.json');
const synthesizedAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((source) => newestChange(path.join(ROOT, source))));
if (changedAt > synthesizedAt) {
  process.stdout.write(
    `cdk.out is ${synthesizedAt ? 'older than the sources' : 'missing'}: npm run synth\n`,
  );
  const synth = spawnSync('npm', ['run', 'synth'], { cwd: ROOT, stdio: 'inherit' });
  process.exitCode = synth.status ?? 1;
}
