/**
 * A restore creates an InnoDB table without its secondary keys and adds them once the table's rows
 * are in (one ALTER TABLE ... ADD KEY, built by sorting), as perf's fleet seeder does. Inserted row by
 * row, keys on columns that come in no particular order (software's NAME_ID, VERSION_ID, PUBLISHER_ID)
 * land on random pages: once a table outgrows the buffer pool (128 MB by default; 14 M software rows
 * are 2 GB) every insert waits for the disk, and the 100k fleet's restore read 4.5 MB of its file in 7
 * minutes. The file is not changed: `gunzip | mysql` still restores it as it is.
 */

/** One secondary (or unique) key line of SHOW CREATE TABLE's layout: `  KEY `name` (...)`. */
const KEY_LINE = /^\s+((?:UNIQUE\s+)?KEY\s+`(?:[^`]|``)+`\s*\(.*?)\s*,?\s*$/i;
const COLUMN_LINE = /^\s+`((?:[^`]|``)+)`\s/;
const FIRST_COLUMN = /\(\s*`((?:[^`]|``)+)`/;
const PRIMARY_LINE = /^\s+PRIMARY\s+KEY\s*\(\s*`((?:[^`]|``)+)`/i;

/**
 * `create` without its secondary keys and the ALTER TABLE that adds them, or the statement as it is
 * (`alter` null) when it is not SHOW CREATE TABLE's one-definition-per-line layout, not InnoDB, or
 * has no such key. An AUTO_INCREMENT column that the primary key does not start with keeps the first
 * key that starts with it (the CREATE would be refused without one).
 */
export function deferSecondaryKeys(table: string, create: string): { create: string; alter: string | null } {
  const same = { create, alter: null };
  const lines = create.split('\n');
  // The statement as the splitter cut it: the comment lines before it are part of it.
  const open = lines.findIndex((l) => /^CREATE\s+TABLE\b.*\(\s*$/i.test(l));
  const close = lines.findLastIndex((l) => l.startsWith(')'));
  if (open < 0 || close < open + 2) return same;
  if (!/\bENGINE\s*=\s*InnoDB\b/i.test(lines.slice(close).join('\n'))) return same;
  const defs = lines.slice(open + 1, close);
  let autoInc: string | null = null;
  let primaryFirst: string | null = null;
  const kept: string[] = [];
  const keys: string[] = [];
  for (const d of defs) {
    const col = COLUMN_LINE.exec(d);
    if (col && /\bAUTO_INCREMENT\b/i.test(d)) autoInc = col[1]!;
    const pk = PRIMARY_LINE.exec(d);
    if (pk) primaryFirst = pk[1]!;
  }
  // InnoDB wants an AUTO_INCREMENT column first in some key: the first key that does it stays.
  let autoKeyNeeded = autoInc !== null && autoInc !== primaryFirst;
  for (const d of defs) {
    const key = COLUMN_LINE.test(d) ? null : KEY_LINE.exec(d);
    if (key && autoKeyNeeded && FIRST_COLUMN.exec(key[1]!)?.[1] === autoInc) autoKeyNeeded = false;
    else if (key) {
      keys.push(key[1]!);
      continue;
    }
    kept.push(d.replace(/,\s*$/, ''));
  }
  if (!keys.length || autoKeyNeeded) return same;
  return {
    create: [...lines.slice(0, open + 1), kept.join(',\n'), ...lines.slice(close)].join('\n'),
    alter: `ALTER TABLE \`${table.replace(/`/g, '``')}\` ${keys.map((k) => `ADD ${k}`).join(', ')}`,
  };
}
