import { describe, expect, it } from 'vitest';
import { checkCompatibility, clientName } from '../../../lambda/local/preview/compatibility';

describe('email client compatibility (caniemail data)', () => {
  it('names clients the way people know them', () => {
    expect(clientName('outlook.windows-mail')).toBe('Outlook Windows Mail');
    expect(clientName('gmail.desktop-webmail')).toBe('Gmail webmail');
    expect(clientName('apple-mail.ios')).toBe('Apple Mail iOS');
  });

  it('folds every use of a feature into one issue per support level, unsupported first', async () => {
    const html = `<!doctype html><html lang="en"><head>
      <style>@media (max-width: 480px) { .a { color: red; } }</style>
      <style>@media (max-width: 320px) { .b { color: blue; } }</style>
    </head><body><div style="border-radius: 4px">x</div></body></html>`;
    const issues = await checkCompatibility(html);
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

  it('reports nothing for plain HTML every client shows', async () => {
    expect(await checkCompatibility('<p>Hello</p>')).toEqual([]);
  });

  it('checks off the event loop: the preview answers other requests meanwhile', async () => {
    // caniemail's check of a 5 MB email held the preview for seconds: no other request, no
    // live reload. In a worker thread, the event loop turns before the check answers.
    let answered = false;
    const issues = checkCompatibility('<div style="border-radius: 4px">x</div>').then((found) => {
      answered = true;
      return found;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect((await issues).map((issue) => issue.feature)).toEqual(['border-radius']);
  });
});
