import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so defaults work from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The article `npm start` sends: the seed the product was specified around. */
export const SAMPLE_ARTICLE = path.relative(
  process.cwd(),
  path.join(PROJECT_ROOT, 'examples/articles/xi-putin-meeting.txt'),
);

/** Imported into a new local store so the first run has someone to send to. */
export const SAMPLE_SUBSCRIBERS = path.join(PROJECT_ROOT, 'examples/subscribers.csv');
