import { z } from 'zod';
import { defineRoute, Empty, Ok } from './route';

export const TlsOptions = z.object({
  enabled: z.boolean().default(false),
  /** Path of a PEM CA file on the admin's machine (read by the main process). */
  caFile: z.string().max(4096).optional(),
  verifyServer: z.boolean().default(true),
});

/** Name of an existing database to connect to (MySQL allows more, OCS installations use these). */
export const DatabaseToOpen = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64)
  .regex(/^[A-Za-z0-9_$-]+$/, 'letters, digits, _ $ - only');

export const ConnectionParams = z.object({
  host: z.string().trim().min(1, 'required').max(255),
  port: z.coerce.number().int().min(1).max(65535).default(3306),
  user: z.string().min(1, 'required').max(80),
  password: z.string().max(1024).default(''),
  database: DatabaseToOpen,
  tls: TlsOptions.optional(),
});
export type ConnectionParams = z.infer<typeof ConnectionParams>;

/** What the schema check found. `GUI_VERSION` is the ocsreports schema level (config row). */
export const SchemaState = z.enum(['missing', 'ok', 'old', 'newer', 'unknown']);
export type SchemaState = z.infer<typeof SchemaState>;

export const SchemaInfo = z.object({
  state: SchemaState,
  guiVersion: z.string().nullable(),
  /** Number of OCS tables found (0 when the database is empty). */
  tables: z.number().int(),
  /** Number of computers (`hardware` rows that are not groups), when the schema is there. */
  computers: z.number().int().nullable(),
});
export type SchemaInfo = z.infer<typeof SchemaInfo>;

export const ServerInfo = z.object({
  serverVersion: z.string(),
  flavor: z.enum(['MariaDB', 'MySQL']),
  database: z.string(),
  schema: SchemaInfo,
});
export type ServerInfo = z.infer<typeof ServerInfo>;

export const ConnectionStatus = z.object({
  connected: z.boolean(),
  host: z.string().nullable(),
  port: z.number().nullable(),
  user: z.string().nullable(),
  database: z.string().nullable(),
  serverVersion: z.string().nullable(),
  /**
   * What the DB account's grants allow, read at connect time (null when not connected): a read-only
   * account (`readOnly`) may write only the console's own tables listed in `writableTables`. `known`
   * false: the grants could not be read, the server decides.
   */
  access: z
    .object({ known: z.boolean(), readOnly: z.boolean(), writableTables: z.array(z.string()) })
    .nullable(),
  /**
   * The read replica of the profile (null without one): `readsFrom: 'primary'` while it is down or
   * lagging (lists and searches then come from the primary; the console says so).
   */
  replica: z
    .object({
      host: z.string(),
      port: z.number(),
      readsFrom: z.enum(['replica', 'primary']),
      reason: z.enum(['unreachable', 'lagging']).nullable(),
      detail: z.string().nullable(),
      lagSeconds: z.number().nullable(),
      since: z.string().nullable(),
    })
    .nullable()
    .default(null),
  /**
   * The database holds a generated demo fleet (OCS Desk's `ocsdesk_demo` marker): the header says
   * "Demo data" while connected to it. Null otherwise.
   */
  demo: z.object({ computers: z.number().int(), createdAt: z.string() }).nullable().default(null),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const connection = {
  /** Try the parameters without keeping the connection. */
  test: defineRoute({ right: 'public', input: ConnectionParams, output: ServerInfo }),
  /** Connect this session (window or web-shell token) to the database. */
  open: defineRoute({ right: 'public', input: ConnectionParams, output: ServerInfo }),
  close: defineRoute({ right: 'public', input: Empty, output: Ok }),
  status: defineRoute({ right: 'public', input: Empty, output: ConnectionStatus }),
};
