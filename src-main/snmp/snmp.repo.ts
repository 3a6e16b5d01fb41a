import type { Knex } from 'knex';
import { readConfigPrefix } from '../platform/ocs/config';
import { likePattern } from '../platform/ocs/like';
import { whereTagInScope, type Scope } from '../platform/ocs/scope';
import { isPlainIdentifier } from './snmp-names';

/**
 * SQL of the SNMP devices (docs/snmp.md): the per-type tables the comm server fills, and their admin
 * data in snmp_accountinfo (SNMP_TYPE = table, SNMP_RECONCILIATION_VALUE = the reconciliation column's
 * value). Table and column names come from snmp_types / information_schema, checked by
 * isPlainIdentifier before they are quoted; values are bindings.
 */

export type TypeRow = { id: number; name: string; table: string };

export async function listTypeRows(k: Knex): Promise<TypeRow[]> {
  const rows = (await k('snmp_types').select('ID', 'TYPE_NAME', 'TABLE_TYPE_NAME').orderBy('ID')) as Array<{
    ID: number;
    TYPE_NAME: string;
    TABLE_TYPE_NAME: string;
  }>;
  return rows.map((r) => ({ id: Number(r.ID), name: r.TYPE_NAME, table: r.TABLE_TYPE_NAME }));
}

export async function typeRow(k: Knex, id: number): Promise<TypeRow | null> {
  return (await listTypeRows(k)).find((t) => t.id === id) ?? null;
}

/** typeId → the label of its configuration marked RECONCILIATION='Yes' (the first one, as ocsreports). */
export async function reconciliationLabels(k: Knex): Promise<Map<number, string>> {
  const rows = (await k({ c: 'snmp_configs' })
    .join({ l: 'snmp_labels' }, 'l.ID', 'c.LABEL_ID')
    .select('c.TYPE_ID', 'l.LABEL_NAME')
    .where('c.RECONCILIATION', 'Yes')
    .orderBy('c.ID')) as Array<{ TYPE_ID: number; LABEL_NAME: string }>;
  const out = new Map<number, string>();
  for (const r of rows) if (!out.has(Number(r.TYPE_ID))) out.set(Number(r.TYPE_ID), r.LABEL_NAME);
  return out;
}

/** table → its columns in order (ID left out), for the tables that exist in the connected database. */
export async function tableColumns(k: Knex, tables: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!tables.length) return out;
  const rows = (await k('information_schema.COLUMNS')
    .select({ t: 'TABLE_NAME', c: 'COLUMN_NAME' })
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .whereIn('TABLE_NAME', [...tables])
    .orderBy(['TABLE_NAME', 'ORDINAL_POSITION'])) as Array<{ t: string; c: string }>;
  for (const r of rows) {
    const cols = out.get(r.t) ?? [];
    if (r.c.toUpperCase() !== 'ID') cols.push(r.c);
    out.set(r.t, cols);
  }
  return out;
}

export type DeviceQuery = {
  table: string;
  columns: string[];
  /** Reconciliation column, or null (then no admin data, and nothing for a restricted operator). */
  rec: string | null;
  scope: Scope;
  search?: string;
};

const q = (id: string) => {
  if (!isPlainIdentifier(id)) throw new Error(`not a plain identifier: ${id}`);
  return '`' + id + '`';
};

/** The admin-data row of a device: same type, same reconciliation value. */
function accountRows(k: Knex, d: DeviceQuery): Knex.QueryBuilder {
  return k({ a: 'snmp_accountinfo' })
    .where('a.SNMP_TYPE', d.table)
    .whereRaw(`a.SNMP_RECONCILIATION_VALUE = s.${q(d.rec!)}`);
}

/** Base query over one per-type table with the perimeter and the search applied. */
function base(k: Knex, d: DeviceQuery): Knex.QueryBuilder {
  const qb = k({ s: d.table });
  if (d.scope.tags) {
    if (!d.rec) return qb.whereRaw('1 = 0');
    const inside = accountRows(k, d).select(k.raw('1'));
    whereTagInScope(inside, 'a.TAG', d.scope);
    qb.whereExists(inside);
  }
  if (d.search) {
    const pattern = likePattern(d.search);
    qb.where((w) => {
      for (const c of d.columns) w.orWhereRaw(`CAST(s.${q(c)} AS CHAR) LIKE ?`, [pattern]);
    });
  }
  return qb;
}

export async function countDevices(k: Knex, d: DeviceQuery): Promise<{ total: number; today: number }> {
  const qb = base(k, d);
  const hasDate = d.columns.some((c) => c.toUpperCase() === 'LASTDATE');
  const row = (await qb
    .select(
      k.raw('COUNT(*) AS total'),
      hasDate
        ? k.raw('SUM(CASE WHEN DATE(s.`LASTDATE`) = CURDATE() THEN 1 ELSE 0 END) AS today')
        : k.raw('0 AS today'),
    )
    .first()) as { total: number | string; today: number | string | null };
  return { total: Number(row.total), today: Number(row.today ?? 0) };
}

