/** Helpers shared by the stores that map model records to and from table items. */

/** A table item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** DynamoDB refused a conditional write because its condition did not hold. */
export function isConditionalCheckFailed(error: unknown): boolean {
  // By name rather than instanceof: the error may come from another copy of the SDK.
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** A conditional write: true when DynamoDB applied it, false when its condition did not hold. */
export async function writeIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** `{ [key]: value }` when the value is there, `{}` otherwise, so absent fields stay absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
