/** Small Markdown builders for the generated docs: tables and marked, generated sections. */

/** A table cell: pipes escaped, line breaks folded, empty shown as —. */
function cell(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
  return flat === '' ? '—' : flat;
}

export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map(
    (row) => `| ${row.map(cell).join(' | ')} |`,
  );
  return lines.join('\n');
}

/** `value` in code style, or '' for nothing. */
export function code(value: unknown): string {
  if (value === undefined || value === '') return '';
  return `\`${String(value)}\``;
}

const begin = (name: string) =>
  `<!-- BEGIN GENERATED ${name}: written by \`npm run docs\` from the code; do not edit by hand -->`;
const end = (name: string) => `<!-- END GENERATED ${name} -->`;

/**
 * The document with the section `name` replaced by `content`. The markers must already be in the
 * document (hand-written text around them stays as it is); `file` names it in the error.
 */
export function replaceGeneratedSection(
  document: string,
  name: string,
  content: string,
  file: string,
): string {
  const start = document.indexOf(begin(name));
  const stop = document.indexOf(end(name));
  if (start === -1 || stop < start) {
    throw new Error(
      `${file} has no generated section "${name}": put these two lines where it belongs:\n${begin(name)}\n${end(name)}`,
    );
  }
  const before = document.slice(0, start + begin(name).length);
  return `${before}\n\n${content.trim()}\n\n${document.slice(stop)}`;
}
