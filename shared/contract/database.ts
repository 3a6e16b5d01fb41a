import { z } from 'zod';
import { ConnectionParams, SchemaInfo } from './connection';
import { defineJob, defineRoute, Empty } from './route';

/** A database server reached with a privileged account, no database selected (for `init`). */
export const ServerParams = ConnectionParams.omit({ database: true });
export type ServerParams = z.infer<typeof ServerParams>;

export const DatabaseName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64)
  .regex(/^[A-Za-z0-9_$]+$/, 'letters, digits, _ and $ only');

/** MySQL account host part: a name, an address, or a pattern with % and _. */
export const AccountHost = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._%:-]+$/, 'host name, address or pattern');

export const AppUser = z.object({
  user: z
    .string()
    .trim()
    .min(1, 'required')
    .max(80)
    .regex(/^[A-Za-z0-9_.$-]+$/, 'letters, digits, _ . $ - only'),
  password: z.string().min(1, 'required').max(1024),
  /** One account per host part; the comm server usually connects as localhost or 127.0.0.1. */
  hosts: z.array(AccountHost).min(1).max(8).default(['localhost', '127.0.0.1']),
  /** When the account already exists: refuse, or only grant it the new database (password unchanged). */
  ifExists: z.enum(['fail', 'grant']).default('fail'),
});
export type AppUser = z.infer<typeof AppUser>;

/** A generated demo fleet for a new database (realistic computers, software, TAGs, networks), marked as demo. */
export const DemoFleet = z.object({
  computers: z.number().int().min(10).max(5000).default(300),
});
export type DemoFleet = z.infer<typeof DemoFleet>;

export const InitInput = z.object({
  server: ServerParams,
  database: DatabaseName.default('ocsweb'),
  appUser: AppUser.optional(),
  /**
   * A read-only account for browse-only operators: SELECT on the database, writes on the console's own
   * tables only (layouts, saved searches, the login throttle's records). Alone (no appUser) on a
   * database that already holds an OCS schema, only this account is created.
   */
  readonlyUser: AppUser.optional(),
  /** Fill the new database with a demo fleet (refused on an existing schema: never mixed with real data). */
  demo: DemoFleet.optional(),
});
export type InitInput = z.infer<typeof InitInput>;

export const InitResult = z.object({
  database: z.string(),
  /** false when the database existed already (empty). */
  databaseCreated: z.boolean(),
  tables: z.number().int(),
  rows: z.number().int(),
  guiVersion: z.string(),
  user: z
    .object({
      user: z.string(),
      hosts: z.array(z.string()),
      created: z.array(z.string()),
      granted: z.array(z.string()),
    })
    .nullable(),
  /** False when only a read-only account was added to an existing OCS schema. */
  schemaCreated: z.boolean(),
  readonlyUser: z
    .object({
      user: z.string(),
      hosts: z.array(z.string()),
      created: z.array(z.string()),
      /** The tables the account may write (besides SELECT on the whole database). */
      writableTables: z.array(z.string()),
    })
    .nullable(),
  /** The demo fleet generated in it, null without one. */
  demo: z.object({ computers: z.number().int(), softwareRows: z.number().int() }).nullable(),
});
export type InitResult = z.infer<typeof InitResult>;

export const UpgradeCheck = z.object({
  possible: z.boolean(),
  /** Why not (unknown or newer level, data a type change would lose), when not possible. */
  reason: z.string().nullable(),
  fromLevel: z.number().int().nullable(),
  /** What the upgrade would do; empty when the schema is already the full superset. */
  steps: z.array(z.string()),
  /** Differences the upgrade leaves alone. */
  untouched: z.array(z.string()),
});
export type UpgradeCheck = z.infer<typeof UpgradeCheck>;

export const SchemaReport = z.object({
  database: z.string(),
  schema: SchemaInfo,
  targetLevel: z.string(),
  upgrade: UpgradeCheck,
});
export type SchemaReport = z.infer<typeof SchemaReport>;

export const UpgradeResult = z.object({
  fromLevel: z.number().int(),
  toLevel: z.number().int(),
  steps: z.array(z.string()),
  untouched: z.array(z.string()),
});
export type UpgradeResult = z.infer<typeof UpgradeResult>;

export const database = {
  /** Level and shape of the session's database, and what an upgrade would do (public: the wizard runs before login). */
  inspect: defineRoute({ right: 'public', needsDb: true, input: Empty, output: SchemaReport }),
  /**
   * Creates a database, optionally its application account, the OCS schema and the default rows,
   * on a server reached with a privileged account. Public: the privileged credentials are the authority
   * (there is no operator before the schema exists).
   */
  init: defineJob({ right: 'public', needsDb: false, input: InitInput, result: InitResult }),
  /** Brings the session's database (level 7039..7069) to the superset schema, level 7069. */
  upgrade: defineJob({ right: 'configure', input: Empty, result: UpgradeResult }),
};
