import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIRMATION_CAP_METRIC } from '../../../lambda/core/subscription/rate-limits';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const README = path.join(ROOT, 'README.md');
const DOCS = [
  README,
  path.join(ROOT, 'BENCHMARKS.md'),
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(ROOT, 'docs', name)),
];

/** Inline links and images, outside fenced code blocks: [text](target) and ![alt](target). */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const anchors = [...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-'),
  );
  return new Set(anchors);
}

/** Every relative link that does not resolve, as "file: target (why)". */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(readFileSync(file, 'utf8'))) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto: — not ours to check offline
    const [pathPart = '', anchor] = target.split('#');
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
    const where = `${path.relative(ROOT, file)}: ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
    } else if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md')) {
      if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
        broken.push(`${where} (no heading #${anchor})`);
      }
    }
  }
  return broken;
}

describe('the README and docs/', () => {
  it('keeps the README to 200 lines at most', () => {
    const lines = readFileSync(README, 'utf8').split('\n').length - 1;
    expect(lines, 'README.md is over 200 lines: move details into docs/').toBeLessThanOrEqual(200);
  });

  it('has only relative links that resolve, to a file and a heading', () => {
    expect(DOCS.flatMap(brokenLinks)).toEqual([]);
  });

  it("lists every file of lib/ in architecture.md's table of constructs", () => {
    const architecture = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const listed = new Set(
      linkTargets(architecture).filter((target) => target.startsWith('../lib/')),
    );
    const missing = readdirSync(path.join(ROOT, 'lib'))
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => !listed.has(`../lib/${name}`));
    expect(missing, 'add a row for each to the lib/ table in docs/architecture.md').toEqual([]);
  });

  it('names in operations.md every metric the functions publish', () => {
    const handlers = path.join(ROOT, 'lambda', 'handlers');
    const published = readdirSync(handlers).flatMap((name) => [
      ...readFileSync(path.join(handlers, name), 'utf8').matchAll(/addMetric\(\s*'(\w+)'/g),
    ]);
    const names = [...published.map((match) => match[1] as string), CONFIRMATION_CAP_METRIC];
    const operations = readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });

  it('reads links outside code blocks and anchors as GitHub makes them', () => {
    expect(linkTargets('see [a](nope.md) and ![b](img.png)\n```\n[c](code.md)\n```\n')).toEqual([
      'nope.md',
      'img.png',
    ]);
    expect(headingAnchors('## How to read the summary\n### Before the first deploy')).toEqual(
      new Set(['how-to-read-the-summary', 'before-the-first-deploy']),
    );
  });
});
