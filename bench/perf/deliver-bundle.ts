import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptionsFor, HANDLER_ENTRIES } from '../../lib/bundling';

export interface DeliverBundle {
  /** Absolute path of the bundle (index.mjs or index.cjs, whatever the stack builds). */
  readonly file: string;
  readonly format: 'esm' | 'cjs';
  readonly bytes: number;
  /** What the deployment zip roughly carries. */
  readonly gzipBytes: number;
  /** The AWS SDK packages the bundle leaves to the Lambda runtime. */
  readonly sdkPackages: readonly string[];
}

/** Builds deliver with the stack's own esbuild settings (lib/bundling.ts) into `outdir`. */
export async function buildDeliverBundle(outdir: string): Promise<DeliverBundle> {
  const options = esbuildOptionsFor(HANDLER_ENTRIES.deliver, outdir);
  const { outfile, format } = options;
  if (outfile === undefined || (format !== 'esm' && format !== 'cjs')) {
    throw new Error(`lib/bundling.ts: expected an outfile and format esm or cjs, got ${format}`);
  }
  const result = await build({ ...options, metafile: true });
  const entry = Object.values(result.metafile.outputs).find((output) => output.entryPoint);
  const sdkPackages = new Set(
    (entry?.imports ?? [])
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
  };
}
