import type { Knex } from 'knex';
import type { SnmpLabel, SnmpTypeConfig } from '../../shared/contract/snmp';
import { AppError } from '../platform/errors';
import { isPlainIdentifier, labelColumnFor, tableNameFor } from './snmp-names';
import * as repo from './snmp-config.repo';
import { listTypeRows, typeRow } from './snmp.repo';

/**
 * SNMP types, conditions, labels and OID configurations, written as ocsreports 2.11 writes them so the
 * comm server sends them to agents and stores the agents' results into the tables created here
 * (docs/snmp.md). Every change holds the SNMP configuration lock: DDL and rows stay consistent when two
 * consoles change the configuration at once.
 */

const conflict = (path: string, message: string, detail: string) =>
  new AppError('CONFLICT', { detail }, { fields: [{ path, message }] });
const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', {}, { fields: [{ path, message }] });

export async function getConfig(k: Knex): Promise<{ types: SnmpTypeConfig[]; labels: SnmpLabel[] }> {
  const [types, conditions, configs, labels, legacy] = await Promise.all([
    listTypeRows(k),
    repo.listConditions(k),
    repo.listConfigs(k),
    repo.listLabels(k),
    repo.hasLegacyConditionColumns(k),
  ]);
  const [sent, tables] = await Promise.all([
    legacy ? repo.sentConditions(k) : Promise.resolve(new Map<number, { oid: string; value: string }>()),
    repo.existingTables(
      k,
      types.map((t) => t.table),
    ),
  ]);
  return {
    types: types.map((t) => ({
      id: t.id,
      name: t.name,
      table: t.table,
      conditions: conditions.filter((c) => c.typeId === t.id),
      configs: configs.filter((c) => c.typeId === t.id),
      sentCondition: sent.get(t.id) ?? null,
      tableMissing: !tables.has(t.table),
    })),
    labels,
  };
}

async function requireType(k: Knex, id: number): Promise<{ id: number; name: string; table: string }> {
  const t = await typeRow(k, id);
  if (!t) throw new AppError('NOT_FOUND', { what: `SNMP type ${id}` });
  if (!isPlainIdentifier(t.table)) throw invalid('typeId', `table name ${t.table} is not a plain identifier`);
  return t;
}

export async function createType(k: Knex, name: string): Promise<{ id: number; table: string }> {
  const t = tableNameFor(name);
  if ('error' in t) throw invalid('name', t.error);
  return repo.withConfigLock(k, async (c) => {
    if (await repo.typeNameTaken(c, name))
      throw conflict('name', 'already used', `An SNMP type named "${name}" already exists.`);
    if (await repo.tableTaken(c, t.table))
      throw conflict('name', 'table already exists', `The table ${t.table} already exists in this database.`);
    const id = await repo.createType(c, name, t.table, await repo.hasLegacyConditionColumns(c));
    return { id, table: t.table };
  });
}

export async function deleteType(k: Knex, id: number): Promise<void> {
  await repo.withConfigLock(k, async (c) => {
    const t = await requireType(c, id);
    await repo.deleteType(c, t.id, t.table);
  });
}

export async function addCondition(
  k: Knex,
  typeId: number,
  oid: string,
  value: string,
): Promise<{ id: number }> {
  return repo.withConfigLock(k, async (c) => {
    await requireType(c, typeId);
    const id = await repo.insertCondition(c, typeId, oid, value);
    if (await repo.hasLegacyConditionColumns(c)) await repo.mirrorFirstCondition(c, typeId);
    return { id };
  });
}

export async function deleteCondition(k: Knex, id: number): Promise<void> {
  await repo.withConfigLock(k, async (c) => {
    const typeId = await repo.conditionType(c, id);
    if (typeId === null) throw new AppError('NOT_FOUND', { what: `SNMP condition ${id}` });
    await repo.deleteCondition(c, id);
    if (await repo.hasLegacyConditionColumns(c)) await repo.mirrorFirstCondition(c, typeId);
  });
}

