import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../../lambda/adapters/templates/compile-template';
import { TemplateError } from '../../../lambda/core/errors';
import { loadPreviewData } from '../../../lambda/local/preview/preview-data';
import { anyView, newsletterView } from '../../../lambda/local/preview/preview-views';
import { PROJECT_ROOT } from '../../../lambda/local/sample';

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
    expect(await loadPreviewData(dir, 'sample', anyView)).toEqual({ n: 1 });
    await write(
      'interface View { n: number }\nexport const previewData = { n: 2 } satisfies View;\n',
    );
    expect(await loadPreviewData(dir, 'sample', anyView)).toEqual({ n: 2 });
  });

  it('points at the line of a syntax error', async () => {
    await write('export const previewData = {\n  n: 1,\n  m: ,\n};\n');
    const error = await loadPreviewData(dir, 'sample', anyView).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ file: 'sample.preview.ts', line: 3 });
  });

  it('refuses a file that is not UTF-8, as a template is refused, instead of showing "�"', async () => {
    // tsx reads the file as UTF-8: a Windows-1252 'café' reached the email as 'caf�'.
    await writeFile(
      path.join(dir, 'sample.preview.ts'),
      Buffer.from("export const previewData = {\n  name: 'caf\xe9',\n};\n", 'latin1'),
    );
    await expect(loadPreviewData(dir, 'sample', anyView)).rejects.toThrow(
      'Template sample.preview.ts: is not valid UTF-8 text (line 2: byte 0xE9) — save it as UTF-8',
    );
  });

  it('says when the file is missing or exports no data', async () => {
    await expect(loadPreviewData(dir, 'absent', anyView)).rejects.toThrow(
      'Template absent.preview.ts: does not exist: add it beside the template',
    );
    await write('export default { n: 3 };\n');
    await expect(loadPreviewData(dir, 'sample', anyView)).rejects.toThrow(
      'must export `previewData`',
    );
  });

  it.each([
    [
      'a list given as text',
      (s: string) => s.replace(/keyPoints: \[[\s\S]*?\n {4}\],/, "keyPoints: 'none',"),
      'previewData.issue.keyPoints must be a list, not text ("none")',
      true,
    ],
    [
      'a missing field',
      (s: string) => s.replace(/ {4}title: .*\n/, ''),
      'previewData.issue.title is missing',
      false,
    ],
    [
      'a number where text goes',
      (s: string) => s.replace("heading: 'Putin wants guns'", 'heading: 7'),
      'previewData.issue.keyPoints[0].heading must be text, not a number (7)',
      false,
    ],
    [
      'an issue id that is a path',
      (s: string) => s.replace(/id: '[^']*'/, "id: '../../elsewhere'"),
      'previewData.issue.id is not an issue id (up to 128 letters, digits, - and _)',
      true,
    ],
    [
      'an empty subject',
      (s: string) => s.replace(/subject: '[^']*'/, "subject: ' '"),
      'previewData.issue.subject must not be empty (it is the Subject line)',
      true,
    ],
  ])(
    'names the file and the field of %s, and the line when the field is written once',
    async (_label, change, reason, located) => {
      const source = await readFile(
        path.join(DEFAULT_TEMPLATES_DIR, 'newsletter.preview.ts'),
        'utf8',
      );
      const changed = change(source);
      expect(changed).not.toBe(source);
      await writeFile(
        path.join(dir, 'newsletter.preview.ts'),
        changed.replace("'../lambda/", `'${path.join(PROJECT_ROOT, 'lambda')}/`),
      );
      const error = await loadPreviewData(dir, 'newsletter', newsletterView).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TemplateError);
      const line = located ? (error as TemplateError).line : undefined;
      expect((error as Error).message).toBe(
        `Template newsletter.preview.ts${located ? `:${line}` : ''}: ${reason}`,
      );
      if (located) expect(changed.split('\n')[(line ?? 0) - 1]).toMatch(/keyPoints|id|subject/);
    },
  );

  it("keeps fields the view does not name, for a template of one's own", async () => {
    await write("export const previewData = { sponsor: 'Acme' };\n");
    expect(await loadPreviewData(dir, 'sample', anyView)).toEqual({ sponsor: 'Acme' });
  });
});
