import { z } from 'zod';
import { DatabaseName } from './database';
import { defineJob, defineRoute, Empty } from './route';

/** An absolute path on the machine that runs OCS Desk's main process. */
const FilePath = z
  .string()
  .trim()
  .min(1, 'required')
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path');

/** A table name as MySQL spells it (OCS tables are plain ASCII names). */
const TableName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_$]+$/, 'letters, digits, _ and $ only');

export const BackupTool = z.enum(['builtin', 'mysqldump']);
export type BackupTool = z.infer<typeof BackupTool>;

export const BackupInput = z.object({
  /** Where to write the gzip dump; default: `backups/<database>-<UTC time>.sql.gz` in the settings folder. */
  file: FilePath.optional(),
  tool: BackupTool.default('builtin'),
  /** Only these tables (a backup before a destructive job); default: every table and view. */
  tables: z.array(TableName).min(1).max(500).optional(),
  /** Why this backup is taken (shown in the file's header), e.g. `before duplicates.merge`. */
  reason: z.string().max(200).optional(),
});
export type BackupInput = z.input<typeof BackupInput>;

/** What the manifest records of one table: enough to check a restore. */
export const ManifestTable = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  engine: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  /**
   * Order-independent hash of the rows as the server prints them (sum of 64-bit per-row hashes,
   * mod 2^64, hex; the manifest's `rowHash` says which); null when the tool that wrote the dump could not compute it (mysqldump).
   */
  hash: z.string().nullable(),
});
export type ManifestTable = z.infer<typeof ManifestTable>;

export const BackupSummary = z.object({
  file: z.string(),
  tool: BackupTool,
  /** `mysqldump --version` when it ran. */
  toolVersion: z.string().nullable(),
  database: z.string(),
  tables: z.number().int(),
  views: z.number().int(),
  rows: z.number().int(),
  /** Size of the gzip file. */
  bytes: z.number().int(),
  /** Size of the SQL inside it. */
  sqlBytes: z.number().int(),
  durationMs: z.number().int(),
  /** Tables whose engine has no transaction snapshot (MyISAM, Aria...): copied as they were when read. */
  nonTransactional: z.array(z.string()),
  /** Triggers, routines and events found and not copied (OCS uses none). */
  notCopied: z.array(z.string()),
  /** The largest INSERT statement written: the restore server's max_allowed_packet must be at least this. */
  largestStatement: z.number().int(),
  manifest: z.array(ManifestTable),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const BackupTools = z.object({
  mysqldump: z.object({ ok: z.boolean(), version: z.string().nullable(), problem: z.string().nullable() }),
  defaultFolder: z.string(),
  /** The session's database (the one a backup copies). */
  database: z.string(),
});
export type BackupTools = z.infer<typeof BackupTools>;

export const RestoreInput = z.object({
  file: FilePath,
  /** Target database on the connected server: created when missing. */
  database: DatabaseName,
  /**
   * Required when the target holds tables: the database name typed again. Its tables are then
   * dropped before the restore.
   */
  confirmOverwrite: z.string().max(64).optional(),
});
export type RestoreInput = z.input<typeof RestoreInput>;

export const TableCheck = z.object({
  name: z.string(),
  expectedRows: z.number().int().nullable(),
  rows: z.number().int(),
  expectedHash: z.string().nullable(),
  hash: z.string().nullable(),
  ok: z.boolean(),
});
export type TableCheck = z.infer<typeof TableCheck>;

export const RestoreResult = z.object({
  database: z.string(),
  file: z.string(),
  /** `ocsdesk` (with a manifest), `mysqldump` or `sql` (another plain dump, no manifest). */
  origin: z.enum(['ocsdesk', 'mysqldump', 'sql']),
  statements: z.number().int(),
  tables: z.number().int(),
  rows: z.number().int(),
  durationMs: z.number().int(),
  /** InnoDB tables created without their secondary keys, added once their rows were in (one sorted build). */
  keysAfterRows: z.array(z.string()),
  /** Row counts and hashes against the manifest (row counts only when it has no hashes). */
  check: z.object({
    compared: z.enum(['rows-and-hashes', 'rows', 'none']),
    ok: z.boolean(),
    tables: z.array(TableCheck),
  }),
  /** False when the check failed: the incomplete marker table then stays in the target. */
  complete: z.boolean(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

/** What a restore would find in its target: the screen asks for the typed name when it holds tables. */
export const RestoreTarget = z.object({
  database: z.string(),
  exists: z.boolean(),
  /** Tables and views, the restore marker left out. */
  tables: z.number().int(),
  /** The marker table of an unfinished restore is there. */
  incomplete: z.boolean(),
});
export type RestoreTarget = z.infer<typeof RestoreTarget>;

/** A destructive job the app offers to back up before (its confirmation shows the offer). */
export const BackupPurpose = z.enum(['duplicates.merge', 'computers.delete', 'database.upgrade']);
export type BackupPurpose = z.infer<typeof BackupPurpose>;

/** What a "back up first" copies: the tables the job may change (null: the whole database). */
export const BackupPlan = z.object({
  purpose: BackupPurpose,
  tables: z.array(z.string()).nullable(),
  count: z.number().int().nonnegative(),
  /** The server's data + index size of those tables (an upper bound of the SQL; gzip is far smaller). */
  estimatedBytes: z.number().nonnegative(),
});
export type BackupPlan = z.infer<typeof BackupPlan>;

/**
 * Backups copy the whole database (password hashes included) and restores create or replace
 * databases: both need `configure` (sadmin's CONFIG) and an operator without a TAG restriction.
 */
export const backup = {
  tools: defineRoute({ right: 'configure', input: Empty, output: BackupTools }),
  /** Table names and sizes only (no rows): any operator's confirmation may show what a backup would take. */
  plan: defineRoute({ right: 'browse', input: z.object({ purpose: BackupPurpose }), output: BackupPlan }),
  create: defineJob({ right: 'configure', input: BackupInput, result: BackupSummary }),
  restore: defineJob({ right: 'configure', input: RestoreInput, result: RestoreResult }),
  target: defineRoute({
    right: 'configure',
    input: z.object({ database: DatabaseName }),
    output: RestoreTarget,
  }),
};
