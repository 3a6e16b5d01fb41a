import type { ColumnDef, KeyDef, TableDef } from './table-def';
import { isTextType } from './table-def';

/** Identifiers come from our own definitions only; quoting still guards against a stray backquote. */
export function ident(name: string): string {
  if (!/^[A-Za-z0-9_$]+$/.test(name)) throw new Error(`bad identifier ${name}`);
  return '`' + name + '`';
}

function keyPart(c: string): string {
  const m = /^([A-Za-z0-9_$]+)(\((\d+)\))?$/.exec(c);
  if (!m) throw new Error(`bad key part ${c}`);
  return ident(m[1]!) + (m[3] ? `(${m[3]})` : '');
}

/** `utf8` is utf8mb3 on every MariaDB/MySQL version OCS supports (as the upstream schema declares it). */
export function collationName(coll: 'general_ci' | 'bin'): string {
  return `utf8_${coll}`;
}

export function columnSql(c: ColumnDef, t: TableDef): string {
  const parts = [ident(c.name), c.type];
  if (isTextType(c.type) && c.coll && c.coll !== t.coll) {
    parts.push(`CHARACTER SET utf8 COLLATE ${collationName(c.coll)}`);
  }
  parts.push(c.nullable ? 'NULL' : 'NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  else if (c.nullable) parts.push('DEFAULT NULL');
  if (c.autoIncrement) parts.push('AUTO_INCREMENT');
  if (c.extra) parts.push(c.extra.toUpperCase());
  return parts.join(' ');
}

export function keySql(k: KeyDef): string {
  return `${k.unique ? 'UNIQUE KEY' : 'KEY'} ${ident(k.name)} (${k.cols.map(keyPart).join(', ')})`;
}

export function primarySql(cols: readonly string[]): string {
  return `PRIMARY KEY (${cols.map(keyPart).join(', ')})`;
}

export function createTableSql(t: TableDef): string {
  const lines = t.columns.map((c) => '  ' + columnSql(c, t));
  if (t.primary) lines.push('  ' + primarySql(t.primary));
  for (const k of t.keys) lines.push('  ' + keySql(k));
  for (const f of t.foreignKeys) {
    const cols = (c: readonly string[]) => c.map(ident).join(', ');
    lines.push(
      `  CONSTRAINT ${ident(f.name)} FOREIGN KEY (${cols(f.cols)}) REFERENCES ${ident(f.table)} (${cols(f.refCols)})`,
    );
  }
  return (
    `CREATE TABLE IF NOT EXISTS ${ident(t.name)} (\n${lines.join(',\n')}\n) ` +
    `ENGINE=${t.engine} DEFAULT CHARSET=utf8 COLLATE=${collationName(t.coll)}`
  );
}

/** Where a column goes when it is added to an existing table: after its predecessor in the definition. */
export function addColumnSql(t: TableDef, c: ColumnDef): string {
  const i = t.columns.findIndex((x) => x.name === c.name);
  const pos = i <= 0 ? ' FIRST' : ` AFTER ${ident(t.columns[i - 1]!.name)}`;
  return `ALTER TABLE ${ident(t.name)} ADD COLUMN ${columnSql(c, t)}${pos}`;
}
