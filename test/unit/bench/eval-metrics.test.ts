import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from '../../../bench/eval/bootstrap';
import { listDataFiles } from '../../../bench/eval/data-files';
import type { EvalRecord } from '../../../bench/eval/read-eval-data';
import { countReadability } from '../../../bench/eval/readability';
import { subsetsOf } from '../../../bench/eval/subsets';

describe('pairedBootstrap', () => {
  it('gives the mean difference inside an interval that excludes zero for a consistent gain', () => {
    const differences = [1.2, 0.8, 1.1, 0.9, 1.0, 1.3, 0.7, 1.0];
    const result = pairedBootstrap(differences, 500);
    expect(result.mean).toBeCloseTo(1.0, 10);
    expect(result.low).toBeGreaterThan(0.7);
    expect(result.high).toBeLessThan(1.3);
    expect(result.low).toBeLessThan(result.mean);
    expect(result.high).toBeGreaterThan(result.mean);
  });

  it('gives an interval spanning zero when gains and losses balance', () => {
    const result = pairedBootstrap([2, -2, 1, -1, 3, -3, 0.5, -0.5], 500);
    expect(result.mean).toBeCloseTo(0, 10);
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
  });

  it('is reproducible and collapses to the value when every article agrees', () => {
    const data = [0.3, -0.1, 0.4, 0.2, 0.0];
    expect(pairedBootstrap(data, 200)).toEqual(pairedBootstrap(data, 200));
    expect(pairedBootstrap([0.5, 0.5, 0.5], 100)).toEqual({ mean: 0.5, low: 0.5, high: 0.5 });
    expect(pairedBootstrap([], 100)).toEqual({ mean: 0, low: 0, high: 0 });
  });
});

describe('countReadability', () => {
  const article = [
    'The council approved the new bridge on Monday after two years of debate.',
    'It will cost about 40 million euros and open in 2028.',
    'Local shops had campaigned for the crossing since the old ferry stopped.',
    'But some residents fear the traffic it will bring to the old town.',
    'This week the first contracts were signed with two builders.',
  ];

  it('counts a dependent opening as resolved only right after the sentence it depends on', () => {
    expect(countReadability([article[0], article[1], article[2]] as string[], article)).toEqual({
      points: 3,
      unresolvedDependent: 0,
      boilerplate: 0,
    });
    expect(countReadability([article[0], article[2], article[1]] as string[], article)).toEqual({
      points: 3,
      unresolvedDependent: 1,
      boilerplate: 0,
    });
    expect(
      countReadability([article[0], article[3]] as string[], article).unresolvedDependent,
    ).toBe(1);
  });

  it('accepts a point that carries its antecedent, and a time phrase such as "This week"', () => {
    const merged = `${article[2]} ${article[3]}`;
    expect(countReadability([article[0], merged, article[4]] as string[], article)).toEqual({
      points: 3,
      unresolvedDependent: 0,
      boilerplate: 0,
    });
  });

  it('counts bylines, video prompts and photo credits as boilerplate', () => {
    const points = [
      'By . Associated Press . PUBLISHED: . 14:11 EST, 25 October 2013 .',
      'Scroll down for video .',
      'The bridge will be the longest in the region when it opens.',
      'Photo credit: Jane Roe/Getty Images',
    ];
    expect(countReadability(points, points).boilerplate).toBe(3);
  });
});

describe('subsetsOf', () => {
  const record = (id: string, source?: string): EvalRecord => ({
    id,
    text: 'Text.',
    reference: ['Reference.'],
    ...(source === undefined ? {} : { source }),
  });

  it('groups a file by source, named by split and repository, keeping the order', () => {
    const records = [
      record('validation-1', 'alice/cnn-val@abc:data/val.csv'),
      record('train-1', 'bob/mail@def:train.csv'),
      record('validation-2', 'alice/cnn-val@abc:data/val.csv'),
    ];
    expect(
      subsetsOf('tune.jsonl', records).map((set) => [set.name, set.records.map((r) => r.id)]),
    ).toEqual([
      ['tune.jsonl · validation from alice/cnn-val', ['validation-1', 'validation-2']],
      ['tune.jsonl · train from bob/mail', ['train-1']],
    ]);
  });

  it('gives no subsets for a file from one source, or with no sources at all', () => {
    expect(subsetsOf('a.jsonl', [record('x-1', 's'), record('x-2', 's')])).toEqual([]);
    expect(subsetsOf('b.jsonl', [record('x-1'), record('x-2')])).toEqual([]);
  });
});

describe('listDataFiles', () => {
  it("lists the folder's JSONL files in name order, and says how to fix a folder without any", () => {
    const folder = mkdtempSync(join(tmpdir(), 'eval-data-'));
    try {
      expect(() => listDataFiles(folder)).toThrow(/has no \*\.jsonl files — pass --data FILE/);
      for (const name of ['b.jsonl', 'a.jsonl', 'README.md']) writeFileSync(join(folder, name), '');
      expect(listDataFiles(folder)).toEqual([join(folder, 'a.jsonl'), join(folder, 'b.jsonl')]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(() => listDataFiles(join(folder, 'gone'))).toThrow(
      /cannot be read — put the evaluation files there, set NEWSLETTER_EVAL_DATA/,
    );
  });
});
