import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../bin/newsletter-cli';

describe('the `newsletter preview` command', () => {
  it('offers --port (3000 by default) and --article (the seed article by default)', () => {
    const program = buildProgram();
    const preview = program.commands.find((command) => command.name() === 'preview');
    let out = '';
    preview?.exitOverride().configureOutput({ writeOut: (text) => (out += text) });
    expect(() => program.parse(['node', 'newsletter', 'preview', '--help'])).toThrow();
    expect(out).toContain('Usage: newsletter preview');
    expect(out).toMatch(/--port <n>\s+port on 127\.0\.0\.1 \(default: 3000\)/);
    expect(out).toMatch(/--article <file>[\s\S]*xi-putin-meeting\.txt/);
  });
});