export async function createLabel(k: Knex, name: string): Promise<{ id: number; name: string }> {
  const l = labelColumnFor(name);
  if ('error' in l) throw invalid('name', l.error);
  return repo.withConfigLock(k, async (c) => {
    if (await repo.labelTaken(c, l.column))
      throw conflict('name', 'already used', `An SNMP label named "${l.column}" already exists.`);
    return { id: await repo.insertLabel(c, l.column), name: l.column };
  });
}

/** Drops the label's column from every type using it, then the label and its configurations. */
export async function deleteLabel(k: Knex, id: number): Promise<void> {
  await repo.withConfigLock(k, async (c) => {
    const label = await repo.labelById(c, id);
    if (!label) throw new AppError('NOT_FOUND', { what: `SNMP label ${id}` });
    for (const table of await repo.tablesUsingLabel(c, id))
      if (
        isPlainIdentifier(table) &&
        isPlainIdentifier(label.name) &&
        (await repo.columnExists(c, table, label.name))
      )
        await repo.dropColumn(c, table, label.name);
    await repo.deleteLabelRows(c, id);
  });
}

/**
 * Adds label/OID pairs to a type: the column first (as ocsreports: without it the comm server could
 * not store the value), then the configuration row. A label already in the type, or given twice, is
 * refused before anything changes; a type keeps at most one reconciliation column.
 */
export async function addConfigs(
  k: Knex,
  typeId: number,
  items: Array<{ labelId: number; oid: string; reconciliation: boolean }>,
): Promise<{ added: number }> {
  return repo.withConfigLock(k, async (c) => {
    const t = await requireType(c, typeId);
    if (!(await repo.tableExists(c, t.table)))
      throw new AppError('NOT_FOUND', { what: `table ${t.table} of SNMP type ${t.name}` });
    const configs = (await repo.listConfigs(c)).filter((x) => x.typeId === typeId);
    const seen = new Set(configs.map((x) => x.labelId));
    const labels: string[] = [];
    let recs = configs.filter((x) => x.reconciliation).length;
    for (const [i, item] of items.entries()) {
      const label = await repo.labelById(c, item.labelId);
      if (!label) throw invalid(`items.${i}.labelId`, 'unknown label');
      if (!isPlainIdentifier(label.name))
        throw invalid(`items.${i}.labelId`, 'label is not a plain identifier');
      if (seen.has(item.labelId))
        throw conflict(
          `items.${i}.labelId`,
          'already in this type',
          `${label.name} is already collected by ${t.name}.`,
        );
      if (await repo.columnExists(c, t.table, label.name))
        throw conflict(
          `items.${i}.labelId`,
          'column exists',
          `${t.table} already has a column ${label.name}.`,
        );
      if (item.reconciliation && ++recs > 1)
        throw conflict(
          `items.${i}.reconciliation`,
          'one reconciliation column per type',
          `${t.name} already has a reconciliation column.`,
        );
      seen.add(item.labelId);
      labels.push(label.name);
    }
    for (const [i, item] of items.entries()) {
      await repo.addLabelColumn(c, t.table, labels[i]!, item.reconciliation);
      await repo.insertConfig(c, typeId, item.labelId, item.oid, item.reconciliation);
    }
    return { added: items.length };
  });
}

/** Drops the configuration's column from the type's table, then the row (ocsreports' delete_config). */
export async function deleteConfig(k: Knex, id: number): Promise<void> {
  await repo.withConfigLock(k, async (c) => {
    const cfg = await repo.configById(c, id);
    if (!cfg) throw new AppError('NOT_FOUND', { what: `SNMP configuration ${id}` });
    const t = await typeRow(c, cfg.typeId);
    if (
      t &&
      cfg.label &&
      isPlainIdentifier(t.table) &&
      isPlainIdentifier(cfg.label) &&
      (await repo.columnExists(c, t.table, cfg.label))
    )
      await repo.dropColumn(c, t.table, cfg.label);
    await repo.deleteConfigRow(c, id);
  });
}
