import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
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

/**
 * Imports `<template>.preview.ts` afresh on every call and returns its `previewData` export. Each
 * import runs under a throwaway tsx namespace, which gives the file a new
 * module-cache key: a query string is not enough, because tsx caches what it compiled by path.
 */
export async function loadPreviewData(templatesDir: string, template: string): Promise<unknown> {
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
  const data = module.previewData;
  if (data === null || typeof data !== 'object') {
    throw new TemplateError(file, 'must export `previewData`, the values the template shows');
  }
  return data;
}
