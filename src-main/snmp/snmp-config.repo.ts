import type { Knex } from 'knex';
import { isPlainIdentifier } from './snmp-names';

/**
 * SQL of the SNMP configuration (docs/snmp.md): snmp_types, snmp_types_conditions, snmp_labels,
 * snmp_configs, and the per-type tables' DDL exactly as ocsreports 2.11 writes it (Snmp.php
 * create_type / add_label_column / delete_*). Identifiers are checked by isPlainIdentifier and
 * back-quoted; values are bindings.
 */

const q = (id: string) => {
  if (!isPlainIdentifier(id)) throw new Error(`not a plain identifier: ${id}`);
  return '`' + id + '`';
};

/** Runs `fn` on one connection holding the SNMP configuration lock (DDL commits on its own). */
export async function withConfigLock<T>(k: Knex, fn: (c: Knex) => Promise<T>): Promise<T> {
  return k.transaction(async (trx) => {
    const got = (await trx.raw("SELECT GET_LOCK(CONCAT('ocsdesk_snmp_', DATABASE()), 30) AS g")) as [
      Array<{ g: number | null }>,
    ];
    if (Number(got[0][0]?.g) !== 1) throw new Error('SNMP configuration lock not obtained');
    try {
      return await fn(trx as unknown as Knex);
    } finally {
      await trx.raw("SELECT RELEASE_LOCK(CONCAT('ocsdesk_snmp_', DATABASE()))");
    }
  });
}

export async function tableExists(k: Knex, table: string): Promise<boolean> {
  const r = await k('information_schema.TABLES')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .where('TABLE_NAME', table)
    .first('TABLE_NAME');
  return !!r;
}

export async function existingTables(k: Knex, tables: readonly string[]): Promise<Set<string>> {
  if (!tables.length) return new Set();
  const rows = (await k('information_schema.TABLES')
    .select({ t: 'TABLE_NAME' })
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .whereIn('TABLE_NAME', [...tables])) as Array<{ t: string }>;
  return new Set(rows.map((r) => r.t));
}

export async function columnExists(k: Knex, table: string, column: string): Promise<boolean> {
  const r = await k('information_schema.COLUMNS')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .where({ TABLE_NAME: table, COLUMN_NAME: column })
    .first('COLUMN_NAME');
  return !!r;
}

/** snmp_types still has the CONDITION_* columns the 2.8.1 comm server reads (superset schema). */
export async function hasLegacyConditionColumns(k: Knex): Promise<boolean> {
  return columnExists(k, 'snmp_types', 'CONDITION_OID');
}

export async function typeNameTaken(k: Knex, name: string): Promise<boolean> {
  return !!(await k('snmp_types').where('TYPE_NAME', name).first('ID'));
}

export async function tableTaken(k: Knex, table: string): Promise<boolean> {
  return (
    !!(await k('snmp_types').where('TABLE_TYPE_NAME', table).first('ID')) || (await tableExists(k, table))
  );
}

/** The type row, then its table as ocsreports creates it; the row goes again when the CREATE fails. */
export async function createType(k: Knex, name: string, table: string, legacy: boolean): Promise<number> {
  const row: Record<string, string> = { TYPE_NAME: name, TABLE_TYPE_NAME: table };
  if (legacy) Object.assign(row, { CONDITION_OID: '', CONDITION_VALUE: '' });
  const [id] = await k('snmp_types').insert(row);
  try {
    await k.raw(
      `CREATE TABLE IF NOT EXISTS ${q(table)} (
        \`ID\` INT(6) NOT NULL AUTO_INCREMENT,
        \`LASTDATE\` DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
        PRIMARY KEY (\`ID\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=UTF8`,
    );
  } catch (e) {
    await k('snmp_types').where('ID', id).del();
    throw e;
  }
  return Number(id);
}

/** Drops the type's table, then its row, conditions and configurations (ocsreports' order). */
export async function deleteType(k: Knex, id: number, table: string): Promise<void> {
  await k.raw(`DROP TABLE IF EXISTS ${q(table)}`);
  await k('snmp_types').where('ID', id).del();
  await k('snmp_types_conditions').where('TYPE_ID', id).del();
  await k('snmp_configs').where('TYPE_ID', id).del();
}

export type ConditionRow = { id: number; typeId: number; oid: string; value: string | null };

export async function listConditions(k: Knex): Promise<ConditionRow[]> {
  const rows = (await k('snmp_types_conditions')
    .select('ID', 'TYPE_ID', 'CONDITION_OID', 'CONDITION_VALUE')
    .orderBy('ID')) as Array<{
    ID: number;
    TYPE_ID: number;
    CONDITION_OID: string;
    CONDITION_VALUE: string | null;
  }>;
  return rows.map((r) => ({
    id: Number(r.ID),
    typeId: Number(r.TYPE_ID),
    oid: r.CONDITION_OID,
    value: r.CONDITION_VALUE,
  }));
}

export async function sentConditions(k: Knex): Promise<Map<number, { oid: string; value: string }>> {
  const rows = (await k('snmp_types').select('ID', 'CONDITION_OID', 'CONDITION_VALUE')) as Array<{
    ID: number;
    CONDITION_OID: string | null;
    CONDITION_VALUE: string | null;
  }>;
  return new Map(
    rows.map((r) => [Number(r.ID), { oid: r.CONDITION_OID ?? '', value: r.CONDITION_VALUE ?? '' }]),
  );
}

export async function insertCondition(k: Knex, typeId: number, oid: string, value: string): Promise<number> {
  const [id] = await k('snmp_types_conditions').insert({
    TYPE_ID: typeId,
    CONDITION_OID: oid,
    CONDITION_VALUE: value,
  });
  return Number(id);
}

