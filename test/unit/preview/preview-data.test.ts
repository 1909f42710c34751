import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../../../lambda/core/errors';
import { loadPreviewData } from '../../../lambda/local/preview/preview-data';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'preview-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(source: string): Promise<void> {
  await writeFile(path.join(dir, 'sample.preview.ts'), source);
}

describe('loading a template’s preview data', () => {
  it('imports the file afresh after every edit, types and all', async () => {
    await write(
      'interface View { n: number }\nexport const previewData = { n: 1 } satisfies View;\n',
    );
    expect(await loadPreviewData(dir, 'sample')).toEqual({ n: 1 });
    await write(
      'interface View { n: number }\nexport const previewData = { n: 2 } satisfies View;\n',
    );
    expect(await loadPreviewData(dir, 'sample')).toEqual({ n: 2 });
  });

  it('points at the line of a syntax error', async () => {
    await write('export const previewData = {\n  n: 1,\n  m: ,\n};\n');
    const error = await loadPreviewData(dir, 'sample').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ file: 'sample.preview.ts', line: 3 });
  });

  it('says when the file is missing or exports no data', async () => {
    await expect(loadPreviewData(dir, 'absent')).rejects.toThrow(
      'Template absent.preview.ts: does not exist: add it beside the template',
    );
    await write('export default { n: 3 };\n');
    await expect(loadPreviewData(dir, 'sample')).rejects.toThrow('must export `previewData`');
  });
});
