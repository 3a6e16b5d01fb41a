/** What the procedures need to know about the database (SchemaInfo and the import's DbFacts both fit). */
export interface ProcedureSchema {
  /** Tables that exist (lower case). */
  readonly tables: ReadonlySet<string>;
  /** table → column names; when absent, `download_enable` is assumed to have SERVER_ID (every OCS schema since 2.0). */
  readonly columns?: ReadonlyMap<string, readonly string[]>;
}

export const hasTable = (s: ProcedureSchema, t: string): boolean => s.tables.has(t);

export const hasServerIdColumn = (s: ProcedureSchema): boolean =>
  s.tables.has('download_enable') && (s.columns?.get('download_enable')?.includes('SERVER_ID') ?? true);
