import type { Knex } from 'knex';
import type { Coll, ColumnDef, Engine, ForeignKeyDef, KeyDef, TableDef } from './table-def';

function shortColl(c: string | null): Coll | null {
  if (!c) return null;
  if (/_bin$/.test(c)) return 'bin';
  if (/_general_ci$/.test(c)) return 'general_ci';
  return c as Coll; // anything else shows up as a difference, by name
}

/**
 * Reads the live structure of a database into the same shape as our definitions, so that
 * both sides of a comparison are plain data. Column collations are stored in full (`coll`
 * set on every text column) and compared as effective values.
 */
export async function introspectSchema(knex: Knex, database: string): Promise<Map<string, TableDef>> {
  const tables = (await knex('information_schema.TABLES')
    .where({ TABLE_SCHEMA: database, TABLE_TYPE: 'BASE TABLE' })
    .select('TABLE_NAME as t', 'ENGINE as e', 'TABLE_COLLATION as c')) as Array<{
    t: string;
    e: string;
    c: string | null;
  }>;
  const cols = (await knex('information_schema.COLUMNS')
    .where('TABLE_SCHEMA', database)
    .orderBy([{ column: 'TABLE_NAME' }, { column: 'ORDINAL_POSITION' }])
    .select(
      'TABLE_NAME as t',
      'COLUMN_NAME as n',
      'COLUMN_TYPE as ty',
      'IS_NULLABLE as nl',
      'COLUMN_DEFAULT as d',
      'EXTRA as x',
      'COLLATION_NAME as co',
    )) as Array<{
    t: string;
    n: string;
    ty: string;
    nl: string;
    d: string | null;
    x: string;
    co: string | null;
  }>;
  const idx = (await knex('information_schema.STATISTICS')
    .where('TABLE_SCHEMA', database)
    .orderBy([{ column: 'TABLE_NAME' }, { column: 'INDEX_NAME' }, { column: 'SEQ_IN_INDEX' }])
    .select(
      'TABLE_NAME as t',
      'INDEX_NAME as i',
      'NON_UNIQUE as nu',
      'COLUMN_NAME as n',
      'SUB_PART as sp',
    )) as Array<{
    t: string;
    i: string;
    nu: number | string;
    n: string;
    sp: number | string | null;
  }>;

  const fks = (await knex('information_schema.KEY_COLUMN_USAGE')
    .where('TABLE_SCHEMA', database)
    .whereNotNull('REFERENCED_TABLE_NAME')
    .orderBy([{ column: 'TABLE_NAME' }, { column: 'CONSTRAINT_NAME' }, { column: 'ORDINAL_POSITION' }])
    .select(
      'TABLE_NAME as t',
      'CONSTRAINT_NAME as i',
      'COLUMN_NAME as n',
      'REFERENCED_TABLE_NAME as rt',
      'REFERENCED_COLUMN_NAME as rn',
    )) as Array<{ t: string; i: string; n: string; rt: string; rn: string }>;
  const fksOf = new Map<string, Map<string, ForeignKeyDef & { cols: string[]; refCols: string[] }>>();
  for (const f of fks) {
    const m = fksOf.get(f.t) ?? new Map<string, ForeignKeyDef & { cols: string[]; refCols: string[] }>();
    const e = m.get(f.i) ?? { name: f.i, cols: [], table: f.rt, refCols: [] };
    e.cols.push(f.n);
    e.refCols.push(f.rn);
    m.set(f.i, e);
    fksOf.set(f.t, m);
  }

  const colsOf = new Map<string, ColumnDef[]>();
  for (const c of cols) {
    const list = colsOf.get(c.t) ?? [];
    const extra = c.x.trim();
    // MySQL 8 reports NULL defaults as NULL; MariaDB as the string 'NULL'.
    const dflt = c.d === 'NULL' && c.nl === 'YES' ? null : c.d;
    list.push({
      name: c.n,
      type: c.ty.toLowerCase(),
      nullable: c.nl === 'YES',
      default: dflt,
      autoIncrement: /auto_increment/i.test(extra),
      extra: extra && !/^auto_increment$/i.test(extra) ? extra.toLowerCase() : null,
      coll: shortColl(c.co),
    });
    colsOf.set(c.t, list);
  }
  const keysOf = new Map<string, Map<string, { unique: boolean; cols: string[] }>>();
  for (const k of idx) {
    const m = keysOf.get(k.t) ?? new Map<string, { unique: boolean; cols: string[] }>();
    const e = m.get(k.i) ?? { unique: Number(k.nu) === 0, cols: [] };
    e.cols.push(k.sp ? `${k.n}(${k.sp})` : k.n);
    m.set(k.i, e);
    keysOf.set(k.t, m);
  }

  const out = new Map<string, TableDef>();
  for (const t of tables) {
    const keys = keysOf.get(t.t) ?? new Map<string, { unique: boolean; cols: string[] }>();
    const primary = keys.get('PRIMARY')?.cols ?? null;
    const others: KeyDef[] = [...keys.entries()]
      .filter(([name]) => name !== 'PRIMARY')
      .map(([name, k]) => ({ name, cols: k.cols, unique: k.unique }));
    out.set(t.t.toLowerCase(), {
      name: t.t,
      engine: t.e as Engine,
      coll: shortColl(t.c) ?? 'general_ci',
      since: 'base',
      columns: colsOf.get(t.t) ?? [],
      primary,
      keys: others,
      foreignKeys: [...(fksOf.get(t.t)?.values() ?? [])],
    });
  }
  return out;
}
