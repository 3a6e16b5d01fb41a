import { z } from 'zod';
import { defineRoute } from './route';

export const FindingLevel = z.enum(['ok', 'info', 'warning', 'error']);
export type FindingLevel = z.infer<typeof FindingLevel>;

/** Order of gravity: the worst finding gives the report's level (and the CLI's exit code). */
export const LEVEL_RANK: Record<FindingLevel, number> = { ok: 0, info: 1, warning: 2, error: 3 };

/** A text of `shared/i18n/<lang>/diagnostics.json` (EN and FR), with its `{{placeholders}}`. */
export const FindingText = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type FindingText = z.infer<typeof FindingText>;

/**
 * One check's answer: a status light, the facts it read (values, URLs, HTTP codes, as read, in no
 * language), what to do about it, and the console page that does it.
 */
export const Finding = z.object({
  id: z.string(),
  level: FindingLevel,
  title: FindingText,
  evidence: z.array(z.string()),
  fix: FindingText.nullable(),
  /** Console page that fixes it (never shown when the finding is ok). */
  link: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const DiagnosticsReport = z.object({
  findings: z.array(Finding),
  /** The worst level among the findings. */
  worst: FindingLevel,
  checkedAt: z.string(),
  durationMs: z.number(),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReport>;

const HttpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), 'an http:// or https:// address')
  .optional()
  .or(z.literal('').transform(() => undefined));

/**
 * Addresses kept on this computer by the admin (Diagnostics' settings); each falls back to the
 * environment (OCS_DESK_COMM_URL, OCS_DESK_COMM_HTTPS_URL, OCS_DESK_CERT_URL, OCS_DESK_CA_FILE), then to
 * the database (`LOCAL_URI_SERVER`, `DOWNLOAD_URI_INFO`).
 */
export const DiagnosticsInput = z.object({
  commServerUrl: HttpUrl,
  commServerHttpsUrl: HttpUrl,
  /** The HTTPS server whose certificate the agents must trust (default: the HTTPS comm server). */
  certUrl: HttpUrl,
  /** The cacert.pem the agents use (a file on this computer). */
  caFile: z.string().trim().max(4096).optional(),
});
export type DiagnosticsInput = z.input<typeof DiagnosticsInput>;

/** What one HTTP request to the comm server found. */
export const CommProbe = z.object({
  url: z.string(),
  /** `from`: where the address came from. */
  from: z.enum(['input', 'env', 'config']),
  verdict: z.enum(['ok', 'errors', 'unexpected', 'unreachable']),
  status: z.number().int().nullable(),
  /** The `Server` header (the web server's name and version: the comm server does not announce its own). */
  server: z.string().nullable(),
  ms: z.number(),
  error: z.string().nullable(),
});
export type CommProbe = z.infer<typeof CommProbe>;

export const ServerVariables = z.object({
  version: z.string(),
  maxAllowedPacket: z.number(),
  maxConnections: z.number(),
  threadsConnected: z.number(),
  maxUsedConnections: z.number(),
  innodbBufferPoolSize: z.number(),
  timeZone: z.string(),
  systemTimeZone: z.string(),
});
export type ServerVariables = z.infer<typeof ServerVariables>;

export const TableSize = z.object({
  name: z.string(),
  engine: z.string().nullable(),
  /** information_schema's estimate for InnoDB. */
  rows: z.number(),
  dataBytes: z.number(),
  indexBytes: z.number(),
});

export const ServerInformation = z.object({
  comm: z.object({ http: CommProbe.nullable(), https: CommProbe.nullable() }),
  db: ServerVariables.extend({
    /** The DB server's clock (UTC) and its difference with this computer's, in ms (DB minus here). */
    utcNow: z.string(),
    skewMs: z.number(),
  }),
  schemaLevel: z.string().nullable(),
  targetLevel: z.string(),
  tables: z.array(TableSize),
  /** Computers within the operator's perimeter. */
  computers: z.number().int(),
  /** `software` rows of those computers (whole database: the table's estimate). */
  softwareRows: z.number(),
  softwareRowsExact: z.boolean(),
  /** Inventories per hour over the last 48 hours (hardware.LASTDATE, DB server time), oldest first. */
  inventoriesPerHour: z.array(z.object({ hour: z.string(), count: z.number().int() })),
  /** devices DOWNLOAD rows of those computers by status. */
  deployments: z.array(
    z.object({
      status: z.string().nullable(),
      category: z.enum(['waiting', 'notified', 'success', 'error', 'other']),
      count: z.number().int(),
    }),
  ),
});
export type ServerInformation = z.infer<typeof ServerInformation>;

export const diagnostics = {
  /** Every check (the ones the operator's rights allow), run on the main side: Diagnostics, Home, CLI. */
  run: defineRoute({ right: 'browse', input: DiagnosticsInput, output: DiagnosticsReport }),
  /** The server side at a glance (DB variables, table sizes, comm server, inventories, deployments). */
  serverInfo: defineRoute({
    right: 'configure',
    input: DiagnosticsInput,
    output: ServerInformation,
  }),
};
