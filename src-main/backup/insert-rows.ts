import type { Statement } from './statement-splitter';

const INSERT =
  /^INSERT\s+(?:(?:IGNORE|DELAYED|LOW_PRIORITY|HIGH_PRIORITY)\s+)*INTO\s+(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)(\s*\()?/i;

/** The table an `INSERT INTO t ...` statement writes (from its head), or null for any other statement. */
export function insertTarget(head: string): string | null {
  const m = INSERT.exec(head);
  if (!m) return null;
  const name = m[1]!;
  return name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name;
}

/** Rows of a multi-row `INSERT ... VALUES (..),(..)`: its top-level parentheses, less a column list. */
export function rowsOfInsert(st: Statement, head?: string): number {
  const m = INSERT.exec(head ?? st.sql.subarray(0, 4096).toString('latin1').trimStart());
  if (!m) return 0;
  return Math.max(0, st.topParens - (m[2] ? 1 : 0));
}
