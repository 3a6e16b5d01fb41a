import type { Knex } from 'knex';
import type { AdminField, ValueType } from '../../shared/contract/computers';
import { readConfigPrefix } from '../platform/ocs/config';

/** What this database looks like (tables, columns, indexes, admin fields), cached per pool for a short time. */
export interface SchemaInfo {
  tables: Set<string>;
  /** table → column names as declared (case preserved). */
  columns: Map<string, string[]>;
  /** table → column → SQL data type (lower case). */
  types: Map<string, Map<string, string>>;
  /** table → column names that are the first column of some index. */
  leadingIndexed: Map<string, Set<string>>;
  /** table → index names. */
  indexNames: Map<string, Set<string>>;
  /** table → column → name of the shortest index that starts with it (for FORCE INDEX on a sort). */
  leadingIndexName?: Map<string, Map<string, string>>;
  /** table → column → name of an index on that column alone (e.g. OCS's `software.NAME_ID`). */
  singleColumnIndex?: Map<string, Map<string, string>>;
  /** InnoDB's estimate of hardware rows (information_schema.TABLES; only used to choose a plan). */
  hardwareRows?: number;
  /** Tables with a HARDWARE_ID column. */
  hardwareIdTables: string[];
  adminFields: AdminField[];
  loadedAt: number;
}

const TTL_MS = 30_000;
const cache = new WeakMap<Knex, Promise<SchemaInfo>>();
const loadedAt = new WeakMap<Knex, number>();

export function invalidateSchemaInfo(k: Knex): void {
  cache.delete(k);
}

export function getSchemaInfo(k: Knex): Promise<SchemaInfo> {
  const at = loadedAt.get(k) ?? 0;
  let p = cache.get(k);
  if (!p || Date.now() - at > TTL_MS) {
    p = loadSchemaInfo(k);
    cache.set(k, p);
    loadedAt.set(k, Date.now());
    p.catch(() => cache.delete(k));
  }
  return p;
}

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r[0] : r) as T[];
}

/** accountinfo_config.TYPE → value type. */
export function adminValueType(ocsType: number, sqlType: string | undefined): ValueType {
  switch (ocsType) {
    case 1:
      return 'longtext';
    case 2:
      return 'select';
    case 5:
      return 'checkbox';
    case 11:
      return 'radio';
    case 14:
      return 'date';
    default:
      // TEXT (0) and the seed's Integer / Real / Date fields: the column type says which.
      return sqlType ? sqlValueType(sqlType) : 'text';
  }
}

export function sqlValueType(sqlType: string): ValueType {
  if (/^(tinyint|smallint|mediumint|int|bigint)/.test(sqlType)) return 'int';
  if (/^(decimal|float|double)/.test(sqlType)) return 'decimal';
  if (/^(datetime|timestamp)/.test(sqlType)) return 'datetime';
  if (/^date/.test(sqlType)) return 'date';
  if (/text/.test(sqlType)) return 'longtext';
  return 'text';
}

