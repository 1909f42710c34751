import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRender } from '../../../lambda/local/commands/render';
import { SAMPLE_ARTICLE } from '../../../lambda/local/sample';

// A template that cannot be compiled (an MJML error in an edited template): the render fails
// after the article and --out were checked.
vi.mock('../../../lambda/adapters/templates/compile-template', () => ({
  compileTemplate: vi.fn(async () => {
    throw new Error('templates/newsletter.mjml: mj-column cannot be used inside mj-text');
  }),
}));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-render-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('newsletter render', () => {
  it('leaves no empty --out folder behind when it fails after checking it', async () => {
    const out = path.join(work, 'render', 'nested');
    await expect(runRender({ article: SAMPLE_ARTICLE, out })).rejects.toThrow(/mj-column/);
    expect(existsSync(path.join(work, 'render'))).toBe(false);
  });
});
