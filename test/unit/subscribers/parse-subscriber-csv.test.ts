import { describe, expect, it } from 'vitest';
import { parseSubscriberCsv } from '../../../lambda/core/subscribers/parse-subscriber-csv';

describe('parseSubscriberCsv', () => {
  it('reads email and optional name columns in any case and order, with a BOM', () => {
    const parsed = parseSubscriberCsv(
      '\uFEFFName,EMAIL\nAda,ada@example.com\n,bob@Example.com\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ada@example.com', name: 'Ada' },
      { line: 3, email: 'bob@example.com', name: null },
    ]);
  });

  it.each([
    [';', 'semicolons, as spreadsheets write where the comma is the decimal mark'],
    ['\t', 'tabs'],
  ])('reads columns separated by %j (%s), a comma inside a name kept', (delimiter) => {
    const csv =
      ['Email', 'Name'].join(delimiter) +
      '\n' +
      ['ada@example.com', 'Lovelace, Ada'].join(delimiter) +
      '\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([{ line: 2, email: 'ada@example.com', name: 'Lovelace, Ada' }]);
  });

  it('reports invalid rows and duplicates with their line numbers', () => {
    const csv = 'email,name\nada@example.com,Ada\nnope,X\n\nADA@example.com,Again\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.problems).toEqual([
      { line: 3, reason: expect.stringContaining('not a valid email address') },
      { line: 5, reason: 'duplicate of line 2' },
    ]);
  });

  it('refuses a file without an email column', () => {
    expect(() => parseSubscriberCsv('name\nAda\n', 'in.csv')).toThrow(
      'in.csv: needs a header row with an "email" column',
    );
  });

  it('refuses a header with a column it reads twice, instead of keeping the last', () => {
    expect(() =>
      parseSubscriberCsv('email,name,Email\na@example.com,A,b@example.com\n', 'in.csv'),
    ).toThrow('in.csv: has two "email" columns; keep the one to import');
    expect(() => parseSubscriberCsv('name;email;name\nA;a@example.com;B\n', 'in.csv')).toThrow(
      'in.csv: has two "name" columns',
    );
  });

  it('refuses a file with no rows', () => {
    expect(() => parseSubscriberCsv('email\n', 'in.csv')).toThrow('in.csv: has no subscriber rows');
  });

  it('refuses malformed CSV, naming the line', () => {
    expect(() => parseSubscriberCsv('email,name\n"ada@example.com,Ada\n', 'in.csv')).toThrow(
      /^in\.csv(:\d+)?: is not valid CSV/,
    );
  });
});
