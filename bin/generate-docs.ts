/**
 * `npm run docs`: writes the generated sections of docs/ from the code that defines them (the
 * CLI's commander program, the configuration tables). `--check` writes nothing and exits 1 when
 * a committed file differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../lambda/local/sample';
import { renderCliReference } from './docs/cli-reference';
import {
  renderContextKeysReference,
  renderEnvironmentReference,
} from './docs/configuration-reference';
import { replaceGeneratedSection } from './docs/markdown';
import { buildProgram, examplesOf } from './newsletter-cli';

interface GeneratedSection {
  /** Relative to the repository root. */
  readonly file: string;
  readonly name: string;
  readonly render: () => string;
}

export const GENERATED_SECTIONS: readonly GeneratedSection[] = [
  {
    file: 'docs/cli.md',
    name: 'cli-reference',
    render: () => renderCliReference(buildProgram(), examplesOf),
  },
  {
    file: 'docs/configuration.md',
    name: 'environment-variables',
    render: renderEnvironmentReference,
  },
  { file: 'docs/configuration.md', name: 'context-keys', render: renderContextKeysReference },
];

export interface GeneratedFile {
  readonly file: string;
  readonly committed: string;
  readonly generated: string;
}

/** Every file with generated sections: as it is on disk and as the code generates it. */
export function generateDocs(root = PROJECT_ROOT): GeneratedFile[] {
  const files = [...new Set(GENERATED_SECTIONS.map((section) => section.file))];
  return files.map((file) => {
    const committed = readFileSync(path.join(root, file), 'utf8');
    const generated = GENERATED_SECTIONS.filter((section) => section.file === file).reduce(
      (document, section) =>
        replaceGeneratedSection(document, section.name, section.render(), file),
      committed,
    );
    return { file, committed, generated };
  });
}

function writeDocs({ check }: { readonly check: boolean }): void {
  const stale = generateDocs().filter(({ committed, generated }) => committed !== generated);
  for (const { file, generated } of stale) {
    if (check) {
      process.stderr.write(`${file} differs from what the code generates: run \`npm run docs\`\n`);
    } else {
      writeFileSync(path.join(PROJECT_ROOT, file), generated);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale.length === 0) process.stdout.write('docs are up to date\n');
  if (check && stale.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  new Command('docs')
    .description(
      `Write the generated sections of ${[...new Set(GENERATED_SECTIONS.map((section) => section.file))].join(' and ')} from the code that defines them: the CLI's commands and options, the environment variables, the CDK context keys.`,
    )
    .option(
      '--check',
      'write nothing; exit 1 naming each file that differs from what the code generates',
    )
    .action(writeDocs)
    .parse();
}