async function loadSchemaInfo(k: Knex): Promise<SchemaInfo> {
  const cols = rowsOf<{ t: string; c: string; dt: string }>(
    await k.raw(
      'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS dt FROM information_schema.COLUMNS ' +
        'WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION',
    ),
  );
  const idx = rowsOf<{ t: string; i: string; c: string; s: number }>(
    await k.raw(
      'SELECT TABLE_NAME AS t, INDEX_NAME AS i, COLUMN_NAME AS c, SEQ_IN_INDEX AS s FROM information_schema.STATISTICS ' +
        'WHERE TABLE_SCHEMA = DATABASE()',
    ),
  );
  const tables = new Set<string>();
  const columns = new Map<string, string[]>();
  const types = new Map<string, Map<string, string>>();
  for (const r of cols) {
    tables.add(r.t);
    if (!columns.has(r.t)) {
      columns.set(r.t, []);
      types.set(r.t, new Map());
    }
    columns.get(r.t)!.push(r.c);
    types.get(r.t)!.set(r.c, String(r.dt).toLowerCase());
  }
  const leadingIndexed = new Map<string, Set<string>>();
  const indexNames = new Map<string, Set<string>>();
  const indexWidth = new Map<string, number>();
  for (const r of idx)
    indexWidth.set(`${r.t}\u0000${r.i}`, Math.max(indexWidth.get(`${r.t}\u0000${r.i}`) ?? 0, Number(r.s)));
  const leadingIndexName = new Map<string, Map<string, string>>();
  for (const r of idx) {
    if (Number(r.s) !== 1) continue;
    if (!leadingIndexName.has(r.t)) leadingIndexName.set(r.t, new Map());
    const m = leadingIndexName.get(r.t)!;
    const cur = m.get(r.c);
    const width = (i: string) => indexWidth.get(`${r.t}\u0000${i}`) ?? 99;
    if (cur === undefined || width(r.i) < width(cur) || (width(r.i) === width(cur) && r.i < cur))
      m.set(r.c, r.i);
  }
  const singleColumnIndex = new Map<string, Map<string, string>>();
  for (const r of idx) {
    if (Number(r.s) !== 1 || indexWidth.get(`${r.t}\u0000${r.i}`) !== 1) continue;
    if (!singleColumnIndex.has(r.t)) singleColumnIndex.set(r.t, new Map());
    singleColumnIndex.get(r.t)!.set(r.c, r.i);
  }
  const est = rowsOf<{ n: number | string | null }>(
    await k.raw(
      "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'hardware'",
    ),
  );
  const hardwareRows = est[0]?.n == null ? undefined : Number(est[0].n);
  for (const r of idx) {
    if (!indexNames.has(r.t)) indexNames.set(r.t, new Set());
    indexNames.get(r.t)!.add(r.i);
    if (Number(r.s) === 1) {
      if (!leadingIndexed.has(r.t)) leadingIndexed.set(r.t, new Set());
      leadingIndexed.get(r.t)!.add(r.c);
    }
  }
  const hardwareIdTables = [...columns.entries()]
    .filter(([t, c]) => t !== 'hardware' && c.includes('HARDWARE_ID'))
    .map(([t]) => t)
    .sort();

  const adminFields: AdminField[] = [];
  const accCols = columns.get('accountinfo') ?? [];
  const accTypes = types.get('accountinfo') ?? new Map<string, string>();
  if (tables.has('accountinfo_config')) {
    const defs = (await k('accountinfo_config')
      .select('ID', 'NAME_ACCOUNTINFO', 'TYPE', 'NAME', 'ID_TAB', 'COMMENT', 'SHOW_ORDER')
      .where('ACCOUNT_TYPE', 'COMPUTERS')
      .orderBy('SHOW_ORDER', 'desc')) as Array<{
      ID: number;
      NAME_ACCOUNTINFO: string | null;
      TYPE: number | null;
      NAME: string;
      ID_TAB: number | null;
      COMMENT: string | null;
      SHOW_ORDER: number | null;
    }>;
    const choiceRows = tables.has('config') ? await readConfigPrefix(k, 'ACCOUNT_VALUE_') : [];
    for (const d of defs) {
      const column = d.NAME_ACCOUNTINFO === 'TAG' || d.NAME === 'TAG' ? 'TAG' : `fields_${d.ID}`;
      if (!accCols.includes(column)) continue;
      if (adminFields.some((f) => f.column === column)) continue;
      const ocsType = Number(d.TYPE ?? 0);
      const prefix = `ACCOUNT_VALUE_${d.NAME}_`.toUpperCase();
      const choices = choiceRows
        .filter((c) => c.NAME.toUpperCase().startsWith(prefix) && /^\d+$/.test(c.NAME.slice(prefix.length)))
        .sort((a, b) => Number(a.IVALUE) - Number(b.IVALUE))
        .map((c) => ({ value: String(c.IVALUE ?? c.NAME.slice(prefix.length)), label: c.TVALUE ?? '' }));
      adminFields.push({
        column,
        fieldId: Number(d.ID),
        name: d.NAME,
        label: d.COMMENT || d.NAME,
        type: adminValueType(ocsType, accTypes.get(column)),
        ocsType,
        choices,
        tab: d.ID_TAB == null ? null : Number(d.ID_TAB),
        order: d.SHOW_ORDER == null ? null : Number(d.SHOW_ORDER),
      });
    }
  }
  // accountinfo columns with no config row still exist: show them with their column name.
  for (const c of accCols) {
    if (c === 'HARDWARE_ID' || adminFields.some((f) => f.column === c)) continue;
    adminFields.push({
      column: c,
      fieldId: c === 'TAG' ? null : Number(c.replace(/^fields_/, '')) || null,
      name: c,
      label: c,
      type: sqlValueType(accTypes.get(c) ?? 'varchar'),
      ocsType: 0,
      choices: [],
      tab: null,
      order: null,
    });
  }
  return {
    tables,
    columns,
    types,
    leadingIndexed,
    indexNames,
    leadingIndexName,
    singleColumnIndex,
    hardwareRows,
    hardwareIdTables,
    adminFields,
    loadedAt: Date.now(),
  };
}
