/**
 * Compiles a template's MJML at build time, for a function that should not carry mjml: writes
 * `<out-dir>/<name>.json`, the CompiledTemplate that compileTemplate returns (Handlebars sources
 * of the HTML and text parts, and the version), which readPrecompiledTemplate loads at cold
 * start. The stack runs it after bundling the confirmation sender (lib/bundling.ts).
 *
 *   tsx bin/precompile-template.ts <name> <out-dir> [--templates DIR]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { compileTemplate } from '../lambda/adapters/templates/compile-template';
import { precompiledTemplateFile } from '../lambda/adapters/templates/precompiled-template';

const program = new Command('precompile-template')
  .description("Compile a template's MJML into <out-dir>/<name>.json for a function without mjml")
  .argument('<name>', 'template name (templates/<name>.mjml and <name>.txt.hbs)')
  .argument('<out-dir>', 'folder to write <name>.json into (created if missing)')
  .option('--templates <dir>', 'folder holding the templates (default: the repository templates/)')
  .action(async (name: string, outDir: string, options: { templates?: string }) => {
    const compiled = await compileTemplate(name, { templatesDir: options.templates });
    await mkdir(outDir, { recursive: true });
    const file = precompiledTemplateFile(outDir, name);
    await writeFile(file, JSON.stringify(compiled));
    process.stdout.write(`${path.relative(process.cwd(), file)}: ${name} ${compiled.version}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`precompile-template: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