export async function conditionType(k: Knex, id: number): Promise<number | null> {
  const r = (await k('snmp_types_conditions').where('ID', id).first('TYPE_ID')) as
    { TYPE_ID: number } | undefined;
  return r ? Number(r.TYPE_ID) : null;
}

export async function deleteCondition(k: Knex, id: number): Promise<void> {
  await k('snmp_types_conditions').where('ID', id).del();
}

/** Mirrors the type's first condition into snmp_types for the 2.8.1 comm server (decision 3). */
export async function mirrorFirstCondition(k: Knex, typeId: number): Promise<void> {
  const first = (await k('snmp_types_conditions')
    .where('TYPE_ID', typeId)
    .orderBy('ID')
    .first('CONDITION_OID', 'CONDITION_VALUE')) as
    { CONDITION_OID: string; CONDITION_VALUE: string | null } | undefined;
  await k('snmp_types')
    .where('ID', typeId)
    .update({ CONDITION_OID: first?.CONDITION_OID ?? '', CONDITION_VALUE: first?.CONDITION_VALUE ?? '' });
}

export type LabelRow = { id: number; name: string; uses: number };

export async function listLabels(k: Knex): Promise<LabelRow[]> {
  const rows = (await k({ l: 'snmp_labels' })
    .leftJoin({ c: 'snmp_configs' }, 'c.LABEL_ID', 'l.ID')
    .select('l.ID', 'l.LABEL_NAME')
    .count({ uses: 'c.ID' })
    .groupBy('l.ID', 'l.LABEL_NAME')
    .orderBy('l.LABEL_NAME')) as Array<{ ID: number; LABEL_NAME: string; uses: number | string }>;
  return rows.map((r) => ({ id: Number(r.ID), name: r.LABEL_NAME, uses: Number(r.uses) }));
}

export async function labelById(k: Knex, id: number): Promise<{ id: number; name: string } | null> {
  const r = (await k('snmp_labels').where('ID', id).first('ID', 'LABEL_NAME')) as
    { ID: number; LABEL_NAME: string } | undefined;
  return r ? { id: Number(r.ID), name: r.LABEL_NAME } : null;
}

export async function labelTaken(k: Knex, name: string): Promise<boolean> {
  return !!(await k('snmp_labels').where('LABEL_NAME', name).first('ID'));
}

export async function insertLabel(k: Knex, name: string): Promise<number> {
  const [id] = await k('snmp_labels').insert({ LABEL_NAME: name });
  return Number(id);
}

/** Tables of the types that use a label (its column is in each). */
export async function tablesUsingLabel(k: Knex, labelId: number): Promise<string[]> {
  const rows = (await k({ c: 'snmp_configs' })
    .join({ t: 'snmp_types' }, 't.ID', 'c.TYPE_ID')
    .distinct('t.TABLE_TYPE_NAME')
    .where('c.LABEL_ID', labelId)) as Array<{ TABLE_TYPE_NAME: string }>;
  return rows.map((r) => r.TABLE_TYPE_NAME);
}

export async function deleteLabelRows(k: Knex, labelId: number): Promise<void> {
  await k('snmp_labels').where('ID', labelId).del();
  await k('snmp_configs').where('LABEL_ID', labelId).del();
}

export type ConfigRow = {
  id: number;
  typeId: number;
  labelId: number;
  label: string | null;
  oid: string;
  reconciliation: boolean;
};

export async function listConfigs(k: Knex): Promise<ConfigRow[]> {
  const rows = (await k({ c: 'snmp_configs' })
    .leftJoin({ l: 'snmp_labels' }, 'l.ID', 'c.LABEL_ID')
    .select('c.ID', 'c.TYPE_ID', 'c.LABEL_ID', 'l.LABEL_NAME', 'c.OID', 'c.RECONCILIATION')
    .orderBy('c.ID')) as Array<{
    ID: number;
    TYPE_ID: number;
    LABEL_ID: number;
    LABEL_NAME: string | null;
    OID: string;
    RECONCILIATION: string | null;
  }>;
  return rows.map((r) => ({
    id: Number(r.ID),
    typeId: Number(r.TYPE_ID),
    labelId: Number(r.LABEL_ID),
    label: r.LABEL_NAME,
    oid: r.OID,
    reconciliation: r.RECONCILIATION === 'Yes',
  }));
}

export async function configById(k: Knex, id: number): Promise<ConfigRow | null> {
  return (await listConfigs(k)).find((c) => c.id === id) ?? null;
}

/** ocsreports' add_label_column: TEXT NOT NULL, or VARCHAR(255) NOT NULL + UNIQUE for reconciliation. */
export async function addLabelColumn(
  k: Knex,
  table: string,
  column: string,
  reconciliation: boolean,
): Promise<void> {
  if (reconciliation) {
    await k.raw(`ALTER TABLE ${q(table)} ADD ${q(column)} VARCHAR(255) NOT NULL`);
    await k.raw(`ALTER TABLE ${q(table)} ADD UNIQUE (${q(column)})`);
  } else {
    await k.raw(`ALTER TABLE ${q(table)} ADD ${q(column)} TEXT NOT NULL`);
  }
}

export async function insertConfig(
  k: Knex,
  typeId: number,
  labelId: number,
  oid: string,
  reconciliation: boolean,
): Promise<void> {
  await k('snmp_configs').insert({
    TYPE_ID: typeId,
    LABEL_ID: labelId,
    OID: oid,
    RECONCILIATION: reconciliation ? 'Yes' : null,
  });
}

export async function dropColumn(k: Knex, table: string, column: string): Promise<void> {
  await k.raw(`ALTER TABLE ${q(table)} DROP ${q(column)}`);
}

export async function deleteConfigRow(k: Knex, id: number): Promise<void> {
  await k('snmp_configs').where('ID', id).del();
}
