import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TemplateError } from '../../core/errors';
import type { CompiledTemplate } from '../../core/render/types';

/**
 * A template compiled at build time (bin/precompile-template.ts), so that a function loads
 * Handlebars sources instead of carrying mjml and compiling at cold start.
 */
const PrecompiledTemplate = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  html: z.string().min(1),
  text: z.string().min(1),
});

export function precompiledTemplateFile(dir: string, name: string): string {
  return path.join(dir, `${name}.json`);
}

export async function readPrecompiledTemplate(
  dir: string,
  name: string,
): Promise<CompiledTemplate> {
  const file = precompiledTemplateFile(dir, name);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new TemplateError(
      file,
      'does not exist or cannot be read: build it with tsx bin/precompile-template.ts',
      undefined,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new TemplateError(file, 'is not JSON: build it again', undefined, { cause: error });
  }
  const template = PrecompiledTemplate.safeParse(parsed);
  if (!template.success || template.data.name !== name) {
    throw new TemplateError(file, `is not the precompiled template "${name}": build it again`);
  }
  return template.data;
}
