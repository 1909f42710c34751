import { describe, expect, it } from 'vitest';
import { encodeQuotedPrintableRun } from '../../../lambda/core/mime/quoted-printable';
import { decodeQuotedPrintable } from './read-message';

const encodeRuns = (runs: string[]) =>
  Buffer.concat(runs.map((run, i) => encodeQuotedPrintableRun(run, i < runs.length - 1))).toString(
    'latin1',
  );

describe('encodeQuotedPrintableRun', () => {
  it('encodes runs that concatenate into the quoted-printable of the whole text', () => {
    const runs = [
      'Hi ',
      'Ann Müller',
      ',\n\nA line that ends in spaces   \n',
      'x=1 & “quotes” – dashes',
      '\r\n',
      `${'long '.repeat(40)}end`,
      '  trailing tab\t',
    ];
    expect(decodeQuotedPrintable(encodeRuns(runs))).toBe(runs.join('').replace(/\r?\n/g, '\r\n'));
  });

  it('keeps every line within 76 characters, soft breaks included', () => {
    const runs = ['a'.repeat(75), 'b'.repeat(76), 'ü'.repeat(40), '=', 'c'.repeat(151)];
    const encoded = encodeRuns(runs);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(decodeQuotedPrintable(encoded)).toBe(runs.join(''));
  });

  // An mbox store (Postfix's local delivery, mutt, procmail) writes ">From " for a line that starts
  // with "From ", which its reader then shows: "From Monday, buses…" read ">From Monday, buses…".
  it('starts no line with "From ", neither a line of the text nor one the soft breaks make', () => {
    const runs = [
      'From Monday, buses run every ten minutes.\nFrom here on, fares fall.\n',
      `${'The council voted on it. '.repeat(3)}From now on, the route changes.`,
      `${'x'.repeat(74)}From the start`,
      'From Ann',
    ];
    for (const [index, run] of runs.entries()) {
      for (const followed of [true, false]) {
        const encoded = encodeQuotedPrintableRun(run, followed).toString('latin1');
        for (const line of encoded.split('\r\n')) {
          expect(line).not.toMatch(/^From /);
          expect(line.length).toBeLessThanOrEqual(76);
        }
        expect(decodeQuotedPrintable(encoded), `run ${index}`).toBe(run.replace(/\n/g, '\r\n'));
      }
    }
  });

  it('leaves "From" inside a line, and "From" not followed by a space, as written', () => {
    const encoded = encodeQuotedPrintableRun('Letters From Readers\nFromage frais', false);
    expect(encoded.toString('latin1')).toBe('Letters From Readers\r\nFromage frais');
  });

  it('writes every line end as CRLF', () => {
    const encoded = encodeRuns(['one\ntwo\rthree\r\n', 'four']);
    expect(encoded).toBe('one\r\ntwo\r\nthree\r\nfour');
  });

  it('leaves no soft break after the last run', () => {
    expect(encodeQuotedPrintableRun('end', false).toString()).toBe('end');
    expect(encodeQuotedPrintableRun('end', true).toString()).toBe('end=\r\n');
  });
});
