import type { TableDef } from '../table-def';
import { computerTables } from './computer';
import { consoleTables } from './console';
import { deploymentTables } from './deployment';
import { engineTables } from './engine';
import { inventoryTables } from './inventory';
import { networkTables } from './network';
import { snmpTables } from './snmp';
import { softwareTables } from './software';

/**
 * Every table of the schema OCS Desk creates: the superset of the shipped base (level 7039)
 * and of the level ocsreports 2.11.1 updates it to (7069). See docs/schema-compat.md.
 */
export const OCS_TABLES: readonly TableDef[] = [
  ...computerTables,
  ...inventoryTables,
  ...softwareTables,
  ...deploymentTables,
  ...networkTables,
  ...consoleTables,
  ...engineTables,
  ...snmpTables,
];

const byName = new Map(OCS_TABLES.map((t) => [t.name.toLowerCase(), t]));

export function tableDef(name: string): TableDef | undefined {
  return byName.get(name.toLowerCase());
}
