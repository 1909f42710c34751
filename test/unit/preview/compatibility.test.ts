import { describe, expect, it } from 'vitest';
import { checkCompatibility, clientName } from '../../../lambda/local/preview/compatibility';

describe('email client compatibility (caniemail data)', () => {
  it('names clients the way people know them', () => {
    expect(clientName('outlook.windows-mail')).toBe('Outlook Windows Mail');
    expect(clientName('gmail.desktop-webmail')).toBe('Gmail webmail');
    expect(clientName('apple-mail.ios')).toBe('Apple Mail iOS');
  });

  it('folds every use of a feature into one issue per support level, unsupported first', () => {
    const html = `<!doctype html><html lang="en"><head>
      <style>@media (max-width: 480px) { .a { color: red; } }</style>
      <style>@media (max-width: 320px) { .b { color: blue; } }</style>
    </head><body><div style="border-radius: 4px">x</div></body></html>`;
    const issues = checkCompatibility(html);
    const media = issues.filter((issue) => issue.feature === '@media');
    expect(media.map((issue) => issue.support)).toEqual(['unsupported', 'partial']);
    expect(media[0]?.clients).toContain('Outlook Windows');
    expect(media[0]?.occurrences).toBe(2);
    const radius = issues.find((issue) => issue.feature === 'border-radius');
    expect(radius).toMatchObject({
      support: 'unsupported',
      clients: ['Outlook Windows', 'Outlook Windows Mail'],
    });
    expect(issues[0]?.support).toBe('unsupported');
    expect(issues.at(-1)?.support).toBe('partial');
  });

  it('reports nothing for plain HTML every client shows', () => {
    expect(checkCompatibility('<p>Hello</p>')).toEqual([]);
  });
});
