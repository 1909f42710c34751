import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../lambda/local/progress';

function captureStream() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text.trim()) };
  return { lines, stream: stream as unknown as NodeJS.WriteStream };
}

describe('the plain-text progress (logs and pipes)', () => {
  it('writes one line at each tenth of the final total', () => {
    const { lines, stream } = captureStream();
    const progress = createProgress(stream);
    progress.setTotal(50);
    for (let i = 0; i < 50; i++) progress.tick(i < 45 ? 'sent' : 'skipped');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Sending: 5/50 recipients (sent 5)');
    expect(lines.at(-1)).toBe('Sending: 50/50 recipients (sent 45, skipped 5)');
  });

  it('while the list is still being planned, writes a line every 1,000 and marks the total open', () => {
    const { lines, stream } = captureStream();
    const progress = createProgress(stream);
    progress.setTotal(1_500, false);
    for (let i = 0; i < 1_200; i++) progress.tick('already-done');
    expect(lines).toEqual(['Sending: 1000/1500+ recipients (already-done 1000)']);
    progress.setTotal(4_000);
    for (let i = 0; i < 400; i++) progress.tick('sent');
    expect(lines.at(-1)).toBe('Sending: 1600/4000 recipients (already-done 1200, sent 400)');
    expect(lines).toHaveLength(2);
  });
});

describe('progress read from elsewhere (an import, a deployed send)', () => {
  it('takes absolute counts, names what it counts and leaves out empty outcomes', () => {
    const { lines, stream } = captureStream();
    const progress = createProgress(stream, { label: 'Importing', unit: 'rows' });
    progress.setTotal(1_000);
    progress.update(100, {});
    progress.update(500, { sent: 480, failed: 0, skipped: 20 });
    progress.update(500, { sent: 480, failed: 0, skipped: 20 });
    expect(lines).toEqual([
      'Importing: 100/1000 rows',
      'Importing: 500/1000 rows (sent 480, skipped 20)',
    ]);
  });
});

describe('the progress bar on a terminal', () => {
  // A second Ctrl-C ends the process at once, and `keypoints --jsonl` has no Ctrl-C of its own:
  // the bar is not stopped then, and a cursor it had hidden stayed hidden at the shell's prompt.
  it('leaves the cursor shown and line wrapping on, as a process ended mid-bar cannot set them back', () => {
    const written: string[] = [];
    const stream = {
      isTTY: true,
      columns: 80,
      write: (text: string) => written.push(text),
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    } as unknown as NodeJS.WriteStream;
    const progress = createProgress(stream, { label: 'Importing', unit: 'rows' });
    progress.setTotal(10);
    progress.tick('imported');
    expect(written.join('')).toContain('Importing');
    expect(written.join('')).not.toContain('\u001b[?25l');
    expect(written.join('')).not.toContain('\u001b[?7l');
    progress.stop();
  });
});
