import type { PreparedIssue } from './types';

/**
 * Reads a prepared issue as compose stored it. Anything else (unreadable JSON, or a copy from
 * before the issue carried its message kit) is undefined: compose then prepares the issue again.
 */
export function parsePreparedIssue(text: string): PreparedIssue | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const prepared = value as Partial<PreparedIssue> | null;
  const complete =
    typeof prepared?.issueId === 'string' &&
    Array.isArray(prepared.messages?.stencil?.pieces) &&
    Array.isArray(prepared.messages?.named?.html) &&
    Array.isArray(prepared.messages?.anonymous?.html);
  return complete ? (prepared as PreparedIssue) : undefined;
}
