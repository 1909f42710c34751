import { parseHTML } from 'linkedom';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const scratch = document.createElement('span');
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi;

/** Markdown keeps character references such as `&amp;` literally in its text tokens. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity) => {
    scratch.innerHTML = entity;
    return scratch.textContent ?? entity;
  });
}
