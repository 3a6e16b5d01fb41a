import type { ColumnDef, KeyDef, TableDef } from './table-def';
import { isTextType } from './table-def';

export type DiffKind =
  | 'missing-table'
  | 'extra-table'
  | 'missing-column'
  | 'extra-column'
  | 'column-type'
  | 'column-null'
  | 'column-default'
  | 'column-extra'
  | 'column-collation'
  | 'column-order'
  | 'missing-key'
  | 'extra-key'
  | 'key-differs'
  | 'primary-differs'
  | 'missing-foreign-key'
  | 'extra-foreign-key'
  | 'foreign-key-differs'
  | 'engine'
  | 'table-collation';

/** One difference between a reference schema and the one under test ("extra" = only in the tested one). */
export interface SchemaDiff {
  table: string;
  /** Column or key name, when the difference is about one. */
  object: string | null;
  kind: DiffKind;
  reference: string | null;
  actual: string | null;
}

function effColl(c: ColumnDef, t: TableDef): string | null {
  if (!isTextType(c.type)) return null;
  return c.coll ?? t.coll;
}

function keyText(k: { cols: readonly string[]; unique?: boolean }): string {
  return `${k.unique ? 'unique ' : ''}(${k.cols.join(',')})`;
}

function compareColumns(ref: TableDef, act: TableDef, out: SchemaDiff[]): void {
  const t = ref.name;
  const actCols = new Map(act.columns.map((c) => [c.name.toLowerCase(), c]));
  const refCols = new Map(ref.columns.map((c) => [c.name.toLowerCase(), c]));
  for (const r of ref.columns) {
    const a = actCols.get(r.name.toLowerCase());
    if (!a) {
      out.push({ table: t, object: r.name, kind: 'missing-column', reference: r.type, actual: null });
      continue;
    }
    const push = (kind: DiffKind, x: string | null, y: string | null) => {
      if (x !== y) out.push({ table: t, object: r.name, kind, reference: x, actual: y });
    };
    push('column-type', r.type, a.type);
    push('column-null', r.nullable ? 'NULL' : 'NOT NULL', a.nullable ? 'NULL' : 'NOT NULL');
    push('column-default', r.default, a.default);
    push(
      'column-extra',
      [r.autoIncrement ? 'auto_increment' : '', r.extra ?? ''].join(' ').trim() || null,
      [a.autoIncrement ? 'auto_increment' : '', a.extra ?? ''].join(' ').trim() || null,
    );
    push('column-collation', effColl(r, ref), effColl(a, act));
  }
  for (const a of act.columns) {
    if (!refCols.has(a.name.toLowerCase())) {
      out.push({ table: t, object: a.name, kind: 'extra-column', reference: null, actual: a.type });
    }
  }
  // Relative order of the columns both sides have (positional INSERTs depend on it).
  const common = (cols: readonly ColumnDef[], other: Map<string, ColumnDef>) =>
    cols.filter((c) => other.has(c.name.toLowerCase())).map((c) => c.name.toLowerCase());
  const ro = common(ref.columns, actCols).join(',');
  const ao = common(act.columns, refCols).join(',');
  if (ro !== ao) out.push({ table: t, object: null, kind: 'column-order', reference: ro, actual: ao });
}

function compareKeys(ref: TableDef, act: TableDef, out: SchemaDiff[]): void {
  const t = ref.name;
  const rp = ref.primary ? ref.primary.join(',') : null;
  const ap = act.primary ? act.primary.join(',') : null;
  if (rp !== ap)
    out.push({ table: t, object: 'PRIMARY', kind: 'primary-differs', reference: rp, actual: ap });
  const actKeys = new Map<string, KeyDef>(act.keys.map((k) => [k.name.toLowerCase(), k]));
  const refKeys = new Map<string, KeyDef>(ref.keys.map((k) => [k.name.toLowerCase(), k]));
  for (const r of ref.keys) {
    const a = actKeys.get(r.name.toLowerCase());
    if (!a) out.push({ table: t, object: r.name, kind: 'missing-key', reference: keyText(r), actual: null });
    else if (keyText(r) !== keyText(a)) {
      out.push({ table: t, object: r.name, kind: 'key-differs', reference: keyText(r), actual: keyText(a) });
    }
  }
  for (const a of act.keys) {
    if (!refKeys.has(a.name.toLowerCase())) {
      out.push({ table: t, object: a.name, kind: 'extra-key', reference: null, actual: keyText(a) });
    }
  }
}

function fkText(f: TableDef['foreignKeys'][number]): string {
  return `(${f.cols.join(',')}) -> ${f.table.toLowerCase()}(${f.refCols.join(',')})`;
}

function compareForeignKeys(ref: TableDef, act: TableDef, out: SchemaDiff[]): void {
  const t = ref.name;
  const actFks = new Map(act.foreignKeys.map((f) => [f.name.toLowerCase(), f]));
  const refFks = new Map(ref.foreignKeys.map((f) => [f.name.toLowerCase(), f]));
  for (const r of ref.foreignKeys) {
    const a = actFks.get(r.name.toLowerCase());
    if (!a)
      out.push({ table: t, object: r.name, kind: 'missing-foreign-key', reference: fkText(r), actual: null });
    else if (fkText(r) !== fkText(a))
      out.push({
        table: t,
        object: r.name,
        kind: 'foreign-key-differs',
        reference: fkText(r),
        actual: fkText(a),
      });
  }
  for (const a of act.foreignKeys) {
    if (!refFks.has(a.name.toLowerCase()))
      out.push({ table: t, object: a.name, kind: 'extra-foreign-key', reference: null, actual: fkText(a) });
  }
}

/** Table-by-table comparison: columns (type, null, default, extra, collation, order), keys, foreign keys, engine. */
export function compareSchemas(
  reference: Map<string, TableDef>,
  actual: Map<string, TableDef>,
): SchemaDiff[] {
  const out: SchemaDiff[] = [];
  for (const [key, ref] of reference) {
    const act = actual.get(key);
    if (!act) {
      out.push({ table: ref.name, object: null, kind: 'missing-table', reference: ref.name, actual: null });
      continue;
    }
    if (ref.engine !== act.engine)
      out.push({ table: ref.name, object: null, kind: 'engine', reference: ref.engine, actual: act.engine });
    if (ref.coll !== act.coll) {
      out.push({
        table: ref.name,
        object: null,
        kind: 'table-collation',
        reference: ref.coll,
        actual: act.coll,
      });
    }
    compareColumns(ref, act, out);
    compareKeys(ref, act, out);
    compareForeignKeys(ref, act, out);
  }
  for (const [key, act] of actual) {
    if (!reference.has(key))
      out.push({ table: act.name, object: null, kind: 'extra-table', reference: null, actual: act.name });
  }
  return out.sort((a, b) =>
    (a.table + (a.object ?? '') + a.kind).localeCompare(b.table + (b.object ?? '') + b.kind),
  );
}

/** Our definitions as a map, for comparisons. */
export function definitionsMap(tables: readonly TableDef[]): Map<string, TableDef> {
  return new Map(tables.map((t) => [t.name.toLowerCase(), t]));
}
