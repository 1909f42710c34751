import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import type { z } from 'zod';
import { TemplateError } from '../../core/errors';

/** The typed sample data beside each template (react-email's PreviewProps, as a file). */
function previewDataFile(template: string): string {
  return `${template}.preview.ts`;
}

/** esbuild (inside tsx) reports "<file>:<line>:<column>: ERROR: …". */
function locate(error: unknown): { reason: string; line?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const located = /:(\d+):\d+: ERROR: (.+)/.exec(message);
  if (located) return { reason: located[2] ?? message, line: Number(located[1]) };
  return { reason: message.split('\n')[0] ?? message };
}

/** What a value is, for "must be a list, not …". */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value)})`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  array: 'a list',
  object: 'an object',
  number: 'a number',
  boolean: 'true or false',
};

/** `previewData.issue.keyPoints[0].heading`: the field as it is written in the file. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (field, key) => (typeof key === 'number' ? `${field}[${key}]` : `${field}.${String(key)}`),
    'previewData',
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path);
  if (issue.code !== 'invalid_type') return `${field} ${issue.message}`;
  if (issue.input === undefined) {
    return issue.path.length === 0
      ? 'must export `previewData`, the values the template shows'
      : `${field} is missing`;
  }
  return `${field} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`;
}

/**
 * The line that writes the field, when its name is written once in the file (`keyPoints:`): a
 * name written more often (each key point's `heading:`), or not at all (a field computed or
 * missing), gets no line rather than a wrong one.
 */
function lineOf(source: string, path: readonly PropertyKey[]): number | undefined {
  const name = path.findLast((key) => typeof key === 'string');
  if (typeof name !== 'string') return undefined;
  const written = [...source.matchAll(new RegExp(`\\b${name}\\s*:`, 'g'))];
  if (written.length !== 1) return undefined;
  return source.slice(0, written[0]?.index).split('\n').length;
}

/**
 * Imports `<template>.preview.ts` afresh on every call and returns its `previewData` export,
 * checked against the view the template is filled with. Each import runs under a throwaway tsx
 * namespace, which gives the file a new module-cache key: a query string is not enough, because
 * tsx caches what it compiled by path.
 */
export async function loadPreviewData<T>(
  templatesDir: string,
  template: string,
  view: z.ZodType<T>,
): Promise<T> {
  const file = previewDataFile(template);
  const absolute = path.join(templatesDir, file);
  try {
    await access(absolute);
  } catch (error) {
    throw new TemplateError(file, 'does not exist: add it beside the template', undefined, {
      cause: error,
    });
  }
  const scope = register({ namespace: randomUUID() });
  let module: Record<string, unknown>;
  try {
    module = await scope.import(pathToFileURL(absolute).href, import.meta.url);
  } catch (error) {
    const { reason, line } = locate(error);
    throw new TemplateError(file, reason, line, { cause: error });
  } finally {
    await scope.unregister();
  }
  const checked = view.safeParse(module.previewData, { reportInput: true });
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0] as z.core.$ZodIssue;
  const line =
    issue.input === undefined ? undefined : lineOf(await readFile(absolute, 'utf8'), issue.path);
  throw new TemplateError(file, describeIssue(issue), line, { cause: checked.error });
}
