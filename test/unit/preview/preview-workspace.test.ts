import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createPreviewWorkspace,
  type WorkspaceOptions,
} from '../../../lambda/local/preview/preview-workspace';
import type { RenderedPreview } from '../../../lambda/local/preview/render-preview';
import { testConfig } from '../render/fixtures';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Renders are waited for generously: the machine may be busy. */
const waiting = { timeout: 15_000, interval: 20 };

/** A workspace of the templates in `folder`, rendering with `render` (held by the test). */
function workspaceIn(folder: string, render: NonNullable<WorkspaceOptions['render']>) {
  return createPreviewWorkspace({
    templatesDir: folder,
    articlesDir: folder,
    config: testConfig,
    selection: { template: 'newsletter', article: null },
    render,
  });
}

describe('the preview workspace', () => {
  it('renders only the last of the saves made while a render runs, and answers the ones before with it', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'preview-workspace-'));
    const template = path.join(root, 'newsletter.mjml');
    await writeFile(template, 'save 0');
    // Each render is held until the test lets it end, as a large template's takes seconds.
    const ends: (() => void)[] = [];
    const render = () =>
      new Promise<RenderedPreview>((resolve) => {
        const rendered = `render ${ends.length}`;
        ends.push(() => resolve(rendered as unknown as RenderedPreview));
      });
    const workspace = workspaceIn(root, render);
    const selection = workspace.selection();
    const first = workspace.render(selection);
    await vi.waitFor(() => expect(ends).toHaveLength(1), waiting);
    // Two more saves while the first render runs (each another size: another fingerprint).
    await writeFile(template, 'save 01');
    const second = workspace.render(selection);
    await writeFile(template, 'save 012');
    const third = workspace.render(selection);
    // Every render is let end as soon as it has started, until all three saves are answered.
    let answered = false;
    const all = Promise.all([first, second, third]).finally(() => {
      answered = true;
    });
    await vi.waitFor(() => {
      for (const end of ends) end();
      expect(answered).toBe(true);
    }, waiting);
    const shown = await all;
    // Before, each save started a render of its own beside the one running: with a template
    // that takes seconds, the last save showed only once all of them had ended.
    expect(shown).toEqual(['render 0', 'render 1', 'render 1']);
    expect(ends).toHaveLength(2);
  });

  it('renders one selection at a time: two others asked for during a render each wait their turn', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'preview-workspace-'));
    const names = ['newsletter', 'second', 'third'];
    for (const name of names) await writeFile(path.join(root, `${name}.mjml`), name);
    let running = 0;
    let most = 0;
    const ends: (() => void)[] = [];
    const render = (_sources: unknown, selection: { template: string }) =>
      new Promise<RenderedPreview>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        let ended = false;
        ends.push(() => {
          if (ended) return;
          ended = true;
          running -= 1;
          resolve(selection.template as unknown as RenderedPreview);
        });
      });
    const workspace = workspaceIn(root, render);
    const first = workspace.render({ template: 'newsletter', article: null });
    await vi.waitFor(() => expect(ends).toHaveLength(1), waiting);
    const others = names.slice(1).map((template) => workspace.render({ template, article: null }));
    let answered = false;
    const all = Promise.all([first, ...others]).finally(() => {
      answered = true;
    });
    await vi.waitFor(() => {
      for (const end of ends) end();
      expect(answered).toBe(true);
    }, waiting);
    expect(await all).toEqual(names);
    // Before, both waited for the first render only, and then ran side by side.
    expect(most).toBe(1);
  });
});
