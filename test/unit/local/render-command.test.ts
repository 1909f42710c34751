import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_ARTICLE } from '../../../lambda/local/sample';

const COMPILE_TEMPLATE = '../../../lambda/adapters/templates/compile-template';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'newsletter-render-'));
});
afterAll(async () => {
  // Files in a worker share its modules (vitest.config.mts): the next file gets the real one.
  vi.doUnmock(COMPILE_TEMPLATE);
  vi.resetModules();
  await rm(work, { recursive: true, force: true });
});

describe('newsletter render', () => {
  it('leaves no empty --out folder behind when it fails after checking it', async () => {
    // A template that cannot be compiled (an MJML error in an edited template): the render fails
    // after the article and --out were checked. Mocked with a fresh copy of the command, as an
    // earlier file in this worker may have loaded it with the real compiler.
    vi.resetModules();
    vi.doMock(COMPILE_TEMPLATE, () => ({
      compileTemplate: async () => {
        throw new Error('templates/newsletter.mjml: mj-column cannot be used inside mj-text');
      },
    }));
    const { runRender } = await import('../../../lambda/local/commands/render');
    const out = path.join(work, 'render', 'nested');
    await expect(runRender({ article: SAMPLE_ARTICLE, out })).rejects.toThrow(/mj-column/);
    expect(existsSync(path.join(work, 'render'))).toBe(false);
  });
});
