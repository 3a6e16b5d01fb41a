import type { Knex } from 'knex';
import type { SnmpAdminField, SnmpDeviceDetail, SnmpRow, SnmpTypeSummary } from '../../shared/contract/snmp';
import { csvLine } from '../computers/csv-export';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import { isPlainIdentifier } from './snmp-names';
import * as repo from './snmp.repo';

/**
 * SNMP devices: one list per type, the type's table columns as ocsreports shows them, admin data
 * from snmp_accountinfo, within the operator's TAG perimeter (docs/snmp.md decision 1).
 */

type Resolved = { type: repo.TypeRow; rec: string | null; columns: string[]; missing: boolean };

async function resolveTypes(k: Knex): Promise<Resolved[]> {
  const types = (await repo.listTypeRows(k)).filter((t) => isPlainIdentifier(t.table));
  const [recs, cols] = await Promise.all([
    repo.reconciliationLabels(k),
    repo.tableColumns(
      k,
      types.map((t) => t.table),
    ),
  ]);
  return types.map((type) => {
    const columns = (cols.get(type.table) ?? []).filter(isPlainIdentifier);
    const rec = recs.get(type.id);
    return {
      type,
      columns,
      rec: rec && columns.includes(rec) ? rec : null,
      missing: !cols.has(type.table),
    };
  });
}

async function resolveType(k: Knex, typeId: number): Promise<Resolved> {
  const r = (await resolveTypes(k)).find((t) => t.type.id === typeId);
  if (!r) throw new AppError('NOT_FOUND', { what: `SNMP type ${typeId}` });
  if (r.missing)
    throw new AppError('NOT_FOUND', { what: `table ${r.type.table} of SNMP type ${r.type.name}` });
  return r;
}

const query = (r: Resolved, scope: Scope, search?: string): repo.DeviceQuery => ({
  table: r.type.table,
  columns: r.columns,
  rec: r.rec,
  scope,
  search: search || undefined,
});

export async function listTypes(k: Knex, scope: Scope): Promise<{ types: SnmpTypeSummary[] }> {
  const types = await resolveTypes(k);
  const out: SnmpTypeSummary[] = [];
  for (const r of types) {
    const counts = r.missing ? { total: 0, today: 0 } : await repo.countDevices(k, query(r, scope));
    out.push({
      id: r.type.id,
      name: r.type.name,
      table: r.type.table,
      reconciliation: r.rec,
      columns: r.columns,
      devices: counts.total,
      today: counts.today,
      tableMissing: r.missing,
    });
  }
  return { types: out };
}

type ListIn = {
  typeId: number;
  search?: string;
  sort?: { column: string; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
};

export async function listDevices(
  k: Knex,
  scope: Scope,
  input: ListIn,
): Promise<{ rows: SnmpRow[]; total: number; columns: string[] }> {
  const r = await resolveType(k, input.typeId);
  const d = query(r, scope, input.search);
  const [rows, counts] = await Promise.all([repo.listDevices(k, d, input), repo.countDevices(k, d)]);
  return { rows, total: counts.total, columns: r.columns };
}

const CSV_MAX = 100_000;

export async function exportCsv(
  k: Knex,
  scope: Scope,
  input: Omit<ListIn, 'offset' | 'limit'> & { separator: ',' | ';' | '\t' },
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const r = await resolveType(k, input.typeId);
  const d = query(r, scope, input.search);
  const header = [...r.columns, 'TAG'];
  let csv = csvLine(header, input.separator);
  let n = 0;
  for (let offset = 0; offset < CSV_MAX; offset += 1000) {
    const rows = await repo.listDevices(k, d, { offset, limit: 1000, sort: input.sort });
    for (const row of rows)
      csv += csvLine([...r.columns.map((c) => row.values[c] ?? null), row.tag], input.separator);
    n += rows.length;
    if (rows.length < 1000) break;
  }
  const total = n < CSV_MAX ? n : (await repo.countDevices(k, d)).total;
  return { csv, rows: n, truncated: total > n };
}

async function adminData(k: Knex, r: Resolved, recValue: string | null): Promise<SnmpAdminField[] | null> {
  if (!r.rec || recValue === null || recValue === '') return null;
  const [defs, columns, row] = await Promise.all([
    repo.adminFieldDefs(k),
    repo.accountColumns(k),
    repo.accountRow(k, r.type.table, recValue),
  ]);
  const fields = defs
    .map((f) => ({ ...f, column: f.name.toUpperCase() === 'TAG' ? 'TAG' : `fields_${f.id}` }))
    .filter((f) => columns.includes(f.column));
  if (!fields.some((f) => f.column === 'TAG') && columns.includes('TAG'))
    fields.unshift({ id: 0, name: 'TAG', label: 'TAG', type: 0, column: 'TAG' });
  const choices = await repo.adminChoices(
    k,
    fields.filter((f) => [2, 5, 11].includes(f.type)).map((f) => f.name),
  );
  return fields.map((f) => {
    const v = row?.[f.column];
    return {
      column: f.column,
      label: f.label,
      type: f.type,
      value:
        v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v),
      choices: choices.get(f.name) ?? [],
    };
  });
}

export async function getDevice(
  k: Knex,
  scope: Scope,
  typeId: number,
  id: number,
): Promise<SnmpDeviceDetail> {
  const r = await resolveType(k, typeId);
  const row = await repo.getDevice(k, query(r, scope), id);
  // Outside the perimeter reads as absent, like a computer outside it.
  if (!row) throw new AppError('NOT_FOUND', { what: `SNMP device ${id}` });
  return {
    type: { id: r.type.id, name: r.type.name, table: r.type.table, reconciliation: r.rec },
    id: row.id,
    columns: r.columns,
    values: row.values,
    adminData: await adminData(k, r, r.rec ? (row.values[r.rec] ?? null) : null),
  };
}

export async function setAdminData(
  k: Knex,
  scope: Scope,
  input: { typeId: number; id: number; values: Record<string, string | null> },
): Promise<void> {
  const detail = await getDevice(k, scope, input.typeId, input.id);
  if (!detail.adminData || !detail.type.reconciliation)
    throw new AppError('CONFLICT', {
      detail: 'This SNMP type has no reconciliation column: its devices have no admin data.',
    });
  const known = new Map(detail.adminData.map((f) => [f.column, f]));
  const values: Record<string, string | null> = {};
  const fields: Array<{ path: string; message: string }> = [];
  for (const [col, v] of Object.entries(input.values)) {
    const f = known.get(col);
    if (!f) fields.push({ path: col, message: 'not an SNMP admin data field' });
    else if (f.type === 14 && v && !/^\d{4}-\d{2}-\d{2}$/.test(v))
      fields.push({ path: col, message: 'a date YYYY-MM-DD' });
    else if (f.type !== 1 && v && v.length > 255)
      fields.push({ path: col, message: 'at most 255 characters' });
    else values[col] = v === '' ? null : v;
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', {}, { fields });
  // A restricted operator keeps the device inside its own perimeter: it may not move it out of sight.
  if (scope.tags && 'TAG' in values) {
    const tag = values.TAG ?? '';
    const ok = scope.tags.some((t) =>
      new RegExp(
        '^' +
          t
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.') +
          '$',
        'i',
      ).test(tag),
    );
    if (!ok)
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        { fields: [{ path: 'TAG', message: 'outside your TAG perimeter' }] },
      );
  }
  if (!Object.keys(values).length) return;
  const rec = detail.type.reconciliation;
  await repo.saveAccountRow(k, { table: detail.type.table, rec, value: detail.values[rec] ?? '' }, values);
}
