import path from 'node:path';

/**
 * Editors' swap, backup, lock and auto-save files, and a desktop's folder data (vim's
 * `.footer.mjml.swp`, `footer.mjml~` and `4913` write probe, Emacs's `.#footer.mjml` and
 * `#footer.mjml#`, JetBrains' `footer.mjml___jb_tmp___` and `___jb_old___` of a safe write,
 * macOS's `.DS_Store`): they sit beside a template or partial while it is edited, and are neither.
 */
export function isEditorNoise(file: string): boolean {
  const name = path.basename(file);
  return (
    (name.startsWith('.') && name !== '.') ||
    name.endsWith('~') ||
    /\.(swp|swx|tmp)$/.test(name) ||
    name === '4913' ||
    (name.length > 1 && name.startsWith('#') && name.endsWith('#')) ||
    /___jb_(?:tmp|old)___$/.test(name)
  );
}
