import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../lib/bundling';

export interface FunctionBundle {
  /** Absolute path of the bundle (index.mjs or index.cjs, whatever the stack builds). */
  readonly file: string;
  readonly format: 'esm' | 'cjs';
  readonly bytes: number;
  /** What the deployment zip roughly carries. */
  readonly gzipBytes: number;
  /**
   * The AWS SDK packages the bundle leaves to the Lambda runtime: as the stack builds, only the
   * credential providers Lambda never uses (lib/bundling.ts).
   */
  readonly sdkPackages: readonly string[];
  /** Whether mjml is inside (only compose should carry it). */
  readonly containsMjml: boolean;
}

/**
 * Builds a handler with the stack's own esbuild settings (lib/bundling.ts) into `outdir`. With
 * `sdkFromRuntime` the AWS SDK is left out for the Lambda runtime's copy instead: the
 * alternative, measured beside it.
 */
export async function buildFunctionBundle(
  entry: string,
  outdir: string,
  { sdkFromRuntime = false } = {},
): Promise<FunctionBundle> {
  const options = esbuildOptionsFor(entry, outdir);
  const { outfile, format } = options;
  if (outfile === undefined || (format !== 'esm' && format !== 'cjs')) {
    throw new Error(`lib/bundling.ts: expected an outfile and format esm or cjs, got ${format}`);
  }
  const external = sdkFromRuntime ? [...(options.external ?? []), '@aws-sdk/*'] : options.external;
  const result = await build({ ...options, external, metafile: true });
  const entryOutput = Object.values(result.metafile.outputs).find((output) => output.entryPoint);
  const sdkPackages = new Set(
    (entryOutput?.imports ?? [])
      .filter((imported) => imported.external && imported.path.startsWith('@aws-sdk/'))
      .map((imported) => imported.path),
  );
  const code = await readFile(outfile);
  return {
    file: outfile,
    format,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sdkPackages: [...sdkPackages].sort(),
    containsMjml: Object.keys(result.metafile.inputs).some((input) =>
      input.includes('node_modules/mjml'),
    ),
  };
}
