import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATED_SECTIONS, generateDocs } from '../../../bin/generate-docs';
import { PROJECT_ROOT } from '../../../lambda/local/sample';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's docs/ in a temporary root. */
function copyOfDocs(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'newsletter-docs-'));
  temporary.push(root);
  cpSync(path.join(PROJECT_ROOT, 'docs'), path.join(root, 'docs'), { recursive: true });
  return root;
}

describe('the generated docs', () => {
  it('are what the code generates (if not: run `npm run docs` and commit the result)', () => {
    for (const { file, committed, generated } of generateDocs()) {
      expect(committed, `${file} differs from what the code generates: run \`npm run docs\``).toBe(
        generated,
      );
    }
  });

  it('catch a hand edit inside a generated section', () => {
    const root = copyOfDocs();
    const cli = path.join(root, 'docs', 'cli.md');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace('| `--force` |', '| `--forced` |'));
    const stale = generateDocs(root).filter((doc) => doc.committed !== doc.generated);
    expect(stale.map((doc) => doc.file)).toEqual(['docs/cli.md']);
  });

  it('name the file and the section when its markers are missing', () => {
    const root = copyOfDocs();
    writeFileSync(path.join(root, 'docs', 'configuration.md'), '# Configuration\n');
    expect(() => generateDocs(root)).toThrow(
      /^docs\/configuration.md has no generated section "environment-variables"/,
    );
  });

  it('document every NEWSLETTER_* variable the code names', () => {
    const documented = GENERATED_SECTIONS.map((section) => section.render()).join('\n');
    const sources = ['lambda', 'lib', 'bin'].flatMap((dir) =>
      readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(PROJECT_ROOT, dir, file)),
    );
    // A variable is a quoted name or `process.env.NAME`; NEWSLETTER_TEMPLATE-like constants are not.
    const variable = /(?:['"`]|process\.env\.)(NEWSLETTER_[A-Z_]+)\b/g;
    const named = new Set(
      sources.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(variable)].map((match) => match[1] as string),
      ),
    );
    expect(named).toContain('NEWSLETTER_PUBLIC_URL');
    expect([...named].filter((name) => !documented.includes(`\`${name}\``))).toEqual([]);
  });
});
