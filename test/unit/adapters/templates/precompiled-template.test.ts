/**
 * The confirmation sender's template, compiled at build time by bin/precompile-template.ts (the
 * command the stack runs after bundling) and read back at cold start by readPrecompiledTemplate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPrecompiledTemplate } from '../../../../lambda/adapters/templates/precompiled-template';
import { TemplateError } from '../../../../lambda/core/errors';
import { CONFIRMATION_TEMPLATE } from '../../../../lambda/core/subscription/confirmation-email';
import { PROJECT_ROOT, precompileTemplateCommands } from '../../../../lib/bundling';

const work = mkdtempSync(path.join(tmpdir(), 'precompiled-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a template precompiled at build time', () => {
  it('is what the stack ships next to the bundle, and reads back as MJML-free Handlebars', async () => {
    const bundleDir = path.join(work, 'bundle');
    for (const command of precompileTemplateCommands(CONFIRMATION_TEMPLATE)(
      PROJECT_ROOT,
      bundleDir,
    )) {
      execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    }
    const template = await readPrecompiledTemplate(
      path.join(bundleDir, 'templates'),
      CONFIRMATION_TEMPLATE,
    );
    expect(template.name).toBe(CONFIRMATION_TEMPLATE);
    expect(template.version).toMatch(/^[0-9a-f]{16}$/);
    expect(template.html).toContain('<!doctype html>');
    expect(template.html).not.toContain('<mj-');
    expect(template.html).toContain('{{');
    expect(template.text).toContain('{{');
  });

  it('is refused with the file named when it is missing, not JSON, or another template', async () => {
    await expect(readPrecompiledTemplate(work, 'absent')).rejects.toThrow(
      new TemplateError(
        path.join(work, 'absent.json'),
        'does not exist or cannot be read: build it with tsx bin/precompile-template.ts',
      ),
    );
    writeFileSync(path.join(work, 'broken.json'), '{"name":');
    await expect(readPrecompiledTemplate(work, 'broken')).rejects.toThrow(
      /broken\.json: is not JSON/,
    );
    writeFileSync(
      path.join(work, 'other.json'),
      JSON.stringify({ name: 'newsletter', version: 'v', html: '<p>', text: 't' }),
    );
    await expect(readPrecompiledTemplate(work, 'other')).rejects.toThrow(
      /other\.json: is not the precompiled template "other"/,
    );
  });
});
