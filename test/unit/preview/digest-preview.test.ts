import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../../lambda/adapters/templates/compile-template';
import { checkEmail } from '../../../lambda/local/preview/checks';
import { renderPreview } from '../../../lambda/local/preview/render-preview';
import { testConfig } from '../render/fixtures';

describe('the digest in the preview studio', () => {
  it('is fitted under Gmail’s clip like a sent digest, and the checks say what was cut', async () => {
    const rendered = await renderPreview(
      { templatesDir: DEFAULT_TEMPLATES_DIR, config: testConfig },
      { template: 'digest', article: null },
    );
    expect(rendered.subject).toBe('Weekly Briefing: River cycle lanes approved and 4 more');
    expect(rendered.html.match(/Read the article/g)).toHaveLength(5);
    expect(rendered.fitNotes).toEqual([
      expect.stringMatching(/^Summaries cut to fit under Gmail's clip: at most \d+ key points/),
    ]);
    const checks = await checkEmail({ ...rendered, fitNotes: rendered.fitNotes });
    const size = checks.filter((check) => check.group === 'Size');
    expect(size[0]?.level).not.toBe('error');
    expect(size[1]).toEqual({ group: 'Size', level: 'info', message: rendered.fitNotes[0] });
  });
});
