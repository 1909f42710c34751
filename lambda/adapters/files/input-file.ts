import { open } from 'node:fs/promises';
import { ValidationError } from '../../core/errors';
import { unreadableReason } from './missing-file';

/**
 * The bytes of a file a person named (a subscriber CSV, a JSONL batch), or a one-line
 * ValidationError naming it: missing, a folder, unreadable, or more than `maxBytes`. The size is
 * counted while reading, so a device that never ends (/dev/zero) or a file far too big fails
 * once past it instead of filling memory; a pipe (`/dev/stdin`) is read to its end.
 */
export async function readInputFile(
  file: string,
  limit: { readonly maxBytes: number; readonly hint: string },
): Promise<Buffer> {
  const tooLarge = () =>
    new ValidationError(
      file,
      `is larger than ${Math.round(limit.maxBytes / 1024 / 1024)} MB — ${limit.hint}`,
    );
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (stats.isFile() && stats.size > limit.maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false })) {
      total += (chunk as Buffer).length;
      if (total > limit.maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(file, await unreadableReason(file, error), { cause: error });
  } finally {
    await handle?.close();
  }
}
