import path from 'node:path';

/**
 * Editors' swap, backup and lock files, and a desktop's folder data (vim's `.footer.mjml.swp`,
 * `footer.mjml~` and `4913` write probe, Emacs's `.#footer.mjml`, macOS's `.DS_Store`): they sit
 * beside a template or partial while it is edited, and are neither.
 */
export function isEditorNoise(file: string): boolean {
  const name = path.basename(file);
  return (
    (name.startsWith('.') && name !== '.') ||
    name.endsWith('~') ||
    /\.(swp|swx|tmp)$/.test(name) ||
    name === '4913'
  );
}
