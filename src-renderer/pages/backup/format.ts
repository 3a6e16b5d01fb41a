export { formatBytes } from '../import/upload';

/** `12.3 s`, `4 min 05 s` in the operator's language. */
export function formatDuration(ms: number, lang: string): string {
  const s = ms / 1000;
  if (s < 60) return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** The default name of a new backup: `<database>-<UTC time>.sql.gz`, as the CLI and the route use. */
export function defaultFileName(database: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  return `${database}-${stamp}.sql.gz`;
}

/** Folder + name with the folder's own separator (Windows paths keep backslashes). */
export function joinPath(folder: string, name: string): string {
  const f = folder.trim();
  const sep = f.includes('\\') && !f.includes('/') ? '\\' : '/';
  return f.endsWith(sep) ? f + name.trim() : `${f}${sep}${name.trim()}`;
}