type Raw = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${v.getFullYear()}-${p(v.getMonth() + 1)}-${p(v.getDate())} ${p(v.getHours())}:${p(v.getMinutes())}:${p(v.getSeconds())}`;
  }
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

function selectRow(k: Knex, qb: Knex.QueryBuilder, d: DeviceQuery): Knex.QueryBuilder {
  qb.select('s.ID', ...d.columns.map((c) => k.raw(`s.${q(c)} AS ${q(c)}`)));
  if (d.rec) qb.select({ __tag: accountRows(k, d).min('a.TAG') });
  else qb.select(k.raw('NULL AS __tag'));
  return qb;
}

function toRow(
  d: DeviceQuery,
  r: Raw,
): { id: number; values: Record<string, string | null>; tag: string | null } {
  const values: Record<string, string | null> = {};
  for (const c of d.columns) values[c] = text(r[c]);
  return { id: Number(r.ID), values, tag: text(r.__tag) };
}

export async function listDevices(
  k: Knex,
  d: DeviceQuery,
  page: { offset: number; limit: number; sort?: { column: string; dir: 'asc' | 'desc' } },
): Promise<Array<{ id: number; values: Record<string, string | null>; tag: string | null }>> {
  const qb = selectRow(k, base(k, d), d);
  const sortCol = page.sort && d.columns.find((c) => c === page.sort!.column);
  if (sortCol) qb.orderByRaw(`s.${q(sortCol)} ${page.sort!.dir === 'desc' ? 'DESC' : 'ASC'}`);
  qb.orderBy('s.ID', page.sort?.dir === 'desc' && !sortCol ? 'desc' : 'asc');
  const rows = (await qb.offset(page.offset).limit(page.limit)) as Raw[];
  return rows.map((r) => toRow(d, r));
}

export async function getDevice(
  k: Knex,
  d: DeviceQuery,
  id: number,
): Promise<{ id: number; values: Record<string, string | null>; tag: string | null } | null> {
  const r = (await selectRow(k, base(k, d), d).where('s.ID', id).first()) as Raw | undefined;
  return r ? toRow(d, r) : null;
}

export type AdminFieldDef = { id: number; name: string; label: string; type: number };

/** SNMP admin fields (accountinfo_config ACCOUNT_TYPE='SNMP'), TAG first, as ocsreports orders them. */
export async function adminFieldDefs(k: Knex): Promise<AdminFieldDef[]> {
  const rows = (await k('accountinfo_config')
    .select('ID', 'NAME', 'COMMENT', 'TYPE', 'SHOW_ORDER')
    .where('ACCOUNT_TYPE', 'SNMP')
    .orderBy('SHOW_ORDER')
    .orderBy('ID')) as Array<{ ID: number; NAME: string; COMMENT: string | null; TYPE: number | null }>;
  return rows.map((r) => ({
    id: Number(r.ID),
    name: r.NAME,
    label: r.COMMENT || r.NAME,
    type: Number(r.TYPE ?? 0),
  }));
}

/** Choices of a select/radio/checkbox SNMP field: config rows ACCOUNT_SNMP_VALUE_<name>_<n>. */
export async function adminChoices(
  k: Knex,
  names: string[],
): Promise<Map<string, Array<{ value: string; label: string }>>> {
  const out = new Map<string, Array<{ value: string; label: string }>>();
  if (!names.length) return out;
  const rows = (await readConfigPrefix(k, 'ACCOUNT_SNMP_VALUE_')).sort(
    (a, b) => (a.IVALUE ?? 0) - (b.IVALUE ?? 0),
  );
  for (const n of names) {
    const prefix = `ACCOUNT_SNMP_VALUE_${n}_`.toUpperCase();
    out.set(
      n,
      rows
        .filter((r) => r.NAME.toUpperCase().startsWith(prefix))
        .map((r) => ({ value: String(r.IVALUE ?? ''), label: r.TVALUE ?? '' })),
    );
  }
  return out;
}

export async function accountColumns(k: Knex): Promise<string[]> {
  return (await tableColumns(k, ['snmp_accountinfo'])).get('snmp_accountinfo') ?? [];
}

export async function accountRow(k: Knex, table: string, recValue: string): Promise<Raw | null> {
  const r = (await k('snmp_accountinfo')
    .where({ SNMP_TYPE: table, SNMP_RECONCILIATION_VALUE: recValue })
    .orderBy('ID')
    .first()) as Raw | undefined;
  return r ?? null;
}

/** Updates the device's admin-data rows, or inserts one (ocsreports only updates: decision 2). */
export async function saveAccountRow(
  k: Knex,
  key: { table: string; rec: string; value: string },
  values: Record<string, string | null>,
): Promise<void> {
  await k.transaction(async (trx) => {
    const existing = await trx('snmp_accountinfo')
      .where({ SNMP_TYPE: key.table, SNMP_RECONCILIATION_VALUE: key.value })
      .forUpdate()
      .select('ID');
    if (existing.length) {
      await trx('snmp_accountinfo')
        .whereIn(
          'ID',
          existing.map((r: { ID: number }) => r.ID),
        )
        .update(values);
    } else {
      await trx('snmp_accountinfo').insert({
        SNMP_TYPE: key.table,
        SNMP_RECONCILIATION_FIELD: key.rec,
        SNMP_RECONCILIATION_VALUE: key.value,
        ...values,
      });
    }
  });
}
