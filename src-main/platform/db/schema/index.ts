export { OCS_TABLES, tableDef } from './tables';
export type { ColumnDef, KeyDef, TableDef } from './table-def';
export { createTableSql } from './ddl';
export { introspectSchema } from './introspect';
export { compareSchemas, definitionsMap, type SchemaDiff, type DiffKind } from './compare';
export { CONFIG_ROWS, SEED_TABLES, TARGET_GUI_VERSION } from './seeds';
export { createSchema, defaultOperatorSeed, phpBcrypt, tablesIn, type SchemaProgress } from './create';
export { planUpgrade, runUpgrade, MIN_UPGRADE_LEVEL, TARGET_LEVEL, type UpgradePlan } from './upgrade';
