import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';
import type { z } from 'zod';
import { decodeText } from '../../core/decode-text';
import { TemplateError } from '../../core/errors';

/** The typed sample data beside each template (react-email's PreviewProps, as a file). */
function previewDataFile(template: string): string {
  return `${template}.preview.ts`;
}

/**
 * `<file>:<line>:<column>`, as esbuild's messages and stack frames name a place: the file may be
 * a file: URL (an ES module) and carry tsx's `?namespace=…`.
 */
const PLACE = /(?:file:\/\/)?([^\s()?]+)(?:\?[^\s():]*)?:(\d+):\d+/g;

/**
 * Which file of the templates folder an import failed in, and on which line: esbuild (inside
 * tsx) reports "<file>:<line>:<column>: ERROR: …", and an error thrown as a file runs names it in
 * its stack (source-mapped). That may be another file than the one imported: digest.preview.ts
 * imports newsletter.preview.ts. A place outside the folder stays in the reason.
 */
function locate(
  error: unknown,
  templatesDir: string,
  file: string,
): { file: string; reason: string; line?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const compiled = /^(\S+:\d+:\d+): ERROR: (.+)$/m.exec(message);
  const places = compiled?.[1] ?? (error instanceof Error ? (error.stack ?? '') : '');
  for (const [, where = '', line] of places.matchAll(PLACE)) {
    const relative = path.relative(templatesDir, decodeURI(where));
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      return { file: relative, reason: compiled?.[2] ?? firstLine(message), line: Number(line) };
    }
  }
  return { file, reason: compiled ? `${compiled[1]}: ${compiled[2]}` : firstLine(message) };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

const requireCache = createRequire(import.meta.url).cache;

/**
 * Node finds a file required again from the same folder in its cache whatever the namespace, so
 * an edit of an imported preview file would never show: what was required from the templates
 * folder is forgotten after each load.
 */
function forgetRequired(templatesDir: string): void {
  for (const key of Object.keys(requireCache)) {
    if (key.startsWith(`${templatesDir}${path.sep}`)) delete requireCache[key];
  }
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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new TemplateError(file, 'does not exist: add it beside the template', undefined, {
      cause: error,
    });
  }
  // tsx reads the file as UTF-8 whatever it is: a Windows-1252 'café' reached the email as 'caf�'.
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new TemplateError(file, decoded.reason);
  const namespace = randomUUID();
  const scope = register({ namespace });
  // Outside a package of "type": "module" (a folder given with --templates) the file is
  // CommonJS, and what it imports (digest.preview.ts imports newsletter.preview.ts) is required
  // through tsx's CommonJS hooks, which must know the namespace too.
  const required = registerCommonJs({ namespace });
  let module: Record<string, unknown>;
  try {
    module = await scope.import(pathToFileURL(absolute).href, import.meta.url);
  } catch (error) {
    const located = locate(error, templatesDir, file);
    throw new TemplateError(located.file, located.reason, located.line, { cause: error });
  } finally {
    await scope.unregister();
    required.unregister();
    forgetRequired(templatesDir);
  }
  const checked = view.safeParse(module.previewData, { reportInput: true });
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0] as z.core.$ZodIssue;
  const line = issue.input === undefined ? undefined : lineOf(decoded.text, issue.path);
  throw new TemplateError(file, describeIssue(issue), line, { cause: checked.error });
}
