/**
 * OCS Desk's own description of the OCS schema: one `TableDef` per table, from which the DDL
 * is generated (ddl.ts) and against which a live database is compared (introspect.ts).
 * Column types and defaults are written the way MariaDB reports them in information_schema,
 * so a created table reads back identical to its definition.
 */

/** Collations used by the OCS schema (charset is always utf8 = utf8mb3). */
export type Coll = 'general_ci' | 'bin';
export type Engine = 'InnoDB' | 'MEMORY';

export interface ColumnDef {
  readonly name: string;
  /** Column type as information_schema.COLUMNS.COLUMN_TYPE shows it, e.g. `varchar(255)`, `int(11)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Default as an SQL expression (`'NA'`, `0`, `current_timestamp()`), or null for none / NULL. */
  readonly default: string | null;
  readonly autoIncrement: boolean;
  /** Other EXTRA clause, e.g. `on update current_timestamp()`. */
  readonly extra: string | null;
  /** Column collation when it differs from the table's (text columns only). */
  readonly coll: Coll | null;
}

export interface KeyDef {
  readonly name: string;
  /** Column names, with an optional prefix length: `NAME(100)`. */
  readonly cols: readonly string[];
  readonly unique?: boolean;
}

/** A foreign key the real schema declares (OCS has one: archive.HARDWARE_ID -> hardware.ID). */
export interface ForeignKeyDef {
  readonly name: string;
  readonly cols: readonly string[];
  readonly table: string;
  readonly refCols: readonly string[];
}

export interface TableDef {
  readonly name: string;
  readonly engine: Engine;
  readonly coll: Coll;
  /** 'update': the table came with an ocsreports update after the shipped base (7040..7069). */
  readonly since: 'base' | 'update';
  readonly columns: readonly ColumnDef[];
  readonly primary: readonly string[] | null;
  readonly keys: readonly KeyDef[];
  readonly foreignKeys: readonly ForeignKeyDef[];
}

export function col(
  name: string,
  type: string,
  o: { nn?: boolean; def?: string; ai?: boolean; extra?: string; coll?: Coll } = {},
): ColumnDef {
  return {
    name,
    type,
    nullable: !o.nn,
    default: o.def ?? null,
    autoIncrement: !!o.ai,
    extra: o.extra ?? null,
    coll: o.coll ?? null,
  };
}

export function table(
  name: string,
  o: { engine: Engine; coll: Coll; since?: 'base' | 'update' },
  columns: ColumnDef[],
  k: { primary?: string[]; keys?: KeyDef[]; foreignKeys?: ForeignKeyDef[] },
): TableDef {
  return {
    name,
    engine: o.engine,
    coll: o.coll,
    since: o.since ?? 'base',
    columns,
    primary: k.primary ?? null,
    keys: k.keys ?? [],
    foreignKeys: k.foreignKeys ?? [],
  };
}

/** True for types that carry a collation (and so may take COLLATE). */
export function isTextType(type: string): boolean {
  return /^(var)?char\b|^(tiny|medium|long)?text\b|^enum\b|^set\b/i.test(type);
}
